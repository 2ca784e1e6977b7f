package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/vt"
	gossh "golang.org/x/crypto/ssh"
)

// waitTimeout bounds every wait for a screen state; CI runs on 2 cores
// under -race, so it is generous. Tests poll, they never sleep.
const waitTimeout = 30 * time.Second

// testServer starts a real server on 127.0.0.1:0 with its data in dir.
func testServer(t *testing.T, dir string, mutate ...func(*config)) *server {
	t.Helper()
	cfg := config{
		Listen: "127.0.0.1:0", Data: dir, MaxSessions: 100, MaxPerIP: 100, MaxPerKey: 20,
		MaxPerConn: 20, MaxGuests: 100,
		LoginTimeout: 20 * time.Second,
	}
	for _, m := range mutate {
		m(&cfg)
	}
	srv, err := newServer(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatalf("new server: %v", err)
	}
	if err := srv.start(); err != nil {
		t.Fatalf("start server: %v", err)
	}
	t.Cleanup(func() { _ = srv.shutdown(5 * time.Second) })
	return srv
}

// newKey makes a fresh ed25519 SSH key.
func newKey(t *testing.T) gossh.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// dial connects a real SSH client with the given auth methods.
func dial(t *testing.T, addr string, auth ...gossh.AuthMethod) *gossh.Client {
	t.Helper()
	c, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{
		User:            "anyone",
		Auth:            auth,
		HostKeyCallback: gossh.InsecureIgnoreHostKey(),
		Timeout:         waitTimeout,
	})
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// term is an SSH session with a PTY whose output is read through a terminal
// emulator, the way a person sees it.
type term struct {
	t    *testing.T
	sess *gossh.Session
	in   io.WriteCloser

	mu  sync.Mutex
	emu *vt.Emulator
	raw bytes.Buffer // every byte the server sent

	done chan struct{}
	err  error
}

type termOpt struct {
	env      map[string]string
	noAnswer bool // never answer terminal queries
}

// openTerm opens a session with a w×h PTY and starts the app.
func openTerm(t *testing.T, c *gossh.Client, w, h int, opts ...termOpt) *term {
	t.Helper()
	var opt termOpt
	if len(opts) > 0 {
		opt = opts[0]
	}
	sess, err := c.NewSession()
	if err != nil {
		t.Fatalf("new session: %v", err)
	}
	for k, v := range opt.env {
		if err := sess.Setenv(k, v); err != nil {
			t.Fatalf("setenv %s: %v", k, err)
		}
	}
	if err := sess.RequestPty("xterm-256color", h, w, gossh.TerminalModes{gossh.ECHO: 0}); err != nil {
		t.Fatalf("request pty: %v", err)
	}
	in, err := sess.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := sess.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	tm := &term{t: t, sess: sess, in: in, emu: vt.NewEmulator(w, h), done: make(chan struct{})}
	if err := sess.Shell(); err != nil {
		t.Fatalf("shell: %v", err)
	}
	go func() {
		buf := make([]byte, 32*1024)
		for {
			n, err := out.Read(buf)
			if n > 0 {
				tm.mu.Lock()
				tm.raw.Write(buf[:n])
				_, _ = tm.emu.Write(buf[:n])
				tm.mu.Unlock()
			}
			if err != nil {
				tm.err = sess.Wait()
				close(tm.done)
				return
			}
		}
	}()
	if !opt.noAnswer {
		go func() { _, _ = io.Copy(in, tm.emu) }() // the emulator's replies to queries
	}
	t.Cleanup(func() { sess.Close() })
	return tm
}

// screen is the text a person sees now.
func (tm *term) screen() string {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	return ansi.Strip(tm.emu.Render())
}

// rawOutput is everything the server sent so far.
func (tm *term) rawOutput() string {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	return tm.raw.String()
}

// waitFor polls until the screen shows every one of wants.
func (tm *term) waitFor(wants ...string) string {
	tm.t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for {
		s := tm.screen()
		ok := true
		for _, w := range wants {
			if !strings.Contains(s, w) {
				ok = false
				break
			}
		}
		if ok {
			return s
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("screen never showed %q; it shows:\n%s", wants, s)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// waitGone polls until the screen no longer shows s.
func (tm *term) waitGone(s string) {
	tm.t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for strings.Contains(tm.screen(), s) {
		if time.Now().After(deadline) {
			tm.t.Fatalf("screen still shows %q:\n%s", s, tm.screen())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// waitExit waits for the session to end and returns its error.
func (tm *term) waitExit() error {
	tm.t.Helper()
	select {
	case <-tm.done:
		return tm.err
	case <-time.After(waitTimeout):
		tm.t.Fatalf("session did not end; screen:\n%s", tm.screen())
		return nil
	}
}

// Keys as a terminal sends them.
const (
	keyEnter = "\r"
	keyDown  = "\x1b[B"
	keyUp    = "\x1b[A"
	keyEsc   = "\x1b"
	keyCtrlC = "\x03"
	keyCtrlZ = "\x1a"
	keyBack  = "\x7f"
)

// send types keys; each argument is written separately, like key presses.
func (tm *term) send(keys ...string) {
	tm.t.Helper()
	for _, k := range keys {
		if _, err := io.WriteString(tm.in, k); err != nil {
			tm.t.Fatalf("send %q: %v", k, err)
		}
	}
}

// erase deletes typed text from a field, one backspace per rune.
func (tm *term) erase(typed string) {
	tm.t.Helper()
	for range []rune(typed) {
		tm.send(keyBack)
	}
}

// resize tells the server the window changed.
func (tm *term) resize(w, h int) {
	tm.t.Helper()
	tm.mu.Lock()
	tm.emu.Resize(min(w, 300), min(h, 100))
	tm.mu.Unlock()
	if err := tm.sess.WindowChange(h, w); err != nil {
		tm.t.Fatalf("window change: %v", err)
	}
}
