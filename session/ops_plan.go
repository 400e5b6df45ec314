package session

import (
	"fmt"
	"slices"
	"time"
)

func init() {
	register(
		func() Op { return &AddAction{} },
		func() Op { return &UpdateAction{} },
		func() Op { return &RemoveAction{} },
		func() Op { return &SetCoreGroup{} },
	)
}

// AddAction adds an action to the plan.
type AddAction struct {
	What       string    `json:"what"`
	Owner      string    `json:"owner"`
	Due        time.Time `json:"due"`
	ChildID    string    `json:"child_id,omitempty"`
	Restricted bool      `json:"restricted,omitempty"`
}

// Kind implements Op.
func (AddAction) Kind() string { return "action.add" }

func (AddAction) disclosure() disclosure { return recordsSpeech }

func checkAction(c *Conference, what, owner *string, due time.Time, child string) error {
	var err error
	if *what, err = cleanField("the action", *what, requiredText); err != nil {
		return err
	}
	if *owner, err = cleanField("the owner", *owner, requiredLine); err != nil {
		return err
	}
	if due.IsZero() {
		return refuse(ErrInvalid, "an action needs a due date")
	}
	if due.Year() < 2000 || due.Year() > 2200 {
		return refuse(ErrInvalid, "the due date %s is not plausible", due.Format("2 Jan 2006"))
	}
	return checkChild(c, child, false)
}

// checkNotPast refuses a due date before today (in London): an action
// cannot be due in the past. Actions carried from a previous plan keep
// theirs, so this is asked only of new or changed due dates.
func checkNotPast(due, now time.Time) error {
	dy, dm, dd := due.In(London).Date()
	ny, nm, nd := now.In(London).Date()
	if time.Date(dy, dm, dd, 0, 0, 0, 0, time.UTC).Before(time.Date(ny, nm, nd, 0, 0, 0, 0, time.UTC)) {
		return refuse(ErrInvalid, "the due date %s has passed; choose today or a later date", due.In(London).Format("2 Jan 2006"))
	}
	return nil
}

func (o AddAction) check(c *Conference, x *checkCtx) (Op, error) {
	if err := permit(x, PermAddAction); err != nil {
		return nil, err
	}
	if err := checkAction(c, &o.What, &o.Owner, o.Due, o.ChildID); err != nil {
		return nil, err
	}
	if err := checkNotPast(o.Due, x.now); err != nil {
		return nil, err
	}
	o.Due = norm(o.Due)
	if len(c.Actions) >= 500 {
		return nil, refuse(ErrConflict, "the plan has 500 actions already")
	}
	return o, nil
}

func (o AddAction) apply(c *Conference, x *applyCtx) string {
	a := Action{ID: newID(c, "a"), What: o.What, Owner: o.Owner, Due: o.Due, Status: ActionOpen,
		ChildID: o.ChildID, Restricted: o.Restricted, Veil: x.veil, Created: x.e.At}
	c.Actions = append(c.Actions, a)
	return "added action " + a.ID
}

// UpdateAction changes an action, including its status (or, for an action
// from the previous plan, its progress).
type UpdateAction struct {
	ID         string       `json:"id"`
	What       string       `json:"what"`
	Owner      string       `json:"owner"`
	Due        time.Time    `json:"due"`
	Status     ActionStatus `json:"status"`
	Restricted bool         `json:"restricted,omitempty"`
}

// Kind implements Op.
func (UpdateAction) Kind() string { return "action.update" }

func (UpdateAction) disclosure() disclosure { return recordsSpeech }

func (o UpdateAction) check(c *Conference, x *checkCtx) (Op, error) {
	if err := permit(x, PermUpdateAction); err != nil {
		return nil, err
	}
	i := actionIndex(c, o.ID)
	if i < 0 {
		return nil, refuse(ErrNotFound, "no action %q", o.ID)
	}
	if !o.Status.Valid() {
		return nil, refuse(ErrInvalid, "the status must be open, done, partly or not done")
	}
	if err := checkAction(c, &o.What, &o.Owner, o.Due, c.Actions[i].ChildID); err != nil {
		return nil, err
	}
	if !o.Due.Equal(c.Actions[i].Due) {
		if err := checkNotPast(o.Due, x.now); err != nil {
			return nil, err
		}
	}
	o.Due = norm(o.Due)
	return o, nil
}

func (o UpdateAction) apply(c *Conference, x *applyCtx) string {
	c.Actions = mutable(x, c.Actions)
	a := &c.Actions[actionIndex(c, o.ID)]
	a.What, a.Owner, a.Due, a.Status, a.Restricted = o.What, o.Owner, o.Due, o.Status, o.Restricted
	a.Veil = a.join(x.veil)
	return fmt.Sprintf("updated action %s: %s", o.ID, o.Status)
}

// RemoveAction takes an action out of the plan.
type RemoveAction struct {
	ID string `json:"id"`
}

// Kind implements Op.
func (RemoveAction) Kind() string { return "action.remove" }

func (RemoveAction) disclosure() disclosure { return recordsNothingSaid }

func (o RemoveAction) check(c *Conference, x *checkCtx) (Op, error) {
	if err := permit(x, PermRemoveAction); err != nil {
		return nil, err
	}
	i := actionIndex(c, o.ID)
	if i < 0 {
		return nil, refuse(ErrNotFound, "no action %q", o.ID)
	}
	if c.Actions[i].FromPrevious {
		return nil, refuse(ErrConflict, "actions from the previous plan stay; record their progress instead")
	}
	return o, nil
}

func (o RemoveAction) apply(c *Conference, x *applyCtx) string {
	i := actionIndex(c, o.ID)
	as := make([]Action, 0, len(c.Actions)-1)
	as = append(as, c.Actions[:i]...)
	c.Actions = append(as, c.Actions[i+1:]...)
	return "removed action " + o.ID
}

// SetCoreGroup records the core group and the lead social worker.
type SetCoreGroup struct {
	Members          []string `json:"members"`
	LeadSocialWorker string   `json:"lead_social_worker"`
}

// Kind implements Op.
func (SetCoreGroup) Kind() string { return "plan.core-group" }

func (SetCoreGroup) disclosure() disclosure { return recordsSpeech }

func (o SetCoreGroup) check(c *Conference, x *checkCtx) (Op, error) {
	if err := permit(x, PermSetCoreGroup); err != nil {
		return nil, err
	}
	if len(o.Members) > 50 {
		return nil, refuse(ErrInvalid, "the core group can have at most 50 members")
	}
	members := make([]string, 0, len(o.Members))
	for _, m := range o.Members {
		m, err := cleanField("a core group member", m, optionalLine)
		if err != nil {
			return nil, err
		}
		if m != "" {
			members = append(members, m)
		}
	}
	o.Members = members
	var err error
	if o.LeadSocialWorker, err = cleanField("the lead social worker", o.LeadSocialWorker, optionalLine); err != nil {
		return nil, err
	}
	return o, nil
}

func (o SetCoreGroup) apply(c *Conference, x *applyCtx) string {
	c.CoreGroup = slices.Clone(o.Members)
	c.LeadSocialWorker = o.LeadSocialWorker
	c.CoreGroupVeil = x.veil
	return fmt.Sprintf("set the core group (%d members) and lead social worker", len(o.Members))
}
