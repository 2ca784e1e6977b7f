package main

import (
	"bytes"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"netday/store"
)

func TestWindowSizesAreClamped(t *testing.T) {
	srv := testServer(t, t.TempDir())
	c := dial(t, srv.addr(), gossh.PublicKeys(newKey(t)))

	tm := openTerm(t, c, 80, 24)
	tm.waitFor("This is your first visit", "enter start")
	tm.resize(60, 16) // the smallest size: the next step is still on screen
	tm.waitFor("This is your first visit", "enter start")
	tm.resize(50, 10)
	tm.waitFor("Please enlarge the window", "60×16", "50×10")
	tm.send(keyEnter) // keys other than q do nothing while too small
	tm.resize(65535, 65535)
	tm.waitGone("Please enlarge")
	tm.resize(80, 24)
	s := tm.waitFor("This is your first visit", "enter start")
	if strings.Contains(s, "How are you taking part") {
		t.Fatal("enter pressed while the window was too small acted on the screen behind")
	}

	// A client that starts at 0×0 gets the enlarge message, not a crash.
	zero := openTerm(t, c, 0, 0)
	// The first frame comes before any resize: the SSH library writes the
	// window size without a lock while the handler reads it at start.
	deadline := time.Now().Add(waitTimeout)
	for zero.rawOutput() == "" {
		if time.Now().After(deadline) {
			t.Fatal("no first frame at 0×0")
		}
		time.Sleep(10 * time.Millisecond)
	}
	zero.resize(70, 20)
	zero.waitFor("This is your first visit")
}

func TestCtrlZIsHarmless(t *testing.T) {
	srv := testServer(t, t.TempDir())
	tm := openTerm(t, dial(t, srv.addr(), gossh.PublicKeys(newKey(t))), 80, 24)
	tm.waitFor("This is your first visit")
	tm.send(keyCtrlZ)
	tm.send(keyEnter)
	tm.waitFor("How are you taking part?") // the program still runs
	tm.send(keyCtrlC)
	if err := tm.waitExit(); err != nil {
		t.Fatalf("ctrl+c should leave cleanly: %v", err)
	}
	// The server is alive for the next visitor.
	openTerm(t, dial(t, srv.addr(), gossh.PublicKeys(newKey(t))), 80, 24).waitFor("This is your first visit")
}

var colourSGR = regexp.MustCompile(`\x1b\[[0-9;]*(3[0-9]|38;[25];[0-9;]+)m`)

func TestNoColorSessionsHaveNoColour(t *testing.T) {
	srv := testServer(t, t.TempDir())
	c := dial(t, srv.addr(), gossh.PublicKeys(newKey(t)))

	coloured := openTerm(t, c, 80, 24)
	coloured.waitFor("This is your first visit")
	if !colourSGR.MatchString(coloured.rawOutput()) {
		t.Fatal("an xterm-256color session should get colour (control for the NO_COLOR check)")
	}
	plain := openTerm(t, c, 80, 24, termOpt{env: map[string]string{"NO_COLOR": "1"}})
	plain.waitFor("This is your first visit", "Welcome to the Next Generation Day")
	if m := colourSGR.FindString(plain.rawOutput()); m != "" {
		t.Fatalf("NO_COLOR session received colour %q", m)
	}
}

func TestGuestCannotCreateAProfile(t *testing.T) {
	srv := testServer(t, t.TempDir())
	tm := openTerm(t, dial(t, srv.addr(), gossh.KeyboardInteractive(noPrompts)), 60, 16)
	tm.waitFor("GUEST", "connected as a guest", "ssh-keygen -t ed25519")
	tm.send("e")
	tm.send(keyDown)
	tm.waitFor("connected as a guest")
	if c, _ := srv.store.Counts(); c.Participants != 0 {
		t.Fatalf("guest created a profile: %+v", c)
	}
	tm.send("q")
	if err := tm.waitExit(); err != nil {
		t.Fatal(err)
	}
}

func TestFirstFrameWithoutAnsweringTerminalQueries(t *testing.T) {
	srv := testServer(t, t.TempDir())
	tm := openTerm(t, dial(t, srv.addr(), gossh.PublicKeys(newKey(t))), 80, 24, termOpt{noAnswer: true})
	tm.waitFor("This is your first visit")
}

