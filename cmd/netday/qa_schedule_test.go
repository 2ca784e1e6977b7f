package main

import (
	"testing"

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
