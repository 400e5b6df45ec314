package session

import (
	"fmt"
)

func init() {
	register(
		func() Op { return &AddItem{} },
		func() Op { return &EditItem{} },
		func() Op { return &MoveItem{} },
		func() Op { return &RemoveItem{} },
	)
}

// MaxAttendees bounds the attendance list: a large multi-agency meeting
// with remote observers, matching the server's per-conference session cap.
const MaxAttendees = 500

// MaxItems bounds the board of one conference.
const MaxItems = 2000

// AddItem writes an item on the board.
type AddItem struct {
	Section     Section `json:"section"`
	Text        string  `json:"text"`
	Tag         Tag     `json:"tag,omitempty"`
	Attribution string  `json:"attribution,omitempty"`
	ChildID     string  `json:"child_id,omitempty"`
	Pair        string  `json:"pair,omitempty"`
	Restricted  bool    `json:"restricted,omitempty"`
}

// Kind implements Op.
func (AddItem) Kind() string { return "item.add" }

func (AddItem) disclosure() disclosure { return recordsSpeech }

func checkItemFields(c *Conference, sec Section, text, attribution *string, tag Tag, child, pair string) error {
	if !sec.Valid() {
		return refuse(ErrInvalid, "choose a board section")
	}
	if !tag.Valid() {
		return refuse(ErrInvalid, "the tag must be fact, observation, allegation or opinion")
	}
	var err error
	if *text, err = cleanField("the item", *text, requiredText); err != nil {
		return err
	}
	if *attribution, err = cleanField("the attribution", *attribution, optionalLine); err != nil {
		return err
	}
	if err := checkChild(c, child, false); err != nil {
		return err
	}
	if pair != "" {
		if sec != SafetyGoals {
			return refuse(ErrInvalid, "only a safety goal pairs with a danger statement")
		}
		d, ok := c.Item(pair)
		if !ok || d.Section != DangerStatements {
			return refuse(ErrNotFound, "no danger statement %q", pair)
		}
	}
	return nil
}

func (o AddItem) check(c *Conference, x *checkCtx) (Op, error) {
	if err := permit(x, PermAddItem); err != nil {
		return nil, err
	}
	if err := checkItemFields(c, o.Section, &o.Text, &o.Attribution, o.Tag, o.ChildID, o.Pair); err != nil {
		return nil, err
	}
	if len(c.Items) >= MaxItems {
		return nil, refuse(ErrConflict, "the board is full (%d items)", MaxItems)
	}
	return o, nil
}

func (o AddItem) apply(c *Conference, x *applyCtx) string {
	it := Item{ID: newID(c, "i"), Section: o.Section, Text: o.Text, Tag: o.Tag,
		Attribution: o.Attribution, ChildID: o.ChildID, Pair: o.Pair, Restricted: o.Restricted,
		Veil: x.veil, Author: x.e.By.ID, Created: x.e.At}
	c.Items = append(c.Items, it)
	return fmt.Sprintf("added item %s to %s", it.ID, o.Section)
}

// EditItem replaces an item's text and marks. The previous text stays in
// the journal.
type EditItem struct {
	ID          string `json:"id"`
	Text        string `json:"text"`
	Tag         Tag    `json:"tag,omitempty"`
	Attribution string `json:"attribution,omitempty"`
	ChildID     string `json:"child_id,omitempty"`
	Pair        string `json:"pair,omitempty"`
	Restricted  bool   `json:"restricted,omitempty"`
}

// Kind implements Op.
func (EditItem) Kind() string { return "item.edit" }

func (EditItem) disclosure() disclosure { return recordsSpeech }

func (o EditItem) check(c *Conference, x *checkCtx) (Op, error) {
	if err := permit(x, PermEditItem); err != nil {
		return nil, err
	}
	it, ok := c.Item(o.ID)
	if !ok {
		return nil, refuse(ErrNotFound, "no item %q", o.ID)
	}
	if err := checkItemFields(c, it.Section, &o.Text, &o.Attribution, o.Tag, o.ChildID, o.Pair); err != nil {
		return nil, err
	}
	return o, nil
}

