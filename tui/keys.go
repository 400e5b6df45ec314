package tui

// Key table (every key the app understands; `?` shows the ones the current
// role may use):
//
//	Everywhere
//	  ?              full help on/off
//	  ctrl+t         display: light or dark; colour, high contrast or none
//	  q, ctrl+c      quit (q asks on the board; ctrl+c asks if a form
//	                 holds typed text)
//	  esc            cancel the form (asks if it holds typed text), dialog
//	                 or help; back from People
//	Lobby
//	  ↑/↓, k/j       choose a conference
//	  enter          open it
//	  n              new conference (people who may chair)
//	  r              new review conference from the chosen one (may chair)
//	Confidentiality statement
//	  y              accept and go on          q  leave
//	Board: looking around (everyone)
//	  ←/→, h/l       browse agenda steps on your own screen
//	  f              follow the chair's step again
//	  tab, shift+tab focus the next / previous panel
//	  ↑/↓, k/j       select an item / scroll the panel
//	  P              people: attendance, presence, guests
//	  L              leave this conference for the lobby (asks; you show
//	                 as gone)
//	  other letters  nothing; the status bar says how to add (guard.go)
//	Board: everyone admitted
//	  s              give (or change) your scaling score while a round is open
//	  v              give your recommendation when the chair asks
//	  D              record dissent from the decision
//	Board: chair and minute-taker
//	  a              add an item to the focused panel (action in the plan)
//	  e              edit the selected item or action
//	  m              move the selected item to another section
//	  t              cycle the tag (fact/observation/allegation/opinion),
//	                 or an action's status (open/done/partly/not done)
//	  x, R           mark or unmark the selected item restricted
//	  u              undo the last t or x
//	  A              attribute the selected item to a person or agency
//	  d              delete the selected item or action (asks y/n)
//	  g              add a safety goal paired with the selected danger statement
//	  S              core group and lead social worker
//	  w              write the record for this step (its fields and a
//	                 discussion note); after the end, amend a record
//	                 field with a reason
//	  F              household and parental responsibility
//	  K              categories of abuse (which, for "multiple"; the
//	                 initial category)
//	Board: chair only
//	  n / p          next / previous agenda step for everyone
//	  o / r / c      open / reveal / close a scaling round (r, c ask)
//	  V              start or stop asking for recommendations
//	  X              record the decision for a child
//	  Q              record the reason to go ahead without quorum
//	  C              start or end a closed segment (family excluded)
//	  E              export the records now
//	  Z              end the conference and write the records (asks y/n)
//	  Y              after the end: approve the record (asks y/n)
//	After the end (chair and minute-taker; the chair alone once approved)
//	  w              amend the record fields of the step on screen
//	  e              amend the selected board item or action, with a reason
//	  F / K          amend the household / the categories, with a reason
//	People (P)
//	  ↑/↓, k/j       choose a person or waiting guest
//	  +              add a known person with a role (chair)
//	  i              add someone in the room (chair, minute-taker)
//	  u              update attendance and reports (chair, minute-taker)
//	  r              change role (chair)
//	  H              hand the chair over (chair; asks y/n)
//	  d              remove from the conference (chair; asks y/n)
//	  I              create an invite code to read out (chair)
//	  y / T          admit (choose a role) / turn away the chosen waiting
//	                 guest (chair)
//	  X              exclude a family member for part of the conference,
//	                 with grounds; on someone excluded, let them back in
//	                 (chair)
//	  x              withhold the chosen person's notes from the family,
//	                 or show them again (chair, minute-taker)
//	Forms
//	  tab, shift+tab next / previous field     ←/→ change a choice
//	  enter          next field; on the last field, save
//	  ctrl+j (alt+enter) new line in a text box   esc  cancel

import (
	"charm.land/bubbles/v2/key"

	"confer/session"
)

// mode is which set of keys applies.
type mode int

const (
	modeLobby mode = iota
	modeGate
	modeBoard
	modePeople
	modeForm
	modeConfirm
	modeWait
	numModes
)

