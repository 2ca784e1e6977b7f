package matching

import "math/bits"

// coverFlow gives as many participants as possible their first meeting. It
// is Dinic's max-flow on the network
//
//	source → participant → (expert, slot) → expert → sink
//
// with capacities 1, 1, free seats and daily maximum, over implicit edges:
// a participant's arcs are its eligible (expert, slot) pairs, read from the
// candidate lists and slot masks, so the network is never materialised.
// Participants with pinned meetings are already covered and stay out of the
// flow; their pins only use up capacity. One unit of flow is one
// participant's single meeting, so the hard rules hold trivially and the
// maximum flow is the exact coverage bound.
type coverFlow struct {
	st     *state
	pinned []bool // participant has pins
	pinES  []int8 // pinned occupants per (expert, slot)
	levP   []int32
	levES  []int32
	levE   []int32
	seenE  []uint64
	curI   []int32
	curM   []uint64
	curOK  []bool
	curES  []int8
	curE   []int32
	queue  []int32
}

// Node kinds in the BFS queue: the index is shifted left by 2.
const (
	kindP = iota + 1 // from 1 so that every tag is visible in the packed value
	kindES
	kindE
)

// cover runs the max-flow on st (which holds only pins) in the given
// participant order and returns the number of covered participants.
func cover(st *state, order []int32) int {
	pr := st.pr
	f := &coverFlow{
		st: st, pinned: make([]bool, pr.nP), pinES: make([]int8, pr.nE*pr.nS),
		levP: make([]int32, pr.nP), levES: make([]int32, pr.nE*pr.nS), levE: make([]int32, pr.nE),
		seenE: make([]uint64, pr.nE),
		curI:  make([]int32, pr.nP), curM: make([]uint64, pr.nP), curOK: make([]bool, pr.nP),
		curES: make([]int8, pr.nE*pr.nS), curE: make([]int32, pr.nE),
	}
	for _, pin := range pr.pins {
		f.pinned[pin.p] = true
		f.pinES[st.es(pin.e, int(pin.s))]++
	}
	// Greedy start: best-scoring free seat for each participant.
	for _, p := range order {
		if st.cnt[p] > 0 {
			continue
		}
		es, sc := pr.cand(p)
		for i, e := range es {
			if st.day[e] >= pr.dayMax[e] {
				continue
			}
			m := pr.free[p] & pr.open[e]
			placed := false
			for m != 0 {
				s := bits.TrailingZeros64(m)
				m &= m - 1
				if st.seatFree(st.es(e, s)) {
					st.add(p, e, s, sc[i], false)
					placed = true
					break
				}
			}
			if placed {
				break
			}
		}
	}
	for f.bfs(order) {
		for _, p := range order {
			if st.cnt[p] == 0 && !f.pinned[p] && f.levP[p] == 0 {
				f.dfsP(p)
			}
		}
	}
	n := 0
	for _, c := range st.cnt {
		if c > 0 {
			n++
		}
	}
	return n
}

// unit reports whether p's only meeting is a flow unit (movable).
func (f *coverFlow) unit(p int32) bool { return !f.pinned[p] && f.st.cnt[p] == 1 }

