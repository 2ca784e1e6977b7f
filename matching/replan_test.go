package matching

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// lateDay is a published day where p1 holds both seats; the late joiner p2
// can only meet e2, whose only seat p1 took in the later slot.
func lateDay() (*Instance, []Meeting) {
	in := &Instance{Slots: []string{"s1", "s2"},
		Participants: []Participant{{ID: "p1", Quota: 2}, {ID: "p2", Quota: 1}},
		Experts:      []Expert{{ID: "e1", Seats: map[string]int{"s1": 1}}, {ID: "e2", Seats: map[string]int{"s2": 1}}},
		Scores:       []PairScore{{"p1", "e1", 900}, {"p1", "e2", 800}, {"p2", "e2", 100}}}
	published := []Meeting{{"p1", "e1", "s1", 900}, {"p1", "e2", "s2", 800}}
	return in, published
}

func TestReplanTakesASecondMeetingForALateJoiner(t *testing.T) {
	in, published := lateDay()
	keep, err := ResolveWith(in, published, Options{Mode: ModeKeep})
	if err != nil {
		t.Fatal(err)
	}
	if keep.Stats.WithAtLeast[0] != 1 || keep.Stats.PinnedCoverage != 1 || keep.Stats.CoverageBound != 2 {
		t.Errorf("keep: %+v", keep.Stats)
	}
	if len(keep.Changes) != 0 || keep.Stats.PublishedChanged != 0 {
		t.Errorf("keep changed %v", keep.Changes)
	}
	for _, sch := range []*Schedule{mustResolve(t, in, published, ModeReplan), mustResolve(t, in, published, ModeFull)} {
		if err := verify(in, sch); err != nil {
			t.Fatal(err)
		}
		if sch.Stats.WithAtLeast[0] != 2 || sch.Stats.CoverageBound != 2 || sch.Stats.PinnedCoverage != 2 {
			t.Errorf("the late joiner got nothing: %+v", sch.Stats)
		}
		want := Change{Kind: ChangeRemoved, From: published[1], Reason: ReasonLateJoiner}
		if sch.Stats.PublishedChanged != 1 || len(sch.Changes) != 1 || sch.Changes[0].Kind != want.Kind || sch.Changes[0].From != want.From {
			t.Errorf("changes %+v (%d)", sch.Changes, sch.Stats.PublishedChanged)
		}
		if !has(sch.Meetings, published[0]) {
			t.Errorf("first meeting lost: %v", sch.Meetings)
		}
	}
	// Resolve is ModeReplan.
	sch, err := Resolve(in, published)
	if err != nil || sch.Stats.WithAtLeast[0] != 2 || sch.Changes[0].Reason != ReasonLateJoiner {
		t.Errorf("Resolve: %+v, %v", sch, err)
	}
}

func TestReplanNeverTakesTheFirstMeeting(t *testing.T) {
	in, published := lateDay()
	// The late joiner can only meet e1, in p1's earliest published meeting.
	in.Scores[2] = PairScore{"p2", "e1", 100}
	sch := mustResolve(t, in, published, ModeReplan)
	if sch.Stats.WithAtLeast[0] != 1 || sch.Stats.PinnedCoverage != 1 || sch.Stats.CoverageBound != 2 {
		t.Errorf("stats %+v", sch.Stats)
	}
	if len(sch.Changes) != 0 || !has(sch.Meetings, published[0]) || !has(sch.Meetings, published[1]) {
		t.Errorf("published meetings changed: %v, %v", sch.Meetings, sch.Changes)
	}
}

func TestReplanMovesInsteadOfRemovingWhenItCan(t *testing.T) {
	in, published := lateDay()
	// e2 also has a seat in s3, where p1 is free but not the late joiner:
	// p1's meeting moves there.
	in.Slots = append(in.Slots, "s3")
	in.Experts[1].Seats["s3"] = 1
	in.Participants[1].Slots = []string{"s2"}
	sch := mustResolve(t, in, published, ModeReplan)
	if err := verify(in, sch); err != nil {
		t.Fatal(err)
	}
	if sch.Stats.WithAtLeast[0] != 2 || sch.Stats.WithAtLeast[1] != 1 {
		t.Fatalf("stats %+v", sch.Stats)
	}
	if len(sch.Changes) != 1 || sch.Changes[0].Kind != ChangeMoved || sch.Changes[0].To == nil ||
		*sch.Changes[0].To != (Meeting{"p1", "e2", "s3", 800}) {
		t.Errorf("changes %+v", sch.Changes)
	}
}

func TestReplanReportsDroppedMeetings(t *testing.T) {
	in, published := lateDay()
	in.Experts[1].Seats["s2"] = 0
	published = append(published, Meeting{"gone", "e1", "s2", 1})
	sch := mustResolve(t, in, published, ModeReplan)
	if len(sch.Dropped) != 1 || sch.Dropped[0] != published[1] {
		t.Errorf("dropped %v", sch.Dropped)
	}
	kinds := map[string]int{}
	for _, c := range sch.Changes {
		kinds[c.Kind]++
		if c.Reason == "" {
			t.Errorf("change without a reason: %+v", c)
		}
	}
	if kinds[ChangeDropped] != 2 || sch.Stats.PublishedChanged != 0 {
		t.Errorf("changes %+v", sch.Changes)
	}
}

func mustResolve(t *testing.T, in *Instance, published []Meeting, m Mode) *Schedule {
	t.Helper()
	sch, err := ResolveWith(in, published, Options{Mode: m})
	if err != nil {
		t.Fatalf("%v: %v", m, err)
	}
	return sch
}

