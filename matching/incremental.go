package matching

import (
	"fmt"
	"time"
)

// Resolve re-plans after changes: it pins every published meeting whose
// participant and expert are still in the instance and which still keeps
// the hard rules, then solves for the rest, so late joiners get meetings
// and places freed by cancellations are reused without moving anybody
// else. Meetings of people who left are dropped silently; those of people
// still present that no longer fit (a slot removed, fewer seats, a lower
// quota...) are listed in Schedule.Dropped. The instance's own Pins come
// first and must be valid.
func Resolve(in *Instance, published []Meeting) (*Schedule, error) {
	start := time.Now()
	pr, err := build(in)
	if err != nil {
		return nil, err
	}
	pc := newPinChecker(pr)
	for i, pin := range in.Pins {
		if _, err := pc.check(i, pin); err != nil {
			return nil, fmt.Errorf("resolve: %w", err)
		}
	}
	pinned := make(map[Pin]bool, len(in.Pins))
	for _, pin := range in.Pins {
		pinned[pin] = true
	}
	var dropped []Meeting
	for i, m := range published {
		if pinned[Pin{P: m.P, E: m.E, Slot: m.Slot}] {
			continue // already pinned by the organiser
		}
		_, okP := pr.pIdx[m.P]
		_, okE := pr.eIdx[m.E]
		if !okP || !okE {
			continue // cancelled: the person has left
		}
		c, err := pc.check(len(in.Pins)+i, Pin{P: m.P, E: m.E, Slot: m.Slot})
		if err != nil {
			dropped = append(dropped, m)
			continue
		}
		pr.pins = append(pr.pins, c)
	}
	st, bound := solve(pr, defaultOptions(pr))
	sch := pr.schedule(st, bound)
	sch.Dropped = dropped
	sch.Stats.ElapsedMS = time.Since(start).Milliseconds()
	return sch, nil
}
