package main

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"netday/store"
)

// onboard types a participant's whole first-visit profile.
func onboard(t *testing.T, tm *term, name string) {
	t.Helper()
	tm.waitFor("This is your first visit")
	tm.send(keyEnter)
	tm.waitFor("How are you taking part?")
	tm.send(keyEnter)
	tm.waitFor("question 1 of 11", "Your name")
	tm.send(keyEnter) // empty name is refused inline
	tm.waitFor("✗ Your name is required")
	tm.send(name, keyEnter)
	tm.waitFor("question 2 of 11", "Pronouns")
	tm.send("she/her", keyEnter)
	tm.waitFor("Organisation or studies")
	tm.send("MA Human Rights, University of Graz", keyEnter)
	tm.waitFor("question 4 of 11", "City")
	tm.send("Graz", keyEnter)
	tm.waitFor("question 5 of 11", "Country")
	tm.send("Austria", keyEnter)
	tm.waitFor("Time zone")
	tm.send("Mars/Olympus", keyEnter)
	tm.waitFor("✗ ")
	tm.erase("Mars/Olympus")
	tm.send("nairobi")
	tm.waitFor("Africa/Nairobi")
	tm.send(keyEnter)
	tm.waitFor("Career stage")
	tm.send(keyDown, keyEnter) // "Recent graduate"
	tm.waitFor("Languages")
	tm.send(", Swahili", keyEnter)
	tm.waitFor("Interest areas")
	tm.send(keyEnter) // nothing picked yet
	tm.waitFor("✗ ")
	tm.send(keyDown, keyDown, keyDown, keyDown, keyDown, " ", keyDown, " ", keyEnter)
	tm.waitFor("Looking for")
	tm.send(" ", keyDown, " ", keyEnter)
	tm.waitFor("Short bio")
	tm.send("I study how cities welcome refugees.", keyEnter)
	tm.waitFor("review your profile", "Africa/Nairobi", "Save profile")
	tm.send("s")
	tm.waitFor("Profile saved.")
}

func TestOnboardingSurvivesReconnectAndRestart(t *testing.T) {
	dir := t.TempDir()
	srv := testServer(t, dir)
	key := newKey(t)

	tm := openTerm(t, dial(t, srv.addr(), gossh.PublicKeys(key)), 80, 24)
	onboard(t, tm, "Amina Yusuf")
	home := tm.waitFor("Amina Yusuf", "(she/her)", "Graz, Austria", "English, Swahili",
		"Migration, refugees and inclusion", "Mentoring, Career advice", "Your profile is complete")
	if !strings.Contains(home, "14:00–16:35 EAT your time") || !strings.Contains(home, "12:00–14:35 CET event time") {
		t.Errorf("home should show the day in the user's and the event's zone:\n%s", home)
	}
	tm.send("q")
	if err := tm.waitExit(); err != nil {
		t.Fatalf("q should leave cleanly, got %v", err)
	}

	// Same key again: the saved profile, no onboarding.
	tm = openTerm(t, dial(t, srv.addr(), gossh.PublicKeys(key)), 80, 24)
	tm.waitFor("Amina Yusuf", "Your profile is complete", "e edit profile")

	// Editing: change the city from the review page.
	tm.send("e")
	tm.waitFor("Review your profile")
	tm.send(keyDown, keyDown, keyDown, keyEnter)
	tm.waitFor("question 4 of 11", "City")
	tm.erase("Graz")
	tm.send("Vienna", keyEnter)
	tm.waitFor("Review your profile", "Vienna")
	tm.send("s")
	tm.waitFor("Profile saved.", "Vienna, Austria")

	// Another key is another person.
	other := openTerm(t, dial(t, srv.addr(), gossh.PublicKeys(newKey(t))), 80, 24)
	other.waitFor("This is your first visit")
	if strings.Contains(other.screen(), "Amina") {
		t.Fatal("a different key must not see Amina's profile")
	}

	// A restart on the same data directory loses nothing.
	if err := srv.shutdown(9 * time.Second); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	srv = testServer(t, dir)
	tm = openTerm(t, dial(t, srv.addr(), gossh.PublicKeys(key)), 80, 24)
	tm.waitFor("Amina Yusuf", "Vienna, Austria", "Africa/Nairobi")

	p, err := srv.store.Profile(gossh.FingerprintSHA256(key.PublicKey()))
	if err != nil {
		t.Fatalf("profile after restart: %v", err)
	}
	if p.Role != store.RoleParticipant || p.TimeZone != "Africa/Nairobi" || p.CareerStage != "Recent graduate" ||
		len(p.Areas) != 2 || p.City != "Vienna" {
		t.Fatalf("stored profile = %+v", p)
	}
}

func TestHostKeyStableAcrossRestarts(t *testing.T) {
	dir := t.TempDir()
	srv := testServer(t, dir)
	first := srv.hostFP
	var seen string
	c, err := gossh.Dial("tcp", srv.addr(), &gossh.ClientConfig{
		User: "x", Auth: []gossh.AuthMethod{gossh.PublicKeys(newKey(t))},
		HostKeyCallback: func(_ string, _ net.Addr, key gossh.PublicKey) error {
			seen = gossh.FingerprintSHA256(key)
			return nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	if seen != first {
		t.Fatalf("client saw host key %s, server logs %s", seen, first)
	}
	if err := srv.shutdown(9 * time.Second); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(filepath.Join(dir, hostKeyFile))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("host key file: %v, mode %v", err, info.Mode())
	}
	srv = testServer(t, dir)
	if srv.hostFP != first {
		t.Fatalf("host key changed across restart: %s then %s", first, srv.hostFP)
	}
}
