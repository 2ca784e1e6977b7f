package matching

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"
)

// options tune the search; tests use them to look at single phases.
type options struct {
	chainK         int  // candidates a mover tries in augmenting chains
	chainCap       bool // cap the seats a chain search expands (huge days only)
	improveK       int  // candidates tried by the score local search
	rounds         int  // local-search passes
	slotK          int  // candidates per participant in the slot re-assignment (0: off)
	slotPasses     int  // slot re-assignment passes
	starts         int  // independent starts with different tie-breaking; the best is kept
	reshuffles     int  // rounds of score-neutral slot swaps followed by the optimisers
	reshuffleLight bool // after a reshuffle run only the local search, not the per-slot flows
	exact          bool // allow the exact search on tiny instances
	pairs          bool // solve the pair relaxation and give its pairs slots
	ctx            context.Context
}

// capAbove is the day size above which chain searches are capped.
const capAbove = 3000

func defaultOptions(pr *problem) options {
	o := options{chainK: noMax, improveK: 24, rounds: 4, slotK: 16, slotPasses: 2, starts: 1, exact: true, pairs: true}
	switch {
	case pr.nP <= 300:
		o.slotK, o.reshuffles = 24, 40
	case pr.nP <= 700:
		o.reshuffles = 30
	case pr.nP <= 3000:
		o.slotPasses, o.reshuffles = 1, 1
	default:
		o.improveK, o.rounds, o.slotK = 10, 3, 0
	}
	// Chain searches are complete up to 3,000 participants. Above, a mover
	// tries its best 24 experts and a search expands at most a quarter of
	// the seats (or 1,024): on 20,000 participants a complete search per
	// seeker costs minutes.
	if pr.nP > capAbove {
		o.chainK, o.chainCap = 24, true
	}
	return o
}

// Solve builds the schedule of a valid instance. It refuses an invalid
// instance with the error of Validate.
//
// The algorithm works in layers that never undo an earlier layer:
//
//  1. Coverage: Dinic's max-flow gives as many participants as possible
//     one meeting; this number is the exact bound Stats.CoverageBound.
//  2. Rounds k = 2..largest quota: every participant with k-1 meetings
//     looks for a k-th, first in a free seat, then by a breadth-first
//     augmenting chain that moves other people's meetings to other seats
//     (never removing one), then by moving its own meeting out of a busy
//     slot; all rounds are retried once.
//  3. Score: the pair relaxation (the best pairs at these counts when
//     only "shares a free slot" is kept of the slot rules, a min-cost
//     flow) is solved exactly by a network simplex, and every pair gets
//     a slot; when all fit, the score is the relaxation's optimum. When
//     some do not (the slots bind), the relaxation is solved again without
//     them, the slot relaxation (slotLagrange) builds schedules that keep
//     every slot rule, and each candidate is polished by a local search,
//     per-slot min-cost flows and score-neutral reshuffles; the best stays.
//     If the simplex runs out of work, that polish runs alone. A schedule
//     is only ever replaced by one whose counts are at least as good,
//     lexicographically.
//  4. On tiny instances an exact branch and bound, started from that
//     schedule, replaces it if it can do better lexicographically.
//
// The relaxation also gives Stats.ScoreBound and, with one more flow per
// level, proves the counts: Stats.ProvenOptimal.
//
// Ties are broken by permutations drawn from Instance.Seed, so the same
// instance gives the same schedule.
func Solve(in *Instance) (*Schedule, error) {
	return SolveContext(context.Background(), in)
}

// SolveContext is Solve with a context: when ctx is cancelled the search
// stops and the error wraps ctx.Err().
func SolveContext(ctx context.Context, in *Instance) (*Schedule, error) {
	start := time.Now()
	pr, err := build(in)
	if err != nil {
		return nil, err
	}
	o := defaultOptions(pr)
	o.ctx = ctx
	res, err := solve(pr, o)
	if err != nil {
		return nil, err
	}
	sch := pr.schedule(res)
	sch.Stats.ElapsedMS = time.Since(start).Milliseconds()
	return sch, nil
}

// result is what solve found: the state and the figures around it.
type result struct {
	st *state
	// bound is the coverage possible with the problem's pins; free is the
	// coverage possible without any pin.
	bound, free int
	// proven is set when the exact search finished.
	proven bool
}

// solve runs the layers of Solve on a built problem, o.starts times with
// different tie-breaking, and keeps the lexicographically best schedule
// (the first one on ties).
func solve(pr *problem, o options) (result, error) {
	var best result
	var bestV []int64
	for start := 0; start < max(1, o.starts); start++ {
		st, b := solveOnce(pr, o, start)
		if err := ctxErr(o.ctx); err != nil {
			return result{}, err
		}
		if v := vector(st); best.st == nil || slices.Compare(v, bestV) > 0 {
			best, bestV = result{st: st, bound: b}, v
		}
	}
	if o.exact && smallEnough(pr) {
		best.proven = exactPolish(best.st)
	}
	best.free = best.bound
	if len(pr.pins) > 0 {
		free := *pr
		free.pins, free.relaxed = nil, nil
		best.free = cover(newState(&free), free.order(0))
	}
	if err := ctxErr(o.ctx); err != nil {
		return result{}, err
	}
	return best, nil
}

