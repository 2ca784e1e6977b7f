package main

import (
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"netday/store"
)

// At 80×24 the organisers' Today line is wrapped, not cut: the no-shows
// and the average rating stay readable, and the publish question counts
// one meeting in the singular.
func TestOrganiserTodayLineWrapsAt80(t *testing.T) {
	organiser := newKey(t)
	srv := testServer(t, t.TempDir(), withAdmins(t, organiser))
	eKey := newKey(t)
	seedExpert(t, srv, eKey, "Amal Haddad", []string{"Gender equality"}, map[string]int{"s1": 1})
	pt := putPerson(t, srv.store, store.RoleParticipant, "Ana Lima", "Europe/Vienna")

	org := openTerm(t, dial(t, srv.addr(), gossh.PublicKeys(organiser)), 80, 24)
	org.waitFor("ORGANISER", "Matching: not run yet")
	org.send("m")
	org.waitFor("Preview run 1 ready")
	org.send("p")
	org.waitFor("Publish run 1 with 1 meeting?")
	org.send("y")
	org.waitFor("Run 1 published")

	r, err := srv.store.PublishedRun()
	if err != nil || len(r.Meetings) != 1 {
		t.Fatalf("published run: %+v, %v", r, err)
	}
	if _, err := srv.svc.GiveFeedback(pt.fp, r.Meetings[0], store.OutcomeMissed, 2, "no one came"); err != nil {
		t.Fatal(err)
	}
	org.waitFor("Today: 0 meetings cancelled", "1 no-show", "rating 2.0/5 (1)")

	// The shell commands count one meeting in the singular too.
	c := dial(t, srv.addr(), gossh.PublicKeys(organiser))
	for cmd, want := range map[string]string{"runs": "  1 meeting  ", "show-run 1": "· 1 meeting:"} {
		out, errOut, code := sshRun(t, c, cmd)
		if code != 0 || !strings.Contains(out, want) {
			t.Fatalf("%s: exit %d, %q, stderr %q; want %q", cmd, code, out, errOut, want)
		}
	}
}

// An announcement raises the News count in the tab bar at once, whichever
// section is open (it used to wait until News was opened).
func TestNewsCountUpdatesLive(t *testing.T) {
	srv := testServer(t, t.TempDir())
	p := putPerson(t, srv.store, store.RoleParticipant, "Amina Yusuf", "Africa/Nairobi")
	pt := openTerm(t, dial(t, srv.addr(), gossh.PublicKeys(p.key)), 80, 24)
	pt.waitFor("Amina Yusuf", "6 News")
	if _, err := srv.store.Announce("Rooms open at 11:45.", "org", time.Now()); err != nil {
		t.Fatal(err)
	}
	pt.waitFor("ANNOUNCEMENT", "News (1)")
	if _, err := srv.store.Announce("Coffee at 13:00.", "org", time.Now()); err != nil {
		t.Fatal(err)
	}
	pt.waitFor("Coffee at 13:00", "News (2)")
}

// At 60×16 the Event overview keeps what the organiser just asked for in
// view: the new invite code, and the announcement being typed (both used
// to fall below the window once the day had a Today line).
func TestOrganiserOverviewAt60x16KeepsCodeAndAnnouncementInView(t *testing.T) {
	organiser := newKey(t)
	srv := testServer(t, t.TempDir(), withAdmins(t, organiser))
	eKey := newKey(t)
	seedExpert(t, srv, eKey, "Amal Haddad", []string{"Gender equality"}, map[string]int{"s1": 1})
	pt := putPerson(t, srv.store, store.RoleParticipant, "Ana Lima", "Europe/Vienna")
	runAndPublish(t, srv)
	r, err := srv.store.PublishedRun()
	if err != nil || len(r.Meetings) != 1 {
		t.Fatalf("published run: %+v, %v", r, err)
	}
	if _, err := srv.svc.GiveFeedback(pt.fp, r.Meetings[0], store.OutcomeMet, 5, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.store.Announce("Welcome to the day, everyone.", "org", time.Now()); err != nil {
		t.Fatal(err)
	}

	org := openTerm(t, dial(t, srv.addr(), gossh.PublicKeys(organiser)), 60, 16)
	org.waitFor("ORGANISER", "Today:")
	org.send("i")
	org.waitFor("New invite code", "valid")
	org.send("a")
	org.waitFor("Announcement", "enter send")
	org.send("Round two now")
	org.waitFor("Round two now", "enter send")
	org.send(keyEnter)
	org.waitFor("Announcement sent")
}

// Who meets whom offers pin, move and cancel only while a meeting is
// selected: a run that placed nobody lists its unplaced people without
// those keys.
func TestWhoMeetsWhomOffersSteeringOnlyOnMeetings(t *testing.T) {
	organiser := newKey(t)
	srv := testServer(t, t.TempDir(), withAdmins(t, organiser))
	eKey := newKey(t)
	seedExpert(t, srv, eKey, "Amal Haddad", []string{"Gender equality"}, map[string]int{"s1": 0})
	putPerson(t, srv.store, store.RoleParticipant, "Ana Lima", "Europe/Vienna")

	org := openTerm(t, dial(t, srv.addr(), gossh.PublicKeys(organiser)), 80, 24)
	org.waitFor("ORGANISER", "Matching: not run yet")
	org.send("m")
	org.waitFor("Preview run 1 ready")
	org.send("w")
	screen := org.waitFor("Ana Lima", "by slot/person")
	for _, offered := range []string{"P pin", "M move", "X cancel"} {
		if strings.Contains(screen, offered) {
			t.Fatalf("help offers %q with no meeting to act on:\n%s", offered, screen)
		}
	}
}
