package matching

import "context"

// state is a schedule under construction, in index form. Every participant
// has at most MaxQuota meetings, stored in fixed-size rows; every
// (expert, slot) has at most MaxSeats occupants.
type state struct {
	pr    *problem
	cnt   []int8   // meetings per participant
	busy  []uint64 // busy slots per participant
	mE    []int32  // participant*MaxQuota+j: expert of meeting j
	mS    []int8   // slot of meeting j
	mSc   []int32  // score of meeting j
	mPin  []bool   // meeting j is pinned
	occ   []int32  // (expert*nS+slot)*occStride+i: occupant i
	occN  []int8   // occupants per (expert, slot)
	day   []int32  // meetings per expert
	total int64    // sum of scores
	// ctx stops the search when cancelled; polls counts calls to stopped.
	ctx   context.Context
	polls uint32
}

// stopped reports whether the solve was cancelled; it looks at the context
// only every 64 calls, so loops may call it often.
func (st *state) stopped() bool {
	if st.ctx == nil {
		return false
	}
	st.polls++
	if st.polls&63 != 0 {
		return false
	}
	return st.ctx.Err() != nil
}

// occStride leaves room for one extra occupant while a swap is applied.
const occStride = MaxSeats + 1

func newState(pr *problem) *state {
	return &state{
		pr:   pr,
		cnt:  make([]int8, pr.nP),
		busy: make([]uint64, pr.nP),
		mE:   make([]int32, pr.nP*MaxQuota),
		mS:   make([]int8, pr.nP*MaxQuota),
		mSc:  make([]int32, pr.nP*MaxQuota),
		mPin: make([]bool, pr.nP*MaxQuota),
		occ:  make([]int32, pr.nE*pr.nS*occStride),
		occN: make([]int8, pr.nE*pr.nS),
		day:  make([]int32, pr.nE),
	}
}

func (st *state) es(e int32, s int) int32 { return e*int32(st.pr.nS) + int32(s) }

// seatFree reports whether (e,s) has a free seat.
func (st *state) seatFree(es int32) bool { return int32(st.occN[es]) < st.pr.seats[es] }

// meets returns the index of p's meeting with e, or -1.
func (st *state) meets(p, e int32) int {
	base := int(p) * MaxQuota
	for j := 0; j < int(st.cnt[p]); j++ {
		if st.mE[base+j] == e {
			return j
		}
	}
	return -1
}

func (st *state) occAdd(es, p int32) {
	st.occ[int(es)*occStride+int(st.occN[es])] = p
	st.occN[es]++
}

func (st *state) occDel(es, p int32) {
	base := int(es) * occStride
	n := int(st.occN[es])
	for i := 0; i < n; i++ {
		if st.occ[base+i] == p {
			st.occ[base+i] = st.occ[base+n-1]
			st.occN[es]--
			return
		}
	}
	panic("matching: occupant not found")
}

// add gives p a meeting with e in slot s.
func (st *state) add(p, e int32, s int, score int32, pin bool) {
	j := int(p)*MaxQuota + int(st.cnt[p])
	st.mE[j], st.mS[j], st.mSc[j], st.mPin[j] = e, int8(s), score, pin
	st.cnt[p]++
	st.busy[p] |= 1 << uint(s)
	st.occAdd(st.es(e, s), p)
	st.day[e]++
	st.total += int64(score)
}

// move changes p's meeting j to expert e in slot s.
func (st *state) move(p int32, j int, e int32, s int, score int32) {
	k := int(p)*MaxQuota + j
	oe, os := st.mE[k], int(st.mS[k])
	st.occDel(st.es(oe, os), p)
	st.day[oe]--
	st.busy[p] &^= 1 << uint(os)
	st.total -= int64(st.mSc[k])
	st.mE[k], st.mS[k], st.mSc[k] = e, int8(s), score
	st.busy[p] |= 1 << uint(s)
	st.occAdd(st.es(e, s), p)
	st.day[e]++
	st.total += int64(score)
}

// remove takes away p's meeting j; the last meeting takes index j.
func (st *state) remove(p int32, j int) {
	base := int(p) * MaxQuota
	k := base + j
	e, s := st.mE[k], int(st.mS[k])
	st.occDel(st.es(e, s), p)
	st.day[e]--
	st.busy[p] &^= 1 << uint(s)
	st.total -= int64(st.mSc[k])
	last := base + int(st.cnt[p]) - 1
	st.mE[k], st.mS[k], st.mSc[k], st.mPin[k] = st.mE[last], st.mS[last], st.mSc[last], st.mPin[last]
	st.cnt[p]--
}

// levels returns with_at_least counts for k = 1..maxQuota.
func (st *state) levels() []int {
	lv := make([]int, st.pr.maxQuota)
	for _, c := range st.cnt {
		for k := 0; k < int(c); k++ {
			lv[k]++
		}
	}
	return lv
}