// boundIters is how many subgradient steps scoreBound takes: about 20
// million units of work, at least 2 and at most 300 steps — 200 on
// 200 × 20 × 8, 8 on 2,000 × 200 × 8 — so the bound costs at most about a
// tenth of a second of CPU on big days; few steps give a looser bound.
func (pr *problem) boundIters() int {
	// A step scans every candidate meeting and runs each participant's
	// assignment (up to quota augmenting paths over slots × quota edges).
	work := len(pr.cE)*pr.nS + pr.nP*pr.nS*pr.maxQuota*pr.maxQuota
	return max(2, min(300, 20_000_000/max(1, work)))
}

// pairWork bounds the arcs a relaxation's simplex prices, over all its
// runs on one network: 100,000 per participant or expert, about 1.5 s on
// 5,000 participants. Generated days stay far below it; a relaxation that
// hits it is not trusted: the score phase falls back to the local search
// and the bound to the Lagrangian.
func (pr *problem) pairWork() int {
	return 100_000 * (pr.nP + pr.nE)
}

// certify returns an upper bound on the score of any schedule with st's
// counts (and the pins): the pair relaxation's optimum, or, if its work
// bound stopped it, the Lagrangian bound.
func (pr *problem) certify(st *state) int {
	lv := st.levels()
	if pr.relaxed != nil && slices.Equal(pr.relaxed.levels, lv) {
		return int(pr.relaxed.score)
	}
	if plan, ok := pr.pairRelax(lv, st, pr.pairWork()); ok {
		return int(plan.score)
	}
	return pr.scoreBound(st, pr.boundIters())
}

// levelsProven reports whether st's counts are proven lexicographically
// best: for every k, no schedule with st's counts below k has more
// participants with at least k meetings. Coverage is a max-flow already;
// each further level is one levelMax, or counting when the seats are all
// taken.
func (pr *problem) levelsProven(st *state) bool {
	lv := st.levels()
	// When every seat the experts can give is taken, a level with nobody
	// above it is the most it can be: one more there would be one more
	// meeting.
	full := true
	for e := 0; e < pr.nE && full; e++ {
		full = st.day[e] >= pr.dayCapacity(e)
	}
	for k := 1; k < len(lv); k++ {
		if full && (k+1 == len(lv) || lv[k+1] == 0) {
			return true
		}
		m, ok := pr.levelMax(lv, k, st, pr.pairWork())
		if ok && m > lv[k] {
			// The pair bound ignores the slots; the slot bound ignores
			// only that a pair meets once. Either proves the level.
			if ms, sok := pr.slotLevelMax(lv, k, st); sok && ms < m {
				m = ms
			}
		}
		if !ok || m > lv[k] {
			return false
		}
		if m == 0 {
			return true // nobody can have more: the levels above are 0 too
		}
	}
	return true
}

// ctxErr returns the context's error, wrapped, or nil.
func ctxErr(ctx context.Context) error {
	if ctx == nil {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("matching stopped: %w", err)
	}
	return nil
}

