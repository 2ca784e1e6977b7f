package matching

import (
	"math/bits"
	"slices"
)

// Limits of the exact search run on tiny instances.
const (
	exactMaxParticipants = 16
	exactMaxTriples      = 120
	exactMaxNodes        = 1_000_000
)

// smallEnough reports whether the exact search may run.
func smallEnough(pr *problem) bool {
	if pr.nP > exactMaxParticipants {
		return false
	}
	n := 0
	for p := int32(0); p < int32(pr.nP); p++ {
		es, _ := pr.cand(p)
		for _, e := range es {
			n += popcount(pr.free[p] & pr.open[e])
		}
	}
	return n <= exactMaxTriples
}

type triple struct{ e, s, score int32 }

// exactSearch is a depth-first branch and bound over every participant's
// (expert, slot) choices. Its bound gives each participant still to decide
// as many meetings as its quota and choices allow, with its best scores;
// that vector dominates every completion, so pruning when it is not better
// than the incumbent keeps the search exact.
type exactSearch struct {
	st    *state
	trips [][]triple // per participant, best score first, pins left out
	best  []int64    // incumbent: counts with ≥1..maxQuota meetings, total
	snap  []cpin     // incumbent's meetings
	nodes int
	buf   []int64
	// scratch of promising
	room, cnt []int
	scores    []int32
}

// exactPolish replaces st by a lexicographically better schedule if the
// exact search finds one within its node budget; it reports whether the
// search finished, which proves the result optimal.
func exactPolish(st *state) bool {
	pr := st.pr
	x := &exactSearch{trips: make([][]triple, pr.nP)}
	pinned := map[[3]int32]bool{}
	for _, pin := range pr.pins {
		pinned[[3]int32{pin.p, pin.e, pin.s}] = true
	}
	for p := int32(0); p < int32(pr.nP); p++ {
		es, sc := pr.cand(p)
		for i, e := range es {
			for m := pr.free[p] & pr.open[e]; m != 0; m &= m - 1 {
				s := int32(bits.TrailingZeros64(m))
				if !pinned[[3]int32{p, e, s}] {
					x.trips[p] = append(x.trips[p], triple{e, s, sc[i]})
				}
			}
		}
	}
	x.best = vector(st)
	x.st = newState(pr)
	for _, pin := range pr.pins {
		x.st.add(pin.p, pin.e, int(pin.s), pin.score, true)
	}
	x.dfs(0, 0)
	proven := x.nodes <= exactMaxNodes
	if x.snap == nil {
		return proven
	}
	fresh := newState(pr)
	for _, pin := range pr.pins {
		fresh.add(pin.p, pin.e, int(pin.s), pin.score, true)
	}
	for _, m := range x.snap {
		fresh.add(m.p, m.e, int(m.s), m.score, false)
	}
	fresh.ctx = st.ctx
	*st = *fresh
	return proven
}

// vector returns the objective of a state: level counts, then total score.
func vector(st *state) []int64 {
	v := make([]int64, st.pr.maxQuota+1)
	for _, c := range st.cnt {
		for k := 0; k < int(c); k++ {
			v[k]++
		}
	}
	v[st.pr.maxQuota] = st.total
	return v
}

func (x *exactSearch) dfs(p int32, i int) {
	st, pr := x.st, x.st.pr
	x.nodes++
	if x.nodes > exactMaxNodes {
		return
	}
	if int(p) == pr.nP {
		if v := vector(st); slices.Compare(v, x.best) > 0 {
			x.best = v
			x.snap = x.snap[:0]
			for q := int32(0); q < int32(pr.nP); q++ {
				for j := 0; j < int(st.cnt[q]); j++ {
					if k := int(q)*MaxQuota + j; !st.mPin[k] {
						x.snap = append(x.snap, cpin{q, st.mE[k], int32(st.mS[k]), st.mSc[k]})
					}
				}
			}
			if x.snap == nil {
				x.snap = []cpin{}
			}
		}
		return
	}
	if !x.promising(p, i) {
		return
	}
	if i == len(x.trips[p]) || st.cnt[p] >= int8(pr.quota[p]) {
		x.dfs(p+1, 0)
		return
	}
	t := x.trips[p][i]
	k := st.es(t.e, int(t.s))
	if st.busy[p]&(1<<uint(t.s)) == 0 && st.meets(p, t.e) < 0 && st.seatFree(k) && st.day[t.e] < pr.dayMax[t.e] {
		st.add(p, t.e, int(t.s), t.score, false)
		x.dfs(p, i+1)
		st.remove(p, int(st.cnt[p])-1)
	}
	x.dfs(p, i+1)
}

