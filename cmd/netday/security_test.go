package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"netday/store"
)

// liarSigner offers someone else's public key but cannot sign for it: the
// server answers the offer (its PublicKeyHandler sees the organiser's key),
// then gets a signature it refuses, and the client goes on to its next key.
type liarSigner struct{ offered gossh.PublicKey }

func (l liarSigner) PublicKey() gossh.PublicKey { return l.offered }

func (l liarSigner) Sign(io.Reader, []byte) (*gossh.Signature, error) {
	return &gossh.Signature{Format: "none", Blob: []byte("no signature")}, nil
}

// withAdmins writes an authorized_keys file naming the given keys as organisers.
func withAdmins(t *testing.T, keys ...gossh.Signer) func(*config) {
	path := filepath.Join(t.TempDir(), "organisers")
	var b bytes.Buffer
	for _, k := range keys {
		b.Write(gossh.MarshalAuthorizedKey(k.PublicKey()))
	}
	if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return func(c *config) { c.AdminKeys = path }
}

func TestOfferedOrganiserKeyGivesNoRights(t *testing.T) {
	organiser := newKey(t)
	srv := testServer(t, t.TempDir(), withAdmins(t, organiser))

	// Positive control: the organiser's own key is an organiser.
	real := openTerm(t, dial(t, srv.addr(), gossh.PublicKeys(organiser)), 80, 24)
	real.waitFor("ORGANISER", "Participants 0")

	// Offer the organiser's key without being able to sign for it, then
	// sign in with one's own key.
	attacker := newKey(t)
	liar := liarSigner{offered: organiser.PublicKey()}
	c := dial(t, srv.addr(), gossh.PublicKeys(liar, attacker))
	tm := openTerm(t, c, 80, 24)
	screen := tm.waitFor("This is your first visit")
	if strings.Contains(screen, "ORGANISER") {
		t.Fatalf("an offered, unsigned organiser key gave organiser rights:\n%s", screen)
	}
	if out, err := runCommand(t, c, "backup"); err == nil || len(out) > 0 {
		t.Fatalf("backup must be refused to a non-organiser, got %d bytes, err %v", len(out), err)
	}

	// The same offer followed by a keyless login is a guest.
	g := dial(t, srv.addr(), gossh.PublicKeys(liarSigner{offered: organiser.PublicKey()}),
		gossh.KeyboardInteractive(noPrompts))
	gt := openTerm(t, g, 80, 24)
	screen = gt.waitFor("GUEST", "connected as a guest")
	if strings.Contains(screen, "ORGANISER") {
		t.Fatalf("guest after an offered organiser key is an organiser:\n%s", screen)
	}
}

func noPrompts(string, string, []string, []bool) ([]string, error) { return nil, nil }

// runCommand runs an SSH command without a PTY and returns its stdout.
func runCommand(t *testing.T, c *gossh.Client, cmd string) ([]byte, error) {
	t.Helper()
	sess, err := c.NewSession()
	if err != nil {
		return nil, fmt.Errorf("new session: %w", err)
	}
	defer sess.Close()
	var stderr bytes.Buffer
	sess.Stderr = &stderr
	out, err := sess.Output(cmd)
	if err != nil {
		return out, errors.Join(err, errors.New(stderr.String()))
	}
	return out, nil
}

func TestSessionWithoutPTYGetsAClearMessage(t *testing.T) {
	srv := testServer(t, t.TempDir())
	c := dial(t, srv.addr(), gossh.PublicKeys(newKey(t)))
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	sess.Stderr = &stderr
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	err = sess.Wait()
	var exit *gossh.ExitError
	if !errors.As(err, &exit) || exit.ExitStatus() != 1 {
		t.Fatalf("want exit status 1, got %v", err)
	}
	if !strings.Contains(stderr.String(), "has no terminal") || !strings.Contains(stderr.String(), "ssh -t") {
		t.Fatalf("stderr = %q", stderr.String())
	}

	out, err := runCommand(t, c, "help")
	if err != nil || !strings.Contains(string(out), "help") || strings.Contains(string(out), "backup") {
		t.Fatalf("help for a participant = %q, %v", out, err)
	}
	if _, err := runCommand(t, c, "rm -rf /\x1b]52;c;eA==\x07"); err == nil ||
		!strings.Contains(err.Error(), "unknown command") || strings.Contains(err.Error(), "\x1b") {
		t.Fatalf("unknown command error = %v", err)
	}
}

