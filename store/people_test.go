package store

import (
	"errors"
	"slices"
	"testing"
	"time"

	"netday/store/event"
)

// publishMeetings saves a run with ms and publishes it.
func publishMeetings(t *testing.T, s *Store, at time.Time, ms ...Meeting) Run {
	t.Helper()
	r, err := s.SaveRun(Run{Meetings: ms})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.PublishRun(r.ID, at); err != nil {
		t.Fatal(err)
	}
	r.Published = at.UTC()
	return r
}

func TestRepublishKeepsDroppedMeetingsAndNotifies(t *testing.T) {
	s := openTest(t, "")
	people(t, s, 2, 2)
	p1, p2, e1, e2 := testFP(1), testFP(2), testFP(101), testFP(102)
	t0 := time.Date(2022, 2, 3, 18, 0, 0, 0, time.UTC)
	publishMeetings(t, s, t0,
		Meeting{Participant: p1, Expert: e1, Slot: "s1"},
		Meeting{Participant: p2, Expert: e1, Slot: "s1"},
		Meeting{Participant: p2, Expert: e2, Slot: "s2"})
	if _, err := s.Notice(p1); !errors.Is(err, ErrNotFound) {
		t.Fatalf("the first publication gave a notice: %v", err)
	}
	// e2 is away in s2 now; run 2 drops p2–e2, moves p1–e1, adds p1–e2.
	if _, err := s.PutAvailability(Availability{Fingerprint: e2, Seats: map[string]int{"s3": 1}}); err != nil {
		t.Fatal(err)
	}
	t1 := t0.Add(time.Hour)
	publishMeetings(t, s, t1,
		Meeting{Participant: p1, Expert: e1, Slot: "s2"},
		Meeting{Participant: p2, Expert: e1, Slot: "s1"},
		Meeting{Participant: p1, Expert: e2, Slot: "s3", Why: "shared areas"})

	n, err := s.Notice(p2)
	if err != nil || len(n.Items) != 1 {
		t.Fatalf("p2 notice %+v, %v", n, err)
	}
	if it := n.Items[0]; it.Kind != ChangeCancelled || it.Expert != e2 || it.Slot != "s2" ||
		it.Reason != "the expert is no longer available at that time" {
		t.Errorf("p2 item %+v", it)
	}
	n, err = s.Notice(p1)
	if err != nil || len(n.Items) != 2 {
		t.Fatalf("p1 notice %+v, %v", n, err)
	}
	if it := n.Items[0]; it.Kind != ChangeMoved || it.From != "s1" || it.Slot != "s2" || it.Reason != replanned {
		t.Errorf("p1 moved %+v", it)
	}
	if it := n.Items[1]; it.Kind != ChangeAdded || it.Reason != "shared areas" {
		t.Errorf("p1 added %+v", it)
	}
	if n, err := s.Notice(e2); err != nil || len(n.Items) != 2 || n.Items[0].Reason != "you are away at that time" {
		t.Errorf("e2 notice %+v, %v", n, err)
	}
	if err := s.AckNotice(p1); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Notice(p1); !errors.Is(err, ErrNotFound) {
		t.Errorf("notice after ack: %v", err)
	}

	// Calendars: p2 keeps the dropped pair, e1 the table it left in s1? No:
	// e1 still has a table in s1 (p2); e2 lost its table in s2.
	d, err := s.DroppedFor(p2)
	if err != nil || len(d) != 1 || d[0].Expert != e2 || d[0].Slot != "s2" || !d[0].At.Equal(t1) {
		t.Errorf("dropped for p2: %+v, %v", d, err)
	}
	d, err = s.DroppedFor(e2)
	if err != nil || len(d) != 1 || d[0].Participant != "" || d[0].Slot != "s2" {
		t.Errorf("dropped for e2: %+v, %v", d, err)
	}
	if d, _ := s.DroppedFor(e1); len(d) != 0 {
		t.Errorf("e1 has dropped tables %+v", d)
	}
	// The pair comes back in run 3: no longer dropped.
	publishMeetings(t, s, t1.Add(time.Hour), Meeting{Participant: p2, Expert: e2, Slot: "s3"})
	for _, dd := range mustDropped(t, s, p2) {
		if dd.Expert == e2 {
			t.Errorf("p2–e2 still dropped after it came back: %+v", dd)
		}
	}
}

