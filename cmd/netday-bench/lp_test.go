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
		Experts:      []matching.Expert{{ID: "e1", Seats: map[string]int{"s1": 1, "s2": 2}, Max: &two}},
		Scores:       []matching.PairScore{{P: "p1", E: "e1", Score: 700}, {P: "p2", E: "e1", Score: 300}},
		Pins:         []matching.Pin{{P: "p2", E: "e1", Slot: "s2"}}}
	pairs, err := in.EligiblePairs()
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	w := bufio.NewWriter(&b)
	if err := writeLP(w, in, pairs, []int{2, 1}, true); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	lp := b.String()
	// Variables: p1 in s1 and s2, p2 in s2 only.
	for _, want := range []string{
		"Maximize", "+ 700 x0_0_0", "+ 700 x0_0_1", "+ 300 x1_0_1",
		" pair_0_0:\n + x0_0_0\n + x0_0_1\n <= 1",
		" seats_0_1:\n + x0_0_1\n + x1_0_1\n <= 2",
		" day_0_0:", "<= 2", " quota_0_0:",
		" lvl_0_2: 2 z0_2\n - x0_0_0\n - x0_0_1\n <= 0",
		" atleast_1:", " atleast_2:\n + z0_2\n >= 1",
		" x1_0_1 = 1", " 0 <= x0_0_0 <= 1", "Binary\n x0_0_0\n", " z0_2\nEnd",
	} {
		if !strings.Contains(lp, want) {
			t.Errorf("LP lacks %q:\n%s", want, lp)
		}
	}
	if strings.Contains(lp, "x1_0_0") {
		t.Error("p2 is not free in s1 but has a variable there")
	}
}
