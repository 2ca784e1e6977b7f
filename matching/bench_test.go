package matching

import (
	"runtime"
	"testing"
)

func benchSolve(b *testing.B, nP, nE, nS int) {
	in := Generate(GenConfig{Participants: nP, Experts: nE, Slots: nS, Seed: 1})
	b.ResetTimer()
	var sch *Schedule
	for i := 0; i < b.N; i++ {
		var err error
		if sch, err = Solve(in); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(sch.Stats.WithAtLeast[0])/float64(max(1, sch.Stats.CoverageBound)), "coverage/bound")
	b.ReportMetric(float64(sch.Stats.TotalScore), "score")
	b.ReportMetric(float64(sch.Stats.Meetings), "meetings")
}

func BenchmarkSolve200x20x8(b *testing.B)      { benchSolve(b, 200, 20, 8) }
func BenchmarkSolve2000x200x8(b *testing.B)    { benchSolve(b, 2000, 200, 8) }
func BenchmarkSolve20000x1000x12(b *testing.B) { benchSolve(b, 20000, 1000, 12) }

// BenchmarkResolveLateJoiner re-plans a 2,000-participant day with one late
// joiner, everything else pinned.
func BenchmarkResolveLateJoiner(b *testing.B) {
	in := Generate(GenConfig{Participants: 2001, Experts: 200, Slots: 8, Seed: 1})
	first := *in
	first.Participants = in.Participants[:2000]
	sch, err := Solve(&first)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Resolve(in, sch.Meetings); err != nil {
			b.Fatal(err)
		}
	}
}
