package matching

import (
	"math/rand/v2"
	"testing"
)

// TestSimplexAgainstShortestPaths compares the network simplex with
// successive shortest paths (mcf.minCostFlow) on random networks: the
// simplex, given a return arc worth more than any path, must send the same
// maximum flow at the same least cost, from a cold start and from a warm
// start on a feasible but poor flow.
func TestSimplexAgainstShortestPaths(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	type arc struct {
		u, v, c int32
		w       int64
	}
	for it := 0; it < 3000; it++ {
		n := 2 + rng.IntN(9)
		var arcs []arc
		for i := rng.IntN(24); i > 0; i-- {
			if u, v := int32(rng.IntN(n)), int32(rng.IntN(n)); u != v {
				arcs = append(arcs, arc{u, v, int32(1 + rng.IntN(3)), int64(rng.IntN(10))})
			}
		}
		src, sink := int32(0), int32(n-1)
		var g mcf
		g.reset(n)
		for _, a := range arcs {
			g.addEdge(a.u, a.v, a.c, a.w)
		}
		flow := g.minCostFlow(src, sink, 1<<20)
		var want int64
		for i := 0; i < len(g.to); i += 2 {
			want += g.cost[i] * int64(g.cap[i^1])
		}
		for _, warm := range []bool{false, true} {
			x := newSimplex(n, len(arcs)+1)
			back := x.arc(sink, src, int64(flow), -1<<20)
			for _, a := range arcs {
				x.arc(a.u, a.v, int64(a.c), a.w)
			}
			if warm {
				// The most expensive paths first: a feasible flow of the
				// same value that the simplex must improve.
				var h mcf
				h.reset(n)
				for _, a := range arcs {
					h.addEdge(a.u, a.v, a.c, 9-a.w)
				}
				h.minCostFlow(src, sink, flow)
				for i := 0; i < len(h.to); i += 2 {
					x.send(int32(i+2), int64(h.cap[i^1]))
				}
				x.send(back, int64(flow))
			}
			x.init()
			x.work = 1 << 30
			if !x.run() {
				t.Fatalf("#%d: work bound hit", it)
			}
			var got int64
			for i := 2; i < 2+2*len(arcs); i += 2 {
				got += x.cost[i] * x.cap[i^1]
			}
			if x.cap[back] != 0 || got != want {
				t.Fatalf("#%d warm=%v: flow short by %d, cost %d, shortest paths %d", it, warm, x.cap[back], got, want)
			}
			// Optimality certificate: no residual arc of the network (the
			// artificial ones are not) has a negative reduced cost under
			// the final potentials.
			for a := int32(0); a < x.artLo; a++ {
				if x.cap[a] > 0 && x.reduced(a) < 0 {
					t.Fatalf("#%d: arc %d has reduced cost %d", it, a, x.reduced(a))
				}
			}
		}
	}
}

// TestSimplexStops: a run asked to stop gives up (and says so) instead of
// finishing; SolveContext relies on it to stop the relaxation of a big
// day when the organiser's session ends.
func TestSimplexStops(t *testing.T) {
	in := Generate(GenConfig{Participants: 400, Experts: 40, Slots: 6, Seed: 5})
	pr, err := build(in)
	if err != nil {
		t.Fatal(err)
	}
	levels := make([]int, pr.maxQuota)
	levels[0] = pr.nP / 2
	for _, stop := range []bool{false, true} {
		rn, ok := pr.newRelaxNet(levels, len(levels), true, nil, nil)
		if !ok {
			t.Fatal("network refused")
		}
		asked := 0
		rn.x.stop = func() bool { asked++; return stop }
		if done := rn.solve(1 << 40); done == stop || (stop && asked != 1) {
			t.Errorf("stop=%v: solved %v, asked %d times", stop, done, asked)
		}
	}
}

// TestSimplexBudget is the regression test of a run whose work budget ran
// out in the middle of a scan: it used to report the flow optimal. Now a
// run reports true only after a full scan found no arc of negative reduced
// cost, on every budget.
func TestSimplexBudget(t *testing.T) {
	in := Generate(GenConfig{Participants: 300, Experts: 30, Slots: 6, Seed: 4})
	pr, err := build(in)
	if err != nil {
		t.Fatal(err)
	}
	levels := make([]int, pr.maxQuota)
	levels[0] = pr.nP / 2
	stopped := 0
	for budget := 1; budget < 1<<26; budget = budget*5/4 + 1 {
		rn, ok := pr.newRelaxNet(levels, len(levels), true, nil, nil)
		if !ok {
			t.Fatal("network refused")
		}
		x := rn.x
		x.work = budget
		if !x.run() {
			stopped++
			continue
		}
		for a := int32(0); a < x.artLo; a++ {
			if x.cap[a] > 0 && x.reduced(a) < 0 {
				t.Fatalf("budget %d: run said optimal, arc %d has reduced cost %d", budget, a, x.reduced(a))
			}
		}
	}
	if stopped == 0 {
		t.Error("no budget was too small: the test does not reach the case")
	}
}
