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

// cmdLP writes the model of an instance in CPLEX LP format, for an
// independent check with CBC (or any LP/MIP solver).
//
// Variables x_p_e_s in [0,1] for every eligible pair and common free slot
// (pins fixed to 1). Constraints: a participant in at most one meeting per
// slot, a pair at most once, seats per (expert, slot), daily maxima,
// quotas. The level variables follow the strong formulation: per
// participant z_p_1 ≥ z_p_2 ≥ … ≥ z_p_quota in [0,1] with
// Σ_k z_p_k ≤ (p's meetings), so Σ_p z_p_k counts the participants with at
// least k meetings. -levels L1,...,Lk requires Σ_p z_p_k ≥ Lk; the
// objective is the total score, or with -level k the count Σ_p z_p_k.
// With -binary every variable is binary: the exact integer problem.
func cmdLP(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("lp", flag.ContinueOnError)
	levels := fs.String("levels", "", "comma-separated with_at_least counts to require")
	level := fs.Int("level", 0, "maximise the number of participants with at least this many meetings instead of the score")
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
	req, err := parseLevels(*levels)
	if err != nil {
		return err
	}
	m, err := newModel(in)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(stdout, 1<<20)
	m.write(w, req, *level, *binary)
	return w.Flush()
}

func parseLevels(s string) ([]int, error) {
	var req []int
	if s == "" {
		return nil, nil
	}
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil {
			return nil, fmt.Errorf("-levels: %w", err)
		}
		req = append(req, n)
	}
	return req, nil
}

// lpVar is one x variable: participant p meets expert e in slot s.
type lpVar struct {
	p, e, s int
	score   int
	pinned  bool
}

// model is an instance in the index form the LP is written from.
type model struct {
	in       *matching.Instance
	vars     []lpVar
	byP      [][]int // variable indexes per participant
	maxQuota int
}

func newModel(in *matching.Instance) (*model, error) {
	pairs, err := in.EligiblePairs()
	if err != nil {
		return nil, err
	}
	pIdx := map[string]int{}
	for i, p := range in.Participants {
		pIdx[p.ID] = i
	}
	eIdx := map[string]int{}
	for i, e := range in.Experts {
		eIdx[e.ID] = i
	}
	sIdx := map[string]int{}
	for i, s := range in.Slots {
		sIdx[s] = i
	}
	m := &model{in: in, byP: make([][]int, len(in.Participants))}
	free := make([][]bool, len(in.Participants))
	for i, p := range in.Participants {
		m.maxQuota = max(m.maxQuota, p.Quota)
		free[i] = make([]bool, len(in.Slots))
		for s := range in.Slots {
			free[i][s] = p.Slots == nil
		}
		for _, sl := range p.Slots {
			free[i][sIdx[sl]] = true
		}
	}
	pinned := map[[3]int]bool{}
	for _, pin := range in.Pins {
		pinned[[3]int{pIdx[pin.P], eIdx[pin.E], sIdx[pin.Slot]}] = true
	}
	for _, pr := range pairs {
		p, e := pIdx[pr.P], eIdx[pr.E]
		for s, sl := range in.Slots {
			if free[p][s] && in.Experts[e].Seats[sl] > 0 {
				m.byP[p] = append(m.byP[p], len(m.vars))
				m.vars = append(m.vars, lpVar{p, e, s, pr.Score, pinned[[3]int{p, e, s}]})
			}
		}
	}
	return m, nil
}

func (v lpVar) name() string {
	return "x" + strconv.Itoa(v.p) + "_" + strconv.Itoa(v.e) + "_" + strconv.Itoa(v.s)
}

func zName(p, k int) string { return "z" + strconv.Itoa(p) + "_" + strconv.Itoa(k) }

