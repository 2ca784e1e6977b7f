package matching

import (
	"cmp"
	"math/bits"
	"slices"
)

// slotter gives the pairs of a pairPlan their slots: every pair needs a
// slot in which the participant is free and not busy and the expert has a
// free seat. Pairs with the fewest possible slots go first, each to the
// slot where its expert has the most free seats; a pair that finds no slot
// may displace the participant's own meeting or one occupant of the seat,
// which then look for another slot the same way, up to a small depth.
type slotter struct {
	st   *state
	work int // displacements tried; the search gives up at zero
	log  []slotOp
}

// slotOp is one change to the state, kept so that a failed displacement
// can be undone.
type slotOp struct {
	add     bool
	p, e, s int32
}

// add gives p a meeting with e in slot s and logs it.
func (sl *slotter) add(p, e int32, s int) {
	sc, _ := sl.st.pr.score(p, e)
	sl.st.add(p, e, s, sc, false)
	sl.log = append(sl.log, slotOp{true, p, e, int32(s)})
}

// remove takes away p's meeting with e and logs it.
func (sl *slotter) remove(p, e int32) {
	j := sl.st.meets(p, e)
	s := sl.st.mS[int(p)*MaxQuota+j]
	sl.st.remove(p, j)
	sl.log = append(sl.log, slotOp{false, p, e, int32(s)})
}

// undo reverts the logged changes back to mark.
func (sl *slotter) undo(mark int) {
	for i := len(sl.log) - 1; i >= mark; i-- {
		op := sl.log[i]
		if op.add {
			sl.st.remove(op.p, sl.st.meets(op.p, op.e))
		} else {
			sc, _ := sl.st.pr.score(op.p, op.e)
			sl.st.add(op.p, op.e, int(op.s), sc, false)
		}
	}
	sl.log = sl.log[:mark]
}

// realize returns a state holding the pins and as many of plan's pairs as
// found a slot, and the pairs that did not.
func (pr *problem) realize(plan pairPlan, order []int32) (*state, [][2]int32) {
	st := newState(pr)
	for _, pin := range pr.pins {
		st.add(pin.p, pin.e, int(pin.s), pin.score, true)
	}
	type pair struct{ p, e, opts, rank int32 }
	rank := make([]int32, pr.nP)
	for i, p := range order {
		rank[p] = int32(i)
	}
	var pairs []pair
	for p := int32(0); p < int32(pr.nP); p++ {
		for _, e := range plan.exp[plan.start[p]:plan.start[p+1]] {
			opts := int32(bits.OnesCount64(pr.free[p] & pr.open[e]))
			pairs = append(pairs, pair{p, e, opts, rank[p]})
		}
	}
	slices.SortFunc(pairs, func(a, b pair) int {
		return cmp.Or(cmp.Compare(a.opts, b.opts), cmp.Compare(a.rank, b.rank), cmp.Compare(a.e, b.e))
	})
	sl := &slotter{st: st, work: 200 * len(pairs)}
	var missing [][2]int32
	for _, x := range pairs {
		if !sl.place(x.p, x.e, 3) {
			missing = append(missing, [2]int32{x.p, x.e})
		}
		sl.log = sl.log[:0]
	}
	return st, missing
}

// place gives the pair (p,e) a slot, displacing at most depth levels of
// other meetings, and reports success; on failure the state is unchanged.
func (sl *slotter) place(p, e int32, depth int) bool {
	st, pr := sl.st, sl.st.pr
	can := pr.free[p] & pr.open[e]
	best, room := -1, int32(0)
	for m := can &^ st.busy[p]; m != 0; m &= m - 1 {
		s := bits.TrailingZeros64(m)
		k := st.es(e, s)
		if r := pr.seats[k] - int32(st.occN[k]); r > room {
			best, room = s, r
		}
	}
	if best >= 0 {
		sl.add(p, e, best)
		return true
	}
	if depth == 0 {
		return false
	}
	for m := can; m != 0; m &= m - 1 {
		s := bits.TrailingZeros64(m)
		if sl.displace(p, e, s, depth) {
			return true
		}
	}
	return false
}

// displace puts (p,e) in slot s after moving away p's own meeting there
// and, when (e,s) is full, one of its occupants; the moved meetings look
// for other slots with depth-1. It reports success; on failure the state
// is unchanged.
func (sl *slotter) displace(p, e int32, s, depth int) bool {
	st := sl.st
	own := int32(-1) // the expert of p's meeting in s
	if st.busy[p]&(1<<uint(s)) != 0 {
		j := slotMeeting(st, p, s)
		if st.mPin[int(p)*MaxQuota+j] {
			return false
		}
		own = st.mE[int(p)*MaxQuota+j]
	}
	k := st.es(e, s)
	full := !st.seatFree(k)
	n := 1
	if full {
		n = int(st.occN[k])
	}
	for i := 0; i < n; i++ {
		if sl.work <= 0 {
			return false
		}
		sl.work--
		q := int32(-1)
		if full {
			q = st.occ[int(k)*occStride+i]
			if q == p || st.mPin[int(q)*MaxQuota+st.meets(q, e)] {
				continue
			}
		}
		mark := len(sl.log)
		if own >= 0 {
			sl.remove(p, own)
		}
		if q >= 0 {
			sl.remove(q, e)
		}
		sl.add(p, e, s)
		if (own < 0 || sl.place(p, own, depth-1)) && (q < 0 || sl.place(q, e, depth-1)) {
			return true
		}
		sl.undo(mark)
	}
	return false
}

// slotMeeting returns the index of p's meeting in slot s.
func slotMeeting(st *state, p int32, s int) int {
	base := int(p) * MaxQuota
	for j := 0; j < int(st.cnt[p]); j++ {
		if int(st.mS[base+j]) == s {
			return j
		}
	}
	return -1
}
