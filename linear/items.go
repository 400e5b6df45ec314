package linear

import (
	"fmt"

	"confer/session"
)

// The minute-taker's and chair's changes to items already on the board.
// Each form first asks which item: a section that has items, then the item
// by its number, as b and B read them out.

// sectionsWithItems lists, as choices, the sections that have items; with
// actions set, the plan's actions too, as the last choice.
func (t *Terminal) sectionsWithItems(actions bool, sections ...session.Section) []option {
	if len(sections) == 0 {
		sections = session.Sections
	}
	var secs []option
	for _, s := range sections {
		if n := len(t.view.Section(s)); n > 0 {
			secs = append(secs, option{fmt.Sprintf("%s, %s", sectionName(s), count(n, "item")), string(s)})
		}
	}
	if n := len(t.view.Actions); actions && n > 0 {
		secs = append(secs, option{"Plan actions, " + count(n, "action"), "actions"})
	}
	return secs
}

// itemsIn lists a section's items, as choices.
func (t *Terminal) itemsIn(sec session.Section) []option {
	var out []option
	for _, it := range t.view.Section(sec) {
		out = append(out, option{flat(it.Text), it.ID})
	}
	return out
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

// itemForm asks which item (a section, then the item), then the fields
// that follow, and sends what build makes of the item and the answers. If
// onAction is set, the plan's actions are offered after the sections, and
// choosing them goes on with onAction instead.
func (t *Terminal) itemForm(intro string, more []field, build func(it session.Item, v []string) session.Op, notice string,
	onAction func(), sections ...session.Section) {
	secs := t.sectionsWithItems(onAction != nil, sections...)
	t.startForm(&form{
		intro:  intro,
		fields: []field{{label: "Section", optionsFor: func([]string) []option { return secs }}},
		submit: func(v []string) {
			if v[0] == "actions" {
				onAction()
				return
			}
			sec := session.Section(v[0])
			t.startForm(&form{
				fields: append([]field{{label: "Item", optionsFor: func([]string) []option { return t.itemsIn(sec) }}}, more...),
				submit: func(w []string) {
					if it, ok := t.item(w[0]); ok {
						if op := build(it, w[1:]); op != nil {
							t.do(op, notice)
						}
					}
				},
			})
		},
	})
}

func (t *Terminal) editForm() {
	t.itemForm("Edit an item.", []field{{label: "The new text"}}, func(it session.Item, v []string) session.Op {
		op := editOf(it)
		op.Text = v[0]
		return op
	}, "Item changed.", t.editActionForm)
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
	}, "Tag changed.", t.actionStatusForm)
}

func (t *Terminal) restrictForm() {
	t.itemForm("Mark an item restricted (never shown to the family), or not.",
		[]field{{label: "Restricted", options: yesNo}}, func(it session.Item, v []string) session.Op {
			op := editOf(it)
			op.Restricted = v[0] == "yes"
			return op
		}, "Restriction changed.", t.restrictActionForm)
}

func (t *Terminal) attribForm() {
	t.itemForm("Attribute an item to a person or agency.",
		[]field{{label: "Attributed to", optional: true}}, func(it session.Item, v []string) session.Op {
			op := editOf(it)
			op.Attribution = v[0]
			return op
		}, "Attribution changed.", nil)
}

func (t *Terminal) moveForm() {
	var secs []option
	for _, s := range session.Sections {
		secs = append(secs, option{sectionName(s), string(s)})
	}
	t.itemForm("Move an item to another section.", []field{{label: "To section", options: secs}},
		func(it session.Item, v []string) session.Op {
			return session.MoveItem{ID: it.ID, Section: session.Section(v[0])}
		}, "Item moved.", nil)
}

func (t *Terminal) deleteForm() {
	t.itemForm("Delete an item. The audit trail keeps it.", []field{{label: "Delete it", options: yesNo}},
		func(it session.Item, v []string) session.Op {
			if v[0] != "yes" {
				t.say("Cancelled.")
				return nil
			}
			return session.RemoveItem{ID: it.ID}
		}, "Item deleted.", t.deleteActionForm)
}

func (t *Terminal) goalForm() {
	t.itemForm("Add a safety goal for a danger statement.", []field{{label: "The safety goal"}},
		func(it session.Item, v []string) session.Op {
			return session.AddItem{Section: session.SafetyGoals, Text: v[0], Pair: it.ID}
		}, "Safety goal added.", nil, session.DangerStatements)
}
