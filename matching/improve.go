package matching

import "math/bits"

// improve raises the total score by local search without changing how many
// meetings anybody has, so every "at least k" count stays. For each
// unpinned meeting it tries a better-scoring seat for the same participant:
// a free seat; a swap with an occupant of a full seat who takes the freed
// seat; or an occupant who moves on to a free seat of their own. A move is
// made only when the total score rises, so the search ends.
type improver struct {
	st     *state
	k      int // candidates tried per participant
	rounds int // passes over all meetings at most
}

func (im *improver) run(order []int32) {
	st := im.st
	for r := 0; r < im.rounds; r++ {
		gained := false
		for _, p := range order {
			if st.stopped() {
				return
			}
			if st.cnt[p] < int8(st.pr.quota[p]) && im.transfer(p) {
				gained = true
			}
			for j := 0; j < int(st.cnt[p]); j++ {
				if !st.mPin[int(p)*MaxQuota+j] && im.better(p, j) {
					gained = true
				}
			}
		}
		if !gained {
			return
		}
	}
}

// scoreOf returns the score of (o,e) and whether they may meet.
func (im *improver) scoreOf(o, e int32) (int32, bool) { return im.st.pr.score(o, e) }

// better tries to improve p's meeting j; it reports a change.
func (im *improver) better(p int32, j int) bool {
	st, pr := im.st, im.st.pr
	base := int(p) * MaxQuota
	e, s, cur := st.mE[base+j], int(st.mS[base+j]), st.mSc[base+j]
	busy := st.busy[p] &^ (1 << uint(s))
	es, sc := pr.cand(p)
	if len(es) > im.k {
		es = es[:im.k]
	}
	for i, e2 := range es {
		gain := sc[i] - cur
		if gain <= 0 {
			return false
		}
		if e2 == e || st.meets(p, e2) >= 0 {
			continue
		}
		for m := pr.free[p] & pr.open[e2] &^ busy; m != 0; m &= m - 1 {
			s2 := bits.TrailingZeros64(m)
			k2 := st.es(e2, s2)
			if st.seatFree(k2) {
				if st.day[e2] < pr.dayMax[e2] {
					st.move(p, j, e2, s2, sc[i])
					return true
				}
				continue
			}
			for x := 0; x < int(st.occN[k2]); x++ {
				o := st.occ[int(k2)*occStride+x]
				if o != p && im.bump(o, e2, s2, e, s, gain) {
					st.move(p, j, e2, s2, sc[i])
					return true
				}
			}
		}
	}
	return false
}

// bump moves o out of seat (e2,s2) so that the total score still rises by
// more than zero given that the newcomer gains gain: o either takes the
// seat (e,s) the newcomer leaves, or a free seat elsewhere.
func (im *improver) bump(o, e2 int32, s2 int, e int32, s int, gain int32) bool {
	st, pr := im.st, im.st.pr
	jo := st.meets(o, e2)
	base := int(o) * MaxQuota
	if jo < 0 || st.mPin[base+jo] {
		return false
	}
	cur := st.mSc[base+jo]
	busy := st.busy[o] &^ (1 << uint(s2))
	// Swap: o takes (e,s).
	if st.meets(o, e) < 0 && pr.free[o]&pr.open[e]&^busy&(1<<uint(s)) != 0 {
		if so, ok := im.scoreOf(o, e); ok && gain+so-cur > 0 {
			st.move(o, jo, e, s, so)
			return true
		}
	}
	// Chain: o moves to a free seat of a different expert.
	es, sc := pr.cand(o)
	if len(es) > im.k {
		es = es[:im.k]
	}
	for i, e3 := range es {
		if gain+sc[i]-cur <= 0 {
			break
		}
		if e3 == e2 || st.meets(o, e3) >= 0 || st.day[e3] >= pr.dayMax[e3] {
			continue
		}
		for m := pr.free[o] & pr.open[e3] &^ busy; m != 0; m &= m - 1 {
			s3 := bits.TrailingZeros64(m)
			if st.seatFree(st.es(e3, s3)) {
				st.move(o, jo, e3, s3, sc[i])
				return true
			}
		}
	}
	return false
}

// transfer gives q, who lacks meetings, the seat of a participant p who has
// one meeting more than q, when q scores more there. p loses a meeting and
// q gains one, so every "at least k" count stays the same.
func (im *improver) transfer(q int32) bool {
	st, pr := im.st, im.st.pr
	es, sc := pr.cand(q)
	if len(es) > im.k {
		es = es[:im.k]
	}
	for i, e := range es {
		if st.meets(q, e) >= 0 {
			continue
		}
		for m := pr.free[q] & pr.open[e] &^ st.busy[q]; m != 0; m &= m - 1 {
			s := bits.TrailingZeros64(m)
			k := st.es(e, s)
			bestP, bestJ, bestSc := int32(-1), -1, sc[i]
			for x := 0; x < int(st.occN[k]); x++ {
				p := st.occ[int(k)*occStride+x]
				if st.cnt[p] != st.cnt[q]+1 {
					continue
				}
				j := st.meets(p, e)
				if kk := int(p)*MaxQuota + j; !st.mPin[kk] && st.mSc[kk] < bestSc {
					bestP, bestJ, bestSc = p, j, st.mSc[kk]
				}
			}
			if bestP >= 0 {
				st.remove(bestP, bestJ)
				st.add(q, e, s, sc[i], false)
				return true
			}
		}
	}
	return false
}
