package service

import (
	"context"
	"slices"
	"strings"
	"testing"

	"netday/store"
)

// A published meeting that no longer fits (the expert went away) and is
// placed again elsewhere shows as moved in the diff; the figure line
// must not claim "Published meetings changed: 0" next to it without
// saying that it counts only the engine's own choices.
func TestPublishedChangedFigureSaysWhatItCounts(t *testing.T) {
	svc := newDay(t, 1, 1, "s1", "s2")
	r1, err := svc.RunMatching(context.Background(), ModeAuto)
	if err != nil || len(r1.Meetings) != 1 {
		t.Fatalf("run 1: %+v, %v", r1.Meetings, err)
	}
	if _, err := svc.Publish(r1.ID); err != nil {
		t.Fatal(err)
	}
	other := "s2"
	if r1.Meetings[0].Slot == "s2" {
		other = "s1"
	}
	if _, err := svc.Store().PutAvailability(store.Availability{Fingerprint: fp("e1"), Seats: map[string]int{other: 1}}); err != nil {
		t.Fatal(err)
	}
	r2, err := svc.RunMatching(context.Background(), ModeAuto)
	if err != nil {
		t.Fatal(err)
	}
	d, err := svc.DiffRun(r2.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, moved, _ := d.Counts(); moved != 1 {
		t.Fatalf("diff: %d moved, want 1", moved)
	}
	f, err := FiguresOf(r2)
	if err != nil {
		t.Fatal(err)
	}
	lines := f.Lines()
	if !slices.ContainsFunc(lines, func(l string) bool {
		return strings.HasPrefix(l, "Published meetings changed by choice: 0 (besides those that no longer fit)")
	}) {
		t.Fatalf("figure lines: %q", lines)
	}
}
