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
	k     int      // how many of a mover's best candidates are tried
	mark  []uint32 // seats visited by the current search (== epoch)
	epoch uint32
	// dead seats (== deadEpoch) were explored by a failed search: no chain
	// from them reaches a free seat. A successful chain revives the seats of
	// everybody it moved, since their options changed.
	dead      []uint32
	deadEpoch uint32
	// Per expert, the slots whose seats are visited or dead, valid while
	// visEp/deadEp equal epoch/deadEpoch: one AND skips a whole expert.
	visMask, deadMask []uint64
	visEp, deadEp     []uint32
	// limit caps the seats one plain search expands; a search that hits it
	// fails and marks what it saw dead for the rest of the round, a
	// heuristic that keeps big capacity-bound rounds fast.
	limit int
	parES []int32 // previous seat in the chain, -1 for the first
	parQ  []int32 // participant who moves into this seat (-1: seeker)
	parJ  []int8  // that participant's meeting index
	parSc []int32 // score of the pair entering this seat
	queue []int32
	// work counts the seats the searches expanded; the costlier searches
	// that move the seeker's own meetings stop when it reaches budget.
	work, budget int
	// full is set once no seat is both free and under its expert's daily
	// maximum: every chain must end in such a seat, and meetings are only
	// ever added, so nothing can be placed any more.
	full bool
}

// seen reports whether seat k is visited or dead.
func (c *chain) seen(k int32) bool { return c.mark[k] == c.epoch || c.dead[k] == c.deadEpoch }

// seenMask returns the slots of expert e whose seats are visited or dead.
func (c *chain) seenMask(e int32) uint64 {
	var m uint64
	if c.visEp[e] == c.epoch {
		m = c.visMask[e]
	}
	if c.deadEp[e] == c.deadEpoch {
		m |= c.deadMask[e]
	}
	return m
}

// visit marks seat k visited by the current search.
func (c *chain) visit(k int32) {
	c.mark[k] = c.epoch
	e, bit := k/int32(c.st.pr.nS), uint64(1)<<uint(k%int32(c.st.pr.nS))
	if c.visEp[e] != c.epoch {
		c.visEp[e], c.visMask[e] = c.epoch, 0
	}
	c.visMask[e] |= bit
}

// kill marks seat k dead, or alive again.
func (c *chain) kill(k int32, dead bool) {
	e, bit := k/int32(c.st.pr.nS), uint64(1)<<uint(k%int32(c.st.pr.nS))
	if c.deadEp[e] != c.deadEpoch {
		c.deadEp[e], c.deadMask[e] = c.deadEpoch, 0
	}
	if dead {
		c.dead[k] = c.deadEpoch
		c.deadMask[e] |= bit
	} else {
		c.dead[k] = 0
		c.deadMask[e] &^= bit
	}
}

// checkFull updates c.full.
func (c *chain) checkFull() bool {
	st, pr := c.st, c.st.pr
	for e := 0; e < pr.nE && !c.full; e++ {
		if st.day[e] < pr.dayMax[e] {
			for s := 0; s < pr.nS; s++ {
				if st.seatFree(st.es(int32(e), s)) {
					return false
				}
			}
		}
	}
	c.full = true
	return true
}

func newChain(st *state, k, budget int) *chain {
	n := st.pr.nE * st.pr.nS
	return &chain{st: st, k: k, budget: budget, epoch: 2,
		mark: make([]uint32, n), dead: make([]uint32, n), deadEpoch: 1,
		visMask: make([]uint64, st.pr.nE), deadMask: make([]uint64, st.pr.nE),
		visEp: make([]uint32, st.pr.nE), deadEp: make([]uint32, st.pr.nE),
		limit: n, parES: make([]int32, n), parQ: make([]int32, n),
		parJ: make([]int8, n), parSc: make([]int32, n)}
}