func mustDropped(t *testing.T, s *Store, fp string) []Dropped {
	t.Helper()
	d, err := s.DroppedFor(fp)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestCancellationsReachTheNextInstance(t *testing.T) {
	s := openTest(t, "")
	ev := event.Default()
	people(t, s, 3, 2)
	p1, p2, p3, e1, e2 := testFP(1), testFP(2), testFP(3), testFP(101), testFP(102)
	for _, e := range []string{e1, e2} {
		if _, err := s.PutAvailability(Availability{Fingerprint: e, Seats: map[string]int{"s1": 2, "s2": 1}}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.CancelMeeting(p1, "s1", time.Now()); !errors.Is(err, ErrNotPublished) {
		t.Fatalf("cancel before publication: %v", err)
	}
	publishMeetings(t, s, time.Now(),
		Meeting{Participant: p1, Expert: e1, Slot: "s1"},
		Meeting{Participant: p2, Expert: e1, Slot: "s1"},
		Meeting{Participant: p3, Expert: e2, Slot: "s2"})

	if _, err := s.CancelMeeting(p1, "s2", time.Now()); !errors.Is(err, ErrNoMeeting) {
		t.Fatalf("cancel a slot without a meeting: %v", err)
	}
	got, err := s.CancelMeeting(p1, "s1", time.Now())
	if err != nil || len(got) != 1 {
		t.Fatalf("participant cancels: %v, %v", got, err)
	}
	if n, err := s.Notice(e1); err != nil || n.Items[0].Reason != "the participant cannot make it" {
		t.Errorf("expert's notice %+v, %v", n, err)
	}
	got, err = s.CancelMeeting(e2, "s2", time.Now())
	if err != nil || len(got) != 1 {
		t.Fatalf("expert cancels: %v, %v", got, err)
	}
	if _, err := s.CancelDay(p2, time.Now()); err != nil {
		t.Fatal(err)
	}
	c, err := s.Cancellations()
	if err != nil || len(c.Meetings) != 3 || len(c.DayOff) != 1 {
		t.Fatalf("cancellations %+v, %v", c, err)
	}
	dir, err := s.Directory()
	if err != nil || dir.Booked[e1+"|s1"] != 0 || dir.FreeSlots(e1) != 2 {
		t.Errorf("booked after cancellations: %v; free %d; %v", dir.Booked, dir.FreeSlots(e1), err)
	}

	// p3 wants 2 meetings and cannot attend s3.
	if _, err := s.PutAttendance(Attendance{Fingerprint: p3, Away: []string{"s3"}, Meetings: 2}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutAttendance(Attendance{Fingerprint: e1, Meetings: 2}); err == nil {
		t.Error("an expert set participant attendance")
	}
	in, err := s.MatchingInstance(ev, 1)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, p := range in.Participants {
		ids = append(ids, p.ID)
		switch p.ID {
		case p1:
			if slices.Contains(p.Slots, "s1") || len(p.Slots) != len(ev.Slots)-1 || p.Quota != ev.Quota {
				t.Errorf("p1 after cancelling s1: %+v", p)
			}
		case p3:
			if slices.Contains(p.Slots, "s3") || p.Quota != 2 {
				t.Errorf("p3: %+v", p)
			}
		}
	}
	if slices.Contains(ids, p2) || len(ids) != 2 {
		t.Errorf("participants %v: p2 took the day off", ids)
	}
	for _, e := range in.Experts {
		if e.ID == e2 && e.Seats["s2"] != 0 {
			t.Errorf("e2 cancelled s2 but has seats %v", e.Seats)
		}
	}
	if err := s.RejoinDay(p2); err != nil {
		t.Fatal(err)
	}
	if in, _ := s.MatchingInstance(ev, 1); len(in.Participants) != 3 {
		t.Errorf("%d participants after p2 rejoined", len(in.Participants))
	}
}

func TestFeedback(t *testing.T) {
	s := openTest(t, "")
	people(t, s, 1, 1)
	p1, e1 := testFP(1), testFP(101)
	publishMeetings(t, s, time.Now(), Meeting{Participant: p1, Expert: e1, Slot: "s1"})
	if _, err := s.PutFeedback(Feedback{By: p1, Participant: p1, Expert: e1, Slot: "s2", Outcome: OutcomeMet}, time.Now()); !errors.Is(err, ErrNotYourMeeting) {
		t.Errorf("feedback on a meeting that is not there: %v", err)
	}
	if _, err := s.PutFeedback(Feedback{By: p1, Participant: p1, Expert: e1, Slot: "s1", Outcome: "maybe"}, time.Now()); err == nil {
		t.Error("bad outcome accepted")
	}
	f, err := s.PutFeedback(Feedback{By: p1, Participant: p1, Expert: e1, Slot: "s1", Outcome: OutcomeMet,
		Rating: 5, Comment: "great\x1b[31m talk"}, time.Now())
	if err != nil || f.Comment != "great talk" {
		t.Fatalf("feedback %+v, %v", f, err)
	}
	if _, err := s.PutFeedback(Feedback{By: e1, Participant: p1, Expert: e1, Slot: "s1", Outcome: OutcomeMissed}, time.Now()); err != nil {
		t.Fatal(err)
	}
	all, err := s.AllFeedback()
	if err != nil || len(all) != 2 {
		t.Fatalf("all feedback %+v, %v", all, err)
	}
	mine, err := s.FeedbackBy(p1)
	if err != nil || len(mine) != 1 || mine[SeatKey(Meeting{Participant: p1, Expert: e1, Slot: "s1"})].Rating != 5 {
		t.Errorf("feedback by p1 %+v, %v", mine, err)
	}
	// A re-plan that places the same pair at another time starts without
	// the old meeting's feedback.
	if _, ok := mine[SeatKey(Meeting{Participant: p1, Expert: e1, Slot: "s2"})]; ok {
		t.Error("feedback of the meeting at s1 shows on a meeting at s2")
	}
	d, err := s.Export(p1)
	if err != nil || len(d.Day.Feedback) != 1 {
		t.Errorf("export %+v, %v", d.Day, err)
	}
	if err := s.DeleteUser(p1); err != nil {
		t.Fatal(err)
	}
	if all, _ := s.AllFeedback(); len(all) != 0 {
		t.Errorf("feedback naming a deleted key survives: %+v", all)
	}
}

func TestFreeSlotsWithDailyMaximum(t *testing.T) {
	s := openTest(t, "")
	people(t, s, 2, 1)
	e1 := testFP(101)
	if _, err := s.PutAvailability(Availability{Fingerprint: e1, Seats: map[string]int{"s1": 1, "s2": 1, "s3": 1, "s4": 1, "s5": 1}, DailyMax: 2}); err != nil {
		t.Fatal(err)
	}
	dir, _ := s.Directory()
	if n := dir.FreeSlots(e1); n != 2 {
		t.Errorf("free slots before publication = %d, want 2 (the daily maximum)", n)
	}
	publishMeetings(t, s, time.Now(),
		Meeting{Participant: testFP(1), Expert: e1, Slot: "s1"},
		Meeting{Participant: testFP(2), Expert: e1, Slot: "s2"})
	dir, _ = s.Directory()
	if n := dir.FreeSlots(e1); n != 0 {
		t.Errorf("free slots at the daily maximum = %d, want 0", n)
	}
}

func TestExpertStagesReachTheScore(t *testing.T) {
	e := expert(101)
	e.Stages = []string{"Student"}
	mp := MatchProfile(e, nil, nil)
	if !slices.Equal(mp.Stages, []string{"Student"}) {
		t.Fatalf("MatchProfile stages %v", mp.Stages)
	}
	s := openTest(t, "")
	if _, err := putProfile(s, e); err != nil {
		t.Fatal(err)
	}
	got, err := s.Profile(e.Fingerprint)
	if err != nil || !slices.Equal(got.Stages, []string{"Student"}) {
		t.Fatalf("stored stages %v, %v", got.Stages, err)
	}
	twice := e
	twice.Stages = []string{"Student", " student\x1b[31m"}
	if got, err := putProfile(s, twice); err != nil || !slices.Equal(got.Stages, []string{"Student"}) {
		t.Errorf("a repeated, dirty stage: %v, %v", got.Stages, err)
	}
}

func TestNoticesMergeUntilAcknowledged(t *testing.T) {
	s := openTest(t, "")
	people(t, s, 1, 2)
	p1, e1, e2 := testFP(1), testFP(101), testFP(102)
	t0 := time.Date(2022, 2, 3, 18, 0, 0, 0, time.UTC)
	publishMeetings(t, s, t0, Meeting{Participant: p1, Expert: e1, Slot: "s1"})
	// Run 2 adds e2 in s2; run 3 moves it to s3 and moves e1 to s4.
	publishMeetings(t, s, t0.Add(time.Hour), Meeting{Participant: p1, Expert: e1, Slot: "s1"}, Meeting{Participant: p1, Expert: e2, Slot: "s2"})
	publishMeetings(t, s, t0.Add(2*time.Hour), Meeting{Participant: p1, Expert: e1, Slot: "s4"}, Meeting{Participant: p1, Expert: e2, Slot: "s3"})
	n, err := s.Notice(p1)
	if err != nil || len(n.Items) != 2 {
		t.Fatalf("notice %+v, %v", n, err)
	}
	byExpert := map[string]NoticeItem{}
	for _, it := range n.Items {
		byExpert[it.Expert] = it
	}
	if it := byExpert[e2]; it.Kind != ChangeAdded || it.Slot != "s3" {
		t.Errorf("added then moved: %+v, want added in s3", it)
	}
	if it := byExpert[e1]; it.Kind != ChangeMoved || it.From != "s1" || it.Slot != "s4" {
		t.Errorf("moved: %+v", it)
	}
	// Run 4 moves e1 back to s1 and drops e2: nothing left to tell.
	publishMeetings(t, s, t0.Add(3*time.Hour), Meeting{Participant: p1, Expert: e1, Slot: "s1"})
	if n, err := s.Notice(p1); !errors.Is(err, ErrNotFound) {
		t.Errorf("after moving back and dropping the added one: %+v, %v", n, err)
	}
}

// Whoever cancelled a meeting gives no feedback on it.
func TestNoFeedbackFromWhoCancelled(t *testing.T) {
	s := openTest(t, "")
	people(t, s, 1, 1)
	p1, e1 := testFP(1), testFP(101)
	if _, err := s.PutAvailability(Availability{Fingerprint: e1, Seats: map[string]int{"s1": 1}}); err != nil {
		t.Fatal(err)
	}
	publishMeetings(t, s, time.Now(), Meeting{Participant: p1, Expert: e1, Slot: "s1"})
	if _, err := s.CancelMeeting(p1, "s1", time.Now()); err != nil {
		t.Fatal(err)
	}
	_, err := s.PutFeedback(Feedback{By: p1, Participant: p1, Expert: e1, Slot: "s1", Outcome: OutcomeMet, Rating: 4}, time.Now())
	if !errors.Is(err, ErrCancelledMeeting) {
		t.Errorf("feedback on a meeting one cancelled oneself: %v", err)
	}
	// The other side may still record that it did not happen.
	if _, err := s.PutFeedback(Feedback{By: e1, Participant: p1, Expert: e1, Slot: "s1", Outcome: OutcomeMissed}, time.Now()); err != nil {
		t.Errorf("the other side's feedback on a cancelled meeting: %v", err)
	}
}
