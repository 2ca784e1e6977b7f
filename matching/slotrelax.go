package matching

import (
	"math"
	"math/bits"
	"slices"
)

// slotRelaxMaxArcs bounds the (participant, expert, slot) arcs of the slot
// relaxation; bigger days keep the pair relaxation's answer.
const slotRelaxMaxArcs = 400_000

// slotRelaxIters is how many subgradient steps the slot relaxation takes;
// on small days (up to smallSlotArcs (pair, slot) arcs) smallSlotIters,
// since there a step costs little and the multipliers the dive starts
// from decide its score.
const (
	slotRelaxIters = 150
	smallSlotIters = 1000
	smallSlotArcs  = 20_000
)

// lamScale is how finely the multipliers go: the pair arcs cost
// lamScale·score, so λ moves in 1/lamScale of a point.
const lamScale = 4

// slotLagrange is for days on which the slots bind (some pairs of the pair
// relaxation found no slot). It keeps every slot rule in a min-cost flow
//
//	source → level k → participant → (participant, slot) → (expert, slot) → expert → sink
//
// and prices the one rule a flow cannot hold, "a pair meets at most once",
// with multipliers λ(p,e) ≥ 0 (the pair's arcs cost λ more). For any λ the
// flow's optimum plus Σλ bounds the score at st's counts; a subgradient
// method lowers it, the network simplex re-solving from the last flow
// after each change of prices. Each flow, with a pair's second meetings
// dropped, chain rounds to refill and the local search, is a schedule; the
// best one is returned with the lowest bound. ok is false when the day is
// too big or the counts cannot be reached.
func (pr *problem) slotLagrange(st *state, o options, order []int32) (*state, int64, bool) {
	iters := slotRelaxIters
	if len(pr.cE)*pr.nS <= smallSlotArcs {
		iters = smallSlotIters
	}
	return pr.slotLagrangeAt(st.levels(), st, o, order, iters)
}

// slotLagrangeAt is slotLagrange at the given levels, which st must not
// exceed below the last, with at most iters subgradient steps; st's
// meetings above the last level are left out of the starting flow.
func (pr *problem) slotLagrangeAt(levels []int, st *state, o options, order []int32, iters int) (*state, int64, bool) {
	sn, ok := pr.newSlotNet(levels, false, st)
	if !ok {
		return nil, 0, false
	}
	x, back, arcOf, pins := sn.x, sn.back, sn.arcOf, sn.pins

	lam := make([]int64, len(pr.cE))
	bestLam := make([]int64, len(pr.cE))
	uses := make([]int32, len(pr.cE))
	bestBound := int64(math.MaxInt64)
	var best *state
	theta, stall := 1.0, 0
	x.work = pr.pairWork()
	if len(pr.cE)*pr.nS > smallSlotArcs {
		x.work = max(x.work, lagrangeWork)
	} // for all the steps together
	for it := 0; it < iters && !st.stopped(); it++ {
		if !x.run() || x.cap[back] != 0 {
			break
		}
		// The bound and the pairs used more than once.
		clear(uses)
		var val int64
		for k := range pr.cE {
			val += lam[k]
			for s := range pr.nS {
				if a := arcOf[k*pr.nS+s]; a >= 0 && x.cap[a] == 0 {
					uses[k]++
					val += lamScale*int64(pr.cScore[k]) - lam[k]
				}
			}
		}
		// Scores are whole points: the bound rounds down.
		if v := pins.score + val/lamScale; v < bestBound {
			bestBound, stall = v, 0
			copy(bestLam, lam)
		} else if stall++; stall >= 4 {
			theta, stall = theta/2, 0
		}
		cand := pr.slotPrimal(x, arcOf, st, o, order)
		if best == nil || slices.Compare(vector(cand), vector(best)) > 0 {
			best = cand
		}
		if it > 0 && it%diveEvery == 0 && bestBound > best.total {
			// A dive along the way: the multipliers of the best bound so
			// far may suit a dive better than the last ones will.
			if c := pr.slotDive(x, back, arcOf, bestLam, st, diveRule{}); c != nil {
				(&improver{st: c, k: o.improveK, rounds: o.rounds}).run(order)
				if slices.Compare(vector(c), vector(best)) > 0 {
					best = c
				}
			}
			pr.lamCosts(x, arcOf, lam)
			x.repot()
			if !x.run() || x.cap[back] != 0 {
				break
			}
		}
		var norm float64
		for k := range pr.cE {
			if g := uses[k] - 1; g > 0 || (g < 0 && lam[k] > 0) {
				norm += float64(g * g)
			}
		}
		if norm == 0 || bestBound <= best.total {
			break // no pair meets twice: the flow is a schedule, and optimal
		}
		step := theta * float64(lamScale*(bestBound-best.total)) / norm
		for k := range pr.cE {
			g := uses[k] - 1
			if g == 0 || (g < 0 && lam[k] == 0) {
				continue
			}
			nl := max(0, lam[k]+int64(math.Round(step*float64(g))))
			if nl == lam[k] && g > 0 {
				nl++
			}
			if nl == lam[k] {
				continue
			}
			lam[k] = nl
			for s := range pr.nS {
				if a := arcOf[k*pr.nS+s]; a >= 0 {
					x.setCost(a, pr.pairCost(k, nl))
				}
			}
		}
		x.repot()
	}
	if best == nil {
		return nil, 0, false
	}
	for _, rule := range pr.diveRules() {
		if bestBound <= best.total && vectorReaches(best, levels) {
			break
		}
		c := pr.slotDive(x, back, arcOf, bestLam, st, rule)
		if c != nil {
			(&improver{st: c, k: o.improveK, rounds: o.rounds}).run(order)
			if slices.Compare(vector(c), vector(best)) > 0 {
				best = c
			}
		}
	}
	return best, bestBound, true
}

