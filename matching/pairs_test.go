package matching

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"slices"
	"testing"
)

// TestPairBoundAgainstBruteForce checks the certificate on random tiny
// days with pins: the pair relaxation at the optimal counts must be
// solvable and at least the optimal score found by exhaustive search, and
// Solve's score_bound at least its score.
func TestPairBoundAgainstBruteForce(t *testing.T) {
	for _, cfg := range bruteConfigs {
		rng := rand.New(rand.NewPCG(uint64(cfg[0]*100+cfg[1]), 7))
		for i := 0; i < 100; i++ {
			in := randInstance(rng, cfg[0], cfg[1], cfg[2], cfg[3], cfg[4], true)
			best := bruteBest(in)
			pr, err := build(in)
			if err != nil {
				t.Fatal(err)
			}
			plan, ok := pr.pairRelax(best[:len(best)-1], nil, 1<<30)
			if !ok || plan.score < int64(best[len(best)-1]) {
				t.Errorf("%v #%d: relaxation %v %d, brute force %v", cfg, i, ok, plan.score, best)
			}
			sch, err := Solve(in)
			if err != nil {
				t.Fatal(err)
			}
			if sch.Stats.ScoreBound < sch.Stats.TotalScore {
				t.Errorf("%v #%d: score %d above its bound %d", cfg, i, sch.Stats.TotalScore, sch.Stats.ScoreBound)
			}
		}
	}
}

// TestPairsReachTheBound checks that on generated days (Zipf popularity,
// tables, daily maxima, partial availability) the schedule is certified
// optimal at its counts: the score equals the pair relaxation's optimum.
func TestPairsReachTheBound(t *testing.T) {
	for _, c := range [][4]int{{200, 20, 8, 1}, {300, 40, 6, 2}, {500, 50, 8, 3}} {
		in := Generate(GenConfig{Participants: c[0], Experts: c[1], Slots: c[2], Seed: int64(c[3])})
		sch, err := Solve(in)
		if err != nil {
			t.Fatal(err)
		}
		if err := verify(in, sch); err != nil {
			t.Fatalf("%v: %v", c, err)
		}
		if sch.Stats.TotalScore != sch.Stats.ScoreBound {
			t.Errorf("%v: score %d, bound %d", c, sch.Stats.TotalScore, sch.Stats.ScoreBound)
		}
	}
}

// TestRealizeDisplaces gives slots to pairs that greedy placement alone
// would not fit: p1 takes A's first seat, so p2 (busy with B in the second
// slot) finds A full where it is free, and p1's meeting must move.
func TestRealizeDisplaces(t *testing.T) {
	in := &Instance{
		Slots:        []string{"s1", "s2"},
		Participants: []Participant{{ID: "p1", Quota: 1}, {ID: "p2", Quota: 2}},
		Experts: []Expert{
			{ID: "A", Seats: map[string]int{"s1": 1, "s2": 1}},
			{ID: "B", Seats: map[string]int{"s2": 1}},
		},
		Scores: []PairScore{{P: "p1", E: "A", Score: 10}, {P: "p2", E: "A", Score: 10}, {P: "p2", E: "B", Score: 10}},
	}
	pr, err := build(in)
	if err != nil {
		t.Fatal(err)
	}
	plan := pairPlan{start: []int32{0, 1, 3}, exp: []int32{0, 0, 1}}
	st, missing := pr.realize(plan, []int32{0, 1})
	if err := st.check(); err != nil {
		t.Fatal(err)
	}
	if len(missing) != 0 || st.total != 30 {
		t.Fatalf("missing %v, total %d", missing, st.total)
	}
	if j := st.meets(0, 0); st.mS[j] != 1 {
		t.Errorf("p1 meets A in slot %d, want the second", st.mS[j]+1)
	}
}

// TestSlotLagrangeAgainstBruteForce checks the slot relaxation on random
// tiny days with pins: its bound is at least the optimal score found by
// exhaustive search at the same counts, and its schedule keeps every
// hard rule and the counts.
func TestSlotLagrangeAgainstBruteForce(t *testing.T) {
	for _, cfg := range bruteConfigs {
		rng := rand.New(rand.NewPCG(uint64(cfg[0]*100+cfg[1]), 13))
		for i := 0; i < 60; i++ {
			in := randInstance(rng, cfg[0], cfg[1], cfg[2], cfg[3], cfg[4], true)
			best := bruteBest(in)
			pr, err := build(in)
			if err != nil {
				t.Fatal(err)
			}
			o := defaultOptions(pr)
			res, err := solve(pr, o)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(res.st.levels(), best[:len(best)-1]) {
				continue // TestAgainstBruteForce reports it
			}
			c, lb, ok := pr.slotLagrange(res.st, o, pr.order(0))
			if !ok {
				continue // counts out of reach of the network: no bound claimed
			}
			if err := c.check(); err != nil {
				t.Fatalf("%v #%d: %v", cfg, i, err)
			}
			if lb < int64(best[len(best)-1]) || c.total > lb {
				t.Errorf("%v #%d: bound %d, its schedule %d, brute force %v", cfg, i, lb, c.total, best)
			}
		}
	}
}

// TestSlotsBind is a 16-participant day with 3 slots (testdata/slots-bind.json)
// on which the pair relaxation is not tight (slots bind): the engine used to
// stop at 15,896, 98.5% of the optimum (16,135, proven by CBC). Now the
// slot relaxation reaches a schedule whose score equals its bound.
func TestSlotsBind(t *testing.T) {
	_, sch := solveFile(t, "testdata/slots-bind.json")
	if sch.Stats.TotalScore != sch.Stats.ScoreBound || sch.Stats.TotalScore != 16135 {
		t.Errorf("score %d, bound %d; CBC's optimum is 16135", sch.Stats.TotalScore, sch.Stats.ScoreBound)
	}
}

// TestEmptyDays: days with nobody (or nobody who can meet) have no levels;
// the relaxation and its certificate must cope (the fuzzer found a panic).
func TestEmptyDays(t *testing.T) {
	for _, in := range []*Instance{
		{Slots: []string{"s1", "s2"}},
		{Slots: []string{"s1"}, Experts: []Expert{{ID: "e1", Seats: map[string]int{"s1": 1}}}},
		{Slots: []string{"s1"}, Participants: []Participant{{ID: "p1", Quota: 2}}},
	} {
		sch, err := Solve(in)
		if err != nil {
			t.Fatal(err)
		}
		if sch.Stats.Meetings != 0 || sch.Stats.ScoreBound != 0 || !sch.Stats.ProvenOptimal {
			t.Errorf("%+v: %+v", in, sch.Stats)
		}
	}
}

// solveFile reads a day from a JSON file in testdata and solves it,
// failing the test when the schedule breaks a rule.
func solveFile(t *testing.T, file string) (*Instance, *Schedule) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var in Instance
	if err := json.Unmarshal(b, &in); err != nil {
		t.Fatal(err)
	}
	sch, err := Solve(&in)
	if err != nil {
		t.Fatal(err)
	}
	if err := verify(&in, sch); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return &in, sch
}
