package servertest

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"
)

// NewKey returns a fresh ed25519 signer.
func NewKey() gossh.Signer {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		panic(err)
	}
	return s
}

// AuthorizedKey returns the key in authorized_keys form, without newline.
func AuthorizedKey(s gossh.Signer) string {
	return strings.TrimSpace(string(gossh.MarshalAuthorizedKey(s.PublicKey())))
}

// Options configure a [Client].
type Options struct {
	// User is the SSH user name (an invite code, or anything).
	User string
	// Auth are the authentication methods; gossh.PublicKeys(key) usually.
	Auth []gossh.AuthMethod
	// AuthCallback, if set, picks authentication methods after the first
	// (see gossh.ClientConfig.AuthCallback).
	AuthCallback func(*gossh.ClientAuthContext) (gossh.AuthMethod, error)
	// Width and Height of the PTY; 80×24 if zero.
	Width, Height int
	// ScreenWidth and ScreenHeight size the virtual terminal when it must
	// differ from the PTY size asked for (a hostile client claiming a huge
	// terminal); Width and Height if zero.
	ScreenWidth, ScreenHeight int
	// Term is the TERM sent with the PTY request; xterm-256color if empty.
	Term string
	// NoPTY skips the PTY request.
	NoPTY bool
	// Command, if set, is sent as an exec request instead of a shell.
	Command string
	// NoRead leaves the session output unread, like a frozen client.
	NoRead bool
	// Freeze, once closed, makes the client answer nothing, keepalives
	// included, as a suspended ssh or a shut laptop does: what arrives on
	// its TCP connection is thrown away unread by SSH, so only the server
	// closing the connection reaches it.
	Freeze <-chan struct{}
	// Screenless skips the virtual terminal and only counts output and
	// scans it for Watch tokens (cheaper, for benchmarks).
	Screenless bool
	// Background, if set (for example "rgb:ffff/ffff/ffff"), is how the
	// client answers a background colour query (OSC 11); unset, it does
	// not answer, as many terminals do not.
	Background string
	// Latin1 makes the client answer a cursor position query as a
	// terminal in a single-byte character set would: every byte of a
	// multi-byte character takes a column. (Only the answers change; the
	// virtual screen still decodes UTF-8.)
	Latin1 bool
	// NoReplies makes the client answer no query at all.
	NoReplies bool
	// Palette makes the client answer palette colour queries (OSC 4) for
	// colours 0 to 255, as a 256-colour terminal such as PuTTY does;
	// unset, it does not answer them.
	Palette bool
	// Env is sent with env requests before the PTY request (COLORTERM,
	// say).
	Env map[string]string
}

// freezingConn hands SSH nothing more once freeze is closed: it drains
// the connection until it ends, so the end still reaches the client.
type freezingConn struct {
	net.Conn
	freeze <-chan struct{}
}

func (c *freezingConn) Read(p []byte) (int, error) {
	select {
	case <-c.freeze:
		_, err := io.Copy(io.Discard, c.Conn)
		if err == nil {
			err = io.EOF
		}
		return 0, err
	default:
		return c.Conn.Read(p)
	}
}

// Client is one SSH terminal connected to the server.
type Client struct {
	conn  *gossh.Client
	sess  *gossh.Session
	stdin io.WriteCloser

	mu      sync.Mutex // guards everything below
	screen  *Screen
	raw     []byte // the last 64 KiB of output, escape codes stripped later
	bytes   int64
	changed chan struct{} // closed and replaced on every output
	done    bool
	open    int // output streams (stdout, stderr) not yet at EOF
	err     error
	watch   map[string]func(time.Time)
	tail    []byte // end of the previous chunk, so a watched token split across reads is found
	opts    Options
	qtail   []byte // end of the previous chunk, for queries split across reads
	col     int    // cursor column a single-byte terminal would be at (Latin1)
}

// Dial connects to addr, requests a PTY (unless NoPTY) and starts a shell
// (or o.Command).
func Dial(addr string, o Options) (*Client, error) {
	if o.Width == 0 {
		o.Width, o.Height = 80, 24
	}
	if o.Term == "" {
		o.Term = "xterm-256color"
	}
	cfg := &gossh.ClientConfig{
		User:            o.User,
		Auth:            o.Auth,
		AuthCallback:    o.AuthCallback,
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), // test servers have fresh host keys
		Timeout:         10 * time.Second,
	}
	nc, err := net.DialTimeout("tcp", addr, cfg.Timeout)
	if err != nil {
		return nil, err
	}
	if o.Freeze != nil {
		nc = &freezingConn{Conn: nc, freeze: o.Freeze}
	}
	cc, chans, reqs, err := gossh.NewClientConn(nc, addr, cfg)
	if err != nil {
		nc.Close()
		return nil, err
	}
	conn := gossh.NewClient(cc, chans, reqs)
	sess, err := conn.NewSession()
	if err != nil {
		conn.Close()
		return nil, err
	}
	sw, sh := o.Width, o.Height
	if o.ScreenWidth > 0 && o.ScreenHeight > 0 {
		sw, sh = o.ScreenWidth, o.ScreenHeight
	}
	c := &Client{conn: conn, sess: sess, screen: NewScreen(sw, sh), changed: make(chan struct{}), opts: o}
	if o.Screenless {
		c.screen = nil
	}
	if c.stdin, err = sess.StdinPipe(); err != nil {
		conn.Close()
		return nil, err
	}
	var out io.Reader
	// A pipe that is never read is what keeps the SSH window from being
	// replenished; without a pipe the library would discard the output.
	if out, err = sess.StdoutPipe(); err != nil {
		conn.Close()
		return nil, err
	}
	if o.NoRead {
		out = nil
	} else {
		errOut, err := sess.StderrPipe()
		if err != nil {
			conn.Close()
			return nil, err
		}
		c.open = 2
		go c.read(errOut)
	}
	for k, v := range o.Env {
		if err := sess.Setenv(k, v); err != nil {
			conn.Close()
			return nil, fmt.Errorf("env request: %w", err)
		}
	}
	if !o.NoPTY {
		modes := gossh.TerminalModes{gossh.ECHO: 0}
		if err := sess.RequestPty(o.Term, o.Height, o.Width, modes); err != nil {
			conn.Close()
			return nil, fmt.Errorf("pty request: %w", err)
		}
	}
	if o.Command != "" {
		err = sess.Start(o.Command)
	} else {
		err = sess.Shell()
	}
	if err != nil {
		conn.Close()
		return nil, err
	}
	if out != nil {
		go c.read(out)
	}
	return c, nil
}