// keyMap holds every binding; it implements help.KeyMap for the current
// mode, and bindings the role may not use are disabled so help lists only
// what works.
type keyMap struct {
	mode mode
	role session.Role // the role the bindings are enabled for

	Help, Quit, Back, Display, Undo key.Binding

	Up, Down, NextPane, PrevPane, StepPrev, StepNext, Follow, People, Lobby key.Binding

	Score, Recommend, Dissent key.Binding

	Add, Edit, Move, Tag, Restrict, Attrib, Delete, Goal, CoreGroup key.Binding

	NextStep, PrevStep, OpenRound, Reveal, CloseRound, AskRecs, Decide, Quorum,
	Segment, Export, End key.Binding

	// Write writes the record for the step (an amendment after the end);
	// Approve signs the record off after the end.
	Write, Approve, Household, Categories key.Binding

	AddKnown, AddRoom, Attendance, SetRole, HandOver, Remove, Invite, Admit, TurnAway, Exclude key.Binding

	Open, NewConf, NewReview key.Binding

	Accept key.Binding

	NextField, PrevField, Submit, Newline key.Binding

	Yes, No key.Binding

	// perm says, for each role-restricted binding, which permission of
	// session's it needs.
	perm map[*key.Binding]session.Permission
	// afterEnd says, for the keys that still work once the conference
	// has ended, which permission they need then.
	afterEnd map[*key.Binding]session.Permission
	ended    bool // the conference has ended: only afterEnd keys work
	// approved is set once the chair has approved any version: amending
	// then needs the chair.
	approved bool

	// short holds, per mode and kind of role, the bindings the status
	// bar offers.
	short [numModes][3][]*key.Binding
}