// place tries to give p one more meeting; it reports success.
func (c *chain) place(p int32) bool {
	st, pr := c.st, c.st.pr
	if st.cnt[p] >= int8(pr.quota[p]) || c.full {
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
	if c.full || c.checkFull() {
		return false
	}
	return c.search(p, -1, -1, false)
}

// relocate tries to give p one more meeting at a seat (e,s) in a slot s
// where p is busy: p's meeting in s moves away by a chain, and if (e,s) is
// full one of its occupants moves away first. It stops when the work
// budget is spent.
func (c *chain) relocate(p int32) bool {
	st, pr := c.st, c.st.pr
	if st.cnt[p] >= int8(pr.quota[p]) || c.full || c.checkFull() {
		return false
	}
	es, _ := pr.cand(p)
	// The seeker's own meeting in slot s may move away so that it can take
	// a free seat at (e,s).
	for _, e := range es {
		if st.day[e] >= pr.dayMax[e] || st.meets(p, e) >= 0 {
			continue
		}
		for m := pr.free[p] & pr.open[e] & st.busy[p]; m != 0; m &= m - 1 {
			if c.work >= c.budget {
				return false
			}
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
			// All of e's seats are avoided: p's own meeting must not move
			// to e, and e's daily room is kept for p.
			if c.search(p, j, k, true) {
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
		if c.search(o, j, k, false) {
			return true
		}
	}
	return false
}

// search looks for a chain that ends in a free seat and starts with p
// taking a new seat (j < 0) or moving its meeting j to another seat; it
// applies the chain and reports success. The chain avoids seat avoid (if
// not -1), and all seats of its expert if avoidExpert.
func (c *chain) search(p int32, j int, avoid int32, avoidExpert bool) bool {
	st, pr := c.st, c.st.pr
	c.epoch++
	if avoid >= 0 {
		c.visit(avoid)
		if avoidExpert {
			e := avoid / int32(pr.nS)
			for s := 0; s < pr.nS; s++ {
				c.visit(st.es(e, s))
			}
		}
	}
	q := c.queue[:0]
	busy := st.busy[p]
	cur := int32(-1)
	if j >= 0 {
		k := int(p)*MaxQuota + j
		cur = st.mE[k]
		// Same expert, another slot.
		for m := pr.free[p] & pr.open[cur] &^ busy; m != 0; m &= m - 1 {
			k2 := st.es(cur, bits.TrailingZeros64(m))
			if !c.seen(k2) {
				c.visit(k2)
				c.parES[k2], c.parQ[k2], c.parSc[k2] = -1, -1, st.mSc[k]
				q = append(q, k2)
			}
		}
	}
	es, sc := pr.cand(p)
	for i, e := range es {
		if e == cur || st.meets(p, e) >= 0 {
			continue
		}
		for m := pr.free[p] & pr.open[e] &^ busy; m != 0; m &= m - 1 {
			k := st.es(e, bits.TrailingZeros64(m))
			if c.seen(k) {
				continue
			}
			c.visit(k)
			c.parES[k], c.parQ[k], c.parSc[k] = -1, -1, sc[i]
			q = append(q, k)
		}
	}
	nS := int32(pr.nS)
	for h := 0; h < len(q); h++ {
		if h >= c.limit && avoid < 0 {
			break
		}
		k := q[h]
		e := k / nS
		c.work++
		if st.seatFree(k) {
			if st.day[e] < pr.dayMax[e] || (j >= 0 && c.parES[k] < 0 && e == cur) {
				c.apply(p, j, k)
				c.queue = q
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
	if avoid < 0 {
		for _, k := range q {
			c.kill(k, true)
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
			if !c.seen(k) {
				c.visit(k)
				c.parES[k], c.parQ[k], c.parJ[k], c.parSc[k] = at, o, int8(j), st.mSc[base+j]
				q = append(q, k)
			}
		}
	}
	es, sc := pr.cand(o)
	if len(es) > c.k {
		es = es[:c.k]
	}
	for i, e2 := range es {
		m := pr.free[o] & pr.open[e2] &^ busy &^ c.seenMask(e2)
		if m == 0 || e2 == e || st.meets(o, e2) >= 0 {
			continue
		}
		for ; m != 0; m &= m - 1 {
			k := st.es(e2, bits.TrailingZeros64(m))
			if !c.seen(k) {
				c.visit(k)
				c.parES[k], c.parQ[k], c.parJ[k], c.parSc[k] = at, o, int8(j), sc[i]
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
		o := c.parQ[k]
		from := st.mE[int(o)*MaxQuota+int(c.parJ[k])]
		st.move(o, int(c.parJ[k]), k/nS, int(k%nS), c.parSc[k])
		c.revive(o)
		if from != k/nS {
			c.reviveExpert(from) // it has daily room again
		}
	}
	c.revive(seeker)
	if j < 0 {
		st.add(seeker, k/nS, int(k%nS), c.parSc[k], false)
	} else {
		from := st.mE[int(seeker)*MaxQuota+j]
		st.move(seeker, j, k/nS, int(k%nS), c.parSc[k])
		if from != k/nS {
			c.reviveExpert(from)
		}
	}
}

// reviveExpert clears the dead marks of every seat of expert e.
func (c *chain) reviveExpert(e int32) {
	for s := 0; s < c.st.pr.nS; s++ {
		c.kill(c.st.es(e, s), false)
	}
}

// revive clears the dead mark of the seats where o has meetings.
func (c *chain) revive(o int32) {
	st := c.st
	for j := 0; j < int(st.cnt[o]); j++ {
		k := int(o)*MaxQuota + j
		c.kill(st.es(st.mE[k], int(st.mS[k])), false)
	}
}