// TestReplanIsMinimalOnTinyDays compares the re-plan with exhaustive
// search: the coverage must be the best reachable while keeping everyone's
// earliest published meeting, and the number of published meetings that
// change the fewest that reaches it.
func TestReplanIsMinimalOnTinyDays(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 8))
	checked := 0
	for i := 0; i < 300; i++ {
		in := randInstance(rng, 7, 4, 4, 3, 2, false)
		if len(in.Participants) < 3 {
			continue
		}
		// The first participants are published, the last two join late.
		first := *in
		first.Participants = in.Participants[:len(in.Participants)-2]
		first.Scores = nil
		for _, sc := range in.Scores {
			if slices.ContainsFunc(first.Participants, func(p Participant) bool { return p.ID == sc.P }) {
				first.Scores = append(first.Scores, sc)
			}
		}
		pub, err := Solve(&first)
		if err != nil {
			t.Fatal(err)
		}
		sch := mustResolve(t, in, pub.Meetings, ModeReplan)
		if err := verify(in, sch); err != nil {
			t.Fatalf("#%d: %v", i, err)
		}
		// Exhaustive: every subset of movable meetings, smallest first.
		earliest := map[string]int{}
		for j, m := range pub.Meetings {
			if k, ok := earliest[m.P]; !ok || slices.Index(in.Slots, m.Slot) < slices.Index(in.Slots, pub.Meetings[k].Slot) {
				earliest[m.P] = j
			}
		}
		var movable []int
		for j, m := range pub.Meetings {
			if earliest[m.P] != j {
				movable = append(movable, j)
			}
		}
		bestCov, bestChanged := -1, 0
		for mask := 0; mask < 1<<len(movable); mask++ {
			x := *in
			x.Pins = nil
			gone := map[int]bool{}
			for b, j := range movable {
				if mask&(1<<b) != 0 {
					gone[j] = true
				}
			}
			for j, m := range pub.Meetings {
				if !gone[j] {
					x.Pins = append(x.Pins, Pin{m.P, m.E, m.Slot})
				}
			}
			cov := edmondsKarpCoverage(&x)
			n := len(gone)
			if cov > bestCov || cov == bestCov && n < bestChanged {
				bestCov, bestChanged = cov, n
			}
		}
		if sch.Stats.WithAtLeast[0] != bestCov {
			t.Errorf("#%d: coverage %d, best with the earliest meetings kept %d", i, sch.Stats.WithAtLeast[0], bestCov)
		}
		if sch.Stats.PublishedChanged > bestChanged {
			t.Errorf("#%d: %d published meetings changed, %d would do", i, sch.Stats.PublishedChanged, bestChanged)
		}
		checked++
	}
	if checked < 200 {
		t.Fatalf("only %d days checked", checked)
	}
}

// TestReplanLeavesNoOneBehindOnAFullDay is the case (there on
// 2,000 participants, here on 800 to keep the test fast under -race;
// `netday-bench run -gen 2020x200x8 -joiners 20` runs the big one): a full
// day, published, then late joiners. Keeping every
// published meeting leaves them without a meeting; the re-plan gives each
// one a first meeting and changes about as many published meetings.
func TestReplanLeavesNoOneBehindOnAFullDay(t *testing.T) {
	in := Generate(GenConfig{Participants: 810, Experts: 80, Slots: 8, Seed: 1})
	first := *in
	first.Participants = in.Participants[:800]
	pub, err := Solve(&first)
	if err != nil {
		t.Fatal(err)
	}
	keep := mustResolve(t, in, pub.Meetings, ModeKeep)
	replan := mustResolve(t, in, pub.Meetings, ModeReplan)
	if err := verify(in, replan); err != nil {
		t.Fatal(err)
	}
	t.Logf("keep: %d of %d covered (bound %d); replan: %d covered, %d published meetings changed",
		keep.Stats.WithAtLeast[0], len(in.Participants), keep.Stats.CoverageBound, replan.Stats.WithAtLeast[0], replan.Stats.PublishedChanged)
	if keep.Stats.CoverageBound != len(in.Participants) || keep.Stats.PinnedCoverage != keep.Stats.WithAtLeast[0] {
		t.Errorf("keep stats %+v", keep.Stats)
	}
	if replan.Stats.WithAtLeast[0] != len(in.Participants) {
		t.Errorf("replan covers %d of %d", replan.Stats.WithAtLeast[0], len(in.Participants))
	}
	behind := len(in.Participants) - keep.Stats.WithAtLeast[0]
	if replan.Stats.PublishedChanged > behind {
		t.Errorf("%d published meetings changed for %d late joiners", replan.Stats.PublishedChanged, behind)
	}
	for _, c := range replan.Changes {
		if c.Kind == ChangeDropped || c.Reason != ReasonLateJoiner {
			t.Errorf("change %+v", c)
		}
	}
	// Nobody who had a published meeting lost their first one.
	had := map[string]bool{}
	for _, m := range replan.Meetings {
		had[m.P] = true
	}
	for _, m := range pub.Meetings {
		if !had[m.P] {
			t.Errorf("%s lost every meeting", m.P)
		}
	}
}

func TestResolveStopsWhenCancelled(t *testing.T) {
	in := Generate(GenConfig{Participants: 300, Experts: 30, Slots: 6, Seed: 2})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ResolveWith(in, nil, Options{Mode: ModeFull, Context: ctx}); !errors.Is(err, context.Canceled) {
		t.Errorf("ResolveWith: %v", err)
	}
	if _, err := SolveContext(ctx, in); !errors.Is(err, context.Canceled) {
		t.Errorf("SolveContext: %v", err)
	}
	if s := fmt.Sprint(ModeReplan, ModeKeep, ModeFull); s != "replan keep full" {
		t.Errorf("mode names %q", s)
	}
}
