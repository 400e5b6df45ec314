package tui

import (
	"context"
	"errors"
	"time"

	"charm.land/bubbles/v2/help"
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
	no       func()    // what answering no does besides closing; nil says "Cancelled."
	at       time.Time // the key press that asked it
}

// model is the root model of one client.
type model struct {
	// keyBuf is reused to build the status bar's memo key and the frame
	// key on every frame.
	keyBuf     []byte
	cursorKeys []string // reused by frameKey

	o     Options
	ctx   context.Context
	now   func() time.Time
	actor session.Actor
	confs Conferences

	scr      screen
	gone     string // the final message on scrGone
	w, h     int
	dark     bool
	profile  colorprofile.Profile
	sty      *styles // shared: see stylesFor
	keys     *keyMap
	help     help.Model
	showHelp bool
	form     *form
	confirm  *confirmation
	notice   []string // a box to read (an invite code), closed with esc/enter

	// statusLine is the status bar: its sentence and its drawing.
	statusLine

	// lobby
	lobby    []session.Membership
	lobbyCur int
	lobbyGen int // the lobby watch that counts (see watchLobby)

	// typing guards what printable keys do outside forms (see guard.go).
	typing typingGuard
	// keyNow is the clock key presses are timed with; time.Now unless a
	// test steps it.
	keyNow func() time.Time
	// look is the person's colour choice (see palette.go).
	look look

	// roomState is everything about the open conference; leaving it
	// resets it in one assignment.
	roomState
}

// statusLine is the status bar's state: the last sentence, whether it is
// a refusal, the state it spoke about (so it is dropped when that moves
// on), and the last bar drawn with the key it was drawn for (see
// statusBar).
type statusLine struct {
	status    string
	statusErr bool
	statusAt  phase
	barKey    []byte
	bar       string
}

// roomState is what this terminal keeps about the conference it has open.
type roomState struct {
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

	// undo is the last single-key change this person made, which u undoes.
	undo *undoStep

	boardView
}

// boardView is this terminal's own way of looking at the board.
type boardView struct {
	follow  bool           // show the chair's step
	browse  int            // the step shown when not following
	focus   int            // the focused panel of the step
	cursor  map[string]int // per pane key
	peopleI int            // the chosen row on the People screen
}

// newRoomState is the state of a terminal with no conference open.
func newRoomState() roomState {
	return roomState{boardView: boardView{follow: true, cursor: map[string]int{}}}
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
		keys: newKeyMap(), help: help.New(), keyNow: time.Now, roomState: newRoomState()}
	if m.w <= 0 {
		m.w = 80
	}
	if m.h <= 0 {
		m.h = 24
	}
	m.look = m.startLook()
	m.restyle()
	m.keys.setRole(session.RoleNone, m.actor.MayChair, false)
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
