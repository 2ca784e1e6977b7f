package main

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"netday/matching"
)

// cmdCheck solves an instance with the engine and then, when CBC is
// installed, computes the exact optimum with it: the leximin vector level
// by level (maximise the participants with at least k meetings with the
// earlier levels fixed at their optimum), then the best total score at
// that vector, with the strong formulation (see cmdLP). It prints the
// engine's figures next to the optimum.
func cmdCheck(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	gen := fs.String("gen", "", "generate PxExS instead of reading a file")
	seed := fs.Int64("seed", 1, "seed for -gen")
	cbc := fs.String("cbc", "cbc", "the CBC program")
	sec := fs.Int("sec", 1800, "time limit of each CBC run in seconds")
	keep := fs.String("dir", "", "keep the LP files and CBC's solutions in this directory, and reuse CBC's results found there for the same instance")
	row := fs.Bool("row", false, "print one Markdown table row instead of the report")
	cbcCover := fs.Bool("cbc-coverage", false, "also solve level 1 with CBC instead of taking the engine's max-flow value")
	if err := fs.Parse(args); err != nil {
		return err
	}
	in, name, err := loadInstance(*gen, *seed, fs.Args())
	if err != nil {
		return err
	}
	start, cpu0 := time.Now(), cpuTime()
	sch, err := matching.Solve(in)
	if err != nil {
		return err
	}
	took, cpu := time.Since(start), cpuTime()-cpu0
	st := sch.Stats
	if !*row {
		fmt.Fprintf(stdout, "instance:  %s: %d participants, %d experts, %d slots\n", name, len(in.Participants), len(in.Experts), len(in.Slots))
		fmt.Fprintf(stdout, "engine:    with ≥ 1..%d: %v, score %d, score_bound %d (%.2f%%), proven_optimal %v, %.2f s (CPU %.2f s)\n",
			len(st.WithAtLeast), st.WithAtLeast, st.TotalScore, st.ScoreBound, pct(st.TotalScore, st.ScoreBound), st.ProvenOptimal, took.Seconds(), cpu.Seconds())
	}
	path, err := exec.LookPath(*cbc)
	if err != nil {
		if *row {
			return fmt.Errorf("CBC not found (%s): apt-get install coinor-cbc", *cbc)
		}
		fmt.Fprintf(stdout, "optimum:   CBC not found (%s): install it with apt-get install coinor-cbc, or write the models with `netday-bench lp`\n", *cbc)
		return nil
	}
	dir := *keep
	if dir == "" {
		if dir, err = os.MkdirTemp("", "netday-check"); err != nil {
			return err
		}
		defer os.RemoveAll(dir)
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	m, err := newModel(in)
	if err != nil {
		return err
	}
	c := &cbcRunner{path: path, dir: dir, sec: *sec, m: m}
	cbcStart := time.Now()
	var opt []int
	proven := true
	capacity := seatCapacity(in)
	cache := filepath.Join(dir, "optimum.json")
	key, err := instanceKey(in)
	if err != nil {
		return err
	}
	var cached optimum
	if *keep != "" {
		if b, err := os.ReadFile(cache); err == nil && json.Unmarshal(b, &cached) == nil && cached.Key == key {
			fmt.Fprintf(os.Stderr, "netday-bench check: using CBC's results cached in %s\n", cache)
		} else {
			cached = optimum{}
		}
	}
	for k := 1; k <= len(st.WithAtLeast) && cached.Key == ""; k++ {
		if k > 1 && opt[k-2] == 0 {
			opt = append(opt, 0)
			continue
		}
		if k == 1 && !*cbcCover && len(in.Pins) == 0 {
			// Coverage is a max-flow (checked against Edmonds–Karp in
			// the tests); CBC only for -cbc-coverage.
			opt = append(opt, st.CoverageBound)
			continue
		}
		if equalInts(opt, st.WithAtLeast[:k-1]) && sum(opt)+st.WithAtLeast[k-1] >= capacity {
			// The engine's count at level k uses every seat left: no
			// schedule can do better (and the engine's schedule is one).
			opt = append(opt, st.WithAtLeast[k-1])
			continue
		}
		if sum(opt) >= capacity {
			// Every seat is used by the earlier levels: nobody can have
			// k meetings without someone losing one.
			opt = append(opt, 0)
			continue
		}
		r, err := c.run(fmt.Sprintf("level%d", k), opt, k, true)
		if err != nil {
			return fmt.Errorf("level %d: %w", k, err)
		}
		proven = proven && r.optimal
		opt = append(opt, int(math.Floor(r.obj+1e-6)))
	}
	var rs, lp cbcResult
	if cached.Key != "" {
		opt, proven, rs, lp = cached.Levels, cached.Proven, cbcResult{cached.Score, cached.ScoreProven}, cbcResult{cached.LP, true}
	} else {
		if rs, err = c.run("score", opt, 0, true); err != nil {
			return fmt.Errorf("score: %w", err)
		}
		if lp, err = c.run("score-lp", opt, 0, false); err != nil {
			return fmt.Errorf("score LP: %w", err)
		}
		if *keep != "" {
			b, _ := json.Marshal(optimum{Key: key, Levels: opt, Proven: proven, Score: rs.obj, ScoreProven: rs.optimal, LP: lp.obj, Seconds: time.Since(cbcStart).Seconds()})
			if err := os.WriteFile(cache, b, 0o644); err != nil {
				return err
			}
		}
	}
	cbcTook := time.Since(cbcStart)
	if cached.Key != "" {
		cbcTook = time.Duration(cached.Seconds * float64(time.Second))
	}
	best := int(math.Round(rs.obj))
	lpBound := int(math.Floor(lp.obj + 1e-6))
	same := equalInts(st.WithAtLeast, opt)
	status := "proven optimal"
	if !proven || !rs.optimal {
		status = "NOT proven (time limit): best found"
	}
	if *row {
		vec := "equal"
		if !same {
			vec = fmt.Sprintf("engine %v, optimum %v", st.WithAtLeast, opt)
		}
		fmt.Fprintf(stdout, "| %s | %s | %s | %s (%.2f s, CPU %.2f s) | %s | %s | %.3f%% | %s | %v | %.0f s |\n", name, ints(opt), vec,
			thousands(st.TotalScore), took.Seconds(), cpu.Seconds(), thousands(best), thousands(lpBound), pct(st.TotalScore, best), thousands(st.ScoreBound), st.ProvenOptimal, cbcTook.Seconds())
		return nil
	}
	fmt.Fprintf(stdout, "optimum:   with ≥ 1..%d: %v, score %d (CBC, %s; LP relaxation at that vector %d), %.0f s\n",
		len(opt), opt, best, status, lpBound, cbcTook.Seconds())
	verdict := "vector equal to the optimum"
	if !same {
		verdict = "vector DIFFERS from the optimum"
	}
	fmt.Fprintf(stdout, "verdict:   %s; score %.3f%% of the optimum at that vector\n", verdict, pct(st.TotalScore, best))
	return nil
}

// optimum is what CBC found for an instance, cached in the -dir directory.
type optimum struct {
	Key         string  `json:"key"`
	Levels      []int   `json:"levels"`
	Proven      bool    `json:"proven"`
	Score       float64 `json:"score"`
	ScoreProven bool    `json:"score_proven"`
	LP          float64 `json:"lp"`
	Seconds     float64 `json:"seconds"`
}

// instanceKey identifies an instance: the SHA-256 of its JSON.
func instanceKey(in *matching.Instance) (string, error) {
	b, err := json.Marshal(in)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}

// seatCapacity returns the most meetings the experts can give: per
// expert, its seats or its daily maximum, whichever is less.
func seatCapacity(in *matching.Instance) int {
	n := 0
	for _, e := range in.Experts {
		seats := 0
		for _, s := range in.Slots {
			seats += e.Seats[s]
		}
		if e.Max != nil {
			seats = min(seats, *e.Max)
		}
		n += seats
	}
	return n
}

func sum(v []int) int {
	n := 0
	for _, x := range v {
		n += x
	}
	return n
}

// cbcResult is what one CBC run found.
type cbcResult struct {
	obj     float64
	optimal bool
}

// cbcRunner writes models and runs CBC on them.
type cbcRunner struct {
	path string
	dir  string
	sec  int
	m    *model
}

func (c *cbcRunner) run(name string, levels []int, level int, binary bool) (cbcResult, error) {
	lpPath := filepath.Join(c.dir, name+".lp")
	solPath := filepath.Join(c.dir, name+".sol")
	f, err := os.Create(lpPath)
	if err != nil {
		return cbcResult{}, err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	c.m.write(w, levels, level, binary)
	if err := w.Flush(); err != nil {
		f.Close()
		return cbcResult{}, err
	}
	if err := f.Close(); err != nil {
		return cbcResult{}, err
	}
	args := []string{lpPath, "-sec", strconv.Itoa(c.sec)}
	if binary {
		args = append(args, "-solve")
	} else {
		args = append(args, "-initialSolve")
	}
	args = append(args, "-solu", solPath)
	out, err := exec.Command(c.path, args...).CombinedOutput()
	if err != nil {
		return cbcResult{}, fmt.Errorf("cbc: %w: %s", err, tail(out))
	}
	sol, err := os.ReadFile(solPath)
	if err != nil {
		return cbcResult{}, fmt.Errorf("cbc wrote no solution: %w: %s", err, tail(out))
	}
	first, _, _ := strings.Cut(string(sol), "\n")
	i := strings.Index(first, "objective value")
	if i < 0 {
		return cbcResult{}, fmt.Errorf("cbc: %s", first)
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(first[i+len("objective value"):]), 64)
	if err != nil {
		return cbcResult{}, fmt.Errorf("cbc objective %q: %w", first, err)
	}
	if strings.HasPrefix(first, "Infeasible") {
		return cbcResult{}, errors.New("cbc: infeasible")
	}
	return cbcResult{obj: v, optimal: strings.HasPrefix(first, "Optimal")}, nil
}

func tail(b []byte) string {
	s := strings.TrimSpace(string(b))
	if len(s) > 400 {
		s = "…" + s[len(s)-400:]
	}
	return s
}

// loadInstance generates an instance (gen "PxExS") or reads the file in args.
func loadInstance(gen string, seed int64, args []string) (*matching.Instance, string, error) {
	if gen != "" {
		var p, e, s int
		if _, err := fmt.Sscanf(strings.ReplaceAll(gen, "x", " "), "%d %d %d", &p, &e, &s); err != nil || p < 1 || e < 1 || s < 1 || s > matching.MaxSlots {
			return nil, "", fmt.Errorf("-gen %q: want PxExS", gen)
		}
		in := matching.Generate(matching.GenConfig{Participants: p, Experts: e, Slots: s, Seed: seed})
		return in, fmt.Sprintf("%d × %d × %d, seed %d", p, e, s, seed), nil
	}
	if len(args) != 1 {
		return nil, "", fmt.Errorf("want one instance file or -gen")
	}
	in, err := readInstance(args[0])
	return in, args[0], err
}

func pct(a, b int) float64 {
	if b == 0 {
		return 100
	}
	return 100 * float64(a) / float64(b)
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func ints(v []int) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = strconv.Itoa(x)
	}
	return strings.Join(s, " ")
}

// thousands formats n with commas: 1,234,567.
func thousands(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
