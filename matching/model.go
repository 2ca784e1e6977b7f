package matching

import (
	"math"
	"math/bits"
	"slices"
	"strconv"
)

// noMax is the daily maximum of an expert who set none.
const noMax = math.MaxInt32

// problem is an Instance in compact integer form: participants, experts and
// slots are indexes, slot sets are bit masks, and each participant's
// eligible experts are a slice sorted by score, best first.
type problem struct {
	in         *Instance
	nP, nE, nS int
	maxQuota   int
	slotIdx    map[string]int32
	pIdx, eIdx map[string]int32

	quota  []int32  // per participant
	free   []uint64 // per participant: free slots
	open   []uint64 // per expert: slots with seats
	seats  []int32  // per expert*nS+slot
	dayMax []int32  // per expert; noMax when none

	// Eligible pairs of participant p are cE[cStart[p]:cStart[p+1]] with
	// scores cScore[...], sorted by score descending then expert index.
	cStart []int32
	cE     []int32
	cScore []int32

	pins []cpin

	// relaxed remembers the last pair relaxation solved to optimality:
	// its bound depends only on the counts (the pins are the problem's).
	relaxed *relaxMemo
	// levelMemo keeps levelMax's answers by the counts below the level
	// (the raise and the certificate ask the same questions).
	levelMemo map[string]levelAnswer

	// dense[p*nE+e] is the score of (p,e), -1 when ineligible; nil when
	// the matrix would be too big (see denseLimit).
	dense []int16
}

// denseLimit bounds the pairs of the dense score matrix (2 bytes each).
const denseLimit = 64 << 20

// cpin is a pinned meeting in index form.
type cpin struct{ p, e, s, score int32 }

// cand returns participant p's eligible experts and their scores.
func (pr *problem) cand(p int32) ([]int32, []int32) {
	a, b := pr.cStart[p], pr.cStart[p+1]
	return pr.cE[a:b], pr.cScore[a:b]
}

// score returns the score of pair (p,e) and whether the pair is eligible.
func (pr *problem) score(p, e int32) (int32, bool) {
	if pr.dense != nil {
		v := pr.dense[int(p)*pr.nE+int(e)]
		return int32(v), v >= 0
	}
	es, sc := pr.cand(p)
	for i, x := range es {
		if x == e {
			return sc[i], true
		}
	}
	return 0, false
}

func popcount(m uint64) int { return bits.OnesCount64(m) }

