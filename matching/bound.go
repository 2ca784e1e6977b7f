package matching

import (
	"math"
	"math/bits"
	"runtime"
	"sync"
)

// scoreBound returns an upper bound on the total score of any schedule
// that keeps the problem's pins and has at least as many participants
// with at least k meetings as st, for every k.
//
// It is the Lagrangian dual of the schedule's integer program with the
// seat, daily-maximum and level constraints moved into the objective:
// with multipliers λ(e,s), μ(e), ν(k) ≥ 0,
//
//	L = Σ λ·seats + Σ μ·daily max − Σ ν(k)·L(k)
//	  + Σ_p max over p's feasible meeting sets M of
//	        Σ_{(e,s)∈M} (score − λ(e,s) − μ(e)) + Σ_{k ≤ |M|} ν(k)
//
// bounds every such schedule's score. Each participant's problem (one
// meeting per slot, each expert once, at most the quota, pins included) is
// a small assignment problem solved exactly, so L is a valid bound for any
// multipliers; a subgradient method, started from prices read off st,
// lowers it. iters bounds the work.
func (pr *problem) scoreBound(st *state, iters int) int {
	lg := newLagrange(pr, st)
	best := math.Inf(1)
	theta := 1.0
	stall := 0
	target := float64(st.total)
	for it := 0; it < iters; it++ {
		if st.ctx != nil && st.ctx.Err() != nil {
			break
		}
		val := lg.eval()
		if val < best-1e-9 {
			best, stall = val, 0
		} else if stall++; stall >= 5 {
			theta, stall = theta/2, 0
		}
		if best-target < 0.5 || theta < 1e-4 {
			break
		}
		lg.step(theta * (val - target))
	}
	if math.IsInf(best, 1) {
		return math.MaxInt32
	}
	return int(math.Floor(best + 1e-6))
}

// lagrange holds the multipliers and the subgradient of the last eval.
type lagrange struct {
	pr     *problem
	levels []int // required "at least k" counts
	lam    []float64
	mu     []float64
	nu     []float64
	// usage of the last eval: seats per (e,s), meetings per expert,
	// participants with at least k meetings.
	useES []float64
	useE  []float64
	useK  []float64
	// pins per participant, as (expert, slot) pairs.
	pinOf map[int32][]cpin
}

func newLagrange(pr *problem, st *state) *lagrange {
	lg := &lagrange{pr: pr, levels: st.levels(),
		lam: make([]float64, pr.nE*pr.nS), mu: make([]float64, pr.nE), nu: make([]float64, pr.maxQuota),
		useES: make([]float64, pr.nE*pr.nS), useE: make([]float64, pr.nE), useK: make([]float64, pr.maxQuota),
		pinOf: map[int32][]cpin{}}
	for _, pin := range pr.pins {
		lg.pinOf[pin.p] = append(lg.pinOf[pin.p], pin)
	}
	// Warm start: a full seat is worth its cheapest occupant's score.
	for k := range lg.lam {
		if n := int(st.occN[k]); n > 0 && int32(n) >= pr.seats[k] {
			lo := int32(MaxScore)
			for i := 0; i < n; i++ {
				o := st.occ[k*occStride+i]
				if j := st.meets(o, int32(k/pr.nS)); j >= 0 {
					lo = min(lo, st.mSc[int(o)*MaxQuota+j])
				}
			}
			lg.lam[k] = float64(lo)
		}
	}
	return lg
}

// eval returns L at the current multipliers and records the usage.
func (lg *lagrange) eval() float64 {
	pr := lg.pr
	workers := min(runtime.GOMAXPROCS(0), max(1, pr.nP/512))
	type part struct {
		val      float64
		es, e, k []float64
		sub      subproblem
	}
	parts := make([]part, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			pt := &parts[w]
			pt.es, pt.e, pt.k = make([]float64, len(lg.useES)), make([]float64, len(lg.useE)), make([]float64, len(lg.useK))
			for p := int32(w); p < int32(pr.nP); p += int32(workers) {
				pt.val += pt.sub.solve(lg, p, pt.es, pt.e, pt.k)
			}
		}(w)
	}
	wg.Wait()
	clear(lg.useES)
	clear(lg.useE)
	clear(lg.useK)
	val := 0.0
	for _, pt := range parts {
		val += pt.val
		for i, x := range pt.es {
			lg.useES[i] += x
		}
		for i, x := range pt.e {
			lg.useE[i] += x
		}
		for i, x := range pt.k {
			lg.useK[i] += x
		}
	}
	for k, l := range lg.lam {
		val += l * float64(pr.seats[k])
	}
	for e, m := range lg.mu {
		if pr.dayMax[e] < noMax {
			val += m * float64(pr.dayMax[e])
		}
	}
	for k, n := range lg.nu {
		val -= n * float64(lg.levels[k])
	}
	return val
}

