package matching

import (
	"cmp"
	"slices"
)

// bruteBest returns the lexicographically best objective vector (with
// counts for k = 1..largest quota, then the total score) of a tiny
// instance by trying every schedule. It works on the Instance directly and
// shares no code with the engine.
func bruteBest(in *Instance) []int {
	type triple struct{ p, e, s, score int }
	slotIdx := map[string]int{}
	for i, s := range in.Slots {
		slotIdx[s] = i
	}
	eIdx := map[string]int{}
	for i, e := range in.Experts {
		eIdx[e.ID] = i
	}
	pIdx := map[string]int{}
	maxQ := 0
	for i, p := range in.Participants {
		pIdx[p.ID] = i
		maxQ = max(maxQ, p.Quota)
	}
	free := func(p, s int) bool {
		sl := in.Participants[p].Slots
		return sl == nil || slices.Contains(sl, in.Slots[s])
	}
	seats := func(e, s int) int { return in.Experts[e].Seats[in.Slots[s]] }
	dayMax := func(e int) int {
		if m := in.Experts[e].Max; m != nil {
			return *m
		}
		return 1 << 30
	}
	isPin := map[[3]int]bool{}
	for _, pin := range in.Pins {
		isPin[[3]int{pIdx[pin.P], eIdx[pin.E], slotIdx[pin.Slot]}] = true
	}
	// Options of each participant: every set of its triples with distinct
	// slots and experts, within quota, containing its pins.
	options := make([][][]triple, len(in.Participants))
	for p := range in.Participants {
		var ts []triple
		for _, sc := range in.Scores {
			if pIdx[sc.P] != p {
				continue
			}
			e := eIdx[sc.E]
			for s := range in.Slots {
				if free(p, s) && seats(e, s) > 0 {
					ts = append(ts, triple{p, e, s, sc.Score})
				}
			}
		}
		var rec func(i int, cur []triple)
		rec = func(i int, cur []triple) {
			if i == len(ts) {
				for k := range isPin {
					if k[0] == p && !slices.ContainsFunc(cur, func(t triple) bool { return t.e == k[1] && t.s == k[2] }) {
						return
					}
				}
				options[p] = append(options[p], slices.Clone(cur))
				return
			}
			rec(i+1, cur)
			t := ts[i]
			if len(cur) < in.Participants[p].Quota && !slices.ContainsFunc(cur, func(u triple) bool { return u.s == t.s || u.e == t.e }) {
				rec(i+1, append(cur, t))
			}
		}
		rec(0, nil)
	}
	occ := make([][]int, len(in.Experts))
	day := make([]int, len(in.Experts))
	for e := range occ {
		occ[e] = make([]int, len(in.Slots))
	}
	counts := make([]int, len(in.Participants))
	var best []int
	total := 0
	var rec func(p int)
	rec = func(p int) {
		if p == len(in.Participants) {
			v := make([]int, maxQ+1)
			for _, c := range counts {
				for k := 0; k < c; k++ {
					v[k]++
				}
			}
			v[maxQ] = total
			if best == nil || slices.Compare(v, best) > 0 {
				best = v
			}
			return
		}
		for _, opt := range options[p] {
			ok := true
			for _, t := range opt {
				if occ[t.e][t.s] >= seats(t.e, t.s) || day[t.e] >= dayMax(t.e) {
					ok = false
				}
				occ[t.e][t.s]++
				day[t.e]++
			}
			if ok {
				counts[p] = len(opt)
				for _, t := range opt {
					total += t.score
				}
				rec(p + 1)
				for _, t := range opt {
					total -= t.score
				}
			}
			for _, t := range opt {
				occ[t.e][t.s]--
				day[t.e]--
			}
		}
	}
	rec(0)
	_ = cmp.Compare[int]
	return best
}

// objective returns a schedule's vector in bruteBest's form.
func objective(s *Schedule) []int {
	return append(slices.Clone(s.Stats.WithAtLeast), s.Stats.TotalScore)
}
