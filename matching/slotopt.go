package matching

// slotOptimizer re-assigns, one slot at a time, the experts of everybody
// who has an unpinned meeting in that slot, optimally: a min-cost flow
// (successive shortest paths with potentials) on
//
//	source → participant (1) → expert (free seats, daily room) → sink
//
// with cost 1000 − score. With transfers, a participant with c meetings
// may instead pass its unit through a node for count c to a newcomer with
// c−1 meetings who is free in the slot, who then takes a seat: one loses
// a meeting and one gains one, so every "at least k" count stays. All
// other participants keep one meeting in the slot. Each participant's arcs
// are its best k candidates plus its current expert, so the current
// assignment is always feasible and the result never scores less.
type slotOptimizer struct {
	st *state
	k  int
	g  mcf
	// scratch
	ps      []int32 // participants of the slot
	js      []int   // their meeting index
	eNode   []int32 // expert -> node, -1 if absent
	es      []int32 // node order -> expert
	movable []int32 // per expert: meetings of the slot that may move
	nodeE   []int32 // node -> expert, -1 for other nodes
	qs      []int32 // newcomers: participants who may take a meeting here
	qNode   []int32
	// transfers lets a participant give its meeting in the slot up to a
	// newcomer with one meeting less, which keeps every count.
	transfers bool
}

// run re-assigns every slot once.
func (so *slotOptimizer) run() {
	pr := so.st.pr
	if so.eNode == nil {
		so.eNode = make([]int32, pr.nE)
		for i := range so.eNode {
			so.eNode[i] = -1
		}
	}
	for s := 0; s < pr.nS && (so.st.ctx == nil || so.st.ctx.Err() == nil); s++ {
		so.slot(s)
	}
}

func (so *slotOptimizer) slot(s int) {
	st, pr := so.st, so.st.pr
	so.ps, so.js, so.es, so.qs = so.ps[:0], so.js[:0], so.es[:0], so.qs[:0]
	bit := uint64(1) << uint(s)
	var hasClass [MaxQuota + 1]bool // a participant in the slot has c meetings
	for p := int32(0); p < int32(pr.nP); p++ {
		if st.busy[p]&bit == 0 {
			continue
		}
		for j := 0; j < int(st.cnt[p]); j++ {
			k := int(p)*MaxQuota + j
			if int(st.mS[k]) == s && !st.mPin[k] {
				so.ps = append(so.ps, p)
				so.js = append(so.js, j)
				hasClass[st.cnt[p]] = true
			}
		}
	}
	n := len(so.ps)
	if n < 2 {
		return
	}
	// Nodes: 0 source, 1 sink, 2..n+1 participants of the slot, then one
	// node per meeting count c = 1..MaxQuota, then newcomers and experts.
	g := &so.g
	g.reset(2 + n + MaxQuota)
	so.nodeE = grow(so.nodeE, g.n)
	for i := range so.nodeE {
		so.nodeE[i] = -1
	}
	class := func(c int8) int32 { return int32(2 + n + int(c) - 1) }
	addExpert := func(e int32) int32 {
		if so.eNode[e] < 0 {
			so.eNode[e] = int32(g.addNode())
			so.nodeE = append(so.nodeE, e)
			so.es = append(so.es, e)
		}
		return so.eNode[e]
	}
	arcs := func(from, p, skip int32) {
		es, sc := pr.cand(p)
		if len(es) > so.k {
			es = es[:so.k]
		}
		for x, e := range es {
			if e == skip || pr.open[e]&bit == 0 || st.meets(p, e) >= 0 {
				continue
			}
			g.addEdge(from, addExpert(e), 1, int64(MaxScore-sc[x]))
		}
	}
	for i, p := range so.ps {
		g.addEdge(0, int32(2+i), 1, 0)
		base := int(p) * MaxQuota
		cur := st.mE[base+so.js[i]]
		g.addEdge(int32(2+i), addExpert(cur), 1, int64(MaxScore-st.mSc[base+so.js[i]]))
		arcs(int32(2+i), p, cur)
		if so.transfers {
			// p may give its meeting up to someone with one meeting less.
			g.addEdge(int32(2+i), class(st.cnt[p]), 1, 0)
		}
	}
	if so.transfers {
		// The lowest score a participant of each class holds in the slot:
		// a newcomer whose best expert here scores no more than that
		// cannot gain from a transfer and stays out of the network.
		var low [MaxQuota + 1]int32
		for c := range low {
			low[c] = MaxScore + 1
		}
		for i, p := range so.ps {
			low[st.cnt[p]] = min(low[st.cnt[p]], st.mSc[int(p)*MaxQuota+so.js[i]])
		}
		for q := int32(0); q < int32(pr.nP); q++ {
			c := st.cnt[q]
			if st.busy[q]&bit != 0 || pr.free[q]&bit == 0 || c >= int8(pr.quota[q]) || c+1 > MaxQuota || !hasClass[c+1] {
				continue
			}
			if best := so.bestHere(q, bit); best <= low[c+1] {
				continue
			}
			v := int32(g.addNode())
			so.nodeE = append(so.nodeE, -1)
			so.qs = append(so.qs, q)
			so.qNode = append(so.qNode[:len(so.qs)-1], v)
			g.addEdge(class(c+1), v, 1, 0)
			arcs(v, q, -1)
		}
	}
	// Expert capacities: free seats and daily room, counting the movable
	// meetings of this slot as free.
	if so.movable == nil {
		so.movable = make([]int32, pr.nE)
	}
	for i, p := range so.ps {
		so.movable[st.mE[int(p)*MaxQuota+so.js[i]]]++
	}
	for _, e := range so.es {
		k := st.es(e, s)
		seat := pr.seats[k] - int32(st.occN[k]) + so.movable[e]
		room := pr.dayMax[e] - st.day[e] + so.movable[e]
		g.addEdge(so.eNode[e], 1, min(seat, room), 0)
	}
	flow := g.minCostFlow(0, 1, n)
	if flow == n {
		so.apply(s)
	}
	for _, e := range so.es {
		so.eNode[e] = -1
		so.movable[e] = 0
	}
}