// step moves the multipliers against the subgradient with a Polyak step
// of size gap/‖g‖².
func (lg *lagrange) step(gap float64) {
	pr := lg.pr
	norm := 0.0
	for k := range lg.lam {
		g := float64(pr.seats[k]) - lg.useES[k]
		if lg.lam[k] > 0 || g < 0 {
			norm += g * g
		}
	}
	for e := range lg.mu {
		if pr.dayMax[e] < noMax {
			g := float64(pr.dayMax[e]) - lg.useE[e]
			if lg.mu[e] > 0 || g < 0 {
				norm += g * g
			}
		}
	}
	for k := range lg.nu {
		g := lg.useK[k] - float64(lg.levels[k])
		if lg.nu[k] > 0 || g < 0 {
			norm += g * g
		}
	}
	if norm == 0 {
		return
	}
	t := gap / norm
	for k := range lg.lam {
		lg.lam[k] = max(0, lg.lam[k]-t*(float64(pr.seats[k])-lg.useES[k]))
	}
	for e := range lg.mu {
		if pr.dayMax[e] < noMax {
			lg.mu[e] = max(0, lg.mu[e]-t*(float64(pr.dayMax[e])-lg.useE[e]))
		}
	}
	for k := range lg.nu {
		lg.nu[k] = max(0, lg.nu[k]-t*(lg.useK[k]-float64(lg.levels[k])))
	}
}

// subproblem solves one participant's problem: the best set of meetings,
// one per slot and expert, at most the quota, for every size, by
// successive longest augmenting paths in the bipartite graph of slots
// and experts. Only the best quota experts of each slot can be in an
// optimal set of at most quota meetings, so only they are kept.
type subproblem struct {
	slot   []int32 // left nodes: slots
	exp    []int32 // right nodes: experts
	eIndex map[int32]int32
	from   []int32 // edges: left node
	to     []int32 // right node
	w      []float64
	es     []int32 // edge's (e,s)
	mL     []int32 // left node's matched edge, -1
	mR     []int32 // right node's matched edge, -1
	dist   []float64
	prevE  []int32
	tops   [MaxSlots][MaxQuota]topEntry // per slot, its best entries
	n      [MaxSlots]int8               // per slot, how many
}

type topEntry struct {
	e int32
	w float64
}

// solve returns p's best value and adds its chosen meetings to the usage.
func (sp *subproblem) solve(lg *lagrange, p int32, useES, useE, useK []float64) float64 {
	pr := lg.pr
	pins := lg.pinOf[p]
	quota := int(pr.quota[p]) - len(pins)
	base := 0.0
	var busy uint64
	var pinnedE []int32
	for _, pin := range pins {
		k := int(pin.e)*pr.nS + int(pin.s)
		base += float64(pin.score) - lg.lam[k] - lg.mu[pin.e]
		busy |= 1 << uint(pin.s)
		pinnedE = append(pinnedE, pin.e)
		useES[k]++
		useE[pin.e]++
	}
	if sp.eIndex == nil {
		sp.eIndex = map[int32]int32{}
	}
	sp.slot, sp.exp, sp.from, sp.to, sp.w, sp.es = sp.slot[:0], sp.exp[:0], sp.from[:0], sp.to[:0], sp.w[:0], sp.es[:0]
	clear(sp.eIndex)
	es, sc := pr.cand(p)
	if quota > 0 {
		// Candidates come best score first and w ≤ score, so the scan
		// stops once no slot's best quota entries can change.
		slots := pr.free[p] &^ busy
		for m := slots; m != 0; m &= m - 1 {
			sp.n[bits.TrailingZeros64(m)] = 0
		}
		floor := math.Inf(-1) // the lowest kept entry over all slots, -inf while one is short
		for i, e := range es {
			if float64(sc[i]) <= floor {
				break
			}
			if contains(pinnedE, e) {
				continue
			}
			changed := false
			for m := slots & pr.open[e]; m != 0; m &= m - 1 {
				s := bits.TrailingZeros64(m)
				w := float64(sc[i]) - lg.lam[int(e)*pr.nS+s] - lg.mu[e]
				top := &sp.tops[s]
				n := int(sp.n[s])
				if n == quota && w <= top[quota-1].w {
					continue
				}
				if n < quota {
					n++
					sp.n[s] = int8(n)
				}
				j := n - 1
				for j > 0 && top[j-1].w < w {
					top[j] = top[j-1]
					j--
				}
				top[j] = topEntry{e, w}
				changed = true
			}
			if changed {
				floor = math.Inf(1)
				for m := slots; m != 0; m &= m - 1 {
					s := bits.TrailingZeros64(m)
					if int(sp.n[s]) < quota {
						floor = math.Inf(-1)
						break
					}
					floor = min(floor, sp.tops[s][quota-1].w)
				}
			}
		}
		for m := slots; m != 0; m &= m - 1 {
			s := bits.TrailingZeros64(m)
			if sp.n[s] == 0 {
				continue
			}
			left := int32(len(sp.slot))
			sp.slot = append(sp.slot, int32(s))
			for _, t := range sp.tops[s][:sp.n[s]] {
				r, ok := sp.eIndex[t.e]
				if !ok {
					r = int32(len(sp.exp))
					sp.eIndex[t.e] = r
					sp.exp = append(sp.exp, t.e)
				}
				sp.from = append(sp.from, left)
				sp.to = append(sp.to, r)
				sp.w = append(sp.w, t.w)
				sp.es = append(sp.es, t.e*int32(pr.nS)+int32(s))
			}
		}
	}
	// Successive longest augmenting paths: best[m] for m = 0..quota.
	nL, nR := len(sp.slot), len(sp.exp)
	sp.mL = fill(sp.mL, nL, -1)
	sp.mR = fill(sp.mR, nR, -1)
	bestVal := math.Inf(-1)
	bestM := 0
	cur := 0.0
	bonus := 0.0
	for k := 0; k < len(pins); k++ {
		bonus += lg.nu[k]
	}
	var best []int32 // matched edges of the best size
	for m := 0; ; m++ {
		if v := base + cur + bonus; v > bestVal {
			bestVal, bestM = v, m
			best = best[:0]
			for _, e := range sp.mL {
				if e >= 0 {
					best = append(best, e)
				}
			}
		}
		if m == quota || m == nL || m == nR {
			break
		}
		gain, ok := sp.augment(nL, nR)
		if !ok {
			break
		}
		cur += gain
		if len(pins)+m < len(lg.nu) {
			bonus += lg.nu[len(pins)+m]
		}
	}
	for _, e := range best {
		useES[sp.es[e]]++
		useE[sp.es[e]/int32(pr.nS)]++
	}
	for k := 0; k < len(pins)+bestM && k < len(useK); k++ {
		useK[k]++
	}
	return bestVal
}

