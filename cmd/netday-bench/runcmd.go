package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"syscall"
	"time"

	"netday/matching"
)

// cmdRun solves one instance and prints one Markdown table row.
func cmdRun(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	gen := fs.String("gen", "", "generate PxExS instead of reading a file")
	seed := fs.Int64("seed", 1, "seed for -gen")
	late := fs.Bool("late", false, "also time Resolve with one late joiner, everything else pinned")
	header := fs.Bool("header", false, "print the table header first")
	joiners := fs.Int("joiners", 0, "instead: publish the day without its last N participants, then re-plan with them in every mode")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var in *matching.Instance
	var err error
	if *gen != "" {
		var p, e, s int
		if _, err := fmt.Sscanf(strings.ReplaceAll(*gen, "x", " "), "%d %d %d", &p, &e, &s); err != nil {
			return fmt.Errorf("-gen %q: want PxExS", *gen)
		}
		in = matching.Generate(matching.GenConfig{Participants: p, Experts: e, Slots: s, Seed: *seed})
	} else {
		if fs.NArg() != 1 {
			return fmt.Errorf("want one instance file or -gen")
		}
		if in, err = readInstance(fs.Arg(0)); err != nil {
			return err
		}
	}
	if *joiners > 0 {
		return lateJoiners(in, *joiners, stdout)
	}
	if *header {
		fmt.Fprintln(stdout, tableHeader)
	}
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	start, cpu0 := time.Now(), cpuTime()
	sch, err := matching.Solve(in)
	if err != nil {
		return err
	}
	elapsed, cpu := time.Since(start), cpuTime()-cpu0
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	lateCol := "–"
	if *late && len(in.Participants) > 1 {
		// The last participant joins late: solve without them, then re-plan.
		first := *in
		first.Participants = in.Participants[:len(in.Participants)-1]
		pub, err := matching.Solve(&first)
		if err != nil {
			return err
		}
		t0 := time.Now()
		again, err := matching.Resolve(in, pub.Meetings)
		if err != nil {
			return err
		}
		lateCol = fmt.Sprintf("%d ms (late joiner: %d meetings)", time.Since(t0).Milliseconds(), countFor(again, in.Participants[len(in.Participants)-1].ID))
	}
	st := sch.Stats
	fmt.Fprintf(stdout, "| %d × %d × %d | %.2f s (CPU %.2f s) | %d MB | %d MB | %d / %d | %v | %d | %d (bound %d) | %v | %s |\n",
		len(in.Participants), len(in.Experts), len(in.Slots), elapsed.Seconds(), cpu.Seconds(),
		maxRSS()>>20, (after.TotalAlloc-before.TotalAlloc)>>20,
		st.WithAtLeast[0], st.CoverageBound, st.WithAtLeast, st.Meetings, st.TotalScore, st.ScoreBound, st.ProvenOptimal, lateCol)
	return nil
}

const tableHeader = "| participants × experts × slots | solve time (CPU) | peak RSS | allocated | coverage / bound | with ≥ 1..6 meetings | meetings | total score (score_bound) | proven_optimal | re-plan, one late joiner |\n|---|---|---|---|---|---|---|---|---|---|"

// lateJoiners publishes the day without its last n participants, then
// re-plans with them in each mode and prints what happened.
func lateJoiners(in *matching.Instance, n int, stdout io.Writer) error {
	if n >= len(in.Participants) {
		return fmt.Errorf("-joiners %d: the day has %d participants", n, len(in.Participants))
	}
	first := *in
	first.Participants = in.Participants[:len(in.Participants)-n]
	pub, err := matching.Solve(&first)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "published: %d participants, with at least 1..k meetings %v\n", len(first.Participants), pub.Stats.WithAtLeast)
	for _, m := range []matching.Mode{matching.ModeKeep, matching.ModeReplan, matching.ModeFull} {
		t0 := time.Now()
		sch, err := matching.ResolveWith(in, pub.Meetings, matching.Options{Mode: m})
		if err != nil {
			return err
		}
		late := 0
		for _, p := range in.Participants[len(first.Participants):] {
			if countFor(sch, p.ID) > 0 {
				late++
			}
		}
		st := sch.Stats
		fmt.Fprintf(stdout, "%-6s  %d of %d late joiners placed; covered %d (pinned_coverage %d, coverage_bound %d); published meetings changed: %d; %v; %d ms\n",
			m, late, n, st.WithAtLeast[0], st.PinnedCoverage, st.CoverageBound, st.PublishedChanged, st.WithAtLeast, time.Since(t0).Milliseconds())
	}
	return nil
}

func countFor(s *matching.Schedule, id string) int {
	n := 0
	for _, m := range s.Meetings {
		if m.P == id {
			n++
		}
	}
	return n
}

// cpuTime returns the CPU time (user and system) this process used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// maxRSS returns the peak resident set size of this process in bytes.
func maxRSS() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Maxrss << 10 // Linux reports kilobytes
}

// cmdTable runs the standard sizes, each in a fresh process so that the
// peak memory is its own.
func cmdTable(args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		return fmt.Errorf("no arguments expected")
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, tableHeader)
	for _, size := range []string{"200x20x8", "1000x200x8", "2000x200x8", "2000x300x8", "2000x400x6", "5000x500x10", "20000x1000x12"} {
		cmd := exec.Command(self, "run", "-late", "-gen", size)
		cmd.Stdout, cmd.Stderr = stdout, stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("%s: %w", size, err)
		}
	}
	return nil
}
