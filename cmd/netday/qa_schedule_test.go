package main

import (
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"netday/store"
)

// At 60×16 a what-changed box used to leave no room for the meetings: the
// selected one showed two lines, and the cancel question fell below the
// window. Now the box, the selected meeting and the question all scroll
// into view.
func TestScheduleAt60x16WithNoticeShowsMeetingAndQuestion(t *testing.T) {
	srv := testServer(t, t.TempDir())
	st := srv.store
	aFP := seedExpert(t, srv, newKey(t), "Amal Haddad", []string{"Gender equality"}, map[string]int{"s1": 1})
	seedExpert(t, srv, newKey(t), "Bruno Costa", []string{"Gender equality"}, map[string]int{"s2": 1})
	seedExpert(t, srv, newKey(t), "Cara Nunes", []string{"Gender equality"}, map[string]int{"s3": 1})
	pt := putPerson(t, st, store.RoleParticipant, "Ana Lima", "America/Sao_Paulo")
	if r := runAndPublish(t, srv); len(r.Meetings) != 3 {
		t.Fatalf("run 1 has %d meetings, want 3", len(r.Meetings))
	}
	if _, err := st.PutAvailability(store.Availability{Fingerprint: aFP, Seats: map[string]int{}}); err != nil {
		t.Fatal(err)
	}
	runAndPublish(t, srv)

	tm := openTerm(t, dial(t, srv.addr(), gossh.PublicKeys(pt.key)), 60, 16)
	tm.waitFor("WHAT CHANGED", "Cancelled: Amal Haddad") // reconnecting after publication opens Schedule
	tm.send(keyDown)
	tm.waitFor("> Fri 12:40", "Cara Nunes", "Room:", "Why:")
	tm.send("c")
	tm.waitFor("Cancel your meeting at Fri 12:40", "y yes, cancel")
	tm.send("n")
	tm.waitGone("Cancel your meeting at")
	tm.send("x")
	tm.waitGone("WHAT CHANGED")
	tm.waitFor("Your meetings (2)", "Cara Nunes")
}

// The profile form's hints wrap instead of ending in "…": at 60×16 the
// time-zone hint and the career-stage hint are read whole, and the list
// below them still scrolls.
func TestProfileHintsWrapAt60x16(t *testing.T) {
	srv := testServer(t, t.TempDir())
	codes, err := srv.store.CreateInvites(1, time.Hour, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	tm := openTerm(t, dial(t, srv.addr(), gossh.PublicKeys(newKey(t))), 60, 16)
	// The welcome's rows wrap at words: the event zone is read whole.
	tm.waitFor("This is your first visit", "(Europe/Vienna)", "Slots 8 conversation slots")
	tm.send(keyEnter)
	tm.waitFor("How are you taking part?")
	tm.send(keyDown, keyEnter)
	tm.waitFor("Your invite code")
	tm.send(codes[0], keyEnter)
	tm.waitFor("question 1 of 11")
	tm.send("Amal Haddad", keyEnter)
	tm.waitFor("Title or role")
	tm.send("Researcher", keyEnter)
	tm.waitFor("question 3 of 11")
	tm.send("ETC Graz", keyEnter)
	tm.waitFor("Country")
	tm.send("Austria", keyEnter)
	tm.waitFor("Time zone", "Kenya) and pick.")
	tm.send("graz")
	tm.waitFor("Europe/Vienna")
	tm.send(keyEnter)
	tm.waitFor("Languages")
	tm.send(keyEnter)
	tm.waitFor("Interest areas")
	tm.send(" ", keyEnter)
	tm.waitFor("What you offer")
	tm.send(" ", keyEnter)
	tm.waitFor("Career stages you welcome", "every stage.", "Student")
	tm.send(keyDown, keyDown, keyDown, " ")
	tm.waitFor("[x] Mid career")
}

// At 60×16 the expert's Availability explains its values in whole
// sentences, and the what-changed reminder on the other sections is read
// to its end (both used to end in "…").
func TestAvailabilityAndReminderReadWholeAt60x16(t *testing.T) {
	srv := testServer(t, t.TempDir())
	eKey := newKey(t)
	eFP := seedExpert(t, srv, eKey, "Amal Haddad", []string{"Gender equality"}, map[string]int{"s1": 1, "s2": 1})
	seedExpert(t, srv, newKey(t), "Bruno Costa", []string{"Gender equality"}, map[string]int{"s3": 1})
	pt := putPerson(t, srv.store, store.RoleParticipant, "Ana Lima", "Europe/Vienna")
	runAndPublish(t, srv)

	ex := openTerm(t, dial(t, srv.addr(), gossh.PublicKeys(eKey)), 60, 16)
	ex.waitFor("Amal Haddad")
	ex.send("2")
	ex.waitFor("table).\n", "schedule.\n")

	if _, err := srv.store.PutAvailability(store.Availability{Fingerprint: eFP, Seats: map[string]int{}}); err != nil {
		t.Fatal(err)
	}
	runAndPublish(t, srv)
	p := openTerm(t, dial(t, srv.addr(), gossh.PublicKeys(pt.key)), 60, 16)
	p.waitFor("WHAT CHANGED")
	p.send("1")
	p.waitFor("Your schedule changed", "when read.")
}
