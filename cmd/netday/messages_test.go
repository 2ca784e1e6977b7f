package main

import (
	"bytes"
	"fmt"
	"net"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"netday/store"
)

// Issue 9, defect 10: netday invite named port 23234 whatever the running
// server listened on.
func TestInviteNamesTheRunningServersPort(t *testing.T) {
	dir := t.TempDir()
	srv := testServer(t, dir)
	_, port, _ := net.SplitHostPort(srv.addr())
	var out, errOut bytes.Buffer
	if code := run([]string{"invite", "--data", dir}, nil, &out, &errOut); code != 0 {
		t.Fatalf("netday invite: exit %d: %s", code, errOut.String())
	}
	if !strings.Contains(errOut.String(), "ssh -p "+port+" <host>") || strings.Contains(errOut.String(), "23234") {
		t.Fatalf("the note does not name the server's port %s:\n%s", port, errOut.String())
	}
}

// Issue 9, defect 10: a 100,000 character announcement was said to have
// "1120 or more".
func TestLongAnnouncementIsMeasured(t *testing.T) {
	organiser := newKey(t)
	srv := testServer(t, t.TempDir(), withAdmins(t, organiser))
	org := dial(t, srv.addr(), gossh.PublicKeys(organiser))
	_, errOut, code := sshRun(t, org, "announce "+strings.Repeat("a", 100_000))
	want := fmt.Sprintf("at most %d characters; this one has 100000.", store.MaxAnnouncement)
	if code != 2 || !strings.Contains(errOut, want) {
		t.Fatalf("exit %d, %q; want %q", code, errOut, want)
	}
	// Measured without the SSH library's word splitting, which takes
	// seconds on such a line; within the limit, the count is the same.
	_, errOut, code = sshRun(t, org, "announce "+strings.Repeat("b", 2000))
	if code != 2 || !strings.Contains(errOut, "this one has 2000.") {
		t.Fatalf("exit %d, %q", code, errOut)
	}
	// Not an organiser: a long line is just too long.
	_, errOut, code = sshRun(t, dial(t, srv.addr(), gossh.PublicKeys(newKey(t))), "announce "+strings.Repeat("a", 100_000))
	if code != 2 || !strings.Contains(errOut, "command line has 100009 bytes") {
		t.Fatalf("exit %d, %q", code, errOut)
	}
}

// Issue 9, defect 10: guests' help listed commands they cannot run and
// exited 0; the README promises guests one line and exit status 1.
func TestGuestHelpIsOneLine(t *testing.T) {
	srv := testServer(t, t.TempDir())
	g := dial(t, srv.addr(), gossh.KeyboardInteractive(noPrompts))
	out, errOut, code := sshRun(t, g, "help")
	if code != 1 || out != "" || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, "guest") {
		t.Fatalf("guest help: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	// With a key, help lists the commands and exits 0.
	m := dial(t, srv.addr(), gossh.PublicKeys(newKey(t)))
	if out, _, code := sshRun(t, m, "help"); code != 0 || !strings.Contains(out, "agenda.ics") {
		t.Fatalf("member help: exit %d, %q", code, out)
	}
}
