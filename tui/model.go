package tui

import (
	"context"
	"errors"
	"fmt"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"confer/session"
)

// screen is where the client is in its journey to the board.
type screen int

const (
	scrLobby   screen = iota // choose a conference
	scrClaim                 // first-run chair: name and agency
	scrInvite                // guest with a code: name and agency
	scrWaiting               // guest waiting for the chair
	scrGate                  // confidentiality statement
	scrBoard                 // the whiteboard
	scrPeople                // attendance, presence, guests
	scrGone                  // a final message, then quit
)

// Messages the app sends itself.
type (
	// opDoneMsg is the result of a command sent to the conference.
	opDoneMsg struct {
		err    error
		notice string
		step   bool // a move of the agenda step (see moveStep)
	}
	claimedMsg struct {
		actor session.Actor
		err   error
	}
	createdMsg struct {
		room Room
		err  error
	}
	redeemedMsg struct{ err error }
	exportedMsg struct {
		files []string
		err   error
		ended bool
	}
)

// errNoExport is returned when the server wired no record writer in.
var errNoExport = errors.New("tui: exporting is not available on this server")

// NoticeMsg is a sentence from the server for this terminal's status bar,
// such as a warning that typed input was dropped for arriving too fast.
type NoticeMsg string

// confirmation is a y/n question before something that cannot be undone.
type confirmation struct {
	question string
	yes      func() tea.Cmd
}

// model is the root model of one client.
type model struct {
	// barKey and bar memoise the status bar (see statusBar); keyBuf is
	// reused to build that key and the frame key on every frame.
	barKey, keyBuf []byte
	bar            string
	cursorKeys     []string // reused by frameKey

	o     Options
	ctx   context.Context
	now   func() time.Time
	actor session.Actor
	confs Conferences

	scr       screen
	gone      string // the final message on scrGone
	w, h      int
	dark      bool
	profile   colorprofile.Profile
	sty       *styles // shared: see stylesFor
	keys      *keyMap
	help      help.Model
	showHelp  bool
	form      *form
	confirm   *confirmation
	notice    []string // a box to read (an invite code), closed with esc/enter
	status    string
	statusErr bool

	// lobby
	lobby    []session.Membership
	lobbyCur int

	// the conference
	room Room
	// roomCtx ties the subscription and presence to this conference: it
	// ends with the SSH session, or when the person leaves for the lobby.
	roomCtx    context.Context
	leaveRoom  context.CancelFunc
	sub        <-chan session.Version
	attached   bool
	accepted   bool
	snap       session.Snapshot // already filtered for the role
	role       session.Role
	self       session.Attendee
	closedNow  bool // a closed segment is in progress (from the full snapshot)
	inviteHash string

	// step moves: one in flight, and the keys pressed meanwhile
	stepBusy  bool
	stepAhead int

	// local view state of the board
	follow  bool
	browse  int
	focus   int
	cursor  map[string]int // per pane key
	peopleI int
}