// build validates in and turns it into a problem.
func build(in *Instance) (*problem, error) {
	if in == nil {
		return nil, invalid("no instance")
	}
	pr := &problem{in: in, nS: len(in.Slots), nP: len(in.Participants), nE: len(in.Experts)}
	if pr.nS == 0 {
		return nil, invalid("no slots")
	}
	if pr.nS > MaxSlots {
		return nil, invalid("%d slots, at most %d allowed", pr.nS, MaxSlots)
	}
	pr.slotIdx = make(map[string]int32, pr.nS)
	for i, s := range in.Slots {
		if s == "" {
			return nil, invalid("slot %d: empty id", i+1)
		}
		if _, dup := pr.slotIdx[s]; dup {
			return nil, invalid("slot %q: listed twice", s)
		}
		pr.slotIdx[s] = int32(i)
	}
	all := uint64(1)<<uint(pr.nS) - 1
	if pr.nS == 64 {
		all = math.MaxUint64
	}

	pr.pIdx = make(map[string]int32, pr.nP)
	pr.quota = make([]int32, pr.nP)
	pr.free = make([]uint64, pr.nP)
	for i, p := range in.Participants {
		if p.ID == "" {
			return nil, invalid("participant %d: empty id", i+1)
		}
		if _, dup := pr.pIdx[p.ID]; dup {
			return nil, invalid("participant %q: listed twice", p.ID)
		}
		pr.pIdx[p.ID] = int32(i)
		if p.Quota < 1 || p.Quota > MaxQuota {
			return nil, invalid("participant %q: quota %d out of range 1..%d", p.ID, p.Quota, MaxQuota)
		}
		pr.quota[i] = int32(p.Quota)
		pr.maxQuota = max(pr.maxQuota, p.Quota)
		if p.Slots == nil {
			pr.free[i] = all
		}
		for _, s := range p.Slots {
			si, ok := pr.slotIdx[s]
			if !ok {
				return nil, invalid("participant %q: unknown slot %q", p.ID, s)
			}
			if pr.free[i]&(1<<uint(si)) != 0 {
				return nil, invalid("participant %q: slot %q listed twice", p.ID, s)
			}
			pr.free[i] |= 1 << uint(si)
		}
	}

	pr.eIdx = make(map[string]int32, pr.nE)
	pr.open = make([]uint64, pr.nE)
	pr.seats = make([]int32, pr.nE*pr.nS)
	pr.dayMax = make([]int32, pr.nE)
	for i, e := range in.Experts {
		if e.ID == "" {
			return nil, invalid("expert %d: empty id", i+1)
		}
		if _, dup := pr.eIdx[e.ID]; dup {
			return nil, invalid("expert %q: listed twice", e.ID)
		}
		pr.eIdx[e.ID] = int32(i)
		slots := make([]string, 0, len(e.Seats))
		for s := range e.Seats {
			slots = append(slots, s)
		}
		slices.Sort(slots) // report the same error on every run
		for _, s := range slots {
			n := e.Seats[s]
			si, ok := pr.slotIdx[s]
			if !ok {
				return nil, invalid("expert %q: unknown slot %q", e.ID, s)
			}
			if n < 0 || n > MaxSeats {
				return nil, invalid("expert %q: %d seats in slot %q out of range 0..%d", e.ID, n, s, MaxSeats)
			}
			pr.seats[i*pr.nS+int(si)] = int32(n)
			if n > 0 {
				pr.open[i] |= 1 << uint(si)
			}
		}
		pr.dayMax[i] = noMax
		if e.Max != nil {
			if *e.Max < 0 {
				return nil, invalid("expert %q: daily maximum %d is negative", e.ID, *e.Max)
			}
			pr.dayMax[i] = int32(min(*e.Max, noMax))
		}
	}

	if in.Weights != nil {
		if err := in.Weights.Validate(); err != nil {
			return nil, invalid("%v", err)
		}
	}
	profiles := in.Scores == nil && hasProfiles(in)
	var err error
	if profiles {
		err = pr.scoreProfiles()
	} else {
		err = pr.scoreList()
	}
	if err != nil {
		return nil, err
	}
	if pr.nP*pr.nE <= denseLimit {
		pr.dense = make([]int16, pr.nP*pr.nE)
		for i := range pr.dense {
			pr.dense[i] = -1
		}
		for p := int32(0); p < int32(pr.nP); p++ {
			es, sc := pr.cand(p)
			row := pr.dense[int(p)*pr.nE:]
			for i, e := range es {
				row[e] = int16(sc[i])
			}
		}
	}
	if err := pr.buildPins(); err != nil {
		return nil, err
	}
	return pr, nil
}

func hasProfiles(in *Instance) bool {
	for _, p := range in.Participants {
		if p.Profile != nil {
			return true
		}
	}
	for _, e := range in.Experts {
		if e.Profile != nil {
			return true
		}
	}
	return false
}

// scoreList fills the candidate lists from in.Scores.
func (pr *problem) scoreList() error {
	type pe struct{ p, e, s int32 }
	list := make([]pe, 0, len(pr.in.Scores))
	for i, sc := range pr.in.Scores {
		p, ok := pr.pIdx[sc.P]
		if !ok {
			return invalid("score %d: unknown participant %q", i+1, sc.P)
		}
		e, ok := pr.eIdx[sc.E]
		if !ok {
			return invalid("score %d: unknown expert %q", i+1, sc.E)
		}
		if sc.Score < 0 || sc.Score > MaxScore {
			return invalid("score %q/%q: %d out of range 0..%d", sc.P, sc.E, sc.Score, MaxScore)
		}
		list = append(list, pe{p, e, int32(sc.Score)})
	}
	slices.SortFunc(list, func(a, b pe) int {
		if a.p != b.p {
			return int(a.p - b.p)
		}
		return int(a.e - b.e)
	})
	for i := 1; i < len(list); i++ {
		if list[i].p == list[i-1].p && list[i].e == list[i-1].e {
			return invalid("score %q/%q: listed twice", pr.in.Participants[list[i].p].ID, pr.in.Experts[list[i].e].ID)
		}
	}
	// Keep pairs with a common free slot, best score first.
	slices.SortStableFunc(list, func(a, b pe) int {
		if a.p != b.p {
			return int(a.p - b.p)
		}
		return int(b.s - a.s)
	})
	pr.cStart = make([]int32, pr.nP+1)
	pr.cE = make([]int32, 0, len(list))
	pr.cScore = make([]int32, 0, len(list))
	j := 0
	for p := 0; p < pr.nP; p++ {
		pr.cStart[p] = int32(len(pr.cE))
		for ; j < len(list) && int(list[j].p) == p; j++ {
			if pr.free[p]&pr.open[list[j].e] != 0 {
				pr.cE = append(pr.cE, list[j].e)
				pr.cScore = append(pr.cScore, list[j].s)
			}
		}
	}
	pr.cStart[pr.nP] = int32(len(pr.cE))
	return nil
}

