package main

import (
	"bytes"
	"errors"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"netday/store"
)

// sshRun runs an SSH command without a PTY and returns its stdout, stderr
// and exit status.
func sshRun(t *testing.T, c *gossh.Client, cmd string) (stdout, stderr string, code int) {
	t.Helper()
	return sshRunIn(t, c, cmd, "")
}

// codeRE is the form of an invite code.
var codeRE = regexp.MustCompile(`^[` + store.InviteAlphabet + `]{4}-[` + store.InviteAlphabet + `]{4}-[` + store.InviteAlphabet + `]{4}$`)

// codeLines splits printed codes and checks their form and that they differ.
func codeLines(t *testing.T, out string, want int) []string {
	t.Helper()
	codes := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if out == "" || len(codes) != want {
		t.Fatalf("want %d codes, got %q", want, out)
	}
	seen := map[string]bool{}
	for _, c := range codes {
		if !codeRE.MatchString(c) {
			t.Fatalf("code %q has the wrong form", c)
		}
		if seen[c] {
			t.Fatalf("code %q printed twice", c)
		}
		seen[c] = true
	}
	return codes
}

func TestInviteOverSSH(t *testing.T) {
	organiser, participant := newKey(t), newKey(t)
	srv := testServer(t, t.TempDir(), withAdmins(t, organiser))
	org := dial(t, srv.addr(), gossh.PublicKeys(organiser))

	out, errOut, code := sshRun(t, org, "invite 5")
	if code != 0 {
		t.Fatalf("invite 5: exit %d: %s", code, errOut)
	}
	codes := codeLines(t, out, 5)
	if !strings.Contains(errOut, "Expert, with an invite code") || !strings.Contains(errOut, "valid until") {
		t.Fatalf("invite note on stderr = %q", errOut)
	}
	out, _, code = sshRun(t, org, "invite")
	if code != 0 {
		t.Fatalf("invite: exit %d", code)
	}
	codeLines(t, out, 1)
	if open, _, _, err := srv.store.InviteCounts(time.Now()); err != nil || open != 6 {
		t.Fatalf("open invites = %d, %v; want 6", open, err)
	}

	for _, bad := range []string{"invite 0", "invite 501", "invite x", "invite 1 2", "invite -3", "invite '\x1b[31m'"} {
		out, errOut, code := sshRun(t, org, bad)
		if code != 2 || out != "" || !strings.Contains(errOut, "netday:") || strings.Contains(errOut, "\x1b") {
			t.Fatalf("%q: exit %d, stdout %q, stderr %q", bad, code, out, errOut)
		}
	}

	// Not for participants, and not listed in their help.
	p := dial(t, srv.addr(), gossh.PublicKeys(participant))
	out, errOut, code = sshRun(t, p, "invite 3")
	if code != 1 || out != "" || !strings.Contains(errOut, "organisers only") {
		t.Fatalf("participant invite: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if help, _, _ := sshRun(t, p, "help"); strings.Contains(help, "invite") {
		t.Fatalf("participant help lists invite:\n%s", help)
	}
	if help, _, _ := sshRun(t, org, "help"); !strings.Contains(help, "invite [N]") {
		t.Fatalf("organiser help lacks invite:\n%s", help)
	}

	// A printed code makes an expert, once.
	fp := gossh.FingerprintSHA256(participant.PublicKey())
	if err := srv.store.RedeemInvite(codes[2], fp, time.Now()); err != nil {
		t.Fatalf("redeem a printed code: %v", err)
	}
	if ok, err := srv.store.IsExpert(fp); err != nil || !ok {
		t.Fatalf("after redeeming: expert %v, %v", ok, err)
	}
	other := gossh.FingerprintSHA256(newKey(t).PublicKey())
	if err := srv.store.RedeemInvite(codes[2], other, time.Now()); !errors.Is(err, store.ErrInviteInvalid) {
		t.Fatalf("a used code redeemed again: %v", err)
	}
}

func TestInviteLocalCommand(t *testing.T) {
	dir := t.TempDir()
	srv := testServer(t, dir)
	redeem := func(st *store.Store, code string) {
		t.Helper()
		fp := gossh.FingerprintSHA256(newKey(t).PublicKey())
		if err := st.RedeemInvite(code, fp, time.Now()); err != nil {
			t.Fatalf("redeem %s: %v", code, err)
		}
	}

	// While serving: through the control socket.
	var out, errOut bytes.Buffer
	if code := run([]string{"invite", "--data", dir, "--count", "3"}, nil, &out, &errOut); code != 0 {
		t.Fatalf("netday invite: exit %d: %s", code, errOut.String())
	}
	if !strings.Contains(errOut.String(), "made by the running server") {
		t.Fatalf("stderr %q", errOut.String())
	}
	redeem(srv.store, codeLines(t, out.String(), 3)[0])

	for _, bad := range [][]string{{"--count", "0"}, {"--count", "501"}, {"7"}} {
		out.Reset()
		errOut.Reset()
		if code := run(append([]string{"invite", "--data", dir}, bad...), nil, &out, &errOut); code != 2 || out.Len() > 0 {
			t.Fatalf("netday invite %q: exit %d, stdout %q", bad, code, out.String())
		}
	}

	// Stopped: straight from the file.
	if err := srv.shutdown(9 * time.Second); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	errOut.Reset()
	if code := run([]string{"invite", "--data", dir, "--count", "2"}, nil, &out, &errOut); code != 0 {
		t.Fatalf("netday invite (stopped): exit %d: %s", code, errOut.String())
	}
	if !strings.Contains(errOut.String(), "written to the stopped database") {
		t.Fatalf("stderr %q", errOut.String())
	}
	codes := codeLines(t, out.String(), 2)

	// Locked by a process that does not answer on the control socket.
	st, err := store.Open(filepath.Join(dir, dbFile), store.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	out.Reset()
	errOut.Reset()
	if code := run([]string{"invite", "--data", dir}, nil, &out, &errOut); code != 1 || out.Len() > 0 ||
		!strings.Contains(errOut.String(), "in use") {
		t.Fatalf("locked database: exit %d, stdout %q, stderr %q", code, out.String(), errOut.String())
	}
	redeem(st, codes[1])
	if open, used, _, err := st.InviteCounts(time.Now()); err != nil || open != 3 || used != 2 {
		t.Fatalf("invites open %d, used %d, %v; want 3 open, 2 used", open, used, err)
	}

	// No database at all.
	errOut.Reset()
	if code := run([]string{"invite", "--data", t.TempDir()}, nil, &out, &errOut); code != 1 ||
		!strings.Contains(errOut.String(), "no database") {
		t.Fatalf("missing database: exit %d, stderr %q", code, errOut.String())
	}
}

func TestAnnounce(t *testing.T) {
	organiser := newKey(t)
	srv := testServer(t, t.TempDir(), withAdmins(t, organiser))
	org := dial(t, srv.addr(), gossh.PublicKeys(organiser))

	out, errOut, code := sshRun(t, org, "announce The next round starts in 5 minutes, room B")
	if code != 0 || !strings.Contains(out, "sent to") {
		t.Fatalf("announce: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	a, err := srv.store.LatestAnnouncement()
	if err != nil {
		t.Fatal(err)
	}
	if a.Text != "The next round starts in 5 minutes, room B" ||
		a.By != gossh.FingerprintSHA256(organiser.PublicKey()) {
		t.Fatalf("stored announcement %+v", a)
	}
	// A raw escape in the arguments is cleaned before it is stored or echoed.
	out, _, code = sshRun(t, org, "announce 'Lunch\x1b]52;c;ZXZpbA==\x07 is served'")
	if a, _ := srv.store.LatestAnnouncement(); code != 0 || a.Text != "Lunch is served" || strings.Contains(out, "\x1b") {
		t.Fatalf("announce with escapes: exit %d, stored %q, echoed %q", code, a.Text, out)
	}

	for _, cmd := range []string{"announce", "announce '   '", "announce " + strings.Repeat("x", store.MaxAnnouncement+1)} {
		if out, errOut, code := sshRun(t, org, cmd); code != 2 || out != "" || !strings.Contains(errOut, "announce") {
			t.Fatalf("%.30s: exit %d, stdout %q, stderr %q", cmd, code, out, errOut)
		}
	}

	p := dial(t, srv.addr(), gossh.PublicKeys(newKey(t)))
	out, errOut, code = sshRun(t, p, "announce Free pizza")
	if code != 1 || out != "" || !strings.Contains(errOut, "organisers only") {
		t.Fatalf("participant announce: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if a, _ := srv.store.LatestAnnouncement(); a.Text == "Free pizza" {
		t.Fatal("a participant's announcement was stored")
	}
}