// promising reports whether an optimistic completion beats the
// incumbent. Each participant still to decide may get as many more
// meetings as its quota, its free slots and its distinct experts with a
// seat still open allow, with its best scores; all of them together get
// no more meetings than the seats and daily room left. Filling the levels
// in order with those meetings gives a vector no schedule below this node
// can beat, so pruning on it keeps the search exact.
func (x *exactSearch) promising(p int32, i int) bool {
	st, pr := x.st, x.st.pr
	if cap(x.buf) < pr.maxQuota+1 {
		x.buf = make([]int64, pr.maxQuota+1)
	}
	// Meetings the remaining seats can still take.
	units := 0
	for e := 0; e < pr.nE; e++ {
		room := int(pr.dayMax[e] - st.day[e])
		seats := 0
		for s := 0; s < pr.nS; s++ {
			k := e*pr.nS + s
			seats += int(pr.seats[k]) - int(st.occN[k])
		}
		units += min(room, seats)
	}
	x.room = grow(x.room, pr.nP)
	x.cnt = grow(x.cnt, pr.nP)
	x.scores = x.scores[:0]
	for q := int32(0); q < int32(pr.nP); q++ {
		x.cnt[q] = int(st.cnt[q])
		x.room[q] = 0
		if q < p {
			continue
		}
		from := 0
		if q == p {
			from = i
		}
		left := int(pr.quota[q]) - int(st.cnt[q])
		if left <= 0 {
			continue
		}
		var slots uint64
		var experts uint64 // bit per expert index < 64, else counted loosely
		n := 0
		for _, t := range x.trips[q][from:] {
			bit := uint64(1) << uint(t.s)
			k := st.es(t.e, int(t.s))
			if st.busy[q]&bit != 0 || !st.seatFree(k) || st.day[t.e] >= pr.dayMax[t.e] || st.meets(q, t.e) >= 0 {
				continue
			}
			slots |= bit
			if t.e < 64 {
				if experts&(1<<uint(t.e)) != 0 {
					continue // a later, lower score of the same expert
				}
				experts |= 1 << uint(t.e)
			}
			if n < left {
				x.scores = append(x.scores, t.score)
				n++
			}
		}
		x.room[q] = min(n, popcount(slots))
		// Keep only room scores of this participant (its best ones).
		x.scores = x.scores[:len(x.scores)-n+x.room[q]]
	}
	v := x.buf[:pr.maxQuota+1]
	clear(v)
	// Fill the levels in order with the units left.
	for k := 1; k <= pr.maxQuota && units > 0; k++ {
		for q := p; q < int32(pr.nP) && units > 0; q++ {
			if x.cnt[q] == k-1 && x.room[q] > 0 {
				x.cnt[q]++
				x.room[q]--
				units--
			}
		}
	}
	for _, c := range x.cnt[:pr.nP] {
		for k := 0; k < c; k++ {
			v[k]++
		}
	}
	// Score: the best of the candidate scores, no more than units allow.
	total := st.total
	slices.SortFunc(x.scores, func(a, b int32) int { return int(b - a) })
	budget := 0
	for q := p; q < int32(pr.nP); q++ {
		budget += x.cnt[q] - int(st.cnt[q])
	}
	for j, sc := range x.scores {
		if j >= budget+units {
			break
		}
		total += int64(sc)
	}
	v[pr.maxQuota] = total
	return slices.Compare(v, x.best) > 0
}
