package tui

import (
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"confer/session"
)

// Safe typing. A minute-taker under time pressure types without looking
// at the screen; when no form is open, what they type lands on the board's
// single-letter keys. So, outside forms:
//   - every key that changes something or leaves either asks (d, r, c, C,
//     Z, L, q) or can be undone (t and x: u undoes; n and p: the other);
//   - a printable key with no meaning here changes nothing and says how to
//     add to the focused panel;
//   - a burst of printable keys (a different key within burstGap of the
//     last) is stray typing: it is not obeyed, and what its first letter
//     did, taken as a command before the burst showed, is taken back (a
//     question it asked is closed, a mark it made is undone, a form it
//     opened on a choice is closed). Repeats of one key (j j j, n n n)
//     are not a burst: that is someone moving on.

// burstGap is how close two printable keys must come to count as typing
// rather than commands. Typing runs at 100-300 ms a key; deliberate
// commands come further apart.
const burstGap = 350 * time.Millisecond

// typingGuard tells typing from commands by the time between keys.
type typingGuard struct {
	last    time.Time
	lastKey string
	burst   bool
}

// observe records a key and reports whether it is stray typing, and
// whether it is the key that showed a burst had begun: the key before it
// (at prev) was then the burst's first letter, taken as a command.
func (g *typingGuard) observe(now time.Time, msg tea.KeyPressMsg) (stray, started bool, prev time.Time) {
	if !printable(msg) {
		*g = typingGuard{}
		return false, false, time.Time{}
	}
	s := msg.String()
	quick := !g.last.IsZero() && now.Sub(g.last) < burstGap && now.Sub(g.last) >= 0
	was := g.burst
	g.burst = quick && (g.burst || s != g.lastKey)
	prev = g.last
	g.last, g.lastKey = now, s
	return g.burst, g.burst && !was, prev
}

// unstray takes back what the first letter of a burst did, now it is
// known to have been typing: a question it opened is closed, and a tag or
// mark it changed is put back.
func (m *model) unstray(prev time.Time) tea.Cmd {
	if m.confirm != nil && m.confirm.at.Equal(prev) {
		m.confirm = nil
	}
	if m.undo != nil && m.undo.at.Equal(prev) {
		cmd := m.undoLast()
		m.setStatus("Typing ignored, and the change its first letter made is undone. "+m.addHint(), true)
		return cmd
	}
	return nil
}

// printable reports whether a key types a character.
func printable(msg tea.KeyPressMsg) bool {
	k := msg.Key()
	return k.Text != "" && k.Mod&(tea.ModCtrl|tea.ModAlt) == 0
}

// addHint is what the status bar says when typing reaches the board: how
// to add to the focused panel, or, for someone who cannot, where the keys
// are listed. Short, so it fits beside a name at 80 columns.
func (m *model) addHint() string {
	if !m.keys.Add.Enabled() {
		return "Press ? for the keys you can use."
	}
	p := m.focusedPane()
	switch p.kind {
	case pItems, pDanger:
		return "Press a to add to " + shortTitle(p.sec.Title()) + "."
	case pActions, pProgress:
		return "Press a to add an action."
	case pDecision:
		return "Press a to record a recommendation."
	}
	return "Press tab to choose a panel, then a to add."
}

// strayKey answers typing that reached the board: nothing changes.
func (m *model) strayKey() {
	m.setStatus("Typing ignored. "+m.addHint(), true)
}

// undoStep is a single-key change that u puts back: the item or action
// and the value it had.
type undoStep struct {
	itemID, actionID string
	tag              session.Tag
	status           session.ActionStatus
	restricted       bool
	what             string    // "the tag", "the restricted mark"
	at               time.Time // the key press that made the change
}

