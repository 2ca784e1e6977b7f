package main

import (
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"netday/store"
)

// TestOrganiserConsole walks the console the way an organiser would: at
// risk before any run, preview, who meets whom, pin, move, publish with
// confirmation, a stale run refused, and a booked slot set away showing up
// at risk by itself, in three window sizes.
func TestOrganiserConsole(t *testing.T) {
	organiser := newKey(t)
	srv := testServer(t, t.TempDir(), withAdmins(t, organiser))
	jonas, rosa, inti, mute := newKey(t), newKey(t), newKey(t), newKey(t)
	jonasFP := seedExpert(t, srv, jonas, "Jonas Weber", []string{"Gender equality"}, map[string]int{"s1": 1, "s2": 1, "s3": 1})
	rosaFP := seedParticipant(t, srv, rosa, "Rosa Lima")
	seedParticipant(t, srv, inti, "Inti Quispe")
	muteFP := seedParticipant(t, srv, mute, "Mira Quechua")
	p, _ := srv.store.Profile(muteFP)
	p.Languages = []string{"Quechua"}
	if _, err := srv.store.PutProfile(p); err != nil {
		t.Fatal(err)
	}

	org := openTerm(t, dial(t, srv.addr(), gossh.PublicKeys(organiser)), 80, 24)
	org.waitFor("At risk: 1, counted")
	org.send("r")
	org.waitFor("At risk · live", "Mira Quechua", "no language")

	org.send("m")
	org.waitFor("Preview run 1 ready", "With ≥1 meeting: 2 of 3 participants (at most 2 possible)", "Up to date")
	org.send("w")
	org.waitFor("Who meets whom", "At 12:", "Rosa Lima with Jonas Weber", "Not placed")
	org.send("s")
	org.waitFor("with Jonas Weber · score")
	org.send("/", "rosa", keyEnter)
	org.waitFor("search: rosa · 1 of")
	org.send("P")
	org.waitFor("Pinned by the organisers: Rosa Lima with Jonas Weber", "Run 2 is the")

	// Move Rosa to the slot nobody uses.
	r, _ := srv.store.LatestRun()
	used := map[string]bool{}
	for _, m := range r.Meetings {
		used[m.Slot] = true
	}
	free := ""
	for id, label := range map[string]string{"s1": "12:00", "s2": "12:20", "s3": "12:40"} {
		if !used[id] {
			free = label
		}
	}
	org.send("M")
	org.waitFor("to which slot")
	org.send(free, keyEnter)
	org.waitFor("Moved by the organisers: Rosa Lima with Jonas Weber", "Run 3 is")

	// The participant's open schedule fills in when the organiser publishes.
	pt := openTerm(t, dial(t, srv.addr(), gossh.PublicKeys(rosa)), 80, 24)
	pt.waitFor("Rosa Lima")
	pt.send("4")
	pt.waitFor("not published yet")
	org.send("p")
	org.waitFor("Publish run 3 with 2 meetings?", "y publish")
	org.send("y")
	org.waitFor("Run 3 published")
	pt.waitFor("Jonas Weber", free)

	// A late change makes a new run stale before it is published.
	org.send("m")
	org.waitFor("Preview run 4 ready")
	seedParticipant(t, srv, newKey(t), "Lena Late")
	org.waitFor("STALE: 1 changes since this run")
	org.send("p")
	org.waitFor("the run is stale: 1 change since; run again")

	// The expert sets the booked slot away: the open at-risk list shows it.
	org.send("r")
	org.waitFor("At risk · live")
	seats := map[string]int{"s1": 1, "s2": 1, "s3": 1}
	for id, label := range map[string]string{"s1": "12:00", "s2": "12:20", "s3": "12:40"} {
		if label == free {
			seats[id] = 0
		}
	}
	if _, err := srv.store.PutAvailability(store.Availability{Fingerprint: jonasFP, Seats: seats}); err != nil {
		t.Fatal(err)
	}
	org.waitFor("needs a new place", "Rosa Lima with Jonas Weber at "+free, "set this slot to away")

	// Every view works at 60×16 and 200×50 and scrolls long lists.
	org.send(keyEsc)
	org.waitFor("Matching: run 4")
	org.send("w")
	for _, size := range [][2]int{{60, 16}, {200, 50}, {80, 24}} {
		org.resize(size[0], size[1])
		s := org.waitFor("Who meets whom", "Rosa Lima")
		for _, line := range strings.Split(s, "\n") {
			if len([]rune(strings.TrimRight(line, " "))) > size[0] {
				t.Fatalf("line wider than %d: %q", size[0], line)
			}
		}
	}
	// The other views at the smallest size, without colour.
	small := openTerm(t, dial(t, srv.addr(), gossh.PublicKeys(organiser)), 60, 16, termOpt{env: map[string]string{"NO_COLOR": "1"}})
	for _, v := range []struct{ key, want string }{{"v", "With ≥1 meeting"}, {"d", "Changes against the"}, {"r", "needs a new place"}, {"h", "PUBLISHED"}} {
		small.waitFor("ORGANISER")
		small.send(v.key)
		s := small.waitFor(v.want)
		for _, line := range strings.Split(s, "\n") {
			if len([]rune(strings.TrimRight(line, " "))) > 60 {
				t.Fatalf("%s view: line wider than 60: %q", v.key, line)
			}
		}
		if strings.Contains(small.rawOutput(), "\x1b[38;") {
			t.Fatalf("%s view: colour without colour", v.key)
		}
		small.send(keyEsc)
		small.waitFor("Matching:")
	}
	_ = rosaFP
}
