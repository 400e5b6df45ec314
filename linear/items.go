package linear

import (
	"fmt"

	"confer/session"
)

// The minute-taker's and chair's changes to items already on the board.
// Each form first asks which item: a section that has items, then the item
// by its number, as b and B read them out.

// pickItem returns the two fields that choose an item.
func (t *Terminal) pickItem(sections ...session.Section) []field {
	if len(sections) == 0 {
		sections = session.Sections
	}
	var secs []option
	for _, s := range sections {
		if n := len(t.view.Section(s)); n > 0 {
			secs = append(secs, option{fmt.Sprintf("%s, %s", sectionName(s), count(n, "item")), string(s)})
		}
	}
	return []field{
		{label: "Section", options: secs, optionsFor: func([]string) []option { return secs }},
		{label: "Item", optionsFor: func(v []string) []option {
			var out []option
			for _, it := range t.view.Section(session.Section(v[0])) {
				out = append(out, option{flat(it.Text), it.ID})
			}
			return out
		}},
	}
}

// item returns the chosen item as the view holds it now.
func (t *Terminal) item(id string) (session.Item, bool) {
	it, ok := t.view.Item(id)
	if !ok {
		t.say("That item is no longer on the board.")
	}
	return it, ok
}

func editOf(it session.Item) session.EditItem {
	return session.EditItem{ID: it.ID, Text: it.Text, Tag: it.Tag, Attribution: it.Attribution,
		ChildID: it.ChildID, Pair: it.Pair, Restricted: it.Restricted}
}

// itemForm asks which item, then the fields that follow, and sends what
// build makes of the item and the answers.
func (t *Terminal) itemForm(intro string, more []field, build func(it session.Item, v []string) session.Op, notice string, sections ...session.Section) {
	t.startForm(&form{
		intro:  intro,
		fields: append(t.pickItem(sections...), more...),
		submit: func(v []string) {
			if it, ok := t.item(v[1]); ok {
				if op := build(it, v[2:]); op != nil {
					t.do(op, notice)
				}
			}
		},
	})
}

func (t *Terminal) editForm() {
	t.itemForm("Edit an item.", []field{{label: "The new text"}}, func(it session.Item, v []string) session.Op {
		op := editOf(it)
		op.Text = v[0]
		return op
	}, "Item changed.")
}

func (t *Terminal) tagForm() {
	tags := []option{{"no tag", ""}}
	for _, g := range session.Tags[1:] {
		tags = append(tags, option{string(g), string(g)})
	}
	t.itemForm("Tag an item.", []field{{label: "Tag", options: tags}}, func(it session.Item, v []string) session.Op {
		op := editOf(it)
		op.Tag = session.Tag(v[0])
		return op
	}, "Tag changed.")
}

func (t *Terminal) restrictForm() {
	t.itemForm("Mark an item restricted (never shown to the family), or not.",
		[]field{{label: "Restricted", options: yesNo}}, func(it session.Item, v []string) session.Op {
			op := editOf(it)
			op.Restricted = v[0] == "yes"
			return op
		}, "Restriction changed.")
}

func (t *Terminal) attribForm() {
	t.itemForm("Attribute an item to a person or agency.",
		[]field{{label: "Attributed to", optional: true}}, func(it session.Item, v []string) session.Op {
			op := editOf(it)
			op.Attribution = v[0]
			return op
		}, "Attribution changed.")
}

func (t *Terminal) moveForm() {
	var secs []option
	for _, s := range session.Sections {
		secs = append(secs, option{sectionName(s), string(s)})
	}
	t.itemForm("Move an item to another section.", []field{{label: "To section", options: secs}},
		func(it session.Item, v []string) session.Op {
			return session.MoveItem{ID: it.ID, Section: session.Section(v[0])}
		}, "Item moved.")
}

func (t *Terminal) deleteForm() {
	t.itemForm("Delete an item. The audit trail keeps it.", []field{{label: "Delete it", options: yesNo}},
		func(it session.Item, v []string) session.Op {
			if v[0] != "yes" {
				t.say("Cancelled.")
				return nil
			}
			return session.RemoveItem{ID: it.ID}
		}, "Item deleted.")
}

func (t *Terminal) goalForm() {
	t.itemForm("Add a safety goal for a danger statement.", []field{{label: "The safety goal"}},
		func(it session.Item, v []string) session.Op {
			return session.AddItem{Section: session.SafetyGoals, Text: v[0], Pair: it.ID}
		}, "Safety goal added.", session.DangerStatements)
}
