package matching

import "math/bits"

// chain finds augmenting chains that give one more meeting to a seeker
// without taking any meeting away: the seeker takes a seat at (e,s); if it
// is full, an occupant moves to another seat of theirs, whose occupant may
// move in turn, and so on until a free seat is reached. A chain may also
// move one of an expert's meetings to another expert when the expert is at
// their daily maximum. Every moved participant keeps their number of
// meetings, so no "at least k" count drops. The search is breadth-first
// over (expert, slot) seats, so chains are as short as possible.
type chain struct {
	st    *state
	k     int // how many of a mover's best candidates are tried
	mark  []uint32
	epoch uint32
	parES []int32 // previous seat in the chain, -1 for the first
	parQ  []int32 // participant who moves into this seat (-1: seeker)
	parJ  []int8  // that participant's meeting index
	parSc []int32 // score of the pair entering this seat
	queue []int32
	// keepDead keeps the seats explored by a failed search marked until the
	// next success, so later failing searches stay cheap on big instances.
	keepDead bool
}

func newChain(st *state, k int, keepDead bool) *chain {
	n := st.pr.nE * st.pr.nS
	return &chain{st: st, k: k, keepDead: keepDead, epoch: 1,
		mark: make([]uint32, n), parES: make([]int32, n), parQ: make([]int32, n),
		parJ: make([]int8, n), parSc: make([]int32, n)}
}

// place tries to give p one more meeting; it reports success.
func (c *chain) place(p int32) bool {
	st, pr := c.st, c.st.pr
	if st.cnt[p] >= int8(pr.quota[p]) {
		return false
	}
	es, sc := pr.cand(p)
	for i, e := range es {
		if st.day[e] >= pr.dayMax[e] || st.meets(p, e) >= 0 {
			continue
		}
		for m := pr.free[p] & pr.open[e] &^ st.busy[p]; m != 0; m &= m - 1 {
			s := bits.TrailingZeros64(m)
			if st.seatFree(st.es(e, s)) {
				st.add(p, e, s, sc[i], false)
				return true
			}
		}
	}
	if c.search(p, -1) {
		return true
	}
	if c.keepDead {
		return false
	}
	// The seeker's own meeting in slot s may move away so that it can take
	// a free seat at (e,s).
	for _, e := range es {
		if st.day[e] >= pr.dayMax[e] || st.meets(p, e) >= 0 {
			continue
		}
		for m := pr.free[p] & pr.open[e] & st.busy[p]; m != 0; m &= m - 1 {
			s := bits.TrailingZeros64(m)
			k := st.es(e, s)
			if !st.seatFree(k) && !c.vacate(p, k) {
				continue
			}
			// The vacating chain may have moved p's meetings too.
			if st.meets(p, e) >= 0 || st.day[e] >= pr.dayMax[e] || !st.seatFree(k) {
				continue
			}
			if st.busy[p]&(1<<uint(s)) == 0 {
				sc, _ := pr.score(p, e)
				st.add(p, e, s, sc, false)
				return true
			}
			j := 0
			for int(st.mS[int(p)*MaxQuota+j]) != s {
				j++
			}
			if st.mPin[int(p)*MaxQuota+j] {
				continue
			}
			c.epoch++
			c.mark[k] = c.epoch
			if st.day[e]+1 >= pr.dayMax[e] {
				for s2 := 0; s2 < pr.nS; s2++ {
					c.mark[st.es(e, s2)] = c.epoch
				}
			}
			if c.search(p, j) {
				sc, _ := pr.score(p, e)
				st.add(p, e, s, sc, false)
				return true
			}
		}
	}
	return false
}

// vacate moves one occupant (not p) of the full seat k elsewhere by a
// chain, so that k gets a free seat; it reports success.
func (c *chain) vacate(p, k int32) bool {
	st := c.st
	e := k / int32(st.pr.nS)
	for i := 0; i < int(st.occN[k]); i++ {
		o := st.occ[int(k)*occStride+i]
		j := st.meets(o, e)
		if o == p || st.mPin[int(o)*MaxQuota+j] {
			continue
		}
		c.epoch++
		c.mark[k] = c.epoch
		if c.search(o, j) {
			return true
		}
	}
	return false
}