func newModel(o Options) *model {
	if o.Ctx == nil {
		o.Ctx = context.Background()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	m := &model{o: o, ctx: o.Ctx, now: o.Now, actor: o.Actor, confs: o.Conferences,
		w: o.Width, h: o.Height, dark: true, profile: colorprofile.ANSI256,
		keys: newKeyMap(), help: help.New(), follow: true, cursor: map[string]int{}}
	if m.w <= 0 {
		m.w = 80
	}
	if m.h <= 0 {
		m.h = 24
	}
	m.sty = stylesFor(m.dark)
	m.help.Styles = help.DefaultStyles(m.dark)
	m.keys.setRole(session.RoleNone, m.actor.MayChair)
	m.begin()
	return m
}

// begin decides the first screen from who the client is.
func (m *model) begin() {
	switch {
	case m.o.Claim != nil:
		m.scr = scrClaim
		m.form = m.claimForm()
	case m.actor.ID == "" && m.o.Invite != "":
		r, ok := m.findInvite(m.o.Invite)
		if !ok {
			m.goneWith("That invite code is not valid. Ask the chair for a new one.")
			return
		}
		m.room = r
		m.inviteHash = session.HashCode(m.o.Invite)
		full := r.Snapshot()
		if _, ok := full.AttendeeFor(m.actor); ok {
			m.enterRoom(r)
			return
		}
		if g, ok := full.GuestFor(m.actor.Fingerprint); ok && g.Status == session.GuestWaiting {
			m.scr = scrWaiting
			return
		}
		m.scr = scrInvite
		m.form = m.inviteForm(full.Title)
	case m.actor.ID == "":
		// An unknown key without a code: an admitted or waiting guest
		// reconnecting, or nobody we know.
		if ms := m.confs.For(m.actor); len(ms) > 0 {
			m.lobbyFrom(ms)
			return
		}
		if gf, ok := m.confs.(guestFinder); ok {
			if r, ok := gf.Waiting(m.actor.Fingerprint); ok {
				m.room = r
				m.scr = scrWaiting
				return
			}
		}
		m.goneWith("This key is not registered. Ask the chair for an invite code and connect with it as your user name.")
	default:
		m.lobbyFrom(m.confs.For(m.actor))
	}
}

// findInvite looks the code up, tolerating a nil Conferences in tests.
func (m *model) findInvite(code string) (Room, bool) {
	if m.confs == nil {
		return nil, false
	}
	return m.confs.FindInvite(code)
}

// showLobby shows the lobby.
func (m *model) showLobby(ms []session.Membership) {
	m.lobby = ms
	m.lobbyCur = min(m.lobbyCur, max(0, len(ms)-1))
	m.scr = scrLobby
	m.keys.mode = modeLobby
}

// lobbyFrom shows the lobby, or opens the only live conference directly.
func (m *model) lobbyFrom(ms []session.Membership) {
	m.showLobby(ms)
	live := -1
	n := 0
	for i, x := range ms {
		if !x.Ended {
			live, n = i, n+1
		}
	}
	if n == 1 {
		if r, ok := m.confs.Room(ms[live].ConferenceID); ok {
			m.enterRoom(r)
		}
	}
}

func (m *model) goneWith(msg string) {
	m.scr = scrGone
	m.gone = msg
	m.form = nil
}

// enterRoom opens a conference for this client: the gate first.
func (m *model) enterRoom(r Room) {
	m.room = r
	m.scr = scrGate
	m.form = nil
	m.refresh()
}

// subscribe starts listening for changes once; the channel closes when the
// SSH session ends.
func (m *model) subscribe() tea.Cmd {
	if m.room == nil || m.sub != nil {
		return nil
	}
	m.sub = m.room.Subscribe(m.roomContext())
	return waitForChange(m.sub)
}

// roomContext is the context of the open conference, made on first use.
func (m *model) roomContext() context.Context {
	if m.roomCtx == nil {
		m.roomCtx, m.leaveRoom = context.WithCancel(m.ctx)
	}
	return m.roomCtx
}

// subMsg is what a subscription said: there is a new version, or (ok
// false) it ended. ch tells which subscription, so one the person has
// left behind by going back to the lobby is ignored.
type subMsg struct {
	ch <-chan session.Version
	ok bool
}

func waitForChange(ch <-chan session.Version) tea.Cmd {
	if ch == nil {
		return nil
	}
	return func() tea.Msg {
		_, ok := <-ch
		return subMsg{ch: ch, ok: ok}
	}
}

// leaveForLobby closes the conference on this terminal: its subscription
// and presence end (everyone else sees the person go), everything kept
// about it here is dropped, and the lobby shows, without opening a
// conference by itself.
func (m *model) leaveForLobby() {
	if m.leaveRoom != nil {
		m.leaveRoom()
	}
	m.roomCtx, m.leaveRoom = nil, nil
	m.room, m.sub, m.attached, m.accepted = nil, nil, false, false
	m.snap, m.role, m.self, m.closedNow, m.inviteHash = session.Snapshot{}, session.RoleNone, session.Attendee{}, false, ""
	m.form, m.confirm, m.notice, m.showHelp = nil, nil, nil, false
	m.follow, m.browse, m.focus, m.cursor, m.peopleI = true, 0, 0, map[string]int{}, 0
	m.stepBusy, m.stepAhead = false, 0
	m.keys.setRole(session.RoleNone, m.actor.MayChair)
	m.showLobby(m.confs.For(m.actor))
	m.setStatus("You have left the conference.", false)
}

// refresh reads the latest snapshot and derives the role from it: roles
// change live, so every snapshot may enable or disable keys. The model only
// ever keeps the snapshot filtered for its role.
func (m *model) refresh() {
	if m.room == nil {
		return
	}
	full := m.room.Snapshot()
	self, ok := full.AttendeeFor(m.actor)
	wasAdmitted := m.role != session.RoleNone
	if ok {
		m.self, m.role = self, self.Role
	} else {
		m.self, m.role = session.Attendee{}, session.RoleNone
	}
	// A family member excluded from part of the conference sees what the
	// family sees during a closed segment.
	m.closedNow = full.InClosedSegment() || (m.role == session.RoleFamily && full.ExcludedNow(m.self.ID))
	// session decides what this person may see, sealed for them: a sealed
	// score leaves it without its value, so this terminal never holds one
	// it must not show.
	m.snap = full.ViewFor(m.self.ID)
	m.keys.setRole(m.role, m.actor.MayChair)

	switch m.scr {
	case scrWaiting:
		if ok {
			m.scr = scrGate
		} else if g, found := full.GuestFor(m.actor.Fingerprint); found && g.Status == session.GuestTurnedAway {
			m.goneWith("The chair has not admitted you to this conference. Please contact the chair if you think this is a mistake.")
		}
	case scrGate, scrBoard, scrPeople:
		if !ok {
			if wasAdmitted || m.scr != scrGate {
				m.goneWith("You are no longer part of this conference.")
			} else {
				m.goneWith("You are not on this conference's list.")
			}
		}
	}
	m.clampCursors()
}

// Init starts listening for changes if a conference is already open.
func (m *model) Init() tea.Cmd {
	cmds := []tea.Cmd{tea.RequestBackgroundColor}
	if m.scr == scrGone {
		cmds = append(cmds, tea.Quit)
	}
	if m.room != nil {
		cmds = append(cmds, m.subscribe())
	}
	return tea.Batch(cmds...)
}

// Update handles one message.
func (m *model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.w, m.h = msg.Width, msg.Height
		return m, nil
	case tea.BackgroundColorMsg:
		m.dark = msg.IsDark()
		m.sty = stylesFor(m.dark)
		m.help.Styles = help.DefaultStyles(m.dark)
		return m, nil
	case tea.ColorProfileMsg:
		m.profile = msg.Profile
		return m, nil
	case subMsg:
		switch {
		case msg.ch != m.sub:
			return m, nil // a conference this terminal has left
		case !msg.ok:
			return m, tea.Quit // the session ended, or the conference is full
		}
		m.refresh()
		return m, m.afterRefresh(waitForChange(m.sub))
	case opDoneMsg:
		m.refresh()
		var next tea.Cmd
		if msg.step {
			ahead := m.stepAhead
			m.stepBusy, m.stepAhead = false, 0
			if msg.err == nil && ahead != 0 {
				// Keys pressed meanwhile: as far as the agenda goes.
				ahead = min(max(ahead, -m.snap.Step), len(m.snap.Agenda)-1-m.snap.Step)
				if ahead != 0 {
					next = m.moveStep(ahead)
				}
			}
		}
		// The open form sent this if it is waiting; a form opened since a
		// key sent it (or a step move) must not be closed or marked by it.
		fromForm := !msg.step && m.form != nil && m.form.busy
		if msg.err != nil {
			if fromForm {
				m.form.busy = false
				m.form.err = message(msg.err)
			} else {
				m.setStatus(message(msg.err), true)
			}
			return m, nil
		}
		if fromForm {
			m.form = nil
		}
		m.setStatus(msg.notice, false)
		return m, tea.Batch(m.afterRefresh(nil), next)
	case claimedMsg:
		if msg.err != nil {
			m.formError(msg.err)
			return m, nil
		}
		m.actor = msg.actor
		m.keys.setRole(m.role, m.actor.MayChair)
		m.form = nil
		m.lobbyFrom(m.confs.For(m.actor))
		return m, m.subscribe()
	case createdMsg:
		if msg.err != nil {
			m.formError(msg.err)
			return m, nil
		}
		m.form = nil
		m.enterRoom(msg.room)
		return m, m.subscribe()
	case redeemedMsg:
		if msg.err != nil {
			m.formError(msg.err)
			return m, nil
		}
		m.form = nil
		m.scr = scrWaiting
		m.refresh()
		return m, m.subscribe()
	case inviteMsg:
		if msg.err != nil {
			m.setStatus(message(msg.err), true)
			return m, nil
		}
		connect := "ssh " + msg.code + "@<this server>"
		if m.o.InviteCommand != nil {
			connect = m.o.InviteCommand(msg.code)
		}
		m.notice = []string{m.sty.Title.Render("Invite code"), "", "    " + msg.code, "",
			"Read it out to the guest. They connect with it as their user name:",
			"    " + connect,
			"It works once and expires at " + clock(msg.expires) + " on " + msg.expires.In(ukTime).Format("2 Jan") + "."}
		return m, nil
	case exportedMsg:
		m.refresh()
		switch {
		case msg.err != nil:
			m.setStatus("The records could not be written: "+message(msg.err), true)
		case msg.ended:
			m.setStatus(fmt.Sprintf("The conference has ended; %d records written.", len(msg.files)), false)
		default:
			m.setStatus(fmt.Sprintf("%d records written.", len(msg.files)), false)
		}
		return m, nil
	case acceptedMsg:
		if m.room == nil {
			return m, nil // the person has left the conference since
		}
		if msg.err != nil {
			m.setStatus(message(msg.err), true)
			return m, nil
		}
		m.accepted, m.attached = true, true
		m.scr = scrBoard
		m.refresh()
		m.setStatus("Welcome. Press ? for every key you can use.", false)
		return m, m.afterRefresh(nil)
	case tea.PasteMsg:
		if m.form != nil {
			c, cancel := m.form.update(msg, m.keys)
			if cancel {
				m.form = nil
			}
			return m, c
		}
		return m, nil
	case NoticeMsg:
		m.setStatus(string(msg), true)
		return m, nil
	case tea.KeyPressMsg:
		return m, m.key(msg)
	}
	return m, nil
}

