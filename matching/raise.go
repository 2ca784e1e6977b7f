package matching

import (
	"slices"
)

// raiseIters is how many subgradient steps the slot relaxation takes when
// it looks for a schedule with higher counts.
const raiseIters = 30

// raiseTries bounds the targets tried per level.
const raiseTries = 8

// raise lifts st's counts where the chain rounds stopped short. For each
// level k in turn, levelMax bounds how many participants can have k+1
// meetings given the counts below; when that is more than st has, targets
// up to it are tried (the highest first, then a bisection), each by the
// pair relaxation at those counts and its slotting, else by the slot
// relaxation and its dive. A schedule found is refilled by chain rounds
// above k and kept when its counts (then score) are better.
func (pr *problem) raise(st *state, o options, order []int32) *state {
	for k := 1; k < pr.maxQuota && !st.stopped(); k++ {
		lv := st.levels()
		if lv[k-1] == 0 {
			break
		}
		m, ok := pr.levelMax(lv, k, st, pr.pairWork())
		if !ok || m <= lv[k] {
			continue
		}
		lo, hi := lv[k], m // lo is reached, targets above hi were not
		for try := 0; try < raiseTries && lo < hi && !st.stopped(); try++ {
			t := hi
			if try > 0 {
				t = lo + (hi-lo+1)/2
			}
			c := pr.reach(append(slices.Clone(lv[:k]), t), st, o, order)
			if c == nil {
				hi = t - 1
				continue
			}
			fill := newChain(c, o.chainK, 50*pr.nE*pr.nS)
			for j := k + 2; j <= pr.maxQuota; j++ {
				fill.round(order, j)
			}
			if slices.Compare(vector(c), vector(st)) > 0 {
				st = c
			}
			if c.levels()[k] < t {
				hi = t - 1
				continue
			}
			lo = c.levels()[k]
		}
	}
	return st
}

// reach returns a schedule whose counts are at least levels (nothing is
// asked above them), or nil when neither relaxation finds one.
func (pr *problem) reach(levels []int, st *state, o options, order []int32) *state {
	if plan, ok := pr.pairRelax(levels, st, pr.pairWork()); ok {
		c, missing := pr.realizeBoth(plan, order)
		c.ctx = st.ctx
		if len(missing) == 0 {
			return c
		}
	}
	c, _, ok := pr.slotLagrangeAt(levels, st, o, order, raiseIters)
	if !ok {
		return nil
	}
	return c
}
