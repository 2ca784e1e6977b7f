package service

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"netday/matching"
	"netday/store"
)

// StaleError refuses to publish a run whose inputs changed since it was
// made: availability, profiles, wish lists, pins or the published schedule.
type StaleError struct {
	Run     int
	Changes int
}

func (e *StaleError) Error() string {
	return fmt.Sprintf("the run is stale: %s since; run again", pluralOf(e.Changes, "change"))
}

// Changes counts what changed in the day's inputs since run r was made:
// one per participant or expert added, removed or changed (profile,
// availability, wish list), one per pin added or removed, and one if
// another run was published since r was planned.
func (s *Service) Changes(r store.Run) (int, error) {
	then, err := runInput(r)
	if err != nil {
		return 0, err
	}
	now, _, err := s.instance(r.Seed)
	if err != nil {
		return 0, err
	}
	n := countDiff(people(then), people(now))
	n += countDiff(pinSet(then), pinSet(now))
	switch pub, err := s.st.PublishedRun(); {
	case err == nil:
		if pub.ID != r.Base && pub.ID != r.ID {
			n++
		}
	case !errors.Is(err, store.ErrNotFound):
		return 0, err
	default:
		if r.Base != 0 {
			n++
		}
	}
	return n, nil
}

// people maps every participant and expert of in to its encoding.
func people(in *matching.Instance) map[string][]byte {
	out := map[string][]byte{}
	for _, p := range in.Participants {
		b, _ := json.Marshal(p)
		out["p"+p.ID] = b
	}
	for _, e := range in.Experts {
		b, _ := json.Marshal(e)
		out["e"+e.ID] = b
	}
	return out
}

// pinSet maps every pin of in to an empty encoding.
func pinSet(in *matching.Instance) map[string][]byte {
	out := map[string][]byte{}
	for _, p := range in.Pins {
		out[p.P+"|"+p.E+"|"+p.Slot] = nil
	}
	return out
}

// countDiff counts keys present in one map only or with different values.
func countDiff(a, b map[string][]byte) int {
	n := 0
	for k, va := range a {
		if vb, ok := b[k]; !ok || !bytes.Equal(va, vb) {
			n++
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			n++
		}
	}
	return n
}

func pluralOf(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
