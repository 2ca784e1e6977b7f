package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"io"
	"sync"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// screenReader collects a session's output and waits for text in it.
type screenReader struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	cond *sync.Cond
	err  error
}

func newScreenReader(r io.Reader) *screenReader {
	s := &screenReader{}
	s.cond = sync.NewCond(&s.mu)
	go func() {
		b := make([]byte, 16*1024)
		for {
			n, err := r.Read(b)
			s.mu.Lock()
			s.buf.Write(b[:n])
			if s.buf.Len() > 1<<20 { // keep the tail only; offsets are relative to it
				s.buf.Next(s.buf.Len() - 64<<10)
			}
			if err != nil {
				s.err = err
			}
			s.cond.Broadcast()
			s.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	return s
}

// waitFor waits until want appears in output received after offset.
func (s *screenReader) waitFor(want string, offset int, deadline time.Time) error {
	timer := time.AfterFunc(time.Until(deadline), func() {
		s.mu.Lock()
		s.cond.Broadcast()
		s.mu.Unlock()
	})
	defer timer.Stop()
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		if offset > s.buf.Len() {
			offset = 0
		}
		if bytes.Contains(s.buf.Bytes()[offset:], []byte(want)) {
			return nil
		}
		if s.err != nil {
			return fmt.Errorf("waiting for %q: %w", want, s.err)
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("waiting for %q: timed out", want)
		}
		s.cond.Wait()
	}
}

// mark drops what was read so far and returns the offset to wait from.
func (s *screenReader) mark() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.buf.Reset()
	return 0
}

// session is one person's terminal session with the app.
type session struct {
	client     *gossh.Client
	sess       *gossh.Session
	in         io.Writer
	screen     *screenReader
	firstFrame time.Duration // from dialling to the welcome screen
	page       int           // 0 welcome, 1 role question
}

// newSigner makes a fresh ed25519 key: every session is another person.
func newSigner() (gossh.Signer, error) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	return gossh.NewSignerFromKey(priv)
}

// openSession connects with a new key and a PTY and waits for the first
// frame of the app.
func openSession(addr string, deadline time.Time) (*session, error) {
	signer, err := newSigner()
	if err != nil {
		return nil, err
	}
	t0 := time.Now()
	c, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{
		User: "load", Auth: []gossh.AuthMethod{gossh.PublicKeys(signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: time.Until(deadline),
	})
	if err != nil {
		return nil, fmt.Errorf("dial: %w", err)
	}
	s := &session{client: c}
	fail := func(what string, err error) (*session, error) {
		c.Close()
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	if s.sess, err = c.NewSession(); err != nil {
		return fail("session", err)
	}
	if err := s.sess.RequestPty("xterm-256color", 24, 80, gossh.TerminalModes{}); err != nil {
		return fail("pty", err)
	}
	if s.in, err = s.sess.StdinPipe(); err != nil {
		return fail("stdin", err)
	}
	out, err := s.sess.StdoutPipe()
	if err != nil {
		return fail("stdout", err)
	}
	if err := s.sess.Shell(); err != nil {
		return fail("shell", err)
	}
	s.screen = newScreenReader(out)
	if err := s.screen.waitFor("first visit", 0, deadline); err != nil {
		return fail("first frame", err)
	}
	s.firstFrame = time.Since(t0)
	return s, nil
}

// key presses a key that changes the screen (welcome ⇄ role question) and
// returns the time until the new screen arrived.
func (s *session) key(deadline time.Time) (time.Duration, error) {
	key, want := "\r", "How are you taking part"
	if s.page == 1 {
		key, want = "\x1b", "first visit"
	}
	off := s.screen.mark()
	sent := time.Now()
	if _, err := io.WriteString(s.in, key); err != nil {
		return 0, fmt.Errorf("key: %w", err)
	}
	if err := s.screen.waitFor(want, off, deadline); err != nil {
		return 0, err
	}
	s.page = 1 - s.page
	return time.Since(sent), nil
}

// vanish drops the connection without a goodbye, like a laptop lid closing.
func (s *session) vanish() { s.client.Close() }