// bestHere returns q's best score with an expert open in the slot of bit
// whom q does not meet yet, or -1.
func (so *slotOptimizer) bestHere(q int32, bit uint64) int32 {
	st, pr := so.st, so.st.pr
	es, sc := pr.cand(q)
	for i, e := range es {
		if pr.open[e]&bit != 0 && st.meets(q, e) < 0 {
			return sc[i]
		}
	}
	return -1
}

// flowTo returns the expert that node u sends its unit of flow to, with
// the arc's score, or -1.
func (so *slotOptimizer) flowTo(u int32) (int32, int32) {
	g := &so.g
	for a := g.head[u]; a >= 0; a = g.next[a] {
		if a%2 == 0 && g.cap[a] == 0 {
			if e := so.nodeE[g.to[a]]; e >= 0 {
				return e, int32(MaxScore - g.cost[a])
			}
		}
	}
	return -1, 0
}

// apply reads the flow and changes the meetings in two steps, so no seat
// is ever over-full: first every moved or given-up meeting leaves, then
// the new ones arrive.
func (so *slotOptimizer) apply(s int) {
	st := so.st
	type change struct {
		p     int32
		j     int
		e     int32
		score int32
	}
	var moves []change
	var drops []change
	for i, p := range so.ps {
		k := int(p)*MaxQuota + so.js[i]
		e, sc := so.flowTo(int32(2 + i))
		switch {
		case e < 0:
			drops = append(drops, change{p, so.js[i], -1, 0})
		case e != st.mE[k]:
			moves = append(moves, change{p, so.js[i], e, sc})
		}
	}
	for _, m := range moves {
		k := int(m.p)*MaxQuota + m.j
		st.occDel(st.es(st.mE[k], s), m.p)
		st.day[st.mE[k]]--
		st.total -= int64(st.mSc[k])
	}
	for _, m := range drops {
		st.remove(m.p, m.j)
	}
	for _, m := range moves {
		k := int(m.p)*MaxQuota + m.j
		st.mE[k], st.mSc[k] = m.e, m.score
		st.occAdd(st.es(m.e, s), m.p)
		st.day[m.e]++
		st.total += int64(m.score)
	}
	for i, q := range so.qs {
		if e, sc := so.flowTo(so.qNode[i]); e >= 0 {
			st.add(q, e, s, sc, false)
		}
	}
}