// hostile is every kind of text that must never reach a screen raw.
const hostile = "Eve\x1b]52;c;ZXZpbA==\x07\x1b[31mRed\x1b[0m\r\b\u202eevil\u200b\u009b2J"

func TestHostileProfileTextIsStoredCleanAndShownClean(t *testing.T) {
	srv := testServer(t, t.TempDir())
	key := newKey(t)
	fp := gossh.FingerprintSHA256(key.PublicKey())

	// Pasted into the form (bracketed paste carries escapes verbatim).
	tm := openTerm(t, dial(t, srv.addr(), gossh.PublicKeys(key)), 80, 24)
	tm.waitFor("This is your first visit")
	tm.send(keyEnter)
	tm.waitFor("How are you taking part?")
	tm.send(keyEnter)
	tm.waitFor("Your name")
	tm.send("\x1b[200~" + hostile + "\x1b[201~")
	tm.send(keyEnter)
	tm.waitFor("Pronouns")
	tm.send("\x1b[200~" + strings.Repeat("A", 10_000) + "\x1b[201~")
	if s := tm.waitFor(strings.Repeat("A", store.MaxPronouns)); strings.Contains(s, strings.Repeat("A", store.MaxPronouns+1)) {
		t.Fatalf("a 10 kB paste was not capped at %d:\n%s", store.MaxPronouns, s)
	}
	tm.send(keyEnter)
	tm.waitFor("Organisation or studies")
	tm.send(keyCtrlC)
	_ = tm.waitExit()
	if raw := tm.rawOutput(); strings.Contains(raw, "\x1b]52") || strings.Contains(raw, "\u202e") {
		t.Fatal("pasted escapes were echoed raw")
	}

	// The same text written straight to the store, as an import would.
	p := store.Profile{
		Fingerprint: fp, Role: store.RoleParticipant, Name: hostile, Organisation: hostile,
		City: hostile, Country: "Austria", TimeZone: "Europe/Vienna", CareerStage: "Student",
		Languages: []string{"English", hostile}, Areas: []string{"Gender equality"},
		LookingFor: []string{"Mentoring"}, Bio: strings.Repeat(hostile+"\n", 400),
	}
	if _, err := srv.store.PutProfile(p); err != nil {
		t.Fatalf("put hostile profile: %v", err)
	}
	got, err := srv.store.Profile(fp)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{got.Name, got.Organisation, got.City, got.Bio, strings.Join(got.Languages, ",")} {
		if strings.ContainsAny(v, "\x1b\x07\r\b\u202e\u200b\u009b") {
			t.Fatalf("stored text not clean: %q", v)
		}
	}
	if len([]rune(got.Bio)) > store.MaxBio {
		t.Fatalf("bio not capped: %d runes", len([]rune(got.Bio)))
	}

	tm = openTerm(t, dial(t, srv.addr(), gossh.PublicKeys(key)), 80, 24)
	tm.waitFor("EveRed", "Bio")
	tm.send("G") // the long bio scrolls; the end of the card
	tm.waitFor("EveRed", "Your profile is complete")
	raw := tm.rawOutput()
	for _, bad := range []string{"\x1b]52", "\u202e", "\u200b", "\u009b", "\x07", "\b"} {
		if strings.Contains(raw, bad) {
			t.Fatalf("the screen received %q raw", bad)
		}
	}
}
