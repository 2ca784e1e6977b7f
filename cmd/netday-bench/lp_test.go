package main

import (
	"bufio"
	"bytes"
	"strings"
	"testing"

	"netday/matching"
)

func TestWriteLP(t *testing.T) {
	two := 2
	in := &matching.Instance{Slots: []string{"s1", "s2"},
		Participants: []matching.Participant{{ID: "p1", Quota: 2}, {ID: "p2", Quota: 1, Slots: []string{"s2"}}},
		Experts: []matching.Expert{{ID: "e1", Seats: map[string]int{"s1": 1, "s2": 1}, Max: &two},
			{ID: "e2", Seats: map[string]int{"s1": 1}}},
		Scores: []matching.PairScore{{P: "p1", E: "e1", Score: 700}, {P: "p1", E: "e2", Score: 600}, {P: "p2", E: "e1", Score: 300}},
		Pins:   []matching.Pin{{P: "p2", E: "e1", Slot: "s2"}}}
	m, err := newModel(in)
	if err != nil {
		t.Fatal(err)
	}
	write := func(levels []int, level int, binary bool) string {
		var b bytes.Buffer
		w := bufio.NewWriter(&b)
		m.write(w, levels, level, binary)
		w.Flush()
		return b.String()
	}
	lp := write([]int{2, 1}, 0, true)
	// Variables: p1 with e1 in s1 and s2 and with e2 in s1; p2 with e1 in s2 only.
	for _, want := range []string{
		"Maximize", "+ 700 x0_0_0", "+ 700 x0_0_1", "+ 600 x0_1_0", "+ 300 x1_0_1",
		" slot_0_0:\n + x0_0_0\n + x0_1_0\n <= 1",
		" pair_0_0:\n + x0_0_0\n + x0_0_1\n <= 1",
		" seats_0_1:\n + x0_0_1\n + x1_0_1\n <= 1",
		// the strong formulation: levels add up to the meetings, in order
		" lvl_0:\n + z0_1\n + z0_2\n - x0_0_0\n - x0_0_1\n - x0_1_0\n <= 0",
		" mono_0_2: z0_2 - z0_1 <= 0",
		" atleast_1:\n + z0_1\n + z1_1\n >= 2", " atleast_2:\n + z0_2\n >= 1",
		" x1_0_1 = 1", " 0 <= x0_0_0 <= 1", "Binary\n x0_0_0\n", " z1_1\nEnd", " day_0_0:",
	} {
		if !strings.Contains(lp, want) {
			t.Errorf("LP lacks %q:\n%s", want, lp)
		}
	}
	for _, bad := range []string{"x1_0_0", "seats_0_0", "quota_1_0", "2 z0_2"} {
		if strings.Contains(lp, bad) {
			t.Errorf("LP has %q (not free, redundant, or the weak formulation):\n%s", bad, lp)
		}
	}
	// -level 2 maximises the participants with at least two meetings.
	if lp := write([]int{2}, 2, false); !strings.Contains(lp, "Maximize\n obj:\n + z0_2\nSubject To") || strings.Contains(lp, "Binary") {
		t.Errorf("level objective:\n%s", lp)
	}
}
