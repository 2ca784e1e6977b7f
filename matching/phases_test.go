package matching

import (
	"slices"
	"testing"
)

// TestScorePhaseKeepsCounts checks on generated days (profiles, tables,
// daily maxima) that the score phase — the local search, per-slot flows
// and reshuffles, and the pair relaxation given slots — never changes an
// "at least k" count and never lowers the total, that the pairs score at
// least what the local search finds, and that every phase leaves a valid
// state.
func TestScorePhaseKeepsCounts(t *testing.T) {
	for seed := int64(1); seed <= 2; seed++ {
		in := Generate(GenConfig{Participants: 120 + 20*int(seed), Experts: 12 + 3*int(seed), Slots: 6, Seed: seed})
		pr, err := build(in)
		if err != nil {
			t.Fatal(err)
		}
		base := defaultOptions(pr)
		base.exact = false
		base.reshuffles = min(base.reshuffles, 4)
		withPairs := base
		base.pairs = false
		noScore := base
		noScore.rounds, noScore.slotK = 0, 0
		ra, err := solve(pr, noScore)
		if err != nil {
			t.Fatal(err)
		}
		rb, err := solve(pr, base)
		if err != nil {
			t.Fatal(err)
		}
		rc, err := solve(pr, withPairs)
		if err != nil {
			t.Fatal(err)
		}
		a, boundA, b, boundB, c := ra.st, ra.bound, rb.st, rb.bound, rc.st
		if !slices.Equal(c.levels(), a.levels()) || c.total < b.total {
			t.Errorf("seed %d: local search %v %d, pairs %v %d", seed, b.levels(), b.total, c.levels(), c.total)
		}
		for _, st := range []*state{a, b, c} {
			if err := st.check(); err != nil {
				t.Fatalf("seed %d: %v", seed, err)
			}
		}
		if boundA != boundB || !slices.Equal(a.levels(), b.levels()) || b.total < a.total {
			t.Errorf("seed %d: before the score phase %v %d, after %v %d", seed, a.levels(), a.total, b.levels(), b.total)
		}
		sch := pr.schedule(rb)
		if err := verify(in, sch); err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		if sch.Stats.WithAtLeast[0] != sch.Stats.CoverageBound {
			t.Errorf("seed %d: coverage %d, bound %d", seed, sch.Stats.WithAtLeast[0], sch.Stats.CoverageBound)
		}
	}
}