// read copies one output stream into the screen; the session counts as
// done once both stdout and stderr have ended, so nothing printed last on
// either is missed.
func (c *Client) read(r io.Reader) {
	buf := make([]byte, 32<<10)
	for {
		n, err := r.Read(buf)
		now := time.Now()
		c.mu.Lock()
		if n > 0 {
			chunk := buf[:n]
			c.bytes += int64(n)
			if c.screen != nil {
				_, _ = c.screen.Write(chunk)
			}
			c.raw = append(c.raw, chunk...)
			if len(c.raw) > 64<<10 {
				c.raw = append(c.raw[:0], c.raw[len(c.raw)-32<<10:]...)
			}
			if len(c.watch) > 0 {
				hay := append(c.tail, chunk...)
				for tok, fn := range c.watch {
					if strings.Contains(string(hay), tok) {
						delete(c.watch, tok)
						fn(now)
					}
				}
				c.tail = append(c.tail[:0], hay[max(0, len(hay)-64):]...)
			}
			if reply := c.replies(chunk); reply != "" {
				go c.Send(reply)
			}
			close(c.changed)
			c.changed = make(chan struct{})
		}
		if err != nil {
			if !errors.Is(err, io.EOF) && c.err == nil {
				c.err = err
			}
			if c.open--; c.open == 0 {
				c.done = true
				close(c.changed)
				c.changed = make(chan struct{})
			}
			c.mu.Unlock()
			return
		}
		c.mu.Unlock()
	}
}

// Watch calls fn (from the reading goroutine) with the time the raw output
// first contains token. Tokens are matched in the byte stream, so they must
// be printed contiguously; use the Screen for anything else.
func (c *Client) Watch(token string, fn func(time.Time)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.watch == nil {
		c.watch = map[string]func(time.Time){}
	}
	c.watch[token] = fn
}

// Send types s on the terminal.
func (c *Client) Send(s string) error {
	_, err := io.WriteString(c.stdin, s)
	return err
}

// WindowChange tells the server the terminal is now w×h (the virtual
// screen keeps its size).
func (c *Client) WindowChange(w, h int) error { return c.sess.WindowChange(h, w) }

// Screen returns the visible screen text.
func (c *Client) Screen() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.screen == nil {
		return ""
	}
	return c.screen.Text()
}

// RawOutput returns the last of the output as it came, escape sequences
// and all.
func (c *Client) RawOutput() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return string(c.raw)
}

// Output returns the recent raw output with escape sequences removed.
func (c *Client) Output() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return stripANSI(c.raw)
}

// Bytes returns how many bytes of output have arrived.
func (c *Client) Bytes() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.bytes
}

// Done reports whether the server closed the session output.
func (c *Client) Done() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.done
}

// WaitFunc waits until ok returns true for the screen text and the text
// of everything printed (escape codes removed), or ctx ends; it returns the
// screen at that moment.
func (c *Client) WaitFunc(ctx context.Context, ok func(screen, output string) bool) (string, error) {
	for {
		c.mu.Lock()
		screen := ""
		if c.screen != nil {
			screen = c.screen.Text()
			if sb := c.screen.Scrollback(); len(sb) > 0 {
				screen = strings.Join(sb, "\n") + "\n" + screen
			}
		}
		out := stripANSI(c.raw)
		ch := c.changed
		done := c.done
		c.mu.Unlock()
		if ok(screen, out) {
			return screen, nil
		}
		if done {
			return screen, fmt.Errorf("session ended before the screen matched; screen:\n%s", screen)
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return screen, fmt.Errorf("%w; screen:\n%s", ctx.Err(), screen)
		}
	}
}

// WaitFor waits until the screen shows want.
func (c *Client) WaitFor(ctx context.Context, want string) (string, error) {
	return c.WaitFunc(ctx, func(screen, _ string) bool { return strings.Contains(screen, want) })
}

// WaitDone waits until the server ends the session.
func (c *Client) WaitDone(ctx context.Context) error {
	_, err := c.WaitFunc(ctx, func(string, string) bool { return false })
	if c.Done() {
		return nil
	}
	return err
}

// Close ends the session and the connection.
func (c *Client) Close() error {
	_ = c.sess.Close()
	return c.conn.Close()
}

// Conn returns the underlying SSH connection.
func (c *Client) Conn() *gossh.Client { return c.conn }

// LocalAddr returns the client end of the connection.
func (c *Client) LocalAddr() net.Addr { return c.conn.LocalAddr() }

func stripANSI(b []byte) string {
	// Strip works on strings; a cut sequence at the start is harmless.
	return strings.ReplaceAll(ansi.Strip(string(b)), "\r", "")
}
