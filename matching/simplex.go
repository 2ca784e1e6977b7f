package matching

// simplex is a min-cost circulation solved by the primal network simplex
// method. Arcs come in pairs (a, a^1): a residual capacity on each, costs
// c and −c. The basis is a spanning tree hung from an artificial root that
// is joined to every node by an uncapacitated arc of cost 0 toward it (they
// never carry flow: nothing leaves the root), so the zero circulation
// with the all-artificial tree is a feasible start.
//
// Each pivot scans a block of arcs (block search: the most negative
// reduced cost among the next few hundred arcs), pushes flow around the
// cycle the entering arc closes in the tree, and re-hangs the subtree cut
// off by the leaving arc. The potentials of the re-hung subtree shift by
// one amount (found by walking its children), so pricing an arc costs
// two lookups.
type simplex struct {
	n          int // nodes; the root is node n
	head, next []int32
	to         []int32
	cap        []int64
	cost       []int64
	fa, fe     []int32 // tree parent and the arc from parent to node
	// Children of each tree node as a doubly linked list of siblings.
	first, sib, prv []int32
	mark            []uint32
	pi              []int64
	stamp           uint32
	walk            []int32
	// artLo..artHi are the artificial arcs; next0 is where pricing goes on.
	artLo, artHi, next0 int32
	// stop, when set, is asked every 256 pivots whether to give up; work
	// is what is left of the budget of arcs to price.
	stop func() bool
	work int
}

// newSimplex returns an empty circulation on n nodes with room for about
// arcs arcs (the artificial ones included), so that building it does not
// reallocate.
func newSimplex(n, arcs int) *simplex {
	m := 2 * (arcs + n + 1)
	x := &simplex{n: n, head: make([]int32, n+1),
		next: make([]int32, 0, m), to: make([]int32, 0, m), cap: make([]int64, 0, m), cost: make([]int64, 0, m)}
	for i := range x.head {
		x.head[i] = -1
	}
	return x
}

// arc adds an arc u→v with capacity c and cost w and returns its index;
// its reverse is the index xor 1.
func (x *simplex) arc(u, v int32, c, w int64) int32 {
	a := int32(len(x.to))
	x.to = append(x.to, v, u)
	x.cap = append(x.cap, c, 0)
	x.cost = append(x.cost, w, -w)
	x.next = append(x.next, x.head[u], x.head[v])
	x.head[u], x.head[v] = a, a+1
	return a
}

// setCost prices arc a at c (and its reverse at −c).
func (x *simplex) setCost(a int32, c int64) { x.cost[a], x.cost[a^1] = c, -c }

// send puts f units of flow on arc a.
func (x *simplex) send(a int32, f int64) {
	x.cap[a] -= f
	x.cap[a^1] += f
}

// from returns the tail of arc a.
func (x *simplex) from(a int32) int32 { return x.to[a^1] }

// phi returns the potential of node v: 0 at the root, and every tree
// arc has reduced cost 0.
func (x *simplex) phi(v int32) int64 { return x.pi[v] }

// reduced returns the reduced cost of arc a.
func (x *simplex) reduced(a int32) int64 {
	return x.cost[a] + x.phi(x.from(a)) - x.phi(x.to[a])
}

// init hangs every node from the root by its artificial arc: the starting
// basis, whatever flow the arcs already carry (every pivot keeps the flow
// a circulation, so a circulation put on the arcs before is a warm start).
// Arcs added later are priced too.
func (x *simplex) init() {
	root := int32(x.n)
	x.fa = make([]int32, x.n+1)
	x.fe = make([]int32, x.n+1)
	x.mark = make([]uint32, x.n+1)
	x.pi = make([]int64, x.n+1)
	x.first, x.sib, x.prv = make([]int32, x.n+1), make([]int32, x.n+1), make([]int32, x.n+1)
	for v := range x.first {
		x.first[v], x.sib[v], x.prv[v] = -1, -1, -1
	}
	x.artLo = int32(len(x.to))
	for v := int32(0); v < root; v++ {
		// Toward the root, so the start is strongly feasible.
		x.fa[v] = root
		x.fe[v] = x.arc(v, root, 1<<40, 0) ^ 1
		x.link(v, root)
	}
	x.artHi = int32(len(x.to))
	x.fa[root], x.fe[root] = -1, -1
}

// hang moves node v (with its subtree) under the tail of arc a, which
// must lead to v; the caller keeps the tree a tree and calls repot.
func (x *simplex) hang(v, a int32) {
	x.cut(v)
	x.fa[v], x.fe[v] = x.from(a), a
	x.link(v, x.fa[v])
}

// repot recomputes every potential down the tree from the root.
func (x *simplex) repot() {
	q := append(x.walk[:0], int32(x.n))
	for len(q) > 0 {
		v := q[len(q)-1]
		q = q[:len(q)-1]
		for c := x.first[v]; c >= 0; c = x.sib[c] {
			x.pi[c] = x.pi[v] + x.cost[x.fe[c]]
			q = append(q, c)
		}
	}
	x.walk = q
}