// afterRefresh attaches presence once the person is on the board and keeps
// the subscription armed. A final screen quits.
func (m *model) afterRefresh(next tea.Cmd) tea.Cmd {
	if m.scr == scrGone {
		return tea.Quit
	}
	return next
}

func (m *model) formError(err error) {
	if m.form != nil {
		m.form.busy = false
		m.form.err = message(err)
	} else {
		m.setStatus(message(err), true)
	}
}

func (m *model) setStatus(s string, isErr bool) {
	m.status, m.statusErr = s, isErr
}

// key routes a key press to the overlay or screen that has focus.
func (m *model) key(msg tea.KeyPressMsg) tea.Cmd {
	s := msg.String()
	if s == "ctrl+c" && (m.form == nil || !m.form.typed()) {
		return tea.Quit
	}
	if m.confirm != nil {
		m.keys.mode = modeConfirm
		c := m.confirm
		switch s {
		case "y", "Y":
			m.confirm = nil
			return c.yes()
		case "n", "N", "esc", "q":
			m.confirm = nil
			m.setStatus("Cancelled.", false)
		}
		return nil
	}
	if m.form != nil {
		if s == "ctrl+c" {
			m.confirm = &confirmation{question: "Quit and lose what you typed?", yes: func() tea.Cmd { return tea.Quit }}
			return nil
		}
		c, cancel := m.form.update(msg, m.keys)
		if cancel {
			if m.scr == scrClaim || m.scr == scrInvite {
				return tea.Quit
			}
			m.form = nil
			m.setStatus("Cancelled.", false)
		}
		return c
	}
	if m.notice != nil {
		if s == "esc" || s == "enter" || s == "q" {
			m.notice = nil
		}
		return nil
	}
	if key.Matches(msg, m.keys.Help) && m.scr != scrGone && !(m.role == session.RoleFamily && m.closedNow) {
		m.showHelp = !m.showHelp
		return nil
	}
	if m.showHelp && s == "esc" {
		m.showHelp = false
		return nil
	}
	switch m.scr {
	case scrGone:
		return tea.Quit
	case scrLobby:
		return m.lobbyKey(msg)
	case scrWaiting:
		if s == "q" || s == "esc" {
			return tea.Quit
		}
	case scrGate:
		switch s {
		case "y", "Y":
			return m.accept()
		case "q", "esc", "n":
			return tea.Quit
		}
	case scrBoard, scrPeople:
		if m.role == session.RoleFamily && m.closedNow {
			// Excluded: nothing to look at or do until the segment ends.
			m.scr = scrBoard
			if s == "q" {
				return tea.Quit
			}
			return nil
		}
	}
	switch m.scr {
	case scrBoard:
		return m.boardKey(msg)
	case scrPeople:
		return m.peopleKey(msg)
	}
	return nil
}