// bfs computes levels from the uncovered participants; it reports whether
// the sink is reachable.
func (f *coverFlow) bfs(order []int32) bool {
	st, pr := f.st, f.st.pr
	for i := range f.levP {
		f.levP[i] = -1
		f.curI[i], f.curOK[i] = 0, false
	}
	for i := range f.levES {
		f.levES[i] = -1
		f.curES[i] = 0
	}
	for i := range f.levE {
		f.levE[i] = -1
		f.seenE[i] = 0
		f.curE[i] = 0
	}
	q := f.queue[:0]
	for _, p := range order {
		if st.cnt[p] == 0 && !f.pinned[p] && pr.cStart[p] < pr.cStart[p+1] {
			f.levP[p] = 0
			q = append(q, p<<2|kindP)
		}
	}
	found, limit := false, int32(-1)
	for h := 0; h < len(q); h++ {
		x := q[h]
		i := x >> 2
		switch x & 3 {
		case kindP:
			L := f.levP[i]
			if found && L >= limit {
				continue
			}
			ue, us := int32(-1), 0
			if st.cnt[i] == 1 {
				ue, us = st.mE[int(i)*MaxQuota], int(st.mS[int(i)*MaxQuota])
			}
			es, _ := pr.cand(i)
			for _, e := range es {
				m := pr.free[i] & pr.open[e] &^ f.seenE[e]
				if e == ue {
					m &^= 1 << uint(us)
				}
				for m != 0 {
					s := bits.TrailingZeros64(m)
					m &= m - 1
					k := st.es(e, s)
					f.levES[k] = L + 1
					f.seenE[e] |= 1 << uint(s)
					q = append(q, k<<2|kindES)
				}
			}
		case kindES:
			L := f.levES[i]
			if found && L >= limit {
				continue
			}
			e := i / int32(pr.nS)
			if st.seatFree(i) && f.levE[e] < 0 {
				f.levE[e] = L + 1
				q = append(q, e<<2|kindE)
			}
			for j := 0; j < int(st.occN[i]); j++ {
				o := st.occ[int(i)*occStride+j]
				if f.unit(o) && f.levP[o] < 0 {
					f.levP[o] = L + 1
					q = append(q, o<<2|kindP)
				}
			}
		case kindE:
			L := f.levE[i]
			if st.day[i] < pr.dayMax[i] && !found {
				found, limit = true, L+1
			}
			if found && L >= limit {
				continue
			}
			for s := 0; s < pr.nS; s++ {
				k := st.es(i, s)
				if f.levES[k] < 0 && st.occN[k] > f.pinES[k] {
					f.levES[k] = L + 1
					f.seenE[i] |= 1 << uint(s)
					q = append(q, k<<2|kindES)
				}
			}
		}
	}
	f.queue = q
	return found
}

func (f *coverFlow) dfsP(p int32) bool {
	st, pr := f.st, f.st.pr
	L := f.levP[p]
	es, sc := pr.cand(p)
	ue, us := int32(-1), 0
	if st.cnt[p] == 1 {
		ue, us = st.mE[int(p)*MaxQuota], int(st.mS[int(p)*MaxQuota])
	}
	for ; int(f.curI[p]) < len(es); f.curI[p], f.curOK[p] = f.curI[p]+1, false {
		e := es[f.curI[p]]
		if !f.curOK[p] {
			f.curM[p] = pr.free[p] & pr.open[e]
			if e == ue {
				f.curM[p] &^= 1 << uint(us)
			}
			f.curOK[p] = true
		}
		for f.curM[p] != 0 {
			s := bits.TrailingZeros64(f.curM[p])
			k := st.es(e, s)
			if f.levES[k] == L+1 && f.dfsES(k) {
				if st.cnt[p] == 1 {
					st.move(p, 0, e, s, sc[f.curI[p]])
				} else {
					st.add(p, e, s, sc[f.curI[p]], false)
				}
				return true
			}
			f.curM[p] &= f.curM[p] - 1
		}
	}
	f.levP[p] = -1
	return false
}

func (f *coverFlow) dfsES(k int32) bool {
	st, pr := f.st, f.st.pr
	L := f.levES[k]
	e := k / int32(pr.nS)
	for {
		idx := int(f.curES[k])
		if idx == 0 {
			if st.seatFree(k) && f.levE[e] == L+1 && f.dfsE(e) {
				return true
			}
		} else {
			if idx-1 >= int(st.occN[k]) {
				break
			}
			o := st.occ[int(k)*occStride+idx-1]
			if f.unit(o) && f.levP[o] == L+1 && f.dfsP(o) {
				return true
			}
		}
		f.curES[k]++
	}
	f.levES[k] = -1
	return false
}

func (f *coverFlow) dfsE(e int32) bool {
	st, pr := f.st, f.st.pr
	L := f.levE[e]
	for ; int(f.curE[e]) <= pr.nS; f.curE[e]++ {
		idx := int(f.curE[e])
		if idx == 0 {
			if st.day[e] < pr.dayMax[e] {
				return true
			}
			continue
		}
		k := st.es(e, idx-1)
		if f.levES[k] == L+1 && st.occN[k] > f.pinES[k] && f.dfsES(k) {
			return true
		}
	}
	f.levE[e] = -1
	return false
}
