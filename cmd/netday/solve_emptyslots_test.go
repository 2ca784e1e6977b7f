package main

import (
	"strings"
	"testing"
)

// TestSolveEmptySlotsMeansNoSlot: "slots": [] is a participant free in no
// slot, while an absent "slots" (or null) is free in every slot.
func TestSolveEmptySlotsMeansNoSlot(t *testing.T) {
	for _, c := range []struct {
		slots string
		want  int
	}{{``, 1}, {`, "slots": null`, 1}, {`, "slots": []`, 0}, {`, "slots": ["s2"]`, 1}} {
		in := `{"slots": ["s1", "s2"],
 "participants": [{"id": "p1", "quota": 2` + c.slots + `}],
 "experts": [{"id": "e1", "seats": {"s2": 1}}],
 "scores": [{"p": "p1", "e": "e1", "score": 500}], "seed": 1}`
		code, out, errb := solveInput(t, strings.NewReader(in))
		if code != 0 {
			t.Fatalf("%q: exit %d: %s", c.slots, code, errb)
		}
		if got := len(parseOutput(t, out).Meetings); got != c.want {
			t.Errorf("participant with %q: %d meetings, want %d", c.slots, got, c.want)
		}
	}
}
