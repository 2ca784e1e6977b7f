package matching

import (
	"fmt"
	"testing"
)

// longChainDay needs a chain of n moves: the seeker q (one meeting with x
// in s2) can only get a second meeting at e1 in s1, whose occupant o1 can
// move on to e2, whose occupant o2 to e3, … and only e(n+1) is free.
func longChainDay(n int) *Instance {
	in := &Instance{Slots: []string{"s1", "s2"}, Scores: []PairScore{}}
	for i := 1; i <= n+1; i++ {
		in.Experts = append(in.Experts, Expert{ID: fmt.Sprintf("e%d", i), Seats: map[string]int{"s1": 1}})
	}
	in.Experts = append(in.Experts, Expert{ID: "x", Seats: map[string]int{"s2": 1}})
	for i := 1; i <= n; i++ {
		id := fmt.Sprintf("o%d", i)
		in.Participants = append(in.Participants, Participant{ID: id, Quota: 1})
		in.Scores = append(in.Scores, PairScore{id, fmt.Sprintf("e%d", i), 900}, PairScore{id, fmt.Sprintf("e%d", i+1), 100})
	}
	in.Participants = append(in.Participants, Participant{ID: "q", Quota: 2})
	in.Scores = append(in.Scores, PairScore{"q", "x", 900}, PairScore{"q", "e1", 100})
	return in
}

// farAlternativeDay needs a mover to use its 62nd-best expert: q can only
// get a second meeting at e1, whose occupant o scores 60 other experts
// higher than the only one with a free seat, g; those 60 are held by
// people who cannot move. pad participants without any eligible expert
// make the day bigger.
func farAlternativeDay(pad int) *Instance {
	in := &Instance{Slots: []string{"s1", "s2"}, Scores: []PairScore{}}
	in.Experts = append(in.Experts, Expert{ID: "e1", Seats: map[string]int{"s1": 1}},
		Expert{ID: "x", Seats: map[string]int{"s2": 1}}, Expert{ID: "g", Seats: map[string]int{"s1": 1}})
	in.Participants = append(in.Participants, Participant{ID: "q", Quota: 2}, Participant{ID: "o", Quota: 1})
	in.Scores = append(in.Scores, PairScore{"q", "x", 900}, PairScore{"q", "e1", 100},
		PairScore{"o", "e1", 1000}, PairScore{"o", "g", 10})
	for j := 1; j <= 60; j++ {
		f, b := fmt.Sprintf("f%02d", j), fmt.Sprintf("b%02d", j)
		in.Experts = append(in.Experts, Expert{ID: f, Seats: map[string]int{"s1": 1}})
		in.Participants = append(in.Participants, Participant{ID: b, Quota: 1})
		in.Scores = append(in.Scores, PairScore{b, f, 1000}, PairScore{"o", f, 1000 - j})
	}
	for j := 0; j < pad; j++ {
		in.Participants = append(in.Participants, Participant{ID: fmt.Sprintf("z%04d", j), Quota: 1})
	}
	return in
}

// TestChainSearchIsNotCapped is the regression test of the chain search's
// caps: a search used to stop after max(1024, seats/4) seats, a mover
// tried only its best 48 experts (24 above 3,000 participants), so the
// seeker of these days got no second meeting. Each case is also run with
// the caps the engine keeps for days above capAbove participants, to show
// the test can fail, and then with the raise that follows the chain rounds.
func TestChainSearchIsNotCapped(t *testing.T) {
	cases := []struct {
		name string
		in   *Instance
	}{
		{"chain of 1,300 moves", longChainDay(1300)},
		{"62nd-best expert", farAlternativeDay(0)},
		{"62nd-best expert, 3,000 participants", farAlternativeDay(3000 - 62)},
	}
	for _, c := range cases {
		pr, err := build(c.in)
		if err != nil {
			t.Fatal(err)
		}
		// The engine's own options for the day, without the score phase
		// (it cannot change the counts and only costs time here).
		o := defaultOptions(pr)
		o.rounds, o.slotK, o.reshuffles, o.exact = 0, 0, 0, false
		res, err := solve(pr, o)
		if err != nil {
			t.Fatal(err)
		}
		if err := res.st.check(); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if lv := res.st.levels(); lv[0] != res.bound || lv[1] != 1 {
			t.Errorf("%s: with at least 1, 2 meetings: %v (coverage bound %d); the seeker should get 2", c.name, lv, res.bound)
		}
		// The chain rounds alone, capped, miss it; the raise after them
		// (levelMax says one more second meeting may exist) finds it.
		o.chainK, o.chainCap = 24, true
		pairs := o.pairs
		o.pairs = false
		res, err = solve(pr, o)
		if err != nil {
			t.Fatal(err)
		}
		if lv := res.st.levels(); lv[1] != 0 {
			t.Errorf("%s: the capped search found the chain too (%v): the case no longer tests the caps", c.name, lv)
		}
		if o.pairs = pairs; pairs {
			if res, err = solve(pr, o); err != nil {
				t.Fatal(err)
			}
			if lv := res.st.levels(); lv[1] != 1 {
				t.Errorf("%s: capped chains and the raise: %v; the raise should give the seeker a second meeting", c.name, lv)
			}
		}
	}
}
