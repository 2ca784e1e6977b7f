package matching

import (
	"math/bits"
	"slices"
)

// Limits of the exact search run on tiny instances.
const (
	exactMaxParticipants = 12
	exactMaxTriples      = 90
	exactMaxNodes        = 400_000
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

// promising reports whether the optimistic completion beats the incumbent.
func (x *exactSearch) promising(p int32, i int) bool {
	st, pr := x.st, x.st.pr
	if cap(x.buf) < pr.maxQuota+1 {
		x.buf = make([]int64, pr.maxQuota+1)
	}
	v := x.buf[:pr.maxQuota+1]
	clear(v)
	total := st.total
	for q := int32(0); q < int32(pr.nP); q++ {
		c := int(st.cnt[q])
		if q >= p {
			from := 0
			if q == p {
				from = i
			}
			room := min(int(pr.quota[q])-c, bits.OnesCount64(pr.free[q]&^st.busy[q]))
			for _, t := range x.trips[q][from:] {
				if room == 0 {
					break
				}
				c++
				room--
				total += int64(t.score)
			}
		}
		for k := 0; k < c; k++ {
			v[k]++
		}
	}
	v[pr.maxQuota] = total
	return slices.Compare(v, x.best) > 0
}
