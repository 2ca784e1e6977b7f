package store

import (
	"reflect"
	"testing"

	"netday/matching"
	"netday/store/event"
)

func TestMatchProfile(t *testing.T) {
	p := participant(1)
	w := &WishList{Fingerprint: p.Fingerprint, Experts: []string{testFP(102), testFP(101)}}
	mp := MatchProfile(p, nil, w)
	want := matching.Profile{
		ID: p.Fingerprint, Organisation: p.Organisation, CareerStage: p.CareerStage,
		Areas: p.Areas, Languages: p.Languages, Seeks: p.LookingFor,
		Wishes: []string{testFP(102), testFP(101)},
	}
	if !reflect.DeepEqual(mp, want) {
		t.Errorf("participant:\n%+v\nwant\n%+v", mp, want)
	}
	w.Experts[0] = "changed"
	if mp.Wishes[0] != testFP(102) {
		t.Error("MatchProfile shares the wish list's slice")
	}
	e := expert(101)
	a := &Availability{Fingerprint: e.Fingerprint, Seats: map[string]int{"s10": 1, "s2": 3, "s3": 0}}
	me := MatchProfile(e, a, nil)
	if me.ID != e.Fingerprint || !reflect.DeepEqual(me.Offers, e.Offers) || me.Seeks != nil ||
		!reflect.DeepEqual(me.Slots, []string{"s2", "s10"}) || me.Wishes != nil {
		t.Errorf("expert: %+v", me)
	}
}

func TestMatchingInstance(t *testing.T) {
	s := openTest(t, "")
	ev := event.Default()
	if len(ev.Slots) < 3 {
		t.Fatalf("default event has %d slots", len(ev.Slots))
	}
	people(t, s, 3, 3)
	// Participant 4 is incomplete; expert 104 has no availability and
	// expert 103 only seats in a slot the event does not have.
	incomplete := participant(4)
	incomplete.Bio = ""
	if _, err := s.PutProfile(incomplete); err != nil {
		t.Fatal(err)
	}
	if _, err := putProfile(s, expert(104)); err != nil {
		t.Fatal(err)
	}
	s1, s2 := ev.Slots[0].ID, ev.Slots[1].ID
	avail := []Availability{
		{Fingerprint: testFP(101), Seats: map[string]int{s1: 1}, DailyMax: 1},
		{Fingerprint: testFP(102), Seats: map[string]int{s1: 2, s2: 2}},
		{Fingerprint: testFP(103), Seats: map[string]int{"s99": 2}},
	}
	for _, a := range avail {
		if _, err := s.PutAvailability(a); err != nil {
			t.Fatal(err)
		}
	}
	// Participant 3 wants expert 101, the only one with a single seat.
	if _, err := s.PutWishList(WishList{Fingerprint: testFP(3), Experts: []string{testFP(101)}}, 3); err != nil {
		t.Fatal(err)
	}

	in, err := s.MatchingInstance(ev, 11)
	if err != nil {
		t.Fatal(err)
	}
	if err := in.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	if in.Seed != 11 || in.Scores != nil || in.Pins != nil || in.Weights == nil || *in.Weights != ev.Weights {
		t.Errorf("instance settings: seed %d scores %v pins %v weights %v", in.Seed, in.Scores, in.Pins, in.Weights)
	}
	if len(in.Slots) != len(ev.Slots) || in.Slots[0] != s1 {
		t.Errorf("slots %v", in.Slots)
	}
	if len(in.Participants) != 3 {
		t.Fatalf("participants %d, want 3", len(in.Participants))
	}
	for _, p := range in.Participants {
		if p.Quota != ev.Quota || p.Profile == nil || p.Profile.ID != p.ID || p.Slots != nil {
			t.Errorf("participant %+v", p)
		}
	}
	experts := map[string]matching.Expert{}
	for _, e := range in.Experts {
		experts[e.ID] = e
	}
	if len(experts) != 2 {
		t.Fatalf("experts %v, want 101 and 102", in.Experts)
	}
	if e := experts[testFP(101)]; e.Max == nil || *e.Max != 1 || !reflect.DeepEqual(e.Seats, map[string]int{s1: 1}) || e.Profile == nil {
		t.Errorf("expert 101 %+v", e)
	}
	if e := experts[testFP(102)]; e.Max != nil || len(e.Seats) != 2 {
		t.Errorf("expert 102 %+v", e)
	}

	sched, err := matching.Solve(in)
	if err != nil {
		t.Fatal(err)
	}
	var got bool
	for _, m := range sched.Meetings {
		if m.E == testFP(101) {
			if m.P != testFP(3) {
				t.Errorf("expert 101 meets %s, not the participant who wished for them", m.P)
			}
			got = true
		}
	}
	if !got {
		t.Errorf("wished-for meeting missing: %+v", sched.Meetings)
	}
	if sched.Stats.WithAtLeast[0] != 3 {
		t.Errorf("%d of 3 participants placed", sched.Stats.WithAtLeast[0])
	}
}