func newKeyMap() *keyMap {
	b := func(help, desc string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	k := &keyMap{
		Help: b("?", "help", "?"),
		Quit: b("q", "quit", "q", "ctrl+c"),
		Back: b("esc", "back", "esc"),

		Display: b("ctrl+t", "display", "ctrl+t"),
		Undo:    b("u", "undo", "u"),

		Up:       b("↑/k", "up", "up", "k"),
		Down:     b("↓/j", "down", "down", "j"),
		NextPane: b("tab", "panel", "tab"),
		PrevPane: b("shift+tab", "previous panel", "shift+tab"),
		StepPrev: b("←/→", "browse", "left", "h"),
		StepNext: b("→/l", "browse on", "right", "l"),
		Follow:   b("f", "follow", "f"),
		Lobby:    b("L", "leave for the lobby", "L"),
		People:   b("P", "people", "P"),

		Score:     b("s", "score", "s"),
		Recommend: b("v", "recommend", "v"),
		Dissent:   b("D", "dissent", "D"),

		Add:       b("a", "add", "a"),
		Edit:      b("e", "edit", "e"),
		Move:      b("m", "move", "m"),
		Tag:       b("t", "tag", "t"),
		Restrict:  b("x", "restrict", "x", "R"),
		Attrib:    b("A", "attribute", "A"),
		Delete:    b("d", "delete", "d"),
		Goal:      b("g", "paired goal", "g"),
		CoreGroup: b("S", "core group", "S"),

		NextStep:   b("n", "next step", "n"),
		PrevStep:   b("p", "back", "p"),
		OpenRound:  b("o", "scaling", "o"),
		Reveal:     b("r", "reveal", "r"),
		CloseRound: b("c", "close round", "c"),
		AskRecs:    b("V", "ask views", "V"),
		Decide:     b("X", "decision", "X"),
		Quorum:     b("Q", "no-quorum reason", "Q"),
		Segment:    b("C", "closed segment", "C"),
		Export:     b("E", "export", "E"),
		End:        b("Z", "end conference", "Z"),
		Write:      b("w", "write record", "w"),
		Approve:    b("Y", "approve record", "Y"),
		Household:  b("F", "household", "F"),
		Categories: b("K", "categories", "K"),

		AddKnown:   b("+", "add person", "+"),
		AddRoom:    b("i", "add in room", "i"),
		Attendance: b("u", "attendance", "u"),
		SetRole:    b("r", "role", "r"),
		HandOver:   b("H", "hand over chair", "H"),
		Remove:     b("d", "remove", "d"),
		Invite:     b("I", "invite", "I"),
		Admit:      b("y", "admit", "y"),
		TurnAway:   b("T", "turn away", "T"),
		Exclude:    b("X", "exclude", "X"),

		Open:      b("enter", "open", "enter"),
		NewConf:   b("n", "new conference", "n"),
		NewReview: b("r", "new review", "r"),

		Accept: b("y", "accept", "y"),

		NextField: b("tab", "next field", "tab"),
		PrevField: b("shift+tab", "previous field", "shift+tab"),
		Submit:    b("enter", "next/save", "enter"),
		Newline:   b("ctrl+j", "new line", "ctrl+j", "alt+enter"),

		Yes: b("y", "yes", "y"),
		No:  b("n", "no", "n", "esc"),
	}
	// Each role-restricted key is one thing session decides who may do;
	// the sentence a refused person reads comes from there too.
	k.perm = map[*key.Binding]session.Permission{
		&k.Score: session.PermGiveScore, &k.Recommend: session.PermRecommend, &k.Dissent: session.PermDissent,
		&k.Add: session.PermAddItem, &k.Edit: session.PermEditItem, &k.Move: session.PermMoveItem,
		&k.Tag: session.PermEditItem, &k.Restrict: session.PermRestrictText, &k.Attrib: session.PermEditItem,
		&k.Delete: session.PermRemoveItem, &k.Goal: session.PermAddItem, &k.CoreGroup: session.PermSetCoreGroup,
		&k.Undo:     session.PermEditItem,
		&k.NextStep: session.PermMoveAgenda, &k.PrevStep: session.PermMoveAgenda, &k.OpenRound: session.PermOpenRound,
		&k.Reveal: session.PermRevealRound, &k.CloseRound: session.PermCloseRound, &k.AskRecs: session.PermAskRecommend,
		&k.Decide: session.PermDecide, &k.Quorum: session.PermProceedNoQuorum, &k.Segment: session.PermClosedSegment,
		// Exporting is not a conference command (tui writes the files);
		// it goes with ending, which writes them too.
		&k.Export: session.PermEndConference, &k.End: session.PermEndConference,
		&k.AddKnown: session.PermAddPerson, &k.AddRoom: session.PermAddInRoom, &k.Attendance: session.PermUpdateAttendee,
		&k.SetRole: session.PermSetRole, &k.HandOver: session.PermHandOver, &k.Remove: session.PermRemoveAttendee,
		&k.Invite: session.PermInvite, &k.Admit: session.PermAdmitGuest, &k.TurnAway: session.PermTurnAwayGuest,
		&k.Exclude: session.PermExclude,
		&k.Write:   session.PermWriteRecord, &k.Household: session.PermWriteRecord, &k.Categories: session.PermWriteRecord,
	}
	k.afterEnd = map[*key.Binding]session.Permission{
		&k.Write: session.PermAmendRecord, &k.Approve: session.PermApproveRecord, &k.Edit: session.PermAmendRecord,
		&k.Household: session.PermAmendRecord, &k.Categories: session.PermAmendRecord,
	}
	return k
}

// setRole enables exactly the bindings session allows the role; once the
// conference has ended, only the record's (amend, approve). Roles change
// live, so this runs on every snapshot.
func (k *keyMap) setRole(r session.Role, mayChair, ended bool) {
	k.role, k.ended = r, ended
	for b, p := range k.perm {
		b.SetEnabled(!ended && session.Allows(r, p))
	}
	// After the end, e corrects the selected text as an amendment.
	k.Edit.SetHelp("e", map[bool]string{true: "amend", false: "edit"}[ended])
	for b := range k.afterEnd {
		if _, during := k.perm[b]; ended || !during {
			b.SetEnabled(ended && session.Allows(r, k.permOf(b)))
		}
	}
	k.NewConf.SetEnabled(mayChair)
	k.NewReview.SetEnabled(mayChair)
}

// permOf returns the permission b needs now, and "" if it needs none.
func (k *keyMap) permOf(b *key.Binding) session.Permission {
	if !k.ended {
		return k.perm[b]
	}
	p := k.afterEnd[b]
	if p == session.PermAmendRecord && k.approved {
		p = session.PermAmendApproved
	}
	return p
}

// ShortHelp implements help.KeyMap: the keys for the status bar.
func (k *keyMap) ShortHelp() []key.Binding {
	refs := k.shortRefs()
	out := make([]key.Binding, len(refs))
	for i, b := range refs {
		out[i] = *b
	}
	return out
}

// shortRefs returns the bindings ShortHelp shows, as pointers into k, so
// the status bar can check them on every frame without copying any.
func (k *keyMap) shortRefs() []*key.Binding {
	who := 0 // looking: viewer, family, nobody yet
	switch k.role {
	case session.RoleMinuteTaker:
		who = 1
	case session.RoleChair:
		who = 2
	}
	if k.short[k.mode][who] == nil {
		var refs []*key.Binding
		switch k.mode {
		case modeLobby:
			refs = []*key.Binding{&k.Up, &k.Down, &k.Open, &k.NewConf, &k.Quit}
		case modeGate:
			refs = []*key.Binding{&k.Accept, &k.Quit}
		case modePeople:
			// Short enough for 80 columns; ? lists the rest.
			refs = []*key.Binding{&k.AddKnown, &k.AddRoom, &k.Attendance, &k.Invite, &k.Admit, &k.Back}
		case modeForm:
			refs = []*key.Binding{&k.NextField, &k.Submit, &k.Newline, &k.Back}
		case modeConfirm:
			refs = []*key.Binding{&k.Yes, &k.No}
		case modeWait:
			refs = []*key.Binding{&k.Quit}
		default:
			// What each role reaches for most, short enough for 80
			// columns; ? lists the rest. Disabled keys drop out, so after
			// the end only the looking keys remain.
			switch who {
			case 2:
				refs = []*key.Binding{&k.Help, &k.NextStep, &k.PrevStep, &k.NextPane, &k.Add, &k.Edit, &k.OpenRound, &k.Quit}
			case 1:
				refs = []*key.Binding{&k.Help, &k.NextPane, &k.Add, &k.Edit, &k.Tag, &k.Restrict, &k.Undo, &k.Delete}
			default:
				refs = []*key.Binding{&k.Help, &k.StepPrev, &k.Follow, &k.Score, &k.Recommend, &k.People, &k.Quit}
			}
		}
		k.short[k.mode][who] = refs
	}
	return k.short[k.mode][who]
}

// FullHelp implements help.KeyMap: every key of the mode, grouped.
func (k *keyMap) FullHelp() [][]key.Binding {
	switch k.mode {
	case modeLobby:
		return [][]key.Binding{{k.Up, k.Down, k.Open}, {k.NewConf, k.NewReview, k.Quit}}
	case modeGate:
		return [][]key.Binding{{k.Accept, k.Quit}}
	case modePeople:
		return [][]key.Binding{{k.Up, k.Down, k.Back, k.Quit},
			{k.AddKnown, k.AddRoom, k.Attendance, k.SetRole},
			{k.HandOver, k.Remove, k.Invite, k.Admit, k.TurnAway, k.Exclude, k.Restrict}}
	case modeForm:
		return [][]key.Binding{{k.NextField, k.PrevField, k.Submit, k.Newline, k.Back}}
	case modeConfirm:
		return [][]key.Binding{{k.Yes, k.No}}
	case modeWait:
		return [][]key.Binding{{k.Quit}}
	}
	return [][]key.Binding{
		{k.StepPrev, k.StepNext, k.Follow, k.NextPane, k.PrevPane, k.Up, k.Down, k.People, k.Lobby, k.Display, k.Help, k.Quit},
		{k.Score, k.Recommend, k.Dissent, k.Add, k.Edit, k.Move, k.Tag, k.Restrict, k.Attrib, k.Delete, k.Undo, k.Goal, k.CoreGroup},
		{k.NextStep, k.PrevStep, k.OpenRound, k.Reveal, k.CloseRound, k.AskRecs, k.Decide, k.Quorum, k.Segment, k.Export, k.End, k.Write, k.Household, k.Categories, k.Approve},
	}
}

// pressed reports whether msg is one of b's keys, enabled or not, so a
// disabled key can be answered with a refusal instead of silence.
func pressed(msg string, b key.Binding) bool {
	for _, s := range b.Keys() {
		if s == msg {
			return true
		}
	}
	return false
}
