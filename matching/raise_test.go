package matching

import (
	"slices"
	"testing"
)

// TestRaiseLiftsCounts: two small days (cut down from the instances an
// outside check with CBC found) on which the chain rounds stop one second
// meeting short and the engine 2.1.0 kept that: in raise-seat-left a
// participant free in s1 could take the seat left at e19 there; in
// raise-pin-daymax a pin and an expert with a daily maximum of 1 hide the
// chain. levelMax says one more is possible, and the raise finds it. The
// counts and scores are CBC's proven optima.
func TestRaiseLiftsCounts(t *testing.T) {
	cases := []struct {
		file   string
		counts []int
		score  int
	}{
		{"testdata/raise-seat-left.json", []int{4, 4}, 3896},
		{"testdata/raise-pin-daymax.json", []int{7, 2}, 275},
	}
	for _, c := range cases {
		_, sch := solveFile(t, c.file)
		got := sch.Stats.WithAtLeast
		if !slices.Equal(got[:len(c.counts)], c.counts) || slices.ContainsFunc(got[len(c.counts):], func(n int) bool { return n != 0 }) ||
			sch.Stats.TotalScore != c.score {
			t.Errorf("%s: counts %v score %d; the optimum is %v with %d", c.file, got, sch.Stats.TotalScore, c.counts, c.score)
		}
	}
}
