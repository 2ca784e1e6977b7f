package main

import (
	"io"
	"net"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

func TestIdleSessionsAreClosed(t *testing.T) {
	srv := testServer(t, t.TempDir(), func(c *config) { c.IdleTimeout = 400 * time.Millisecond })
	tm := openTerm(t, dial(t, srv.addr(), gossh.PublicKeys(newKey(t))), 80, 24)
	tm.waitFor("This is your first visit")
	if err := tm.waitExit(); err != nil {
		t.Fatalf("idle close should exit 0: %v", err)
	}
	if raw := tm.rawOutput(); !strings.Contains(raw, "without activity") {
		t.Fatalf("no idle goodbye in %q", tail(raw, 200))
	}
}

func TestSilentConnectionsAreDroppedAfterTheLoginTimeout(t *testing.T) {
	srv := testServer(t, t.TempDir(), func(c *config) { c.LoginTimeout = 300 * time.Millisecond })
	conn, err := net.Dial("tcp", srv.addr())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetReadDeadline(time.Now().Add(waitTimeout))
	// The server sends its version line, then must hang up on a client
	// that never logs in.
	if _, err := io.ReadAll(conn); err != nil {
		t.Fatalf("connection was not closed by the server: %v", err)
	}
}

func TestConnectionsPerAddressAreCapped(t *testing.T) {
	srv := testServer(t, t.TempDir(), func(c *config) { c.MaxPerIP = 2 })
	a := dial(t, srv.addr(), gossh.PublicKeys(newKey(t)))
	b := dial(t, srv.addr(), gossh.PublicKeys(newKey(t)))
	_, err := gossh.Dial("tcp", srv.addr(), &gossh.ClientConfig{
		User: "x", Auth: []gossh.AuthMethod{gossh.PublicKeys(newKey(t))},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: waitTimeout,
	})
	if err == nil {
		t.Fatal("a third connection from the same address was let in")
	}
	a.Close()
	deadline := time.Now().Add(waitTimeout)
	for { // the freed slot is given back
		c, err := gossh.Dial("tcp", srv.addr(), &gossh.ClientConfig{
			User: "x", Auth: []gossh.AuthMethod{gossh.PublicKeys(newKey(t))},
			HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: waitTimeout,
		})
		if err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("slot never freed: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	_ = b
}

func TestSessionsPerKeyAreCapped(t *testing.T) {
	srv := testServer(t, t.TempDir(), func(c *config) { c.MaxPerKey = 1 })
	key := newKey(t)
	first := openTerm(t, dial(t, srv.addr(), gossh.PublicKeys(key)), 80, 24)
	first.waitFor("This is your first visit")
	c := dial(t, srv.addr(), gossh.PublicKeys(key))
	if _, err := runCommand(t, c, "help"); err == nil || !strings.Contains(err.Error(), "too many sessions are open with this key (limit 1)") {
		t.Fatalf("second session with the same key: %v", err)
	}
	// Another key is not affected, and the slot comes back.
	openTerm(t, dial(t, srv.addr(), gossh.PublicKeys(newKey(t))), 80, 24).waitFor("This is your first visit")
	first.send("q")
	_ = first.waitExit()
	deadline := time.Now().Add(waitTimeout)
	for {
		if _, err := runCommand(t, c, "help"); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the key's session slot never came back")
		}
		time.Sleep(20 * time.Millisecond)
	}
}
