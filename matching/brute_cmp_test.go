package matching

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// bruteConfigs are the shapes of the random tiny instances: participants,
// experts, slots, quota and seats at most.
var bruteConfigs = [][5]int{{4, 3, 3, 3, 2}, {5, 3, 3, 3, 2}, {5, 4, 3, 3, 1}, {6, 3, 2, 2, 3}, {4, 4, 4, 4, 1}}

// TestAgainstBruteForce compares Solve with exhaustive search: the whole
// lexicographic objective (every "at least k" count, then the total score)
// must match on every instance.
func TestAgainstBruteForce(t *testing.T) {
	for _, cfg := range bruteConfigs {
		rng := rand.New(rand.NewPCG(uint64(cfg[0]*100+cfg[1]), 99))
		for i := 0; i < 120; i++ {
			in := randInstance(rng, cfg[0], cfg[1], cfg[2], cfg[3], cfg[4], true)
			sch, err := Solve(in)
			if err != nil {
				t.Fatalf("%v #%d: %v", cfg, i, err)
			}
			if err := verify(in, sch); err != nil {
				t.Fatalf("%v #%d: %v", cfg, i, err)
			}
			best := bruteBest(in)
			if got := objective(sch); !slices.Equal(got, best) || sch.Stats.PinnedCoverage != best[0] {
				t.Errorf("%v #%d: objective %v (bound %d), brute force %v", cfg, i, got, sch.Stats.PinnedCoverage, best)
			}
		}
	}
}

// TestHeuristicAgainstBruteForce measures the layers without the exact
// search of tiny instances: coverage must always be optimal, and the
// "at least k" counts nearly always.
func TestHeuristicAgainstBruteForce(t *testing.T) {
	n, levelMiss, scoreMiss := 0, 0, 0
	for _, cfg := range bruteConfigs {
		rng := rand.New(rand.NewPCG(uint64(cfg[0]*100+cfg[1]), 77))
		for i := 0; i < 200; i++ {
			in := randInstance(rng, cfg[0], cfg[1], cfg[2], cfg[3], cfg[4], true)
			pr, res := solveHeuristic(t, in)
			st, bound := res.st, res.bound
			if err := st.check(); err != nil {
				t.Fatalf("%v #%d: %v", cfg, i, err)
			}
			best := bruteBest(in)
			got := objective(pr.schedule(res))
			n++
			switch {
			case got[0] != best[0] || bound != best[0]:
				t.Errorf("%v #%d: coverage %d, bound %d, optimum %d", cfg, i, got[0], bound, best[0])
			case !slices.Equal(got[:len(got)-1], best[:len(best)-1]):
				levelMiss++
			case got[len(got)-1] != best[len(best)-1]:
				scoreMiss++
			}
		}
	}
	t.Logf("heuristic alone on %d tiny instances: %d with a lower \"at least k\" count, %d with a lower score", n, levelMiss, scoreMiss)
	if levelMiss*100 > n {
		t.Errorf("heuristic missed the optimal counts on %d of %d instances (more than 1%%)", levelMiss, n)
	}
	if scoreMiss*100 > 5*n {
		t.Errorf("heuristic missed the optimal score on %d of %d instances (more than 5%%)", scoreMiss, n)
	}
}

// solveHeuristic solves in with the exact search of tiny days turned off.
func solveHeuristic(t *testing.T, in *Instance) (*problem, result) {
	t.Helper()
	pr, err := build(in)
	if err != nil {
		t.Fatal(err)
	}
	o := defaultOptions(pr)
	o.exact = false
	res, err := solve(pr, o)
	if err != nil {
		t.Fatal(err)
	}
	return pr, res
}
