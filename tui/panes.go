package tui

import (
	"confer/session"
)

// paneKind is what a board panel shows.
type paneKind int

const (
	pItems      paneKind = iota // one board section
	pDanger                     // danger statements with their paired goals
	pScaling                    // the scaling round
	pDecision                   // recommendations, decision, dissent
	pActions                    // this plan's actions
	pProgress                   // the previous plan's actions (review)
	pPlanInfo                   // core group, lead social worker, dates
	pAttendance                 // attendance and quorum
	pReports                    // reports received
)

// pane is one panel of the board.
type pane struct {
	kind paneKind
	sec  session.Section
}

func (p pane) key() string {
	if p.kind == pItems {
		return string(p.sec)
	}
	return [...]string{"", "danger", "scaling", "decision", "actions", "progress", "plan", "attendance", "reports"}[p.kind]
}

// selectable reports whether the pane's entries are things one acts on
// (items, actions) rather than lines to scroll.
func (p pane) selectable() bool {
	return p.kind == pItems || p.kind == pDanger || p.kind == pActions || p.kind == pProgress
}

func items(secs ...session.Section) []pane {
	out := make([]pane, len(secs))
	for i, s := range secs {
		out[i] = pane{kind: pItems, sec: s}
	}
	return out
}

// panesFor picks the panels for an agenda step: the step's key says which
// parts of the board matter now; other steps show every section.
func panesFor(stepKey string) []pane {
	switch stepKey {
	case session.StepWorries:
		return items(session.Harm, session.Worries)
	case session.StepConcerns:
		return items(session.Harm, session.Worries, session.Complicating)
	case session.StepWorking:
		return items(session.Strengths, session.ExistingSafety)
	case session.StepComplicat:
		return items(session.Complicating, session.GreyAreas)
	case session.StepFamily:
		return items(session.FamilyViews, session.ChildViews)
	case session.StepDanger:
		return []pane{{kind: pDanger, sec: session.DangerStatements}, {kind: pItems, sec: session.SafetyGoals}}
	case session.StepScaling:
		return []pane{{kind: pScaling}, {kind: pDanger, sec: session.DangerStatements}}
	case session.StepDecision:
		// Next steps beside the decision, so the minute-taker can write
		// down what is said while recommendations are given.
		return []pane{{kind: pDecision}, {kind: pItems, sec: session.NextSteps}}
	case session.StepPlan:
		return []pane{{kind: pItems, sec: session.SafetyGoals}, {kind: pActions}, {kind: pPlanInfo}}
	case session.StepDates:
		return []pane{{kind: pPlanInfo}, {kind: pActions}}
	case session.StepAttend:
		return []pane{{kind: pAttendance}}
	case session.StepReports:
		return []pane{{kind: pReports}}
	case session.StepProgress:
		return []pane{{kind: pProgress}, {kind: pActions}}
	}
	out := items(session.Sections...)
	out[8] = pane{kind: pDanger, sec: session.DangerStatements}
	return out
}

// viewStep is the agenda step this client looks at: the chair's, or the
// one it browses.
func (m *model) viewStep() int {
	if m.follow {
		return m.snap.Step
	}
	return m.browse
}

func (m *model) panes() []pane {
	key := ""
	if i := m.viewStep(); i >= 0 && i < len(m.snap.Agenda) {
		key = m.snap.Agenda[i].Key
	}
	return panesFor(key)
}

func (m *model) focusedPane() pane {
	ps := m.panes()
	return ps[min(m.focus, len(ps)-1)]
}

// clampCursors keeps the focus and selections inside what exists now: items
// can vanish under a client when someone else deletes them.
func (m *model) clampCursors() {
	if m.snap.Conference == nil {
		return
	}
	if !m.follow && (m.browse < 0 || m.browse >= len(m.snap.Agenda)) {
		m.follow = true
	}
	ps := m.panes()
	if m.focus >= len(ps) {
		m.focus = 0
	}
	for _, p := range ps {
		if !p.selectable() {
			continue
		}
		n := m.paneLen(p)
		if c := m.cursor[p.key()]; c >= n {
			m.cursor[p.key()] = max(0, n-1)
		}
	}
}

// record is one selectable thing in a pane: a board item or an action.
// They point into the snapshot (which is never changed, only replaced),
// so listing a pane copies nothing: every viewer lists every pane on every
// frame.
type record struct {
	item   *session.Item
	action *session.Action
}

// paneLen is len(m.paneRecords(p)), counted without collecting them:
// every viewer checks its cursors after every change.
func (m *model) paneLen(p pane) int {
	n := 0
	switch p.kind {
	case pItems, pDanger:
		for _, it := range m.snap.Items {
			if it.Section == p.sec {
				n++
			}
		}
	case pActions, pProgress:
		for _, a := range m.snap.Actions {
			if a.FromPrevious == (p.kind == pProgress) {
				n++
			}
		}
	}
	return n
}

// paneRecords lists what a selectable pane holds, in order.
func (m *model) paneRecords(p pane) []record {
	var out []record
	switch p.kind {
	case pItems, pDanger:
		for i := range m.snap.Items {
			if m.snap.Items[i].Section == p.sec {
				out = append(out, record{item: &m.snap.Items[i]})
			}
		}
	case pActions, pProgress:
		for i := range m.snap.Actions {
			if m.snap.Actions[i].FromPrevious == (p.kind == pProgress) {
				out = append(out, record{action: &m.snap.Actions[i]})
			}
		}
	}
	return out
}
