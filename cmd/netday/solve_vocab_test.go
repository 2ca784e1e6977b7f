package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"runtime"
	"testing"

	"netday/matching"
)

// TestSolveManyDistinctAreasStaysSmall: a 12 MB profile file in which
// nearly every interest area is different (over 200,000 of them) used to
// give every person a bitset as wide as the whole vocabulary (30 s and
// 800 MB). Sets now cost what they hold: the whole run, JSON included,
// allocates a small multiple of the file.
func TestSolveManyDistinctAreasStaysSmall(t *testing.T) {
	in := matching.Instance{Slots: []string{"s1", "s2"}, Seed: 1}
	areas := func(who string, n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = fmt.Sprintf("area %s %03d %s", who, i, "of a rather long and specific kind")
		}
		// one area in common with everybody
		return append(out, "Housing")
	}
	for p := 0; p < 4000; p++ {
		id := fmt.Sprintf("p%04d", p)
		in.Participants = append(in.Participants, matching.Participant{ID: id, Quota: 1,
			Profile: &matching.Profile{Languages: []string{"English"}, Areas: areas(id, 60)}})
	}
	for e := 0; e < 100; e++ {
		id := fmt.Sprintf("e%03d", e)
		in.Experts = append(in.Experts, matching.Expert{ID: id, Seats: map[string]int{"s1": 6, "s2": 6},
			Profile: &matching.Profile{Languages: []string{"English"}, Areas: areas(id, 50)}})
	}
	data, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if len(data) < 12<<20 {
		t.Fatalf("the file is %d bytes, want at least 12 MB", len(data))
	}
	runtime.GC()
	var before, mid, after runtime.MemStats
	runtime.ReadMemStats(&before)
	if err := in.Validate(); err != nil { // scores every pair
		t.Fatal(err)
	}
	runtime.ReadMemStats(&mid)
	code, out, errb := solveInput(t, bytes.NewReader(data))
	runtime.ReadMemStats(&after)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb)
	}
	o := parseOutput(t, out)
	if o.Stats.WithAtLeast[0] != 1200 {
		t.Errorf("coverage %d, want 1,200 (every seat)", o.Stats.WithAtLeast[0])
	}
	scoring, alloc := mid.TotalAlloc-before.TotalAlloc, after.TotalAlloc-mid.TotalAlloc
	t.Logf("%d MB of JSON; scoring allocates %d MB, the whole run %d MB", len(data)>>20, scoring>>20, alloc>>20)
	if scoring > 8*uint64(len(data)) || alloc > 30*uint64(len(data)) {
		t.Errorf("scoring allocated %d MB, the run %d MB, for a %d MB file", scoring>>20, alloc>>20, len(data)>>20)
	}
}
