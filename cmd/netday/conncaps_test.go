package main

import (
	"errors"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// openChannels opens up to n bare session channels over one connection and
// returns how many the server accepted and the first refusal.
func openChannels(t *testing.T, c *gossh.Client, n int) (int, error) {
	t.Helper()
	opened := 0
	var refusal error
	for range n {
		ch, reqs, err := c.OpenChannel("session", nil)
		if err != nil {
			if refusal == nil {
				refusal = err
			}
			continue
		}
		go gossh.DiscardRequests(reqs)
		t.Cleanup(func() { ch.Close() })
		opened++
	}
	return opened, refusal
}

// Defect 2: one guest connection opened 1,500 sessions over one socket.
func TestSessionsPerConnectionAreCapped(t *testing.T) {
	srv := testServer(t, t.TempDir(), func(c *config) { c.MaxPerConn = 3 })
	guest := dial(t, srv.addr(), gossh.KeyboardInteractive(noPrompts))
	opened, err := openChannels(t, guest, 200)
	if opened != 3 {
		t.Fatalf("a guest opened %d sessions over one connection, want 3", opened)
	}
	var oce *gossh.OpenChannelError
	if !errors.As(err, &oce) || !strings.Contains(oce.Message, "at most 3 sessions on one connection") {
		t.Fatalf("refusal = %v", err)
	}
	// A key holder gets the same cap, and the refused connection still works.
	member := dial(t, srv.addr(), gossh.PublicKeys(newKey(t)))
	if opened, _ := openChannels(t, member, 50); opened != 3 {
		t.Fatalf("a key holder opened %d sessions over one connection, want 3", opened)
	}
	if _, err := runCommand(t, guest, "help"); err == nil || !strings.Contains(err.Error(), "at most 3 sessions") {
		t.Fatalf("a fourth session (a command): %v", err)
	}
}

// Defect 2: --max-sessions counted TCP connections, not sessions.
func TestMaxSessionsCountsSessions(t *testing.T) {
	srv := testServer(t, t.TempDir(), func(c *config) { c.MaxSessions = 4; c.MaxPerConn = 6 })
	a := dial(t, srv.addr(), gossh.PublicKeys(newKey(t)))
	b := dial(t, srv.addr(), gossh.PublicKeys(newKey(t)))
	na, _ := openChannels(t, a, 3)
	nb, err := openChannels(t, b, 3)
	if na+nb != 4 {
		t.Fatalf("%d+%d sessions open with --max-sessions 4", na, nb)
	}
	if err == nil || !strings.Contains(err.Error(), "netday is full") {
		t.Fatalf("refusal = %v", err)
	}
}

// Defect 2: guests (no key) have a cap of their own.
func TestGuestSessionsAreCapped(t *testing.T) {
	srv := testServer(t, t.TempDir(), func(c *config) { c.MaxGuests = 2 })
	for i := range 2 {
		g := dial(t, srv.addr(), gossh.KeyboardInteractive(noPrompts))
		if n, err := openChannels(t, g, 1); n != 1 {
			t.Fatalf("guest %d refused: %v", i, err)
		}
	}
	g := dial(t, srv.addr(), gossh.KeyboardInteractive(noPrompts))
	_, err := runCommand(t, g, "help")
	if err == nil || !strings.Contains(err.Error(), "too many guests") || !strings.Contains(err.Error(), "ssh-keygen") {
		t.Fatalf("third guest: %v", err)
	}
	// People with a key are not affected by the guest cap.
	if _, err := runCommand(t, dial(t, srv.addr(), gossh.PublicKeys(newKey(t))), "help"); err != nil {
		t.Fatalf("a key holder was refused by the guest cap: %v", err)
	}

	// --max-guests 0: no guests at all, and they are told so.
	none := testServer(t, t.TempDir(), func(c *config) { c.MaxGuests = 0 })
	_, err = runCommand(t, dial(t, none.addr(), gossh.KeyboardInteractive(noPrompts)), "help")
	if err == nil || !strings.Contains(err.Error(), "this server takes no guests") {
		t.Fatalf("guest with --max-guests 0: %v", err)
	}
}

// waitClosed waits until the server closes the client's connection.
func waitClosed(t *testing.T, c *gossh.Client, within time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	done := make(chan struct{})
	go func() { _ = c.Wait(); close(done) }()
	select {
	case <-done:
		return time.Since(start)
	case <-time.After(within):
		t.Fatalf("the server kept the connection open for %s", within)
		return 0
	}
}

// Defect 3: clients that ran `help` and kept their connection filled the
// server.
func TestConnectionWithoutSessionIsClosed(t *testing.T) {
	srv := testServer(t, t.TempDir(), func(c *config) { c.LoginTimeout = 500 * time.Millisecond })
	c := dial(t, srv.addr(), gossh.PublicKeys(newKey(t)))
	if _, err := runCommand(t, c, "help"); err != nil {
		t.Fatal(err)
	}
	waitClosed(t, c, waitTimeout)
}

// Defect 3: the idle timeout covered terminal sessions only. A session that
// never sends input is closed, even while the client sends keepalives.
func TestIdleTimeoutCoversEveryConnection(t *testing.T) {
	srv := testServer(t, t.TempDir(), func(c *config) { c.IdleTimeout = time.Second })
	c := dial(t, srv.addr(), gossh.PublicKeys(newKey(t)))
	if _, err := runCommand(t, c, "help"); err != nil {
		t.Fatal(err)
	}
	ch, reqs, err := c.OpenChannel("session", nil)
	if err != nil {
		t.Fatalf("session refused: %v", err)
	}
	go gossh.DiscardRequests(reqs)
	said := make(chan []byte, 1)
	go func() { b, _ := io.ReadAll(ch.Stderr()); said <- b }()
	stop := make(chan struct{})
	defer close(stop)
	go func() { // like OpenSSH's ServerAliveInterval
		for {
			select {
			case <-stop:
				return
			case <-time.After(100 * time.Millisecond):
				if _, _, err := c.SendRequest("keepalive@openssh.com", true, nil); err != nil {
					return
				}
			}
		}
	}()
	waitClosed(t, c, waitTimeout)
	if b := <-said; !strings.Contains(string(b), "netday: closed after 1s without input") {
		t.Fatalf("the session was told %q", b)
	}
}

// Defect 6: a refused connection got no reason, only a closed socket.
func TestRefusedConnectionSaysWhy(t *testing.T) {
	srv := testServer(t, t.TempDir(), func(c *config) { c.MaxPerIP = 1 })
	dial(t, srv.addr(), gossh.PublicKeys(newKey(t)))
	_, err := gossh.Dial("tcp", srv.addr(), &gossh.ClientConfig{
		User: "x", Auth: []gossh.AuthMethod{gossh.PublicKeys(newKey(t))},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: waitTimeout,
	})
	if err == nil || !strings.Contains(err.Error(), "too many connections from your address (limit 1)") {
		t.Fatalf("second connection from one address: %v", err)
	}

	srv2 := testServer(t, t.TempDir(), func(c *config) { c.MaxSessions = 1 })
	dial(t, srv2.addr(), gossh.PublicKeys(newKey(t)))
	conn, err := net.Dial("tcp", srv2.addr())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_, _, _, err = gossh.NewClientConn(conn, srv2.addr(), &gossh.ClientConfig{
		User: "x", Auth: []gossh.AuthMethod{gossh.PublicKeys(newKey(t))},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(),
	})
	if err == nil || !strings.Contains(err.Error(), "netday is full (1 connection);") {
		t.Fatalf("connection over --max-sessions: %v", err)
	}
}