// write writes the model: the score objective (level 0) or the count at
// level, with the required levels, binary or relaxed.
func (m *model) write(w *bufio.Writer, levels []int, level int, binary bool) {
	in := m.in
	useZ := len(levels) > 0 || level > 0
	fmt.Fprintf(w, "\\ netday instance: %d participants, %d experts, %d slots, %d meeting variables\n",
		len(in.Participants), len(in.Experts), len(in.Slots), len(m.vars))
	w.WriteString("Maximize\n obj:")
	terms := 0
	if level > 0 {
		for p := range in.Participants {
			if in.Participants[p].Quota >= level && len(m.byP[p]) > 0 {
				w.WriteString("\n + " + zName(p, level))
				terms++
			}
		}
	} else {
		for _, v := range m.vars {
			fmt.Fprintf(w, "\n + %d %s", v.score, v.name())
			terms++
		}
	}
	if terms == 0 {
		w.WriteString(" 0 dummy")
	}
	w.WriteString("\nSubject To\n")
	group := func(prefix string, key func(v lpVar) [2]int, rhs func(k [2]int) (int, bool)) {
		m2 := map[[2]int][]int{}
		var order [][2]int
		for i, v := range m.vars {
			k := key(v)
			if _, ok := m2[k]; !ok {
				order = append(order, k)
			}
			m2[k] = append(m2[k], i)
		}
		for _, k := range order {
			r, ok := rhs(k)
			if !ok || len(m2[k]) <= r {
				continue // redundant
			}
			fmt.Fprintf(w, " %s_%d_%d:", prefix, k[0], k[1])
			for _, i := range m2[k] {
				w.WriteString("\n + " + m.vars[i].name())
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
		if mx := in.Experts[k[0]].Max; mx != nil {
			return *mx, true
		}
		return 0, false
	})
	group("quota", func(v lpVar) [2]int { return [2]int{v.p, 0} }, func(k [2]int) (int, bool) {
		return in.Participants[k[0]].Quota, true
	})
	var zs []string
	if useZ {
		// Strong formulation: z_p_1 >= z_p_2 >= ..., sum_k z_p_k <= meetings.
		for p, part := range in.Participants {
			if len(m.byP[p]) == 0 {
				continue
			}
			fmt.Fprintf(w, " lvl_%d:", p)
			for k := 1; k <= part.Quota; k++ {
				zs = append(zs, zName(p, k))
				w.WriteString("\n + " + zName(p, k))
			}
			for _, i := range m.byP[p] {
				w.WriteString("\n - " + m.vars[i].name())
			}
			w.WriteString("\n <= 0\n")
			for k := 2; k <= part.Quota; k++ {
				fmt.Fprintf(w, " mono_%d_%d: %s - %s <= 0\n", p, k, zName(p, k), zName(p, k-1))
			}
		}
		for k, need := range levels {
			if need <= 0 {
				continue
			}
			fmt.Fprintf(w, " atleast_%d:", k+1)
			n := 0
			for p, part := range in.Participants {
				if part.Quota >= k+1 && len(m.byP[p]) > 0 {
					w.WriteString("\n + " + zName(p, k+1))
					n++
				}
			}
			if n == 0 {
				w.WriteString(" 0 dummy")
			}
			fmt.Fprintf(w, "\n >= %d\n", need)
		}
	}
	w.WriteString("Bounds\n")
	for _, v := range m.vars {
		if v.pinned {
			fmt.Fprintf(w, " %s = 1\n", v.name())
		} else {
			fmt.Fprintf(w, " 0 <= %s <= 1\n", v.name())
		}
	}
	for _, z := range zs {
		fmt.Fprintf(w, " 0 <= %s <= 1\n", z)
	}
	if len(m.vars) == 0 || terms == 0 {
		w.WriteString(" dummy = 0\n")
	}
	if binary && len(m.vars) > 0 {
		w.WriteString("Binary\n")
		for _, v := range m.vars {
			w.WriteString(" " + v.name() + "\n")
		}
		for _, z := range zs {
			w.WriteString(" " + z + "\n")
		}
	}
	w.WriteString("End\n")
}
