package matching

import (
	"math/bits"
	"slices"
)

// pairPlan is the optimum of the pair relaxation: the best-scoring choice
// of (participant, expert) pairs at fixed "at least k" counts when slots
// are ignored except that a pair must share one. Every schedule with those
// counts (and the pins) is feasible in it, so its score is an upper bound
// on the score of any such schedule; on realistic days the slots rarely
// bind and a schedule with exactly these pairs exists.
type pairPlan struct {
	score int64   // optimum of the relaxation, pinned meetings included
	start []int32 // participant p's chosen experts: exp[start[p]:start[p+1]]
	exp   []int32 // (pinned experts are not listed)
}

// relaxMemo is a solved relaxation's counts and optimum.
type relaxMemo struct {
	levels []int
	score  int64
}

// pairCands is how many of each participant's best experts the simplex
// prices from the start.
const pairCands = 8

// pairRelax solves the pair relaxation at the counts levels (levels[k] is
// the number of participants with at least k+1 meetings, pins included).
// It is a min-cost flow
//
//	source → level k → participant → expert → sink
//
// in which level k sends exactly levels[k] units, a participant takes at
// most one unit per level up to what its quota and free slots allow, a
// pair carries one unit worth its score, and an expert takes at most its
// daily maximum or its seats over the day. The network simplex starts
// from st's meetings (a feasible flow when st has these counts), so it
// only pivots toward what st misses; it first sees each participant's
// best pairCands pairs, and the others join when their reduced cost under
// the optimum's potentials is negative, until none is. ok is false when the counts cannot
// be reached or work ran out first.
func (pr *problem) pairRelax(levels []int, st *state, work int) (pairPlan, bool) {
	nK := len(levels)
	pinCnt := make([]int32, pr.nP)
	pinE := make([]int32, pr.nE)
	pinned := make(map[[2]int32]bool, len(pr.pins))
	var pinScore int64
	for _, pin := range pr.pins {
		pinCnt[pin.p]++
		pinE[pin.e]++
		pinScore += int64(pin.score)
		pinned[[2]int32{pin.p, pin.e}] = true
	}
	// open reports whether p and e share a slot and are not pinned
	// together (a pinned pair is in the plan already).
	open := func(p, e int32) bool {
		return pr.free[p]&pr.open[e] != 0 && (len(pinned) == 0 || !pinned[[2]int32{p, e}])
	}
	rest := make([]int, nK)
	copy(rest, levels)
	for p := 0; p < pr.nP; p++ {
		for k := 0; k < int(pinCnt[p]) && k < nK; k++ {
			rest[k]--
		}
	}
	need := 0
	for _, v := range rest {
		if v < 0 {
			return pairPlan{}, false
		}
		need += v
	}
	var maxScore int64
	for _, w := range pr.cScore {
		maxScore = max(maxScore, int64(w))
	}
	const (
		src  = 0
		lev0 = 1
	)
	p0 := int32(lev0 + nK)
	e0 := p0 + int32(pr.nP)
	sink := e0 + int32(pr.nE)
	x := newSimplex(int(sink) + 1)
	// The return arc is worth more than any path can cost, so the optimum
	// sends every unit it can.
	back := x.arc(sink, src, int64(need), -int64(pr.nP+1)*(maxScore+1))
	levArc := make([]int32, nK)
	for k, v := range rest {
		levArc[k] = x.arc(src, lev0+int32(k), int64(v), 0)
	}
	unitArc := make([]int32, pr.nP) // p's arc from its first level without a pin
	for p := int32(0); p < int32(pr.nP); p++ {
		top := min(pr.quota[p], int32(bits.OnesCount64(pr.free[p])))
		unitArc[p] = int32(len(x.to))
		for k := pinCnt[p]; k < top && int(k) < nK; k++ {
			x.arc(lev0+k, p0+p, 1, 0)
		}
	}
	expArc := make([]int32, pr.nE)
	for e := int32(0); e < int32(pr.nE); e++ {
		var seats int32
		for s := 0; s < pr.nS; s++ {
			seats += pr.seats[int(e)*pr.nS+s]
		}
		expArc[e] = -1
		if c := min(seats, pr.dayMax[e]) - pinE[e]; c > 0 {
			expArc[e] = x.arc(e0+e, sink, int64(c), 0)
		}
	}
	// Each participant's best pairCands pairs, and the pairs st uses; the
	// others come in below when their reduced cost says they could help.
	pairArc := make([]int32, len(pr.cE))
	warm := st != nil && slices.Equal(st.levels(), levels)
	for p := int32(0); p < int32(pr.nP); p++ {
		es, sc := pr.cand(p)
		for i, e := range es {
			k := int(pr.cStart[p]) + i
			pairArc[k] = -1
			if !open(p, e) || expArc[e] < 0 {
				pairArc[k] = -2 // never
			} else if i < pairCands || (warm && st.meets(p, e) >= 0) {
				pairArc[k] = x.arc(p0+p, e0+e, 1, -int64(sc[i]))
			}
		}
	}
	if warm {
		// st's meetings are a feasible flow: start from them.
		x.send(back, int64(need))
		for k, v := range rest {
			x.send(levArc[k], int64(v))
		}
		for p := int32(0); p < int32(pr.nP); p++ {
			for j := int32(0); j < int32(st.cnt[p])-pinCnt[p]; j++ {
				x.send(unitArc[p]+2*j, 1)
			}
			es, _ := pr.cand(p)
			for i, e := range es {
				if a := pairArc[int(pr.cStart[p])+i]; a >= 0 && st.meets(p, e) >= 0 {
					x.send(a, 1)
					x.send(expArc[e], 1)
				}
			}
		}
	}
	x.init()
	for {
		if !x.run(work) {
			return pairPlan{}, false
		}
		// Price the pairs left out; those with a negative reduced cost
		// enter and the simplex goes on.
		added := false
		for p := int32(0); p < int32(pr.nP); p++ {
			es, sc := pr.cand(p)
			for i, e := range es {
				k := int(pr.cStart[p]) + i
				if pairArc[k] != -1 {
					continue
				}
				if -int64(sc[i])+x.phi(p0+p)-x.phi(e0+e) < 0 {
					pairArc[k] = x.arc(p0+p, e0+e, 1, -int64(sc[i]))
					added = true
				}
			}
		}
		if !added {
			break
		}
	}
	if x.cap[back] != 0 {
		return pairPlan{}, false
	}
	plan := pairPlan{score: pinScore, start: make([]int32, pr.nP+1)}
	for p := int32(0); p < int32(pr.nP); p++ {
		es, sc := pr.cand(p)
		for i, e := range es {
			if a := pairArc[int(pr.cStart[p])+i]; a >= 0 && x.cap[a] == 0 {
				plan.exp = append(plan.exp, e)
				plan.score += int64(sc[i])
			}
		}
		plan.start[p+1] = int32(len(plan.exp))
	}
	pr.relaxed = &relaxMemo{levels: slices.Clone(levels), score: plan.score}
	return plan, true
}