// accept records the confidentiality acceptance; the board opens when it
// is durable.
func (m *model) accept() tea.Cmd {
	room, ctx, by := m.room, m.roomContext(), m.actor
	return func() tea.Msg {
		err := room.Do(ctx, session.Command{By: by, Op: session.AcceptConfidentiality{}})
		if err == nil {
			// Present from now until the SSH session ends or the person
			// leaves for the lobby.
			if at, ok := room.Snapshot().AttendeeFor(by); ok {
				room.Attach(ctx, at.ID)
			}
		}
		return acceptedMsg{err: err}
	}
}

type acceptedMsg struct{ err error }

// do sends one operation to the conference in a command and reports the
// result; notice is the sentence shown when it succeeds.
func (m *model) do(op session.Op, notice string) tea.Cmd {
	return m.command(op, notice, false)
}

// command is do, saying whether op is a step move.
func (m *model) command(op session.Op, notice string, step bool) tea.Cmd {
	room, ctx, by := m.room, m.ctx, m.actor
	if room == nil {
		return nil
	}
	return func() tea.Msg {
		return opDoneMsg{err: room.Do(ctx, session.Command{By: by, Op: op}), notice: notice, step: step}
	}
}

// refuse answers a key the role may not use, in the session's words.
func (m *model) refuse(b *key.Binding) {
	what := m.keys.what[b]
	if what == "" {
		what = "do that"
	}
	r := m.role
	if r == session.RoleNone {
		m.setStatus("Only people admitted to this conference can "+what+".", true)
		return
	}
	m.setStatus(fmt.Sprintf("A %s cannot %s.", roleNoun(r), what), true)
}

// roleNoun names a person by role for sentences like "A viewer cannot...".
func roleNoun(r session.Role) string {
	if r == session.RoleFamily {
		return "family member"
	}
	return lower(r.String())
}