// slotPrimal turns the relaxation's flow into a schedule: every (pair,
// slot) arc with flow is a meeting, except a pair's second one; chain
// rounds refill what that costs and the local search polishes.
func (pr *problem) slotPrimal(x *simplex, arcOf []int32, st *state, o options, order []int32) *state {
	c, short := pr.flowState(x, arcOf, st)
	if short {
		fill := newChain(c, o.chainK, 50*pr.nE*pr.nS)
		for k := 1; k <= pr.maxQuota; k++ {
			fill.round(order, k)
		}
		(&improver{st: c, k: o.improveK, rounds: o.rounds}).run(order)
	}
	return c
}

// diveEvery is how many subgradient steps go between dives along the way.
const diveEvery = 40

// lamCosts prices every (pair, slot) arc at lam minus its score again,
// after a dive changed them.
func (pr *problem) lamCosts(x *simplex, arcOf []int32, lam []int64) {
	for k := range pr.cE {
		for s := range pr.nS {
			if a := arcOf[k*pr.nS+s]; a >= 0 {
				x.setCost(a, pr.pairCost(k, lam[k]))
			}
		}
	}
}

// pairCost is the price of candidate pair k's (pair, slot) arcs at the
// multiplier lam: lam less its score, in 1/lamScale points.
func (pr *problem) pairCost(k int, lam int64) int64 {
	return lam - lamScale*int64(pr.cScore[k])
}

// candIndex returns the index in cE of the pair (p,e), or -1.
func (pr *problem) candIndex(p, e int32) int {
	es, _ := pr.cand(p)
	for i, x := range es {
		if x == e {
			return int(pr.cStart[p]) + i
		}
	}
	return -1
}

// lagrangeWork is the least budget of priced arcs the slot relaxation's
// steps share on days above smallSlotArcs: on a day of a few hundred
// people they re-solve far more than pairWork allows, and the dives and
// the bound rest on their multipliers.
const lagrangeWork = 50_000_000

// slotNet is the network of the slot relaxation:
//
//	source → level k → participant → (participant, slot) → (expert, slot) → expert → sink
type slotNet struct {
	x      *simplex
	back   int32   // sink → source
	levArc []int32 // source → level k
	arcOf  []int32 // arcOf[k*nS+s]: candidate pair k in slot s, or −1
	pins   pinTally
}