func (o EditItem) apply(c *Conference, x *applyCtx) string {
	i := itemIndex(c, o.ID)
	c.Items = mutable(x, c.Items)
	it := &c.Items[i]
	it.Text, it.Tag, it.Attribution, it.ChildID, it.Pair, it.Restricted = o.Text, o.Tag, o.Attribution, o.ChildID, o.Pair, o.Restricted
	it.Veil = it.join(x.veil)
	it.Edited = x.e.At
	return "edited item " + o.ID
}

// MoveItem moves an item to another section, at the end.
type MoveItem struct {
	ID      string  `json:"id"`
	Section Section `json:"section"`
}

// Kind implements Op.
func (MoveItem) Kind() string { return "item.move" }

func (MoveItem) disclosure() disclosure { return recordsSpeech }

func (o MoveItem) check(c *Conference, x *checkCtx) (Op, error) {
	if err := permit(x, PermMoveItem); err != nil {
		return nil, err
	}
	it, ok := c.Item(o.ID)
	if !ok {
		return nil, refuse(ErrNotFound, "no item %q", o.ID)
	}
	if !o.Section.Valid() {
		return nil, refuse(ErrInvalid, "choose a board section")
	}
	if it.Section == o.Section {
		return nil, refuse(ErrConflict, "the item is already in %s", o.Section.Title())
	}
	if it.Section == DangerStatements && len(c.GoalsFor(it.ID)) > 0 {
		return nil, refuse(ErrConflict, "safety goals are paired with this danger statement; remove or re-pair them first")
	}
	if it.Section == DangerStatements && scaledAbout(c, it.ID) {
		return nil, errScaledAbout
	}
	return o, nil
}

func (o MoveItem) apply(c *Conference, x *applyCtx) string {
	i := itemIndex(c, o.ID)
	it := c.Items[i]
	from := it.Section
	it.Section, it.Edited = o.Section, x.e.At
	it.Veil = it.join(x.veil)
	if o.Section != SafetyGoals {
		it.Pair = ""
	}
	items := make([]Item, 0, len(c.Items))
	items = append(items, c.Items[:i]...)
	items = append(items, c.Items[i+1:]...)
	c.Items = append(items, it)
	return fmt.Sprintf("moved item %s from %s to %s", o.ID, from, o.Section)
}

// RemoveItem takes an item off the board; the journal keeps it.
type RemoveItem struct {
	ID string `json:"id"`
}

// Kind implements Op.
func (RemoveItem) Kind() string { return "item.remove" }

func (RemoveItem) disclosure() disclosure { return recordsNothingSaid }

func (o RemoveItem) check(c *Conference, x *checkCtx) (Op, error) {
	if err := permit(x, PermRemoveItem); err != nil {
		return nil, err
	}
	it, ok := c.Item(o.ID)
	if !ok {
		return nil, refuse(ErrNotFound, "no item %q", o.ID)
	}
	if it.Section == DangerStatements && len(c.GoalsFor(it.ID)) > 0 {
		return nil, refuse(ErrConflict, "safety goals are paired with this danger statement; remove them first")
	}
	if it.Section == DangerStatements && scaledAbout(c, it.ID) {
		return nil, errScaledAbout
	}
	return o, nil
}

// errScaledAbout refuses taking a danger statement off the board once a
// scaling round asked about it: the round's record names it. Its wording
// can still be edited.
var errScaledAbout = refuse(ErrConflict, "a scaling round was held about this danger statement, so it stays on the board; edit its wording instead")

// scaledAbout reports whether any scaling round was about item id.
func scaledAbout(c *Conference, id string) bool {
	for _, r := range c.Rounds {
		if r.DangerID == id {
			return true
		}
	}
	return false
}

func (o RemoveItem) apply(c *Conference, x *applyCtx) string {
	i := itemIndex(c, o.ID)
	items := make([]Item, 0, len(c.Items)-1)
	items = append(items, c.Items[:i]...)
	c.Items = append(items, c.Items[i+1:]...)
	return "removed item " + o.ID
}