func TestShutdownSaysGoodbyeAndStopsInTime(t *testing.T) {
	srv := testServer(t, t.TempDir())
	a := openTerm(t, dial(t, srv.addr(), gossh.PublicKeys(newKey(t))), 80, 24)
	b := openTerm(t, dial(t, srv.addr(), gossh.KeyboardInteractive(noPrompts)), 80, 24)
	a.waitFor("This is your first visit")
	b.waitFor("GUEST")
	start := time.Now()
	if err := srv.shutdown(9 * time.Second); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Fatalf("shutdown took %v", d)
	}
	for _, tm := range []*term{a, b} {
		_ = tm.waitExit()
		if !strings.Contains(tm.rawOutput(), "shutting down for a moment") {
			t.Fatalf("no goodbye line; raw tail %q", tail(tm.rawOutput(), 200))
		}
	}
	if _, err := srv.store.Counts(); err == nil {
		t.Fatal("the store should be closed after shutdown")
	}
}

func tail(s string, n int) string { return s[max(len(s)-n, 0):] }

func TestOrganiserPanelUpdatesLive(t *testing.T) {
	organiser := newKey(t)
	srv := testServer(t, t.TempDir(), withAdmins(t, organiser))
	org := openTerm(t, dial(t, srv.addr(), gossh.PublicKeys(organiser)), 80, 24)
	org.waitFor("ORGANISER", "Participants 0 · Experts 0 · Profiles complete 0 · Online 1")

	pkey := newKey(t)
	tm := openTerm(t, dial(t, srv.addr(), gossh.PublicKeys(pkey)), 80, 24)
	org.waitFor("Online 2") // no key pressed on the organiser's screen
	// A second window with the same key is the same person.
	second := openTerm(t, dial(t, srv.addr(), gossh.PublicKeys(pkey)), 80, 24)
	second.waitFor("This is your first visit")
	third := openTerm(t, dial(t, srv.addr(), gossh.PublicKeys(newKey(t))), 80, 24)
	third.waitFor("This is your first visit")
	org.waitFor("Online 3") // organiser, the key with two windows, the third key
	for _, tm := range []*term{second, third} {
		tm.send("q")
		_ = tm.waitExit()
	}
	org.waitFor("Online 2")
	onboard(t, tm, "Omar Haddad")
	org.waitFor("Participants 1 · Experts 0 · Profiles complete 1")
	tm.send("q")
	_ = tm.waitExit()
	org.waitFor("Online 1")
}

func TestBackupWhileServing(t *testing.T) {
	organiser := newKey(t)
	dir := t.TempDir()
	srv := testServer(t, dir, withAdmins(t, organiser))
	key := newKey(t)
	p := store.Profile{
		Fingerprint: gossh.FingerprintSHA256(key.PublicKey()), Role: store.RoleParticipant, Name: "Lena Berg",
		TimeZone: "Europe/Berlin", Languages: []string{"German"}, Areas: []string{"Gender equality"},
	}
	if _, err := srv.store.PutProfile(p); err != nil {
		t.Fatal(err)
	}

	// Local command: through the running server's control socket.
	target := filepath.Join(t.TempDir(), "copy.db")
	var out, errOut bytes.Buffer
	if code := run([]string{"backup", "--data", dir, target}, nil, &out, &errOut); code != 0 {
		t.Fatalf("netday backup exit %d: %s", code, errOut.String())
	}
	if !strings.Contains(out.String(), "from the running server") || !strings.Contains(out.String(), "verified") {
		t.Fatalf("backup output %q", out.String())
	}
	assertBackupHas(t, target, p.Fingerprint)

	// Over SSH, for organisers.
	data, err := runCommand(t, dial(t, srv.addr(), gossh.PublicKeys(organiser)), "backup")
	if err != nil {
		t.Fatalf("ssh backup: %v", err)
	}
	sshCopy := filepath.Join(t.TempDir(), "ssh.db")
	if err := osWriteFile(sshCopy, data); err != nil {
		t.Fatal(err)
	}
	assertBackupHas(t, sshCopy, p.Fingerprint)

	// Stopped server: straight from the file.
	if err := srv.shutdown(9 * time.Second); err != nil {
		t.Fatal(err)
	}
	cold := filepath.Join(t.TempDir(), "cold.db")
	out.Reset()
	if code := run([]string{"backup", "--data", dir, cold}, nil, &out, &errOut); code != 0 {
		t.Fatalf("cold backup exit %d: %s", code, errOut.String())
	}
	if !strings.Contains(out.String(), "from the stopped database") {
		t.Fatalf("cold backup output %q", out.String())
	}
	assertBackupHas(t, cold, p.Fingerprint)
}

func assertBackupHas(t *testing.T, path, fp string) {
	t.Helper()
	if err := store.CheckFile(path, time.Second); err != nil {
		t.Fatalf("backup %s does not verify: %v", path, err)
	}
	st, err := store.Open(path, store.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.Profile(fp); err != nil {
		t.Fatalf("backup lacks the profile: %v", err)
	}
}
