package main

import (
	"strings"
	"testing"
)

// TestSolveChecksWeightsWithScores: weights are checked even when the
// instance lists its scores and the engine never uses them.
func TestSolveChecksWeightsWithScores(t *testing.T) {
	for _, w := range []string{`{"wish": -1}`, `{"wish": 900, "areas": 900}`} {
		in := `{"slots": ["s1"], "participants": [{"id": "p1", "quota": 1}],
 "experts": [{"id": "e1", "seats": {"s1": 1}}],
 "scores": [{"p": "p1", "e": "e1", "score": 500}], "weights": ` + w + `}`
		code, out, errb := solveInput(t, strings.NewReader(in))
		if code != 2 || out != "" || !strings.Contains(errb, "weights:") {
			t.Errorf("weights %s: exit %d, stdout %q, stderr %q", w, code, out, errb)
		}
	}
}
