package session

import "slices"

// Carried is what a review conference takes over from the conference
// before it, beyond the previous plan's actions and scaling figures: the
// people, the lead social worker and core group, the danger statements and
// safety goals, and each child's category history. The review starts from
// them and the conference changes them as it goes.
type Carried struct {
	LeadSocialWorker string   `json:"lead_social_worker,omitempty"`
	CoreGroup        []string `json:"core_group,omitempty"`
	// Items are the danger statements and safety goals, with their IDs in
	// the previous conference; a goal's Pair names its statement there.
	Items []Item `json:"items,omitempty"`
	// Attendees are the people on the previous attendance list, invited
	// again: each starts as expected until they join or are marked present.
	Attendees  []Attendee      `json:"attendees,omitempty"`
	Categories []ChildCategory `json:"categories,omitempty"`
}

// MaxCarriedItems bounds the danger statements and goals a review carries.
const MaxCarriedItems = 200

// carry builds what a review takes over from prev (see [ReviewFrom]).
func carry(prev *Conference) *Carried {
	k := &Carried{LeadSocialWorker: prev.LeadSocialWorker, CoreGroup: slices.Clone(prev.CoreGroup)}
	for _, it := range prev.Items {
		if it.Section != DangerStatements && it.Section != SafetyGoals {
			continue
		}
		it.Restricted = it.Hidden()
		it.Veil, it.WithheldGoals = Veil{}, 0
		k.Items = append(k.Items, it)
	}
	for _, a := range prev.Attendees {
		if a.Removed || a.Role == RoleChair {
			continue
		}
		k.Attendees = append(k.Attendees, Attendee{PersonID: a.PersonID, Name: a.Name,
			Relationship: a.Relationship, Agency: a.Agency, Role: a.Role, Remote: a.Remote})
	}
	for _, ch := range prev.Children {
		cc, _ := prev.Details.CategoryOf(ch.ID)
		cc = ChildCategory{ChildID: ch.ID, Initial: cc.Initial, InitialDate: cc.InitialDate}
		if d, ok := prev.Decision(ch.ID); ok && d.Outcome.NeedsCategory() {
			cc.Previous = d.Category
			if cc.Initial == CategoryNone {
				cc.Initial, cc.InitialDate = d.Category, prev.Date
			}
		}
		if cc.Initial != CategoryNone || cc.Previous != CategoryNone {
			k.Categories = append(k.Categories, cc)
		}
	}
	return k
}

// check cleans what a review carries as if it were typed, since the op is
// exported: kids are the review's children.
func (k *Carried) check(kids []Child) (*Carried, error) {
	if k == nil {
		return nil, nil
	}
	out := &Carried{}
	var err error
	if out.LeadSocialWorker, err = cleanField("the lead social worker", k.LeadSocialWorker, optionalLine); err != nil {
		return nil, err
	}
	if len(k.CoreGroup) > MaxAttendees || len(k.Attendees) > MaxAttendees || len(k.Items) > MaxCarriedItems {
		return nil, refuse(ErrInvalid, "the previous conference carries too much")
	}
	for _, m := range k.CoreGroup {
		if m, err = cleanField("a core group member", m, requiredLine); err != nil {
			return nil, err
		}
		out.CoreGroup = append(out.CoreGroup, m)
	}
	hasChild := func(id string) bool {
		return id == "" || slices.ContainsFunc(kids, func(c Child) bool { return c.ID == id })
	}
	dangers := map[string]bool{}
	for _, it := range k.Items {
		if it.Section == DangerStatements {
			dangers[it.ID] = true
		}
	}
	for _, it := range k.Items {
		if (it.Section != DangerStatements && it.Section != SafetyGoals) || !it.Tag.Valid() || !hasChild(it.ChildID) {
			return nil, refuse(ErrInvalid, "a carried danger statement or goal is malformed")
		}
		if it.Pair != "" && !dangers[it.Pair] {
			it.Pair = ""
		}
		if it.Text, err = cleanField("the item", it.Text, requiredText); err != nil {
			return nil, err
		}
		if it.Attribution, err = cleanField("the attribution", it.Attribution, optionalLine); err != nil {
			return nil, err
		}
		it.Created, it.Edited = norm(it.Created), norm(it.Edited)
		it.Veil, it.WithheldGoals = Veil{}, 0
		out.Items = append(out.Items, it)
	}
	for _, a := range k.Attendees {
		if a.Role == RoleChair || !a.Role.Valid() {
			return nil, refuse(ErrInvalid, "a carried attendee has no usable role")
		}
		if a.Name, err = cleanField("the name", a.Name, requiredLine); err != nil {
			return nil, err
		}
		for _, f := range []*string{&a.PersonID, &a.Relationship, &a.Agency} {
			if *f, err = cleanField("an attendee's details", *f, optionalLine); err != nil {
				return nil, err
			}
		}
		out.Attendees = append(out.Attendees, Attendee{PersonID: a.PersonID, Name: a.Name,
			Relationship: a.Relationship, Agency: a.Agency, Role: a.Role, Remote: a.Remote})
	}
	for _, cc := range k.Categories {
		if !hasChild(cc.ChildID) || cc.ChildID == "" {
			return nil, refuse(ErrInvalid, "a carried category names no child here")
		}
		for _, cat := range []Category{cc.Initial, cc.Previous} {
			if cat != CategoryNone && !slices.Contains(Categories, cat) {
				return nil, refuse(ErrInvalid, "a carried category is unknown")
			}
		}
		out.Categories = append(out.Categories, ChildCategory{ChildID: cc.ChildID, Initial: cc.Initial,
			InitialDate: norm(cc.InitialDate), Previous: cc.Previous})
	}
	return out, nil
}

