package matching

import (
	"fmt"
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
// the optimum's potentials is negative, until none is. ok is false when
// the counts cannot be reached or work ran out first.
func (pr *problem) pairRelax(levels []int, st *state, work int) (pairPlan, bool) {
	return pr.pairRelaxWithout(levels, st, work, nil)
}

// pairRelaxWithout is pairRelax with the pairs in forbid left out: then
// it is no bound any more, but a choice of pairs that avoids the ones
// that found no slot. Only pairRelax's optimum is remembered.
func (pr *problem) pairRelaxWithout(levels []int, st *state, work int, forbid map[[2]int32]bool) (pairPlan, bool) {
	if st != nil && (!below(st, levels) || usesAny(st, forbid)) {
		st = nil // not a feasible start
	}
	rn, ok := pr.newRelaxNet(levels, len(levels), true, st, forbid)
	if !ok || !rn.solve(work) || rn.x.cap[rn.back] != 0 {
		return pairPlan{}, false
	}
	plan := pairPlan{score: rn.pinScore, start: make([]int32, pr.nP+1)}
	for p := int32(0); p < int32(pr.nP); p++ {
		es, sc := pr.cand(p)
		for i, e := range es {
			if a := rn.pairArc[int(pr.cStart[p])+i]; a >= 0 && rn.x.cap[a] == 0 {
				plan.exp = append(plan.exp, e)
				plan.score += int64(sc[i])
			}
		}
		plan.start[p+1] = int32(len(plan.exp))
	}
	if forbid == nil {
		pr.relaxed = &relaxMemo{levels: slices.Clone(levels), score: plan.score}
	}
	return plan, true
}

// below reports whether st's meetings, cut to len(levels) per
// participant, are a feasible start for a network asking for levels:
// the same counts below the last level and no more at it.
func below(st *state, levels []int) bool {
	n := len(levels)
	lv := st.levels()
	return n == 0 || (n <= len(lv) && slices.Equal(lv[:n-1], levels[:n-1]) && lv[n-1] <= levels[n-1])
}

// usesAny reports whether st has a meeting of a pair in set.
func usesAny(st *state, set map[[2]int32]bool) bool {
	for pe := range set {
		if st.meets(pe[0], pe[1]) >= 0 {
			return true
		}
	}
	return false
}

// levelMax returns an upper bound on the number of participants with at
// least k+1 meetings among schedules whose counts below are levels[:k]:
// the same network with levels[:k] sent in full (each unit worth more than
// all of level k together), as many units as possible through level k,
// and nothing above it. It starts from st's meetings.
func (pr *problem) levelMax(levels []int, k int, st *state, work int) (int, bool) {
	key := fmt.Sprint(levels[:k])
	if a, ok := pr.levelMemo[key]; ok {
		return a.m, a.ok
	}
	m, ok := pr.levelMaxSolve(levels, k, st, work)
	if pr.levelMemo == nil {
		pr.levelMemo = map[string]levelAnswer{}
	}
	pr.levelMemo[key] = levelAnswer{m, ok}
	return m, ok
}

// levelAnswer is one answer of levelMax.
type levelAnswer struct {
	m  int
	ok bool
}

// levelMaxSolve is levelMax without the memo.
func (pr *problem) levelMaxSolve(levels []int, k int, st *state, work int) (int, bool) {
	rn, ok := pr.newRelaxNet(levels[:k+1], k+1, false, st, nil)
	if !ok || !rn.solve(work) {
		return 0, false
	}
	got := int(rn.x.cap[rn.levArc[k]^1])
	for p := range pr.nP {
		if int(rn.pinCnt[p]) > k {
			got++
		}
	}
	for j := range k {
		if rn.x.cap[rn.levArc[j]] != 0 {
			return 0, false // the counts below cannot be reached
		}
	}
	return got, true
}

// relaxNet is the network of the pair relaxation in the simplex.
type relaxNet struct {
	pr       *problem
	x        *simplex
	scored   bool // pairs cost −score (else 0: only the counts matter)
	pinCnt   []int32
	pinScore int64
	back     int32   // sink → source
	levArc   []int32 // source → level k
	unitArc  []int32 // p's arc from its first level without a pin (the next ones follow, 2 apart)
	expArc   []int32 // expert → sink, −1 when the expert has no room
	pairArc  []int32 // per candidate pair: its arc, −1 not yet priced in, −2 never
	p0, e0   int32
}

// newRelaxNet builds the network for the first top levels. Scored, it
// asks for exactly levels[k] units at each level and maximises the score;
// otherwise the last level is open and each of its units is worth 1,
// each unit below worth more than the whole level. A non-nil st (with
// these counts below the last level) gives the starting flow; the pairs
// in forbid are left out.
func (pr *problem) newRelaxNet(levels []int, top int, scored bool, st *state, forbid map[[2]int32]bool) (*relaxNet, bool) {
	pins := pr.tallyPins()
	rn := &relaxNet{pr: pr, scored: scored, pinCnt: pins.cnt, pinScore: pins.score}
	rest, need, ok := pins.rest(levels[:top])
	if !ok {
		return nil, false
	}
	const (
		src  = 0
		lev0 = 1
	)
	rn.p0 = int32(lev0 + top)
	rn.e0 = rn.p0 + int32(pr.nP)
	sink := rn.e0 + int32(pr.nE)
	// Arcs: return, levels, units, pairs offered (and st's), experts, and
	// room for a few pricing rounds.
	arcs := 1 + top + pr.nP*top + pr.nP*(pairCands+priceIn) + pr.nE
	if st != nil {
		arcs += len(st.cnt) // at most a few of st's pairs are not offered
	}
	x := newSimplex(int(sink)+1, arcs)
	rn.x = x
	if scored {
		// The return arc is worth more than any path can cost, so the
		// optimum sends every unit it can.
		rn.back = x.arc(sink, src, int64(need), -int64(pr.nP+1)*(pr.maxScore()+1))
	} else {
		rn.back = x.arc(sink, src, int64(need+pr.nP), 0)
	}
	rn.levArc = make([]int32, top)
	for k := range top {
		switch {
		case scored:
			rn.levArc[k] = x.arc(src, lev0+int32(k), int64(rest[k]), 0)
		case k < top-1:
			rn.levArc[k] = x.arc(src, lev0+int32(k), int64(rest[k]), -int64(pr.nP+1))
		default:
			rn.levArc[k] = x.arc(src, lev0+int32(k), int64(pr.nP), -1)
		}
	}
	rn.unitArc = make([]int32, pr.nP)
	for p := int32(0); p < int32(pr.nP); p++ {
		units := min(pr.quota[p], int32(bits.OnesCount64(pr.free[p])), int32(top))
		rn.unitArc[p] = int32(len(x.to))
		for k := rn.pinCnt[p]; k < units; k++ {
			x.arc(lev0+k, rn.p0+p, 1, 0)
		}
	}
	rn.expArc = make([]int32, pr.nE)
	for e := int32(0); e < int32(pr.nE); e++ {
		rn.expArc[e] = -1
		if c := pr.dayCapacity(int(e)) - pins.perE[e]; c > 0 {
			rn.expArc[e] = x.arc(rn.e0+e, sink, int64(c), 0)
		}
	}
	// Each participant's best pairCands pairs, and the pairs st uses; the
	// others come in when their reduced cost says they could help.
	rn.pairArc = make([]int32, len(pr.cE))
	for p := int32(0); p < int32(pr.nP); p++ {
		es, _ := pr.cand(p)
		for i, e := range es {
			k := int(pr.cStart[p]) + i
			rn.pairArc[k] = -1
			if pr.free[p]&pr.open[e] == 0 || rn.expArc[e] < 0 || pins.pinnedPair(p, e) ||
				(forbid != nil && forbid[[2]int32{p, e}]) {
				rn.pairArc[k] = -2
			} else if i < pairCands || (st != nil && st.meets(p, e) >= 0) {
				rn.pairArc[k] = x.arc(rn.p0+p, rn.e0+e, 1, rn.cost(p, i))
			}
		}
	}
	x.init()
	if st != nil {
		rn.warm(st, top)
		if st.ctx != nil {
			x.stop = func() bool { return st.ctx.Err() != nil }
		}
	}
	return rn, true
}

// cost returns the cost of p's i-th candidate pair.
func (rn *relaxNet) cost(p int32, i int) int64 {
	if !rn.scored {
		return 0
	}
	return -int64(rn.pr.cScore[int(rn.pr.cStart[p])+i])
}

// warm puts st's meetings (at most top per participant) on the arcs — a
// feasible flow when st has the network's counts — and hangs the tree
// along them: the sink from the root, experts from the sink, each
// participant from the expert of its lowest-scoring meeting, each level
// from a participant holding one of its units, the source from the first
// level. Its potentials then price every expert alike and each
// participant at its worst meeting, far closer to the optimum's than the
// all-zero start.
func (rn *relaxNet) warm(st *state, top int) {
	pr, x := rn.pr, rn.x
	total := 0
	levFlow := make([]int64, top)
	sink := rn.e0 + int32(pr.nE)
	x.hang(sink, x.fe[sink]) // stays under the root
	for e := int32(0); e < int32(pr.nE); e++ {
		if rn.expArc[e] >= 0 {
			x.hang(rn.e0+e, rn.expArc[e]^1)
		}
	}
	levHung := make([]bool, top)
	for p := int32(0); p < int32(pr.nP); p++ {
		units := min(int32(st.cnt[p]), int32(top)) - rn.pinCnt[p]
		for j := int32(0); j < units; j++ {
			a := rn.unitArc[p] + 2*j
			x.send(a, 1)
			k := rn.pinCnt[p] + j
			levFlow[k]++
			total++
			if !levHung[k] {
				levHung[k] = true
				x.hang(x.from(a), a^1)
			}
		}
		es, sc := pr.cand(p)
		left, worst, via := units, int32(1<<30), int32(-1)
		for i, e := range es {
			if a := rn.pairArc[int(pr.cStart[p])+i]; left > 0 && a >= 0 && st.meets(p, e) >= 0 {
				x.send(a, 1)
				x.send(rn.expArc[e], 1)
				left--
				if sc[i] < worst {
					worst, via = sc[i], a
				}
			}
		}
		if via >= 0 {
			x.hang(rn.p0+p, via^1)
		}
	}
	x.send(rn.back, int64(total))
	for k, f := range levFlow {
		x.send(rn.levArc[k], f)
	}
	if top > 0 && levHung[0] {
		x.hang(0, rn.levArc[0]^1)
	}
	x.repot()
}

// solve runs the simplex, pricing in the pairs left out while any has a
// negative reduced cost — per participant only the priceIn most negative
// ones each time, since most others would never carry flow and would only
// slow the pivots — and reports false when work ran out.
func (rn *relaxNet) solve(work int) bool {
	pr, x := rn.pr, rn.x
	x.work = work
	type entry struct {
		k  int
		rc int64
	}
	var pick []entry
	for {
		if !x.run() {
			return false
		}
		added := false
		for p := int32(0); p < int32(pr.nP); p++ {
			es, _ := pr.cand(p)
			pick = pick[:0]
			for i, e := range es {
				k := int(pr.cStart[p]) + i
				if rn.pairArc[k] != -1 {
					continue
				}
				rc := rn.cost(p, i) + x.phi(rn.p0+p) - x.phi(rn.e0+e)
				if rc >= 0 {
					continue
				}
				// Keep the priceIn most negative, in a tiny sorted list.
				if len(pick) < priceIn {
					pick = append(pick, entry{k, rc})
				} else if rc < pick[len(pick)-1].rc {
					pick[len(pick)-1] = entry{k, rc}
				} else {
					continue
				}
				for j := len(pick) - 1; j > 0 && pick[j].rc < pick[j-1].rc; j-- {
					pick[j], pick[j-1] = pick[j-1], pick[j]
				}
			}
			for _, en := range pick {
				i := en.k - int(pr.cStart[p])
				rn.pairArc[en.k] = x.arc(rn.p0+p, rn.e0+es[i], 1, rn.cost(p, i))
				added = true
			}
		}
		if !added {
			return true
		}
	}
}

// priceIn is how many left-out pairs per participant may enter at once.
const priceIn = 4
