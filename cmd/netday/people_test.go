package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"

	ics "github.com/arran4/golang-ical"
	gossh "golang.org/x/crypto/ssh"

	"netday/matching"
	"netday/store"
	"netday/store/service"
)

// runAndPublish does what the organisers' m and p keys do: run the
// matching (re-planning around the published schedule) and publish it.
func runAndPublish(t *testing.T, srv *server) store.Run {
	t.Helper()
	r, err := srv.svc.RunMatching(context.Background(), service.ModeAuto)
	if err != nil {
		t.Fatalf("run matching: %v", err)
	}
	if _, err := srv.svc.Publish(r.ID); err != nil {
		t.Fatalf("publish: %v", err)
	}
	return r
}

// A re-publish that drops a meeting shows a notice live and keeps the
// meeting in the calendar as cancelled; a cancellation reaches the other
// side at once and the next run; feedback reaches feedback.csv.
func TestChangesCancellationAndFeedback(t *testing.T) {
	organiser := newKey(t)
	srv := testServer(t, t.TempDir(), withAdmins(t, organiser))
	st := srv.store
	aKey, bKey := newKey(t), newKey(t)
	aFP := seedExpert(t, srv, aKey, "Amal Haddad", []string{"Gender equality"}, map[string]int{"s1": 1})
	bFP := seedExpert(t, srv, bKey, "Bruno Costa", []string{"Gender equality"}, map[string]int{"s2": 1})
	pt := putPerson(t, st, store.RoleParticipant, "Ana Lima", "America/Sao_Paulo")

	ptTerm := openTerm(t, dial(t, srv.addr(), gossh.PublicKeys(pt.key)), 100, 40)
	ptTerm.waitFor("Ana Lima")
	ptTerm.send("4")
	ptTerm.waitFor("not published yet")
	run1 := runAndPublish(t, srv)
	if len(run1.Meetings) != 2 {
		t.Fatalf("run 1 has %d meetings, want 2", len(run1.Meetings))
	}
	ptTerm.waitFor("Your meetings (2)", "Amal Haddad", "Bruno Costa")
	if strings.Contains(ptTerm.screen(), "WHAT CHANGED") {
		t.Fatalf("the first publication shows a change notice:\n%s", ptTerm.screen())
	}

	// Amal is away after all; the re-plan drops the meeting and Ana's
	// open Schedule says so, with the reason.
	if _, err := st.PutAvailability(store.Availability{Fingerprint: aFP, Seats: map[string]int{}}); err != nil {
		t.Fatal(err)
	}
	runAndPublish(t, srv)
	ptTerm.waitFor("WHAT CHANGED", "Cancelled: Amal Haddad", "the expert is no longer", "Your meetings (1)") // wrapped to the window
	ptTerm.send("1")
	ptTerm.waitFor("Your schedule changed (1 change)")
	ptTerm.send("4")
	ptTerm.waitFor("WHAT CHANGED")
	ptTerm.send("x")
	ptTerm.waitGone("WHAT CHANGED")
	if _, err := st.Notice(pt.fp); err == nil {
		t.Fatal("the notice is still stored after x")
	}
	// The calendar keeps the dropped meeting, cancelled.
	ptC := dial(t, srv.addr(), gossh.PublicKeys(pt.key))
	_, cal, _ := agenda(t, ptC)
	status := map[string]string{}
	for _, e := range cal.Events() {
		status[prop(e, ics.ComponentPropertySummary)] = prop(e, ics.ComponentPropertyStatus)
	}
	if status["Cancelled: netday: meeting with Amal Haddad"] != "CANCELLED" || status["netday: meeting with Bruno Costa"] != "CONFIRMED" {
		t.Fatalf("calendar after the re-publish: %v", status)
	}

	// Bruno and the organisers watch while Ana cancels their meeting.
	orgTerm := openTerm(t, dial(t, srv.addr(), gossh.PublicKeys(organiser)), 100, 30)
	orgTerm.waitFor("ORGANISER", "Matching: run 2")
	bTerm := openTerm(t, dial(t, srv.addr(), gossh.PublicKeys(bKey)), 100, 30)
	bTerm.waitFor("Your meetings (1)", "Ana Lima") // reconnecting after publication opens Schedule
	ptTerm.send("c")
	ptTerm.waitFor("Cancel your meeting at", "y yes")
	ptTerm.send("y")
	ptTerm.waitFor("CANCELLED — you cancelled it")
	bTerm.waitFor("CANCELLED — the participant cannot make it", "WHAT CHANGED")
	orgTerm.waitFor("Today: 1 meeting cancelled, 0 people cannot come")
	risks, err := srv.svc.AtRisk()
	if err != nil || !slices.ContainsFunc(risks, func(r service.Risk) bool {
		return r.Kind == service.RiskCancelled && r.Participant == pt.fp && r.Expert == bFP
	}) {
		t.Fatalf("the organisers' at-risk list lacks the cancellation: %+v, %v", risks, err)
	}
	in, err := st.MatchingInstance(srv.event, 9)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range in.Participants {
		if p.ID == pt.fp && (slices.Contains(p.Slots, "s2") || len(p.Slots) == 0) {
			t.Fatalf("the next run still offers Ana the cancelled slot: %v", p.Slots)
		}
	}
	dir, err := st.Directory()
	if err != nil || dir.Booked[bFP+"|s2"] != 0 {
		t.Fatalf("the cancelled seat is still booked: %v %v", dir.Booked, err)
	}

	// Feedback after the meeting: Bruno says it did not happen. (Before
	// the next run: the cancelled meeting is still in the published one.)
	bTerm.send("f")
	bTerm.waitFor("After your meeting", "Did the meeting take place?")
	bTerm.send("n")
	bTerm.waitFor("A short comment for the organisers")
	bTerm.send("=HYPERLINK(\"http://x\"), she never came", keyEnter)
	bTerm.waitFor("Thank you: your feedback is saved.", "Your feedback: did not happen")
	orgTerm.waitFor("feedback on 1 meeting: 0 met, 1 no-show")

	orgC := dial(t, srv.addr(), gossh.PublicKeys(organiser))
	out, errOut, code := sshRun(t, orgC, "feedback.csv")
	if code != 0 {
		t.Fatalf("feedback.csv: exit %d: %s", code, errOut)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(rows) != 2 {
		t.Fatalf("feedback.csv: %d rows, %v:\n%s", len(rows), err, out)
	}
	if !slices.Equal(rows[0], service.FeedbackCSVHeader) {
		t.Errorf("header %q", rows[0])
	}
	r := rows[1]
	if r[2] != "Ana Lima" || r[3] != "Bruno Costa" || r[4] != "expert" || r[5] != store.OutcomeMissed ||
		r[7] != `'=HYPERLINK("http://x"), she never came` {
		t.Errorf("feedback row %q", r)
	}
	if _, errOut, code := sshRun(t, ptC, "feedback.csv"); code != 1 || !strings.Contains(errOut, "organisers only") {
		t.Errorf("a participant got feedback.csv: exit %d %q", code, errOut)
	}

	// The organisers' day calendar: the cancelled table stays, cancelled.
	out, errOut, code = sshRun(t, orgC, "day.ics")
	if code != 0 {
		t.Fatalf("day.ics: exit %d: %s", code, errOut)
	}
	day, err := ics.ParseCalendar(strings.NewReader(out))
	if err != nil {
		t.Fatalf("day.ics does not parse: %v", err)
	}
	got := map[string]string{}
	for _, e := range day.Events() {
		got[prop(e, ics.ComponentPropertyUniqueId)] = prop(e, ics.ComponentPropertyStatus)
	}
	if got[service.TableUID(aFP, "s1", srv.event.Date)] != "CANCELLED" || got[service.TableUID(bFP, "s2", srv.event.Date)] != "CANCELLED" || len(got) != 2 {
		t.Errorf("day.ics events: %v", got)
	}
	if _, _, code := sshRun(t, ptC, "day.ics"); code != 1 {
		t.Errorf("a participant got day.ics: exit %d", code)
	}

	// The next run re-plans without the cancelled meeting; its seat is free.
	run3 := runAndPublish(t, srv)
	for _, m := range run3.Meetings {
		if m.Participant == pt.fp && m.Slot == "s2" {
			t.Fatalf("run 3 kept the cancelled meeting: %+v", run3.Meetings)
		}
	}
	_, cal, _ = agenda(t, ptC)
	for _, e := range cal.Events() {
		if strings.Contains(prop(e, ics.ComponentPropertySummary), "Bruno Costa") && prop(e, ics.ComponentPropertyStatus) != "CANCELLED" {
			t.Fatalf("after run 3 the cancelled meeting is %q", prop(e, ics.ComponentPropertyStatus))
		}
	}
}

// A daily maximum lowers the free-slot count participants see; a
// participant's own slots and number of meetings reach the next run; a
// booked slot set to away asks first; a wish that can never be matched
// says so.
func TestOwnAvailabilityDailyMaximumAndWarnings(t *testing.T) {
	srv := testServer(t, t.TempDir())
	st := srv.store
	eKey := newKey(t)
	eFP := seedExpert(t, srv, eKey, "Elif Demir", []string{"Gender equality"}, map[string]int{"s1": 1, "s2": 1, "s3": 1, "s4": 1})
	p := putPerson(t, st, store.RoleParticipant, "Ana Lima", "America/Sao_Paulo")

	ex := openTerm(t, dial(t, srv.addr(), gossh.PublicKeys(eKey)), 100, 30)
	ex.send("2")
	ex.waitFor("Daily maximum: no maximum")
	pt := openTerm(t, dial(t, srv.addr(), gossh.PublicKeys(p.key)), 100, 30)
	pt.send("2")
	pt.waitFor("Elif Demir", "4 free slots")

	slots := len(srv.event.Slots)
	for range slots {
		ex.send(keyDown)
	}
	ex.send("+", "+")
	ex.waitFor("Daily maximum: 2 meetings", "Saved.")
	pt.waitFor("2 free slots")
	pt.send(keyEnter)
	pt.waitFor("Why this expert", "at most 2", "(daily maximum of 2)") // wrapped to the window
	pt.send(keyEsc)
	pt.waitGone("Why this expert") // (esc and a quick key would read as alt+key)

	// Ana cannot attend 12:00 and wants one meeting.
	pt.send("5")
	pt.waitFor("Which slots can you attend?", "> [x]   Fri 12:00", "Meetings you want: 3 (1 to 3)")
	pt.send(" ")
	pt.waitFor("> [ ]   Fri 12:00", "Saved: the next run of the matching uses it.")
	for range slots {
		pt.send(keyDown)
	}
	pt.send("-", "-")
	pt.waitFor("Meetings you want: 1 (1 to 3)")
	// "I can't come today" asks first, also before publication.
	pt.send("4")
	pt.waitFor("not published yet")
	pt.send("D")
	pt.waitFor("Cancel all your meetings today?", "y yes")
	pt.send("n")
	pt.waitGone("Cancel all your meetings today?")
	r := runAndPublish(t, srv)
	var in matching.Instance
	if err := json.Unmarshal(r.Input, &in); err != nil {
		t.Fatalf("run input: %v", err)
	}
	if len(in.Participants) != 1 || in.Participants[0].Quota != 1 || slices.Contains(in.Participants[0].Slots, "s1") ||
		len(in.Participants[0].Slots) != slots-1 {
		t.Fatalf("the run's participant: %+v", in.Participants)
	}
	if len(r.Meetings) != 1 || r.Meetings[0].Slot == "s1" {
		t.Fatalf("meetings %+v", r.Meetings)
	}

	// The expert sees the booked slot; setting it to away asks first.
	booked := r.Meetings[0].Slot
	ex.waitFor("1/1 booked")
	idx, _ := strconv.Atoi(booked[1:])
	for range slots - (idx - 1) {
		ex.send(keyUp)
	}
	ex.send(" ")
	ex.waitFor("leaves 1 booked participant without a place", "they are told when the new", "y yes, change it")
	if a, _ := st.Availability(eFP); a.Seats[booked] != 1 {
		t.Fatalf("the slot changed before confirming: %v", a.Seats)
	}
	ex.send("y")
	ex.waitFor("Saved. The organisers see who needs a new place.", "away, 1 booked!")
	if a, _ := st.Availability(eFP); a.Seats[booked] != 0 {
		t.Fatalf("the slot did not change after confirming: %v", a.Seats)
	}

	// Someone from the expert's own organisation is warned on the wish.
	colleague := newKey(t)
	if _, err := st.PutProfile(store.Profile{Fingerprint: gossh.FingerprintSHA256(colleague.PublicKey()), Role: store.RoleParticipant,
		Name: "Jonas Berger", Organisation: "ETC Graz", City: "Graz", Country: "Austria", TimeZone: "Europe/Vienna",
		CareerStage: "Student", Languages: []string{"English"}, Areas: []string{"Gender equality"},
		LookingFor: []string{"Mentoring"}, Bio: "Hi."}); err != nil {
		t.Fatal(err)
	}
	ct := openTerm(t, dial(t, srv.addr(), gossh.PublicKeys(colleague)), 100, 30)
	ct.send("2")
	ct.waitFor("Elif Demir")
	ct.send("w")
	ct.waitFor("Added Elif Demir (#1), but you can never be matched")
	ct.send("3")
	ct.waitFor("1. Elif Demir", "can never be matched")
}

// The welcome screen says where the day happens, in which language, whom
// to ask, and whether the room links are real.
func TestWelcomeSaysVenueLanguageContactAndRooms(t *testing.T) {
	srv := testServer(t, t.TempDir())
	tm := openTerm(t, dial(t, srv.addr(), gossh.PublicKeys(newKey(t))), 100, 30)
	tm.waitFor("This is your first visit", "Where Online on BigBlueButton, in your browser · English",
		"academy2022@humanrightsgolocal.org", "Rooms placeholders for now: the organisers send real links")

	real := testServer(t, t.TempDir(), withEvent(t, `
name = "Next Generation Day"
date = "2022-02-04"
time_zone = "Europe/Vienna"
slots = [{ start = "12:00" }, { start = "12:20" }]
room_link = "https://bbb.humanrightsgolocal.org/rooms/{expert}/join"
contact = "netday@humanrightsgolocal.org"
`))
	tm = openTerm(t, dial(t, real.addr(), gossh.PublicKeys(newKey(t))), 100, 30)
	s := tm.waitFor("This is your first visit", "Rooms each meeting has its own link, on your Schedule", "netday@humanrightsgolocal.org")
	if strings.Contains(s, "BigBlueButton") {
		t.Errorf("an organiser's own event without a venue shows the default's:\n%s", s)
	}
}
