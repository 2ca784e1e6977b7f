package matching

// pinTally sums the problem's pins the way the relaxations need them.
type pinTally struct {
	cnt   []int32           // pinned meetings per participant
	slots []uint64          // slots taken by pins, per participant
	perE  []int32           // pinned meetings per expert
	perES []int32           // pinned occupants per expert*nS+slot
	pairs map[[2]int32]bool // pinned (participant, expert) pairs
	score int64             // their total score
}

// tallyPins sums pr's pins.
func (pr *problem) tallyPins() pinTally {
	t := pinTally{cnt: make([]int32, pr.nP), slots: make([]uint64, pr.nP), perE: make([]int32, pr.nE),
		perES: make([]int32, pr.nE*pr.nS), pairs: make(map[[2]int32]bool, len(pr.pins))}
	for _, pin := range pr.pins {
		t.cnt[pin.p]++
		t.slots[pin.p] |= 1 << uint(pin.s)
		t.perE[pin.e]++
		t.perES[int(pin.e)*pr.nS+int(pin.s)]++
		t.score += int64(pin.score)
		t.pairs[[2]int32{pin.p, pin.e}] = true
	}
	return t
}

// pinnedPair reports whether p and e are pinned together.
func (t pinTally) pinnedPair(p, e int32) bool {
	return len(t.pairs) > 0 && t.pairs[[2]int32{p, e}]
}

// rest returns the units each of the first len(levels) levels still needs
// once the pins are counted (a participant's pins fill its first levels),
// and their sum; ok is false when pins alone exceed a level.
func (t pinTally) rest(levels []int) (rest []int, need int, ok bool) {
	rest = append([]int(nil), levels...)
	for _, c := range t.cnt {
		for k := 0; k < int(c) && k < len(rest); k++ {
			rest[k]--
		}
	}
	for _, v := range rest {
		if v < 0 {
			return nil, 0, false
		}
		need += v
	}
	return rest, need, true
}

// dayCapacity is the most meetings expert e can give in the day: its
// seats over all slots, or its daily maximum if lower.
func (pr *problem) dayCapacity(e int) int32 {
	var seats int32
	for s := 0; s < pr.nS; s++ {
		seats += pr.seats[e*pr.nS+s]
	}
	return min(seats, pr.dayMax[e])
}

// maxScore is the highest score of any eligible pair.
func (pr *problem) maxScore() int64 {
	var m int64
	for _, w := range pr.cScore {
		m = max(m, int64(w))
	}
	return m
}