// undoLast puts back the last single-key change, on the item as it is now
// (so someone else's edit in between is kept).
func (m *model) undoLast() tea.Cmd {
	u := m.undo
	if u == nil {
		m.setStatus("Nothing to undo: u undoes the last tag or restricted change you made here.", true)
		return nil
	}
	m.undo = nil
	if u.actionID != "" {
		for _, a := range m.snap.Actions {
			if a.ID == u.actionID {
				op := updateOf(a)
				op.Status, op.Restricted = u.status, u.restricted
				return m.do(op, "Undone: "+u.what+" is back as it was.")
			}
		}
	} else if it, ok := m.snap.Item(u.itemID); ok {
		op := editOf(it)
		op.Tag, op.Restricted = u.tag, u.restricted
		return m.do(op, "Undone: "+u.what+" is back as it was.")
	}
	m.setStatus("That item is no longer on the board.", true)
	return nil
}

// remember keeps what a single-key change is about to change, for u.
func (m *model) remember(rec record, action bool, what string) {
	at := m.typing.last
	if action {
		m.undo = &undoStep{actionID: rec.action.ID, status: rec.action.Status, restricted: rec.action.Restricted, what: what, at: at}
		return
	}
	m.undo = &undoStep{itemID: rec.item.ID, tag: rec.item.Tag, restricted: rec.item.Restricted, what: what, at: at}
}

// confirmQuit asks before q closes confer from inside a conference.
func (m *model) confirmQuit() {
	m.confirm = &confirmation{question: "Quit confer? Everyone will see you go; you can connect again.",
		yes: func() tea.Cmd { return tea.Quit }}
}

// endQuestion asks before ending the conference, naming any child with
// no decision yet.
func (m *model) endQuestion() string {
	var undecided []string
	for _, ch := range m.snap.Children {
		if _, ok := m.snap.Decision(ch.ID); !ok {
			undecided = append(undecided, ch.Name)
		}
	}
	q := "End the conference? Nothing more can be recorded, and the records are written."
	if len(undecided) > 0 {
		q = "No decision is recorded for " + joinNames(undecided) + ". " + q
	}
	return q
}

// joinNames lists names as a sentence does: "Ann", "Ann and Ben",
// "Ann, Ben and Cy".
func joinNames(n []string) string {
	switch len(n) {
	case 0:
		return ""
	case 1:
		return n[0]
	}
	return strings.Join(n[:len(n)-1], ", ") + " and " + n[len(n)-1]
}

// phase is the state a status line can speak about: when it changes,
// the line is dropped rather than left saying something no longer true.
type phase struct {
	step        int
	round       string
	roundState  session.RoundState
	recs, ended bool
	closed      bool
	role        session.Role
}

func (m *model) phaseNow() phase {
	if m.snap.Conference == nil {
		return phase{}
	}
	p := phase{step: m.snap.Step, recs: m.snap.RecommendationsOpen, ended: !m.snap.Ended.IsZero(),
		closed: m.closedNow, role: m.role}
	if n := len(m.snap.Rounds); n > 0 {
		p.round, p.roundState = m.snap.Rounds[n-1].ID, m.snap.Rounds[n-1].State
	}
	return p
}

// roleChangeNotice tells a person their role has just changed, and what
// that lets them do.
func roleChangeNotice(r session.Role) string {
	switch r {
	case session.RoleChair:
		return "You are now the chair: you move the agenda and record the decision. Press ? for your keys."
	case session.RoleMinuteTaker:
		return "You are now the minute-taker: you can write on the board. Press ? for your keys."
	case session.RoleFamily:
		return "Your role is now family member: you see what is shared with the family."
	}
	return "Your role is now " + lower(r.String()) + ": you can look, score and recommend, not write on the board."
}

// strayIntoForm closes a form that a burst's first letter opened on the
// board when the burst runs on into a choice field (m, then letters that
// would change the section and enter that would move the item). A form
// whose focused field takes text keeps the typing: it shows, and esc asks
// before throwing it away.
func (m *model) strayIntoForm(msg tea.KeyPressMsg) bool {
	f := m.form
	if f.at.IsZero() || !printable(msg) || (m.scr != scrBoard && m.scr != scrPeople) ||
		f.focus >= len(f.fields) || f.fields[f.focus].kind != fieldChoice || f.typed() {
		return false
	}
	now := m.keyNow()
	if d := now.Sub(f.at); d < 0 || d >= burstGap {
		return false
	}
	m.form = nil
	m.typing = typingGuard{last: now, lastKey: msg.String(), burst: true}
	m.strayKey()
	return true
}
