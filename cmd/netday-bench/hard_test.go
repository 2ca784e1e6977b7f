package main

import (
	"bufio"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"netday/matching"
)

// TestHardDays solves the random days in testdata/hard, on which the
// slots bind (people free in few slots, experts at few tables) and earlier
// versions of the engine fell short of the exact optimum: day-01 to day-26
// (down to 96.5% of the score), and day-27 to day-48, which an outside
// check with CBC found the engine 2.1.0 off on (six with fewer people at
// some count, the others down to 90.3% of the score), and day-49, on
// which a third check found 2.2.0 at 99.36% before its second slot
// relaxation from the best schedule. Each is compared
// with CBC's proven optimum in testdata/hard/optimum.txt (reproduced by
// `netday-bench check FILE`): the counts must equal the optimum's, the
// score be within 0.1% of it (the target; its floor is 99.5%),
// score_bound not below it, and proven_optimal only on an optimum. The
// engine is deterministic, so this holds on every machine.
func TestHardDays(t *testing.T) {
	const (
		hardDays  = 49 // the files in testdata/hard
		hardExact = 47 // of them at the optimum score (the others within 0.1%)
	)
	f, err := os.Open("testdata/hard/optimum.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n, exact := 0, 0
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || line == "" {
			continue
		}
		parts := strings.Split(line, "|")
		if len(parts) != 3 {
			t.Fatalf("bad line %q", line)
		}
		var want []int
		for _, v := range strings.Fields(parts[1]) {
			x, _ := strconv.Atoi(v)
			want = append(want, x)
		}
		opt, _ := strconv.Atoi(parts[2])
		in, err := readInstance(filepath.Join("testdata/hard", parts[0]))
		if err != nil {
			t.Fatal(err)
		}
		sch, err := matching.Solve(in)
		if err != nil {
			t.Fatal(err)
		}
		st := sch.Stats
		n++
		if st.TotalScore == opt {
			exact++
		}
		got := trimZeros(st.WithAtLeast)
		if !slices.Equal(got, trimZeros(want)) || st.TotalScore*1000 < opt*999 || st.ScoreBound < opt {
			t.Errorf("%s: counts %v score %d (bound %d); optimum %v score %d", parts[0], st.WithAtLeast, st.TotalScore, st.ScoreBound, want, opt)
		}
		if st.ProvenOptimal && st.TotalScore != opt {
			t.Errorf("%s: proven_optimal with score %d, below the optimum %d", parts[0], st.TotalScore, opt)
		}
	}
	if n != hardDays {
		t.Fatalf("%d days read, want %d", n, hardDays)
	}
	if exact < hardExact {
		t.Errorf("%d of %d days at the optimum score, want at least %d", exact, n, hardExact)
	}
	t.Logf("%d of %d days at the optimum", exact, n)
}

// trimZeros drops the trailing zero counts, so that count vectors of
// different lengths compare.
func trimZeros(v []int) []int {
	for len(v) > 0 && v[len(v)-1] == 0 {
		v = v[:len(v)-1]
	}
	return v
}