// buildPins checks every pin against the hard rules.
func (pr *problem) buildPins() error {
	pc := newPinChecker(pr)
	for i, pin := range pr.in.Pins {
		c, err := pc.check(i, pin)
		if err != nil {
			return err
		}
		pr.pins = append(pr.pins, c)
	}
	return nil
}

// pinChecker checks pins one by one against the hard rules, counting the
// capacity the accepted ones use.
type pinChecker struct {
	pr      *problem
	seatUse []int32
	dayUse  []int32
	count   []int32
	busy    []uint64
	met     map[[2]int32]bool
}

func newPinChecker(pr *problem) *pinChecker {
	return &pinChecker{pr: pr, seatUse: make([]int32, pr.nE*pr.nS), dayUse: make([]int32, pr.nE),
		count: make([]int32, pr.nP), busy: make([]uint64, pr.nP), met: map[[2]int32]bool{}}
}

// check accepts pin number i (0-based) or says which rule it breaks.
func (pc *pinChecker) check(i int, pin Pin) (cpin, error) {
	pr := pc.pr
	name := func() string { return "pin " + quote(pin.P) + "/" + quote(pin.E) + " at " + quote(pin.Slot) }
	p, ok := pr.pIdx[pin.P]
	if !ok {
		return cpin{}, invalid("pin %d: unknown participant %q", i+1, pin.P)
	}
	e, ok := pr.eIdx[pin.E]
	if !ok {
		return cpin{}, invalid("pin %d: unknown expert %q", i+1, pin.E)
	}
	s, ok := pr.slotIdx[pin.Slot]
	if !ok {
		return cpin{}, invalid("pin %d: unknown slot %q", i+1, pin.Slot)
	}
	bit := uint64(1) << uint(s)
	es := int(e)*pr.nS + int(s)
	sc, elig := pr.score(p, e)
	switch {
	case pr.free[p]&bit == 0:
		return cpin{}, invalid("%s: participant is not free in that slot", name())
	case pr.seats[es] == 0:
		return cpin{}, invalid("%s: expert has no seats in that slot", name())
	case !elig:
		return cpin{}, invalid("%s: pair is not eligible", name())
	case pc.busy[p]&bit != 0:
		return cpin{}, invalid("%s: participant already has a meeting in that slot", name())
	case pc.met[[2]int32{p, e}]:
		return cpin{}, invalid("%s: pair already meets", name())
	case pc.seatUse[es] >= pr.seats[es]:
		return cpin{}, invalid("%s: more pins than the expert's %d seats", name(), pr.seats[es])
	case pc.dayUse[e] >= pr.dayMax[e]:
		return cpin{}, invalid("%s: more pins than the expert's daily maximum %d", name(), pr.dayMax[e])
	case pc.count[p] >= pr.quota[p]:
		return cpin{}, invalid("%s: more pins than the participant's quota %d", name(), pr.quota[p])
	}
	pc.busy[p] |= bit
	pc.met[[2]int32{p, e}] = true
	pc.seatUse[es]++
	pc.dayUse[e]++
	pc.count[p]++
	return cpin{p, e, s, sc}, nil
}

func quote(s string) string { return strconv.Quote(s) }
