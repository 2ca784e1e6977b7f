package main

import (
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"netday/store"
)

// Announcements: the banner shows the newest, News lists every one with
// its date and time, enter reads one whole (at 60×16), x puts it away for
// this person only.
func TestAnnouncementsListReadWholeAndDismiss(t *testing.T) {
	srv := testServer(t, t.TempDir())
	p := putPerson(t, srv.store, store.RoleParticipant, "Amina Yusuf", "Africa/Nairobi")
	q := putPerson(t, srv.store, store.RoleParticipant, "Omar Haddad", "Europe/Vienna")
	if _, err := srv.store.Announce("Welcome! Rooms open at 11:45.", "org", time.Now().Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	long := "Coffee break at 13:00 in the lobby. " + strings.Repeat("Please keep your camera on if you can. ", 5) + "LASTWORDS here."
	if len(long) > store.MaxAnnouncement {
		t.Fatalf("announcement longer than the store keeps: %d", len(long))
	}

	pt := openTerm(t, dial(t, srv.addr(), gossh.PublicKeys(p.key)), 60, 16)
	other := openTerm(t, dial(t, srv.addr(), gossh.PublicKeys(q.key)), 80, 24)
	pt.waitFor("ANNOUNCEMENT", "Welcome! Rooms open")
	if _, err := srv.store.Announce(long, "org", time.Now()); err != nil {
		t.Fatal(err)
	}
	pt.waitFor("ANNOUNCEMENT", "Coffee break", "(News)") // cut on one line, says where to read it
	other.waitFor("ANNOUNCEMENT", "Coffee break")

	pt.send("6")
	s := pt.waitFor("Announcements from the organisers", "News (2)", "Coffee break", "Welcome! Rooms open")
	if !strings.Contains(s, time.Now().In(srv.event.Location).Format("Mon 2 Jan")) {
		t.Fatalf("announcements lack their date:\n%s", s)
	}
	pt.send(keyEnter)
	pt.waitFor("Coffee break at 13:00")
	pt.waitFor("keep your camera", "LASTWORDS") // whole, wrapped at words
	pt.send(keyEsc)
	pt.waitFor("x put away")
	pt.send("x")
	pt.waitFor("Put away", "News (1)")
	pt.waitGone("ANNOUNCEMENT")
	// Only for this person: the other session still shows it.
	other.waitFor("ANNOUNCEMENT", "Coffee break")
	pt.send("x")
	pt.waitFor("Brought back", "ANNOUNCEMENT")
}
