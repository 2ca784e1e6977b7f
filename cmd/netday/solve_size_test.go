package main

import (
	"io"
	"strings"
	"testing"
)

// endless is an endless reader of spaces.
type endless struct{ n int64 }

func (e *endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	e.n += int64(len(p))
	return len(p), nil
}

// TestSolveRefusesHugeInput: input over the documented 64 MB cap is
// refused with exit status 2 after reading just past the cap.
func TestSolveRefusesHugeInput(t *testing.T) {
	src := &endless{}
	r := io.MultiReader(strings.NewReader(`{"slots": ["s1"],`), src)
	code, out, errb := solveInput(t, r)
	if code != 2 || out != "" || !strings.Contains(errb, "larger than the 64 MB limit") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errb)
	}
	if src.n > maxInstanceBytes+1<<20 {
		t.Errorf("read %d bytes, the cap is %d", src.n, maxInstanceBytes)
	}
}