// search looks for a chain that ends in a free seat and starts with p
// taking a new seat (j < 0) or moving its meeting j to another seat; it
// applies the chain and reports success.
func (c *chain) search(p int32, j int) bool {
	st, pr := c.st, c.st.pr
	if !c.keepDead && j < 0 {
		c.epoch++
	}
	q := c.queue[:0]
	busy := st.busy[p]
	cur := int32(-1)
	if j >= 0 {
		k := int(p)*MaxQuota + j
		cur = st.mE[k]
		s := int(st.mS[k])
		// Same expert, another slot.
		for m := pr.free[p] & pr.open[cur] &^ busy; m != 0; m &= m - 1 {
			k2 := st.es(cur, bits.TrailingZeros64(m))
			if c.mark[k2] != c.epoch {
				c.mark[k2], c.parES[k2], c.parQ[k2], c.parSc[k2] = c.epoch, -1, -1, st.mSc[k]
				q = append(q, k2)
			}
		}
		_ = s
	}
	es, sc := pr.cand(p)
	for i, e := range es {
		if e == cur || st.meets(p, e) >= 0 {
			continue
		}
		for m := pr.free[p] & pr.open[e] &^ busy; m != 0; m &= m - 1 {
			k := st.es(e, bits.TrailingZeros64(m))
			if c.mark[k] == c.epoch {
				continue
			}
			c.mark[k], c.parES[k], c.parQ[k], c.parSc[k] = c.epoch, -1, -1, sc[i]
			q = append(q, k)
		}
	}
	nS := int32(pr.nS)
	for h := 0; h < len(q); h++ {
		k := q[h]
		e := k / nS
		if st.seatFree(k) {
			if st.day[e] < pr.dayMax[e] || (j >= 0 && c.parES[k] < 0 && e == cur) {
				c.apply(p, j, k)
				c.queue = q
				c.epoch++
				return true
			}
			// Daily maximum reached: move one of e's meetings to another expert.
			for s := 0; s < pr.nS; s++ {
				k2 := st.es(e, s)
				for i := 0; i < int(st.occN[k2]); i++ {
					q = c.expand(p, k, k2, st.occ[int(k2)*occStride+i], false, q)
				}
			}
			continue
		}
		for i := 0; i < int(st.occN[k]); i++ {
			q = c.expand(p, k, k, st.occ[int(k)*occStride+i], true, q)
		}
	}
	c.queue = q
	return false
}

// expand queues the seats occupant o of seat from can move to, reached
// while searching at seat at. sameExpert allows moves to another slot of
// the same expert.
func (c *chain) expand(seeker, at, from, o int32, sameExpert bool, q []int32) []int32 {
	st, pr := c.st, c.st.pr
	if o == seeker || c.inChain(at, o) {
		return q
	}
	nS := int32(pr.nS)
	e, s := from/nS, int(from%nS)
	j := st.meets(o, e)
	base := int(o) * MaxQuota
	if j < 0 || int(st.mS[base+j]) != s || st.mPin[base+j] {
		return q
	}
	busy := st.busy[o] &^ (1 << uint(s))
	if sameExpert {
		for m := pr.free[o] & pr.open[e] &^ busy &^ (1 << uint(s)); m != 0; m &= m - 1 {
			k := st.es(e, bits.TrailingZeros64(m))
			if c.mark[k] != c.epoch {
				c.mark[k], c.parES[k], c.parQ[k], c.parJ[k], c.parSc[k] = c.epoch, at, o, int8(j), st.mSc[base+j]
				q = append(q, k)
			}
		}
	}
	es, sc := pr.cand(o)
	if len(es) > c.k {
		es = es[:c.k]
	}
	for i, e2 := range es {
		if e2 == e || st.meets(o, e2) >= 0 {
			continue
		}
		for m := pr.free[o] & pr.open[e2] &^ busy; m != 0; m &= m - 1 {
			k := st.es(e2, bits.TrailingZeros64(m))
			if c.mark[k] != c.epoch {
				c.mark[k], c.parES[k], c.parQ[k], c.parJ[k], c.parSc[k] = c.epoch, at, o, int8(j), sc[i]
				q = append(q, k)
			}
		}
	}
	return q
}

// inChain reports whether o already moves in the chain ending at seat k.
func (c *chain) inChain(k, o int32) bool {
	for ; k >= 0; k = c.parES[k] {
		if c.parQ[k] == o {
			return true
		}
	}
	return false
}

// apply performs the chain ending at seat k and gives the seeker its seat
// (a new meeting when j < 0, else its meeting j moves there).
func (c *chain) apply(seeker int32, j int, k int32) {
	st := c.st
	nS := int32(st.pr.nS)
	for ; c.parES[k] >= 0; k = c.parES[k] {
		st.move(c.parQ[k], int(c.parJ[k]), k/nS, int(k%nS), c.parSc[k])
	}
	if j < 0 {
		st.add(seeker, k/nS, int(k%nS), c.parSc[k], false)
	} else {
		st.move(seeker, j, k/nS, int(k%nS), c.parSc[k])
	}
}