// link makes v a child of p in the sibling lists.
func (x *simplex) link(v, p int32) {
	x.sib[v], x.prv[v] = x.first[p], -1
	if x.first[p] >= 0 {
		x.prv[x.first[p]] = v
	}
	x.first[p] = v
}

// cut takes v out of its parent's children.
func (x *simplex) cut(v int32) {
	if x.prv[v] >= 0 {
		x.sib[x.prv[v]] = x.sib[v]
	} else {
		x.first[x.fa[v]] = x.sib[v]
	}
	if x.sib[v] >= 0 {
		x.prv[x.sib[v]] = x.prv[v]
	}
}

// run pivots until no arc has a negative reduced cost (the circulation is
// then optimal) and reports true, or returns false once the work budget
// (arcs priced, shared by every run of x) is spent or stop said so. Only a
// full turn over the arcs that finds no candidate proves optimality.
func (x *simplex) run() bool {
	m := int32(len(x.to))
	block := int32(64)
	for block*block < m {
		block *= 2
	}
	pivots := 0
	for {
		// Block search: the most negative reduced cost among the next
		// block arcs.
		best, bestRC := int32(-1), int64(0)
		seen := int32(0)
		for seen < m {
			for i := int32(0); i < block && seen < m; i, seen = i+1, seen+1 {
				a := x.next0
				if x.next0++; x.next0 == m {
					x.next0 = 0
				}
				if x.cap[a] == 0 || (a >= x.artLo && a < x.artHi) {
					continue
				}
				if rc := x.reduced(a); rc < bestRC {
					best, bestRC = a, rc
				}
			}
			if x.work -= int(block); best >= 0 || x.work < 0 {
				break
			}
		}
		switch {
		case best < 0 && seen >= m:
			return true // a full turn found nothing: optimal
		case x.work < 0:
			return false
		}
		if pivots++; pivots&255 == 0 && x.stop != nil && x.stop() {
			return false
		}
		x.pivot(best)
	}
}

// pivot pushes flow around the cycle that arc a (u→v) closes in the tree
// and swaps a for the arc that runs out of residual capacity.
func (x *simplex) pivot(a int32) {
	u, v := x.from(a), x.to[a]
	// The apex: mark v's ancestors, then climb from u to the first one.
	x.stamp++
	for w := v; w >= 0; w = x.fa[w] {
		x.mark[w] = x.stamp
	}
	lca := u
	for x.mark[lca] != x.stamp {
		lca = x.fa[lca]
	}
	// The flow runs from the apex down to u, over a to v, then up from v
	// to the apex (tree arcs backwards). The leaving arc is the last
	// bottleneck in that order, which keeps the tree strongly feasible.
	w := x.walk[:0]
	for y := u; y != lca; y = x.fa[y] {
		w = append(w, y)
	}
	delta, leave, side := int64(1)<<62, int32(-1), 0 // side: 1 on v's path, 2 on u's path
	for i := len(w) - 1; i >= 0; i-- {
		if c := x.cap[x.fe[w[i]]]; c <= delta {
			delta, leave, side = c, x.fe[w[i]], 2
		}
	}
	if x.cap[a] <= delta {
		delta, leave, side = x.cap[a], a, 0
	}
	for y := v; y != lca; y = x.fa[y] {
		if c := x.cap[x.fe[y]^1]; c <= delta {
			delta, leave, side = c, x.fe[y], 1
		}
	}
	x.walk = w
	if delta > 0 {
		x.cap[a] -= delta
		x.cap[a^1] += delta
		for y := v; y != lca; y = x.fa[y] {
			x.cap[x.fe[y]^1] -= delta
			x.cap[x.fe[y]] += delta
		}
		for y := u; y != lca; y = x.fa[y] {
			x.cap[x.fe[y]] -= delta
			x.cap[x.fe[y]^1] += delta
		}
	}
	if side == 0 {
		return // a itself is saturated; the tree stays
	}
	// Cut the leaving arc and hang the cut-off subtree by a: its nodes
	// from the entering endpoint up to the leaving arc's child reverse
	// their parent pointers.
	child := x.to[leave]
	start, parent, arcIn := v, u, a
	if side == 2 {
		start, parent, arcIn = u, v, a^1
	}
	for y := start; ; {
		oldFa, oldFe := x.fa[y], x.fe[y]
		x.cut(y)
		x.fa[y], x.fe[y] = parent, arcIn
		x.link(y, parent)
		if y == child {
			break
		}
		parent, arcIn, y = y, oldFe^1, oldFa
	}
	// The subtree keeps its potentials relative to each other (its arcs
	// still have reduced cost 0); all of them shift so that the entering
	// arc gets reduced cost 0 too.
	shift := x.pi[x.fa[start]] + x.cost[x.fe[start]] - x.pi[start]
	q := append(x.walk[:0], start)
	for len(q) > 0 {
		v := q[len(q)-1]
		q = q[:len(q)-1]
		x.pi[v] += shift
		for c := x.first[v]; c >= 0; c = x.sib[c] {
			q = append(q, c)
		}
	}
	x.walk = q
}
