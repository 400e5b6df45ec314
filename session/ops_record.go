package session

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

func init() {
	register(
		func() Op { return &SetRecordText{} },
		func() Op { return &SetHousehold{} },
		func() Op { return &SetCategories{} },
	)
}

// afterEnd is implemented by the ops that may still be recorded once the
// conference has ended: corrections to the record and its approval.
type afterEnd interface{ afterEnd() }

// The permissions of the record after the meeting, added to the one
// table [Allows] reads.
const (
	PermWriteRecord   Permission = "write the record"
	PermAmendRecord   Permission = "amend the record"
	PermAmendApproved Permission = "amend a record the chair has approved"
	PermApproveRecord Permission = "approve the record"
)

func init() {
	permissions[PermWriteRecord] = editors
	permissions[PermAmendRecord] = editors
	permissions[PermAmendApproved] = chairOnly
	permissions[PermApproveRecord] = chairOnly
}

// optionalLong cleans the record's longer free text: a summary, a note.
var optionalLong = textRule{MaxLong, MultiLine, false}

// recordChange decides whether the actor may change the record's text now,
// and cleans the reason an amendment must carry. While the meeting runs
// the chair and minute-taker write the record; after the end each change
// is an amendment with a reason, and once the chair has approved any
// version only the chair may amend it.
func recordChange(c *Conference, x *checkCtx, reason *string) error {
	if c.Ended.IsZero() {
		*reason = ""
		return permit(x, PermWriteRecord)
	}
	p := PermAmendRecord
	if len(c.Record.Approvals) > 0 {
		p = PermAmendApproved
	}
	if err := permit(x, p); err != nil {
		return err
	}
	r, err := cleanField("the reason for the amendment", *reason, requiredText)
	if err != nil {
		return refuse(ErrInvalid, "give a reason for the amendment")
	}
	*reason = r
	return nil
}

// amend logs one amendment and moves the record to its next version.
func amend(c *Conference, x *applyCtx, what, before, after, reason string, restricted bool, v Veil) {
	c.Record.Current = c.Record.Version() + 1
	by := x.e.By.ID
	if at, ok := c.AttendeeFor(x.e.By); ok {
		by = at.ID
	}
	c.Record.Amendments = append(slices.Clip(c.Record.Amendments), Amendment{Version: c.Record.Current,
		At: x.e.At, By: by, What: what, Before: before, After: after, Reason: reason, Restricted: restricted,
		Veil: v.join(x.veil)})
}

// actorAttendee returns the attendee ID of the event's actor.
func actorAttendee(c *Conference, x *applyCtx) string {
	if at, ok := c.AttendeeFor(x.e.By); ok {
		return at.ID
	}
	return x.e.By.ID
}

// SetRecordText writes one free-text part of the record: the chair's
// summary, the analysis of risk, a step's discussion note, a part of the
// case context or of the plan. After the end it is an amendment and needs
// a reason.
type SetRecordText struct {
	Field RecordField `json:"field"`
	// Step is the agenda step index, for FieldStepNote; -1 or absent means
	// the current step.
	Step *int   `json:"step,omitempty"`
	Text string `json:"text"`
	// Restricted withholds the text from the family; nil means the field's
	// default.
	Restricted *bool  `json:"restricted,omitempty"`
	Reason     string `json:"reason,omitempty"`
}

// Kind implements Op.
func (SetRecordText) Kind() string { return "record.text" }

func (SetRecordText) afterEnd() {}

func (SetRecordText) disclosure() disclosure { return recordsSpeech }

func (o SetRecordText) check(c *Conference, x *checkCtx) (Op, error) {
	if err := recordChange(c, x, &o.Reason); err != nil {
		return nil, err
	}
	if !o.Field.Valid() {
		return nil, refuse(ErrInvalid, "choose a part of the record")
	}
	if o.Field == FieldStepNote {
		i := c.Step
		if o.Step != nil && *o.Step >= 0 {
			i = *o.Step
		}
		if i < 0 || i >= len(c.Agenda) {
			return nil, refuse(ErrInvalid, "choose an agenda step for the note")
		}
		o.Step = &i
	} else {
		o.Step = nil
	}
	var err error
	if o.Text, err = cleanField(strings.ToLower(o.Field.Title()), o.Text, optionalLong); err != nil {
		return nil, err
	}
	if o.Restricted == nil {
		r := o.Field.RestrictedByDefault()
		if old, ok := o.current(c); ok {
			r = old.Restricted
		}
		o.Restricted = &r
	}
	return o, nil
}

func (o SetRecordText) current(c *Conference) (Note, bool) {
	if o.Field == FieldStepNote {
		n, ok := c.Details.StepNotes[StepKey(c.Agenda, *o.Step)]
		return n, ok
	}
	n, ok := c.Details.Text[o.Field]
	return n, ok
}

func (o SetRecordText) apply(c *Conference, x *applyCtx) string {
	before, _ := o.current(c)
	n := Note{Text: o.Text, Restricted: *o.Restricted, By: actorAttendee(c, x), At: x.e.At,
		Veil: before.Veil.join(x.veil)}
	what := o.Field.Title()
	if o.Field == FieldStepNote {
		key := StepKey(c.Agenda, *o.Step)
		c.Details.StepNotes = maps.Clone(c.Details.StepNotes)
		if c.Details.StepNotes == nil {
			c.Details.StepNotes = map[string]Note{}
		}
		c.Details.StepNotes[key] = n
		what += ": " + c.Agenda[*o.Step].Title
	} else {
		c.Details.Text = maps.Clone(c.Details.Text)
		if c.Details.Text == nil {
			c.Details.Text = map[RecordField]Note{}
		}
		c.Details.Text[o.Field] = n
	}
	if !c.Ended.IsZero() {
		amend(c, x, what, before.Text, o.Text, o.Reason, n.Restricted || before.Restricted, n.Veil)
		return "amended the record: " + string(o.Field)
	}
	return "wrote the record: " + string(o.Field)
}