// mcf is a small min-cost flow graph with paired arcs (a, a^1).
type mcf struct {
	head, next, to []int32
	cap            []int32
	cost           []int64
	pot, dist      []int64
	prev           []int32
	n              int
	heap           distHeap
}

func (g *mcf) reset(n int) {
	g.n = n
	g.head = g.head[:0]
	for i := 0; i < n; i++ {
		g.head = append(g.head, -1)
	}
	g.next, g.to, g.cap, g.cost = g.next[:0], g.to[:0], g.cap[:0], g.cost[:0]
}

func (g *mcf) addNode() int {
	g.head = append(g.head, -1)
	g.n++
	return g.n - 1
}

func (g *mcf) addEdge(u, v, c int32, w int64) {
	g.to = append(g.to, v, u)
	g.cap = append(g.cap, c, 0)
	g.cost = append(g.cost, w, -w)
	g.next = append(g.next, g.head[u], g.head[v])
	g.head[u] = int32(len(g.to) - 2)
	g.head[v] = int32(len(g.to) - 1)
}

// distHeap is a binary min-heap of (distance, node), without interfaces.
type distHeap struct {
	d    []int64
	node []int32
}

func (h *distHeap) push(v int32, d int64) {
	h.d, h.node = append(h.d, d), append(h.node, v)
	i := len(h.d) - 1
	for i > 0 {
		p := (i - 1) / 2
		if h.d[p] <= h.d[i] {
			break
		}
		h.d[p], h.d[i] = h.d[i], h.d[p]
		h.node[p], h.node[i] = h.node[i], h.node[p]
		i = p
	}
}

func (h *distHeap) pop() (int32, int64) {
	v, d := h.node[0], h.d[0]
	n := len(h.d) - 1
	h.d[0], h.node[0] = h.d[n], h.node[n]
	h.d, h.node = h.d[:n], h.node[:n]
	i := 0
	for {
		l, m := 2*i+1, i
		if l < n && h.d[l] < h.d[m] {
			m = l
		}
		if l+1 < n && h.d[l+1] < h.d[m] {
			m = l + 1
		}
		if m == i {
			break
		}
		h.d[m], h.d[i] = h.d[i], h.d[m]
		h.node[m], h.node[i] = h.node[i], h.node[m]
		i = m
	}
	return v, d
}

// minCostFlow sends up to need units from s to t at least cost and
// returns the flow sent. Costs must be non-negative at the start.
func (g *mcf) minCostFlow(s, t int32, need int) int {
	const inf = int64(1) << 60
	g.pot, g.dist, g.prev = grow(g.pot, g.n), grow(g.dist, g.n), grow(g.prev, g.n)
	clear(g.pot)
	flow := 0
	h := &g.heap
	for flow < need {
		for i := range g.dist {
			g.dist[i], g.prev[i] = inf, -1
		}
		g.dist[s] = 0
		h.node, h.d = h.node[:0], h.d[:0]
		h.push(s, 0)
		for len(h.d) > 0 {
			u, du := h.pop()
			if du > g.dist[u] {
				continue
			}
			if u == t {
				break // nodes farther than t keep a valid potential below
			}
			for a := g.head[u]; a >= 0; a = g.next[a] {
				if g.cap[a] == 0 {
					continue
				}
				v := g.to[a]
				nd := du + g.cost[a] + g.pot[u] - g.pot[v]
				if nd < g.dist[v] {
					g.dist[v], g.prev[v] = nd, a
					h.push(v, nd)
				}
			}
		}
		if g.dist[t] >= inf {
			break
		}
		dt := g.dist[t]
		for i := range g.pot {
			g.pot[i] += min(g.dist[i], dt)
		}
		for v := t; v != s; v = g.to[g.prev[v]^1] {
			a := g.prev[v]
			g.cap[a]--
			g.cap[a^1]++
		}
		flow++
	}
	return flow
}

func grow[T any](x []T, n int) []T {
	if cap(x) < n {
		return make([]T, n)
	}
	return x[:n]
}
