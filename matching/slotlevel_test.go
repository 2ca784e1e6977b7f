package matching

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSlotLevelBoundAgainstBruteForce: on tiny days, with the counts below
// level k fixed at the exhaustive optimum's, the slot relaxation's level
// bound is never below the optimum's count at k (it is a bound), and it is
// tighter than the pair bound on some days (else the certificate would
// gain nothing from it).
func TestSlotLevelBoundAgainstBruteForce(t *testing.T) {
	tighter, asked := 0, 0
	for _, cfg := range bruteConfigs {
		rng := rand.New(rand.NewPCG(uint64(cfg[0]*100+cfg[1]), 23))
		for i := 0; i < 60; i++ {
			in := randInstance(rng, cfg[0], cfg[1], cfg[2], cfg[3], cfg[4], true)
			pr, res := solveHeuristic(t, in)
			best := bruteBest(in)
			opt := best[:len(best)-1]
			lv := res.st.levels()
			for k := 1; k < len(lv); k++ {
				if !slices.Equal(lv[:k], opt[:k]) {
					break // the bounds below are for other counts
				}
				ms, ok := pr.slotLevelMax(opt, k, res.st)
				if !ok {
					continue
				}
				asked++
				if ms < opt[k] {
					t.Fatalf("%v #%d level %d: slot bound %d below the optimum's %d (counts %v)", cfg, i, k+1, ms, opt[k], opt)
				}
				if m, ok := pr.levelMaxSolve(opt, k, res.st, pr.pairWork()); ok && ms < m {
					tighter++
				}
			}
		}
	}
	if tighter == 0 {
		t.Errorf("the slot bound was never tighter than the pair bound (%d levels asked)", asked)
	}
	t.Logf("%d levels bounded, the slot bound tighter on %d", asked, tighter)
}