// augment finds the longest augmenting path from a free slot to a free
// expert (Bellman–Ford on the residual graph) and applies it.
func (sp *subproblem) augment(nL, nR int) (float64, bool) {
	// Nodes: left 0..nL-1, right nL..nL+nR-1.
	n := nL + nR
	sp.dist = fillF(sp.dist, n, math.Inf(-1))
	sp.prevE = fill(sp.prevE, n, -1)
	for l := 0; l < nL; l++ {
		if sp.mL[l] < 0 {
			sp.dist[l] = 0
		}
	}
	// An augmenting path alternates and holds each matched edge at most
	// once, so it has at most 2m+1 edges (m matched): that many passes
	// find the longest one.
	m := 0
	for _, e := range sp.mL[:nL] {
		if e >= 0 {
			m++
		}
	}
	for pass := 0; pass < min(n, 2*m+2); pass++ {
		changed := false
		for e := range sp.from {
			l, r := int(sp.from[e]), nL+int(sp.to[e])
			if sp.mL[l] == int32(e) {
				// Matched edge: residual from right to left.
				if d := sp.dist[r] - sp.w[e]; !math.IsInf(sp.dist[r], -1) && d > sp.dist[l]+1e-12 {
					sp.dist[l], sp.prevE[l] = d, int32(e)
					changed = true
				}
			} else if !math.IsInf(sp.dist[l], -1) {
				if d := sp.dist[l] + sp.w[e]; d > sp.dist[r]+1e-12 {
					sp.dist[r], sp.prevE[r] = d, int32(e)
					changed = true
				}
			}
		}
		if !changed {
			break
		}
	}
	end, bestD := -1, math.Inf(-1)
	for r := 0; r < nR; r++ {
		if sp.mR[r] < 0 && sp.dist[nL+r] > bestD {
			end, bestD = nL+r, sp.dist[nL+r]
		}
	}
	if end < 0 {
		return 0, false
	}
	// Walk back from the free expert, matching every unmatched edge of
	// the path (which unmatches the matched edges between them).
	v := end
	for {
		e := sp.prevE[v]
		l, r := int(sp.from[e]), int(sp.to[e])
		back := sp.prevE[l] // the matched edge l was reached by, -1 at the start
		sp.mR[r], sp.mL[l] = e, e
		if back < 0 {
			break
		}
		v = nL + int(sp.to[back])
	}
	return bestD, true
}

func contains(xs []int32, x int32) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func fill(x []int32, n int, v int32) []int32 {
	x = grow(x, n)
	for i := range x {
		x[i] = v
	}
	return x
}

func fillF(x []float64, n int, v float64) []float64 {
	if cap(x) < n {
		x = make([]float64, n)
	}
	x = x[:n]
	for i := range x {
		x[i] = v
	}
	return x
}
