package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"netday/matching"
)

// cmdLP writes the LP relaxation of an instance in CPLEX LP format.
//
// Variables x_p_e_s in [0,1] for every eligible pair and common free slot
// (pins fixed to 1). Constraints: a participant in at most one meeting per
// slot, a pair at most once, seats per (expert, slot), daily maxima,
// quotas. Objective: the total score. With -levels L1,...,Lk it also
// requires, for each k, sum over p of z_p_k >= Lk with k z_p_k <= (p's
// meetings) and z_p_k <= 1: a relaxation of "at least Lk participants
// have at least k meetings", so the optimum bounds the score of every
// schedule whose counts are at least L1..Lk. With -binary the variables
// are declared binary, which turns the relaxation into the exact problem
// (for small instances).
func cmdLP(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("lp", flag.ContinueOnError)
	levels := fs.String("levels", "", "comma-separated with_at_least counts to require")
	binary := fs.Bool("binary", false, "declare the variables binary: the integer problem, for an exact check")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("want one instance file")
	}
	in, err := readInstance(fs.Arg(0))
	if err != nil {
		return err
	}
	var req []int
	if *levels != "" {
		for _, f := range strings.Split(*levels, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil {
				return fmt.Errorf("-levels: %w", err)
			}
			req = append(req, n)
		}
	}
	pairs, err := in.EligiblePairs()
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(stdout, 1<<20)
	if err := writeLP(w, in, pairs, req, *binary); err != nil {
		return err
	}
	return w.Flush()
}

type lpVar struct {
	name  string
	p, e  int
	s     int
	score int
}

func writeLP(w *bufio.Writer, in *matching.Instance, pairs []matching.PairScore, levels []int, binary bool) error {
	pIdx := map[string]int{}
	for i, p := range in.Participants {
		pIdx[p.ID] = i
	}
	eIdx := map[string]int{}
	for i, e := range in.Experts {
		eIdx[e.ID] = i
	}
	free := make([][]bool, len(in.Participants))
	for i, p := range in.Participants {
		free[i] = make([]bool, len(in.Slots))
		for s := range in.Slots {
			free[i][s] = len(p.Slots) == 0
		}
		for _, sl := range p.Slots {
			for s, x := range in.Slots {
				if x == sl {
					free[i][s] = true
				}
			}
		}
	}
	var vars []lpVar
	for _, pr := range pairs {
		p, e := pIdx[pr.P], eIdx[pr.E]
		for s, sl := range in.Slots {
			if free[p][s] && in.Experts[e].Seats[sl] > 0 {
				vars = append(vars, lpVar{fmt.Sprintf("x%d_%d_%d", p, e, s), p, e, s, pr.Score})
			}
		}
	}
	fmt.Fprintf(w, "\\ LP relaxation of a netday instance: %d participants, %d experts, %d slots, %d variables\n",
		len(in.Participants), len(in.Experts), len(in.Slots), len(vars))
	w.WriteString("Maximize\n obj:")
	for _, v := range vars {
		fmt.Fprintf(w, "\n + %d %s", v.score, v.name)
	}
	if len(vars) == 0 {
		w.WriteString(" 0 dummy")
	}
	w.WriteString("\nSubject To\n")
	group := func(prefix string, key func(v lpVar) [2]int, rhs func(k [2]int) (int, bool)) {
		m := map[[2]int][]string{}
		var order [][2]int
		for _, v := range vars {
			k := key(v)
			if _, ok := m[k]; !ok {
				order = append(order, k)
			}
			m[k] = append(m[k], v.name)
		}
		for _, k := range order {
			r, ok := rhs(k)
			if !ok {
				continue
			}
			fmt.Fprintf(w, " %s_%d_%d:", prefix, k[0], k[1])
			for _, n := range m[k] {
				fmt.Fprintf(w, "\n + %s", n)
			}
			fmt.Fprintf(w, "\n <= %d\n", r)
		}
	}
	one := func([2]int) (int, bool) { return 1, true }
	group("slot", func(v lpVar) [2]int { return [2]int{v.p, v.s} }, one)
	group("pair", func(v lpVar) [2]int { return [2]int{v.p, v.e} }, one)
	group("seats", func(v lpVar) [2]int { return [2]int{v.e, v.s} }, func(k [2]int) (int, bool) {
		return in.Experts[k[0]].Seats[in.Slots[k[1]]], true
	})
	group("day", func(v lpVar) [2]int { return [2]int{v.e, 0} }, func(k [2]int) (int, bool) {
		if m := in.Experts[k[0]].Max; m != nil {
			return *m, true
		}
		return 0, false
	})
	group("quota", func(v lpVar) [2]int { return [2]int{v.p, 0} }, func(k [2]int) (int, bool) {
		return in.Participants[k[0]].Quota, true
	})
	// Level constraints.
	byP := map[int][]string{}
	for _, v := range vars {
		byP[v.p] = append(byP[v.p], v.name)
	}
	var zs []string
	for k, need := range levels {
		if need <= 0 {
			continue
		}
		var names []string
		for p, part := range in.Participants {
			if part.Quota < k+1 || len(byP[p]) == 0 {
				continue
			}
			z := fmt.Sprintf("z%d_%d", p, k+1)
			names = append(names, z)
			zs = append(zs, z)
			fmt.Fprintf(w, " lvl_%d_%d: %d %s", p, k+1, k+1, z)
			for _, n := range byP[p] {
				fmt.Fprintf(w, "\n - %s", n)
			}
			w.WriteString("\n <= 0\n")
		}
		fmt.Fprintf(w, " atleast_%d:", k+1)
		for _, z := range names {
			fmt.Fprintf(w, "\n + %s", z)
		}
		if len(names) == 0 {
			w.WriteString(" 0 dummy")
		}
		fmt.Fprintf(w, "\n >= %d\n", need)
	}
	w.WriteString("Bounds\n")
	pinned := map[[3]int]bool{}
	for _, pin := range in.Pins {
		for s, sl := range in.Slots {
			if sl == pin.Slot {
				pinned[[3]int{pIdx[pin.P], eIdx[pin.E], s}] = true
			}
		}
	}
	for _, v := range vars {
		if pinned[[3]int{v.p, v.e, v.s}] {
			fmt.Fprintf(w, " %s = 1\n", v.name)
		} else {
			fmt.Fprintf(w, " 0 <= %s <= 1\n", v.name)
		}
	}
	for _, z := range zs {
		fmt.Fprintf(w, " 0 <= %s <= 1\n", z)
	}
	if len(vars) == 0 {
		w.WriteString(" dummy = 0\n")
	}
	if binary && len(vars) > 0 {
		w.WriteString("Binary\n")
		for _, v := range vars {
			fmt.Fprintf(w, " %s\n", v.name)
		}
		for _, z := range zs {
			fmt.Fprintf(w, " %s\n", z)
		}
	}
	w.WriteString("End\n")
	return nil
}