// apply puts what was carried into a new review conference. The creator
// is already its chair: a carried attendee with the creator's person ID is
// not added twice.
func (k *Carried) apply(c *Conference, x *applyCtx) {
	if k == nil {
		return
	}
	c.LeadSocialWorker = k.LeadSocialWorker
	c.CoreGroup = slices.Clone(k.CoreGroup)
	ids := map[string]string{}
	for _, it := range k.Items {
		if it.Section == DangerStatements {
			ids[it.ID] = newID(c, "i")
		}
	}
	for _, it := range k.Items {
		if it.Section == DangerStatements {
			it.ID = ids[it.ID]
		} else {
			it.ID = newID(c, "i")
			it.Pair = ids[it.Pair]
		}
		c.Items = append(c.Items, it)
	}
	for _, a := range k.Attendees {
		if a.PersonID != "" && attendeeIndex(c, a.PersonID) >= 0 {
			continue
		}
		a.ID = a.PersonID
		if a.ID == "" || attendeeIndex(c, a.ID) >= 0 {
			a.ID = newPersonID(c, "p")
		}
		a.Attendance = Expected
		c.Attendees = append(c.Attendees, a)
	}
	c.Details.Categories = slices.Clone(k.Categories)
}

// previousRounds returns prev's final figures: per child, its last closed
// overall round, then its last closed round about each danger statement.
// A round held in a closed segment, a score given in one, and a round
// about a withheld danger statement are not carried: the review's figures
// are shown to the family.
func previousRounds(prev *Conference) []PreviousRound {
	var out []PreviousRound
	for _, ch := range prev.Children {
		seen := map[string]bool{}
		var dangers []PreviousRound
		for i := len(prev.Rounds) - 1; i >= 0; i-- {
			r := prev.Rounds[i]
			if r.ChildID != ch.ID || r.State != RoundClosed || r.hides(familyAll) || seen[r.DangerID] {
				continue
			}
			pr := PreviousRound{ChildID: ch.ID, ChildName: ch.Name, Question: r.Question}
			if r.DangerID != "" {
				d, ok := prev.Item(r.DangerID)
				if !ok || d.Hidden() {
					continue
				}
				pr.Danger = d.Text
			}
			for _, sc := range r.Scores {
				if !sc.hides(familyAll) {
					pr.Scores = append(pr.Scores, sc.Value)
				}
			}
			if len(pr.Scores) == 0 {
				continue
			}
			seen[r.DangerID] = true
			pr.Min, pr.Median, pr.Max, _ = spread(pr.Scores)
			if r.DangerID == "" {
				out = append(out, pr)
			} else {
				dangers = append([]PreviousRound{pr}, dangers...)
			}
		}
		out = append(out, dangers...)
	}
	return out
}