// newSlotNet builds the slot relaxation's network for levels, starting
// from st's meetings up to the last level (st must not exceed levels
// below it). Scored (counts false), it asks for exactly levels[k] units at
// each level and each (pair, slot) arc costs −lamScale·score; with counts,
// the last level is open and each of its units is worth 1, each unit
// below worth more than the whole level, and the pairs cost nothing. ok
// is false when the day is too big or the counts cannot be asked for.
func (pr *problem) newSlotNet(levels []int, counts bool, st *state) (*slotNet, bool) {
	top := len(levels)
	pins := pr.tallyPins()
	pinCnt, pinSlots := pins.cnt, pins.slots
	n := 0
	for p := int32(0); p < int32(pr.nP); p++ {
		es, _ := pr.cand(p)
		for _, e := range es {
			n += bits.OnesCount64(pr.free[p] & pr.open[e] &^ pinSlots[p])
		}
	}
	if n > slotRelaxMaxArcs {
		return nil, false
	}
	rest, need, ok := pins.rest(levels)
	if !ok {
		return nil, false
	}
	// Nodes: source, levels, participants, (p,s), (e,s), experts, sink.
	const src, lev0 = 0, 1
	p0 := int32(lev0 + top)
	ps0 := p0 + int32(pr.nP)
	es0 := ps0 + int32(pr.nP*pr.nS)
	e0 := es0 + int32(pr.nE*pr.nS)
	sink := e0 + int32(pr.nE)
	x := newSimplex(int(sink)+1, 1+top+pr.nP*(top+pr.nS)+n+pr.nE*(pr.nS+1))
	sn := &slotNet{x: x, pins: pins}
	if counts {
		sn.back = x.arc(sink, src, int64(need+pr.nP), 0)
	} else {
		sn.back = x.arc(sink, src, int64(need), -int64(pr.nP+1)*(pr.maxScore()+1)*2*lamScale)
	}
	sn.levArc = make([]int32, top)
	for k := range top {
		switch {
		case !counts:
			sn.levArc[k] = x.arc(src, lev0+int32(k), int64(rest[k]), 0)
		case k < top-1:
			sn.levArc[k] = x.arc(src, lev0+int32(k), int64(rest[k]), -int64(pr.nP+1))
		default:
			sn.levArc[k] = x.arc(src, lev0+int32(k), int64(pr.nP), -1)
		}
	}
	unitArc := make([]int32, pr.nP)
	psArc := make([]int32, pr.nP*pr.nS)
	for p := int32(0); p < int32(pr.nP); p++ {
		units := min(pr.quota[p], int32(bits.OnesCount64(pr.free[p])), int32(top))
		unitArc[p] = int32(len(x.to))
		for k := pinCnt[p]; k < units; k++ {
			x.arc(lev0+k, p0+p, 1, 0)
		}
		for m := pr.free[p] &^ pinSlots[p]; m != 0; m &= m - 1 {
			s := bits.TrailingZeros64(m)
			psArc[int(p)*pr.nS+s] = x.arc(p0+p, ps0+p*int32(pr.nS)+int32(s), 1, 0)
		}
	}
	esArc := make([]int32, pr.nE*pr.nS)
	expArc := make([]int32, pr.nE)
	for e := int32(0); e < int32(pr.nE); e++ {
		for s := 0; s < pr.nS; s++ {
			k := int(e)*pr.nS + s
			esArc[k] = -1
			if c := pr.seats[k] - pins.perES[k]; c > 0 {
				esArc[k] = x.arc(es0+int32(k), e0+e, int64(c), 0)
			}
		}
		expArc[e] = -1
		if c := min(pr.dayMax[e], 1<<30) - pins.perE[e]; c > 0 {
			expArc[e] = x.arc(e0+e, sink, int64(c), 0)
		}
	}
	// One arc per (pair, slot); arcOf[k*nS+s] for candidate pair k.
	cost := func(k int) int64 {
		if counts {
			return 0
		}
		return pr.pairCost(k, 0)
	}
	arcOf := make([]int32, len(pr.cE)*pr.nS)
	for i := range arcOf {
		arcOf[i] = -1
	}
	for p := int32(0); p < int32(pr.nP); p++ {
		es, _ := pr.cand(p)
		for i, e := range es {
			if pins.pinnedPair(p, e) || expArc[e] < 0 {
				continue
			}
			k := int(pr.cStart[p]) + i
			for m := pr.free[p] & pr.open[e] &^ pinSlots[p]; m != 0; m &= m - 1 {
				s := bits.TrailingZeros64(m)
				if esArc[int(e)*pr.nS+s] >= 0 {
					arcOf[k*pr.nS+s] = x.arc(ps0+p*int32(pr.nS)+int32(s), es0+e*int32(pr.nS)+int32(s), 1, cost(k))
				}
			}
		}
	}
	// Start from st's meetings up to the last level: a feasible flow.
	sent := make([]int64, top)
	for p := int32(0); p < int32(pr.nP); p++ {
		base := int(p) * MaxQuota
		u := int32(0)
		for j := 0; j < int(st.cnt[p]); j++ {
			if st.mPin[base+j] {
				continue
			}
			if pinCnt[p]+u >= min(pr.quota[p], int32(top)) {
				break // above the last level
			}
			e, s := st.mE[base+j], int(st.mS[base+j])
			k := pr.candIndex(p, e)
			if k < 0 || arcOf[k*pr.nS+s] < 0 {
				return nil, false // st does not fit the network (never for a valid state)
			}
			x.send(unitArc[p]+2*u, 1)
			sent[pinCnt[p]+u]++
			u++
			x.send(psArc[int(p)*pr.nS+s], 1)
			x.send(arcOf[k*pr.nS+s], 1)
			x.send(esArc[int(e)*pr.nS+s], 1)
			x.send(expArc[e], 1)
		}
	}
	for k, v := range sent {
		x.send(sn.levArc[k], v)
		x.send(sn.back, v)
	}
	x.init()
	if st.ctx != nil {
		x.stop = func() bool { return st.ctx.Err() != nil }
	}
	sn.arcOf = arcOf
	return sn, true
}

// slotLevelMax is levelMax on the slot relaxation's network: an upper
// bound on the participants with at least k+1 meetings among schedules
// whose counts below are levels[:k], which keeps every slot rule (a
// person in one meeting a slot, the seats of each expert in each slot)
// and lets only a pair meet more than once. Where the slots bind it is
// tighter than levelMax, which keeps none of them. ok is false when the
// day is too big, the counts below cannot be reached or the work ran out.
func (pr *problem) slotLevelMax(levels []int, k int, st *state) (int, bool) {
	sn, ok := pr.newSlotNet(levels[:k+1], true, st)
	if !ok {
		return 0, false
	}
	x := sn.x
	x.work = pr.pairWork()
	if !x.run() {
		return 0, false
	}
	for j := range k {
		if x.cap[sn.levArc[j]] != 0 {
			return 0, false // the counts below cannot be reached
		}
	}
	got := int(x.cap[sn.levArc[k]^1])
	for p := range pr.nP {
		if int(sn.pins.cnt[p]) > k {
			got++
		}
	}
	return got, true
}
