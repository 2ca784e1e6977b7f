package service

import (
	"strings"
	"testing"
)

// TestRunSaysProvenOptimal: on a day too big for the engine's exact search
// (30 participants, 6 experts with one seat in each of three slots), the
// engine's certificate still proves the run optimal, and the organiser's
// figures say so instead of "within x% of optimal".
func TestRunSaysProvenOptimal(t *testing.T) {
	svc := newDay(t, 30, 6, "s1", "s2", "s3")
	_, f := runFigures(t, svc)
	text := strings.Join(f.Lines(), "\n")
	if !f.ProvenOptimal || f.ScoreBound != f.TotalScore || !strings.Contains(text, "proven optimal") {
		t.Errorf("proven %v, score %d, bound %d:\n%s", f.ProvenOptimal, f.TotalScore, f.ScoreBound, text)
	}
}