// SetHousehold replaces the list of household members and who holds
// parental responsibility.
type SetHousehold struct {
	Members []HouseholdMember `json:"members"`
	Reason  string            `json:"reason,omitempty"`
}

// MaxHousehold caps the household list.
const MaxHousehold = 30

// Kind implements Op.
func (SetHousehold) Kind() string { return "record.household" }

func (SetHousehold) afterEnd() {}

func (SetHousehold) disclosure() disclosure { return recordsSpeech }

func (o SetHousehold) check(c *Conference, x *checkCtx) (Op, error) {
	if err := recordChange(c, x, &o.Reason); err != nil {
		return nil, err
	}
	if len(o.Members) > MaxHousehold {
		return nil, refuse(ErrInvalid, "a household list holds at most %d people", MaxHousehold)
	}
	ms := make([]HouseholdMember, 0, len(o.Members))
	for _, m := range o.Members {
		var err error
		if m.Name, err = cleanField("the name", m.Name, requiredLine); err != nil {
			return nil, err
		}
		if m.Relationship, err = cleanField("the relationship", m.Relationship, optionalLine); err != nil {
			return nil, err
		}
		m.Veil = Veil{} // stamped by apply, never taken from the sender
		ms = append(ms, m)
	}
	o.Members = ms
	return o, nil
}

// householdText words a household for the amendment log.
func householdText(ms []HouseholdMember) string {
	var b strings.Builder
	for i, m := range ms {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(m.Name)
		if m.Relationship != "" {
			b.WriteString(" (" + m.Relationship + ")")
		}
		if m.ParentalResponsibility {
			b.WriteString(", parental responsibility")
		}
		if m.LivesWithChild {
			b.WriteString(", lives with the child")
		}
	}
	return b.String()
}

func (o SetHousehold) apply(c *Conference, x *applyCtx) string {
	before := c.Details.Household
	var was Veil
	for _, m := range before {
		was = was.join(m.Veil)
	}
	members := slices.Clone(o.Members)
	for i := range members {
		members[i].Veil = x.veil
	}
	c.Details.Household = members
	if !c.Ended.IsZero() {
		restricted := slices.ContainsFunc(before, func(m HouseholdMember) bool { return m.Restricted }) ||
			slices.ContainsFunc(o.Members, func(m HouseholdMember) bool { return m.Restricted })
		amend(c, x, "Household", householdText(before), householdText(o.Members), o.Reason, restricted, was)
		return "amended the household"
	}
	return fmt.Sprintf("recorded a household of %d", len(o.Members))
}

// SetCategories records, for one child, which categories a "multiple"
// decision means and the category the plan began under.
type SetCategories struct {
	ChildID     string     `json:"child_id"`
	Which       []Category `json:"which,omitempty"`
	Initial     Category   `json:"initial,omitempty"`
	InitialDate time.Time  `json:"initial_date"`
	Reason      string     `json:"reason,omitempty"`
}

// Kind implements Op.
func (SetCategories) Kind() string { return "record.categories" }

func (SetCategories) afterEnd() {}

// disclosure: categories are the decision's, which the family is told.
func (SetCategories) disclosure() disclosure { return recordsNothingSaid }

func (o SetCategories) check(c *Conference, x *checkCtx) (Op, error) {
	if err := recordChange(c, x, &o.Reason); err != nil {
		return nil, err
	}
	if err := checkChild(c, o.ChildID, true); err != nil {
		return nil, err
	}
	seen := map[Category]bool{}
	var which []Category
	for _, cat := range o.Which {
		if cat == CategoryMultiple || !slices.Contains(Categories, cat) {
			return nil, refuse(ErrInvalid, "choose neglect, physical, emotional or sexual abuse")
		}
		if !seen[cat] {
			seen[cat] = true
			which = append(which, cat)
		}
	}
	if len(which) == 1 {
		return nil, refuse(ErrInvalid, "more than one category means at least two")
	}
	slices.SortFunc(which, func(a, b Category) int {
		return slices.Index(Categories, a) - slices.Index(Categories, b)
	})
	o.Which = which
	if o.Initial != CategoryNone && !slices.Contains(Categories, o.Initial) {
		return nil, refuse(ErrInvalid, "unknown initial category")
	}
	return o, nil
}

func categoryText(cc ChildCategory) string {
	var parts []string
	for _, w := range cc.Which {
		parts = append(parts, w.String())
	}
	s := strings.Join(parts, ", ")
	if cc.Initial != CategoryNone {
		s += "; initial: " + cc.Initial.String()
	}
	return s
}

func (o SetCategories) apply(c *Conference, x *applyCtx) string {
	before, _ := c.Details.CategoryOf(o.ChildID)
	cc := before
	cc.ChildID, cc.Which = o.ChildID, slices.Clone(o.Which)
	if o.Initial != CategoryNone {
		cc.Initial = o.Initial
	}
	if !o.InitialDate.IsZero() {
		cc.InitialDate = norm(o.InitialDate)
	}
	c.Details.Categories = slices.Clone(c.Details.Categories)
	if i := indexOf(c.Details.Categories, func(k ChildCategory) bool { return k.ChildID == o.ChildID }); i >= 0 {
		c.Details.Categories[i] = cc
	} else {
		c.Details.Categories = append(c.Details.Categories, cc)
	}
	if !c.Ended.IsZero() {
		amend(c, x, "Categories", categoryText(before), categoryText(cc), o.Reason, false, Veil{})
		return "amended the categories for " + o.ChildID
	}
	return "recorded the categories for " + o.ChildID
}
