package matching

import (
	"cmp"
	"math/bits"
	"slices"
)

// makeRoom decides which published meetings a re-plan takes away so that
// every participant left without a meeting who can be placed gets one.
// pr.pins holds the instance's own pins (the first own of them) followed
// by the published meetings that still fit; it returns, per published
// meeting, whether it must give way.
//
// A participant's earliest published meeting never gives way; the others
// are movable. The choice is a min-cost flow on
//
//	source → uncovered participant → (expert, slot) → expert → sink
//
// where a free seat and free daily room cost nothing and taking a movable
// meeting away costs one: an arc (expert, slot) → R_e for a meeting at
// that seat (it frees the seat and a unit of the expert's day at once)
// and an arc expert → R_e for a meeting elsewhere that only frees daily
// room, with R_e → sink limited to the expert's movable meetings. Its
// maximum flow is the coverage reachable with the earliest meetings kept,
// and its cost the fewest published meetings to change for it. The flow
// starts from a max-flow over free capacity alone (cost 0, hence
// optimal), so only the late joiners who need room cost a shortest path.
func makeRoom(pr *problem, own int, o options) []bool {
	fit := pr.pins[own:]
	removed := make([]bool, len(fit))
	if len(fit) == 0 {
		return removed
	}
	// The earliest published meeting of each participant is protected.
	first := make(map[int32]int, len(fit))
	for i, c := range fit {
		if j, ok := first[c.p]; !ok || c.s < fit[j].s {
			first[c.p] = i
		}
	}
	movable := func(i int) bool { return first[fit[i].p] != i }

	base := newState(pr)
	for _, pin := range pr.pins {
		base.add(pin.p, pin.e, int(pin.s), pin.score, true)
	}
	var uncovered []int32
	for p := int32(0); p < int32(pr.nP); p++ {
		if base.cnt[p] == 0 && pr.cStart[p] < pr.cStart[p+1] {
			uncovered = append(uncovered, p)
		}
	}
	nMov := 0
	for i := range fit {
		if movable(i) {
			nMov++
		}
	}
	if len(uncovered) == 0 || nMov == 0 {
		return removed
	}
	// Zero-cost start: the max-flow with every published meeting kept.
	placed := newState(pr)
	placed.ctx = o.ctx
	for _, pin := range pr.pins {
		placed.add(pin.p, pin.e, int(pin.s), pin.score, true)
	}
	cover(placed, pr.order(0))
	need := 0
	for _, p := range uncovered {
		if placed.cnt[p] == 0 {
			need++
		}
	}
	if need == 0 {
		return removed
	}

	movES := map[int32][]int{} // (expert, slot) -> movable published meetings there
	movE := make([]int32, pr.nE)
	for i, c := range fit {
		if movable(i) {
			k := base.es(c.e, int(c.s))
			movES[k] = append(movES[k], i)
			movE[c.e]++
		}
	}

	var g mcf
	g.reset(2)
	esNode := map[int32]int32{}
	esSeat := map[int32]int32{} // arc (e,s) -> e over free seats
	esRem := map[int32]int32{}  // arc (e,s) -> R_e
	eNode := make([]int32, pr.nE)
	eDay := make([]int32, pr.nE) // arc e -> sink over free daily room
	for i := range eNode {
		eNode[i], eDay[i] = -1, -1
	}
	expert := func(e int32) int32 {
		if eNode[e] >= 0 {
			return eNode[e]
		}
		v := int32(g.addNode())
		eNode[e] = v
		if room := pr.dayMax[e] - base.day[e]; room > 0 {
			eDay[e] = int32(len(g.to))
			g.addEdge(v, 1, min(room, int32(pr.nP)), 0)
		}
		if movE[e] > 0 {
			r := int32(g.addNode())
			g.addEdge(v, r, movE[e], 1)
			g.addEdge(r, 1, movE[e], 0)
			// (expert, slot) nodes reach R_e through their own arcs; R_e
			// is the node right after e.
		}
		return v
	}
	seat := func(e int32, s int) int32 {
		k := base.es(e, s)
		if v, ok := esNode[k]; ok {
			return v
		}
		ev := expert(e)
		v := int32(g.addNode())
		esNode[k] = v
		if free := pr.seats[k] - int32(base.occN[k]); free > 0 {
			esSeat[k] = int32(len(g.to))
			g.addEdge(v, ev, free, 0)
		}
		if n := len(movES[k]); n > 0 {
			esRem[k] = int32(len(g.to))
			g.addEdge(v, ev+1, int32(n), 1)
		}
		return v
	}
	uArc := make([]int32, len(uncovered)) // the arc of the zero-cost start, -1 none
	startFlow := 0
	for i, p := range uncovered {
		v := int32(g.addNode())
		src := int32(len(g.to))
		g.addEdge(0, v, 1, 0)
		uArc[i] = -1
		var pe int32 = -1
		ps := -1
		if placed.cnt[p] > 0 {
			pe, ps = placed.mE[int(p)*MaxQuota], int(placed.mS[int(p)*MaxQuota])
		}
		es, _ := pr.cand(p)
		for _, e := range es {
			for m := pr.free[p] & pr.open[e]; m != 0; m &= m - 1 {
				s := bits.TrailingZeros64(m)
				k := base.es(e, s)
				if pr.seats[k]-int32(base.occN[k]) <= 0 && len(movES[k]) == 0 {
					continue // full, and nothing to take away there
				}
				sv := seat(e, s)
				a := int32(len(g.to))
				g.addEdge(v, sv, 1, 0)
				if e == pe && s == ps {
					uArc[i] = a
				}
			}
		}
		if uArc[i] >= 0 {
			// Push the zero-cost unit: source -> u -> (e,s) -> e -> sink.
			k := base.es(pe, ps)
			for _, a := range []int32{src, uArc[i], esSeat[k], eDay[pe]} {
				g.cap[a]--
				g.cap[a^1]++
			}
			startFlow++
		}
	}
	g.minCostFlow(0, 1, len(uncovered)-startFlow)

	// Read which meetings give way: at a seat, then for daily room only.
	taken := func(list []int, n int32) {
		cands := slices.Clone(list)
		slices.SortStableFunc(cands, func(a, b int) int {
			pa, pb := fit[a].p, fit[b].p
			return cmp.Or(cmp.Compare(base.cnt[pb], base.cnt[pa]), cmp.Compare(fit[a].score, fit[b].score))
		})
		for _, i := range cands {
			if n == 0 {
				return
			}
			if !removed[i] {
				removed[i] = true
				n--
			}
		}
	}
	for k, a := range esRem {
		if f := g.cap[a^1]; f > 0 {
			taken(movES[k], f)
		}
	}
	for e := int32(0); e < int32(pr.nE); e++ {
		if eNode[e] < 0 || movE[e] == 0 {
			continue
		}
		// The arc e -> R_e is the first arc added after e's own node.
		for a := g.head[eNode[e]]; a >= 0; a = g.next[a] {
			if a%2 == 0 && g.to[a] == eNode[e]+1 && g.cost[a] == 1 {
				if f := g.cap[a^1]; f > 0 {
					var list []int
					for i, c := range fit {
						if c.e == e && movable(i) {
							list = append(list, i)
						}
					}
					taken(list, f)
				}
			}
		}
	}
	return removed
}
