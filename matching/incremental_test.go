package matching

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func has(ms []Meeting, m Meeting) bool {
	return slices.ContainsFunc(ms, func(x Meeting) bool { return x.P == m.P && x.E == m.E && x.Slot == m.Slot })
}

func TestResolveLateJoinerAndCancellation(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 2))
	for i := 0; i < 6; i++ {
		in := randInstance(rng, 30, 8, 5, 3, 3, false)
		first, err := Solve(in)
		if err != nil {
			t.Fatal(err)
		}
		// A late joiner who likes every expert; the first participant cancels.
		late := Participant{ID: "late", Quota: 2}
		next := *in
		next.Participants = append(slices.Clone(in.Participants[1:]), late)
		next.Scores = nil
		for _, s := range in.Scores {
			if s.P != in.Participants[0].ID {
				next.Scores = append(next.Scores, s)
			}
		}
		for _, e := range in.Experts {
			next.Scores = append(next.Scores, PairScore{P: "late", E: e.ID, Score: 500})
		}
		again, err := Resolve(&next, first.Meetings)
		if err != nil {
			t.Fatal(err)
		}
		if err := verify(&next, again); err != nil {
			t.Fatalf("#%d: %v", i, err)
		}
		if len(again.Dropped) != 0 {
			t.Errorf("#%d: dropped %v", i, again.Dropped)
		}
		for _, m := range first.Meetings {
			if m.P != in.Participants[0].ID && !has(again.Meetings, m) {
				t.Fatalf("#%d: published meeting %v moved", i, m)
			}
			if m.P == in.Participants[0].ID && has(again.Meetings, m) {
				t.Fatalf("#%d: cancelled meeting %v kept", i, m)
			}
		}
		// The late joiner gets a meeting whenever any seat is left for them.
		if again.Stats.WithAtLeast[0] != again.Stats.CoverageBound {
			t.Errorf("#%d: coverage %d below bound %d", i, again.Stats.WithAtLeast[0], again.Stats.CoverageBound)
		}
	}
}

func TestResolveDropsWhatNoLongerFits(t *testing.T) {
	in := &Instance{Slots: []string{"s1", "s2"},
		Participants: []Participant{{ID: "p1", Quota: 2}, {ID: "p2", Quota: 1}},
		Experts:      []Expert{{ID: "e1", Seats: map[string]int{"s1": 1, "s2": 1}}, {ID: "e2", Seats: map[string]int{"s2": 1}}},
		Scores:       []PairScore{{"p1", "e1", 300}, {"p1", "e2", 200}, {"p2", "e1", 100}}}
	published := []Meeting{{"p1", "e1", "s1", 300}, {"p1", "e2", "s2", 200}, {"p2", "e1", "s2", 100}}
	// e2 is now away in s2, and a pin from the organiser is repeated.
	in.Experts[1].Seats["s2"] = 0
	in.Pins = []Pin{{"p2", "e1", "s2"}}
	sch, err := Resolve(in, published)
	if err != nil {
		t.Fatal(err)
	}
	if err := verify(in, sch); err != nil {
		t.Fatal(err)
	}
	if want := []Meeting{{"p1", "e2", "s2", 200}}; !slices.Equal(sch.Dropped, want) {
		t.Errorf("dropped %v, want %v", sch.Dropped, want)
	}
	if !has(sch.Meetings, published[0]) || !has(sch.Meetings, published[2]) {
		t.Errorf("kept meetings lost: %v", sch.Meetings)
	}
	// An invalid instance is still refused.
	in.Pins = []Pin{{"p9", "e1", "s1"}}
	if _, err := Resolve(in, published); err == nil {
		t.Error("invalid pin accepted")
	}
}

func TestValidateNamesTheEntry(t *testing.T) {
	in := &Instance{Slots: []string{"s1"}, Participants: []Participant{{ID: "p7", Quota: 9}}}
	err := in.Validate()
	if err == nil || err.Error() != `invalid instance: participant "p7": quota 9 out of range 1..6` {
		t.Errorf("got %v", err)
	}
	if _, err := Solve(in); err == nil {
		t.Error("Solve accepted an invalid instance")
	}
	many := &Instance{}
	for i := 0; i <= MaxSlots; i++ {
		many.Slots = append(many.Slots, fmt.Sprint(i))
	}
	if many.Validate() == nil {
		t.Error("65 slots accepted")
	}
}

func TestUnplacedReasons(t *testing.T) {
	in := &Instance{Slots: []string{"s1"},
		Participants: []Participant{{ID: "p1", Quota: 1}, {ID: "p2", Quota: 1}, {ID: "p3", Quota: 1}},
		Experts:      []Expert{{ID: "e1", Seats: map[string]int{"s1": 1}}},
		Scores:       []PairScore{{"p1", "e1", 10}, {"p2", "e1", 20}}}
	sch, err := Solve(in)
	if err != nil {
		t.Fatal(err)
	}
	got, err := in.Unplaced(sch)
	if err != nil {
		t.Fatal(err)
	}
	want := []Unplaced{{"p1", ReasonFull}, {"p3", ReasonNoExpert}}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestUnplacedReasonNamesTheCommonCause(t *testing.T) {
	en := &Profile{ID: "e1", Languages: []string{"English"}, Areas: []string{"Housing"}}
	en2 := &Profile{ID: "e2", Languages: []string{"English"}, Areas: []string{"Housing"}}
	in := &Instance{Slots: []string{"s1"},
		Participants: []Participant{{ID: "p1", Quota: 1, Profile: &Profile{ID: "p1", Languages: []string{"Quechua"}}}},
		Experts: []Expert{{ID: "e1", Seats: map[string]int{"s1": 1}, Profile: en},
			{ID: "e2", Seats: map[string]int{"s1": 1}, Profile: en2}}}
	sch, err := Solve(in)
	if err != nil {
		t.Fatal(err)
	}
	got, err := in.Unplaced(sch)
	if err != nil || len(got) != 1 || !strings.Contains(got[0].Reason, "no language in common") {
		t.Fatalf("got %v, %v", got, err)
	}
}