// solveOnce runs the layers once, with the tie-breaking of start.
func solveOnce(pr *problem, o options, start int) (*state, int) {
	st := newState(pr)
	st.ctx = o.ctx
	for _, pin := range pr.pins {
		st.add(pin.p, pin.e, int(pin.s), pin.score, true)
	}
	order := pr.order(start)
	bound := cover(st, order)
	ch := newChain(st, o.chainK, 50*pr.nE*pr.nS)
	if o.chainCap {
		ch.limit = max(1024, pr.nE*pr.nS/4)
	}
	for k := 2; k <= pr.maxQuota; k++ {
		ch.round(order, k)
	}
	// A later round can open room for an earlier one; retry once.
	for k := 2; k <= pr.maxQuota; k++ {
		ch.round(order, k)
	}
	if !movable(st) || st.stopped() {
		return st, bound
	}
	if o.pairs {
		st = pr.raise(st, o, order)
		// The best pairs at these counts, given slots: when every pair
		// finds one, the score is the relaxation's optimum, so nothing can
		// beat it at these counts.
		if plan, ok := pr.pairRelax(st.levels(), st, pr.pairWork()); ok {
			best, missing := pr.realizeBoth(plan, order)
			best.ctx = st.ctx
			if len(missing) == 0 && slices.Compare(vector(best), vector(st)) >= 0 {
				return best, bound
			}
			// Some pairs found no slot (the slots bind), so the optimum at
			// these counts may be below the relaxation's. Candidates: the
			// relaxation solved again without the pairs that found no slot
			// (a few times, while some still find none), this schedule with
			// chain rounds placing the participants it misses, and the
			// chain rounds' own schedule; each is polished, the best stays.
			fill := newChain(best, o.chainK, 50*pr.nE*pr.nS)
			for k := 1; k <= pr.maxQuota; k++ {
				fill.round(order, k)
			}
			cands := []*state{best, st}
			forbid := map[[2]int32]bool{}
			for round := 0; round < forbidRounds && len(missing) > 0 && !st.stopped(); round++ {
				for _, pe := range missing {
					forbid[pe] = true
				}
				again, ok := pr.pairRelaxWithout(st.levels(), st, pr.pairWork(), forbid)
				if !ok {
					break
				}
				var next *state
				next, missing = pr.realizeBoth(again, order)
				next.ctx = st.ctx
				if len(missing) == 0 {
					cands = append(cands, next)
				}
			}
			// The slot relaxation: a schedule, and a bound that counts the
			// slots, which tightens score_bound.
			if c, lb, ok := pr.slotLagrange(st, o, order); ok {
				cands = append(cands, c)
				if m := pr.relaxed; m != nil && slices.Equal(m.levels, st.levels()) && lb < m.score {
					m.score = lb
				}
			}
			for _, c := range cands {
				pr.polish(c, o, order, start)
				if slices.Compare(vector(c), vector(st)) > 0 {
					st = c
				}
			}
			// On small days, once more from the best schedule so far: the
			// relaxation's flow and multipliers then start near it.
			if m := pr.relaxed; m != nil && slices.Equal(m.levels, st.levels()) && m.score > st.total &&
				len(pr.cE)*pr.nS <= smallSlotArcs && !st.stopped() {
				if c, lb, ok := pr.slotLagrangeAt(st.levels(), st, o, order, slotRelaxIters); ok {
					pr.polish(c, o, order, start)
					if slices.Compare(vector(c), vector(st)) > 0 {
						st = c
					}
					m.score = min(m.score, lb)
				}
			}
			return st, bound
		}
	}
	pr.polish(st, o, order, start)
	return st, bound
}

// forbidRounds is how often the pair relaxation is solved again without
// the pairs that found no slot.
const forbidRounds = 6

// realizeBoth realizes plan in order and, if some pairs find no slot, in
// the reverse order, and keeps the attempt that places more.
func (pr *problem) realizeBoth(plan pairPlan, order []int32) (*state, [][2]int32) {
	best, missing := pr.realize(plan, order)
	if len(missing) > 0 {
		rev := slices.Clone(order)
		slices.Reverse(rev)
		if again, m := pr.realize(plan, rev); len(m) < len(missing) {
			return again, m
		}
	}
	return best, missing
}

// polish is the local score phase: moves, swaps and hand-overs (the
// improver), then per-slot min-cost flows and reshuffles in turn. It keeps
// every count.
func (pr *problem) polish(st *state, o options, order []int32, start int) {
	im := &improver{st: st, k: o.improveK, rounds: o.rounds}
	im.run(order)
	if o.slotK == 0 {
		return
	}
	so := &slotOptimizer{st: st, k: o.slotK, transfers: true}
	for pass := 0; pass < o.slotPasses && !st.stopped(); pass++ {
		before := st.total
		so.run()
		im.run(order)
		if st.total == before {
			break
		}
	}
	// Score-neutral slot swaps, then the optimisers again.
	rng := rand.New(rand.NewPCG(uint64(pr.in.Seed), 0x72657368+uint64(start)))
	for r := 0; r < o.reshuffles && !st.stopped(); r++ {
		reshuffle(st, rng)
		if !o.reshuffleLight {
			so.run()
		}
		im.run(order)
	}
}

// movable reports whether some meeting is not pinned; when none is (a
// re-plan that only added pins), the score phase has nothing to do.
func movable(st *state) bool {
	for p := 0; p < st.pr.nP; p++ {
		for j := 0; j < int(st.cnt[p]); j++ {
			if !st.mPin[p*MaxQuota+j] {
				return true
			}
		}
	}
	return false
}

// round gives a k-th meeting to every participant with k-1 meetings that
// can get one: first by plain chains, then by chains that also move the
// participant's own meetings.
func (c *chain) round(order []int32, k int) {
	st := c.st
	c.deadEpoch++
	for _, p := range order {
		if st.stopped() {
			return
		}
		if int(st.cnt[p]) == k-1 && int(st.pr.quota[p]) >= k {
			c.place(p)
		}
	}
	for _, p := range order {
		if st.stopped() {
			return
		}
		if int(st.cnt[p]) == k-1 && int(st.pr.quota[p]) >= k {
			c.relocate(p)
		}
	}
}

