package session

// textChange is implemented by the ops that change or remove text already
// on the record. The audit trail keeps the text before and after, so the
// full record can say what an edit or a removal changed; the family never
// sees the audit trail.
type textChange interface {
	// auditText returns the text before and after the op, read from c
	// before the op is applied.
	auditText(c *Conference) (before, after string)
}

func (o EditItem) auditText(c *Conference) (string, string) {
	it, _ := c.Item(o.ID)
	return it.Text, o.Text
}

func (o RemoveItem) auditText(c *Conference) (string, string) {
	it, _ := c.Item(o.ID)
	return it.Text, ""
}

func (o MoveItem) auditText(c *Conference) (string, string) {
	it, _ := c.Item(o.ID)
	return it.Section.Title() + ": " + it.Text, o.Section.Title() + ": " + it.Text
}

// actionText words an action for the audit trail.
func actionText(what, owner string, status ActionStatus) string {
	s := what
	if owner != "" {
		s += " (" + owner + ")"
	}
	if status != "" && status != ActionOpen {
		s += " [" + string(status) + "]"
	}
	return s
}

func (o UpdateAction) auditText(c *Conference) (string, string) {
	i := actionIndex(c, o.ID)
	if i < 0 {
		return "", ""
	}
	a := c.Actions[i]
	return actionText(a.What, a.Owner, a.Status), actionText(o.What, o.Owner, o.Status)
}

func (o RemoveAction) auditText(c *Conference) (string, string) {
	i := actionIndex(c, o.ID)
	if i < 0 {
		return "", ""
	}
	a := c.Actions[i]
	return actionText(a.What, a.Owner, a.Status), ""
}

// auditTextOf returns the before and after text of an op that changes
// recorded text, read from c before it is applied.
func auditTextOf(c *Conference, op Op) (before, after string) {
	if tc, ok := op.(textChange); ok {
		return tc.auditText(c)
	}
	return "", ""
}