// order returns the participants with the fewest options first, ties
// broken by a permutation drawn from the seed.
func (pr *problem) order(start int) []int32 {
	rng := rand.New(rand.NewPCG(uint64(pr.in.Seed), 0x6e65746461790001+uint64(start)))
	perm := rng.Perm(pr.nP)
	order := make([]int32, pr.nP)
	for i, p := range perm {
		order[i] = int32(p)
	}
	slices.SortStableFunc(order, func(a, b int32) int {
		return cmp.Compare(pr.cStart[a+1]-pr.cStart[a], pr.cStart[b+1]-pr.cStart[b])
	})
	return order
}

// schedule turns a state into the public Schedule.
func (pr *problem) schedule(res result) *Schedule {
	st := res.st
	sch := &Schedule{Meetings: []Meeting{}}
	type row struct{ s, e, p, sc int32 }
	var rows []row
	for p := 0; p < pr.nP; p++ {
		for j := 0; j < int(st.cnt[p]); j++ {
			k := p*MaxQuota + j
			rows = append(rows, row{int32(st.mS[k]), st.mE[k], int32(p), st.mSc[k]})
		}
	}
	in := pr.in
	slices.SortFunc(rows, func(a, b row) int {
		return cmp.Or(cmp.Compare(a.s, b.s),
			cmp.Compare(in.Experts[a.e].ID, in.Experts[b.e].ID),
			cmp.Compare(in.Participants[a.p].ID, in.Participants[b.p].ID))
	})
	for _, r := range rows {
		sch.Meetings = append(sch.Meetings, Meeting{P: in.Participants[r.p].ID, E: in.Experts[r.e].ID, Slot: in.Slots[r.s], Score: int(r.sc)})
	}
	sch.Stats = Stats{
		Participants:   pr.nP,
		WithAtLeast:    st.levels(),
		Meetings:       len(rows),
		TotalScore:     int(st.total),
		CoverageBound:  res.free,
		PinnedCoverage: res.bound,
		ProvenOptimal:  res.proven,
		Version:        Version,
	}
	sch.Stats.ScoreBound = pr.certify(st)
	if !res.proven && int64(sch.Stats.ScoreBound) == st.total {
		sch.Stats.ProvenOptimal = pr.levelsProven(st)
	}
	return sch
}

// check verifies every hard rule on a state; tests and the exact search
// use it.
func (st *state) check() error {
	pr := st.pr
	day := make([]int32, pr.nE)
	occ := make([]int32, pr.nE*pr.nS)
	var total int64
	for p := int32(0); p < int32(pr.nP); p++ {
		if int32(st.cnt[p]) > pr.quota[p] {
			return fmt.Errorf("participant %d over quota", p)
		}
		var busy uint64
		for j := 0; j < int(st.cnt[p]); j++ {
			k := int(p)*MaxQuota + j
			e, s := st.mE[k], int(st.mS[k])
			if busy&(1<<uint(s)) != 0 {
				return fmt.Errorf("participant %d twice in slot %d", p, s)
			}
			busy |= 1 << uint(s)
			if pr.free[p]&(1<<uint(s)) == 0 {
				return fmt.Errorf("participant %d not free in slot %d", p, s)
			}
			if st.meets(p, e) != j {
				return fmt.Errorf("participant %d meets expert %d twice", p, e)
			}
			sc, ok := pr.score(p, e)
			if !ok || sc != st.mSc[k] {
				return fmt.Errorf("participant %d, expert %d: bad score", p, e)
			}
			total += int64(sc)
			day[e]++
			occ[st.es(e, s)]++
		}
		if busy != st.busy[p] {
			return fmt.Errorf("participant %d: busy mask out of date", p)
		}
	}
	for e := 0; e < pr.nE; e++ {
		if day[e] > pr.dayMax[e] || day[e] != st.day[e] {
			return fmt.Errorf("expert %d: %d meetings, max %d", e, day[e], pr.dayMax[e])
		}
		for s := 0; s < pr.nS; s++ {
			k := e*pr.nS + s
			if occ[k] > pr.seats[k] || occ[k] != int32(st.occN[k]) {
				return fmt.Errorf("expert %d slot %d: %d meetings, %d seats", e, s, occ[k], pr.seats[k])
			}
		}
	}
	if total != st.total {
		return fmt.Errorf("total score %d, recorded %d", total, st.total)
	}
	for _, pin := range pr.pins {
		j := st.meets(pin.p, pin.e)
		if j < 0 || int32(st.mS[int(pin.p)*MaxQuota+j]) != pin.s {
			return fmt.Errorf("pin %d/%d lost", pin.p, pin.e)
		}
	}
	return nil
}
