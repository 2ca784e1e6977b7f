package service

import (
	"encoding/json"
	"fmt"

	"netday/matching"
	"netday/store"
)

// instance reads the engine's instance for the day as it is now, with the
// organisers' pins that still fit. Pins of people who left, or that break a
// hard rule now (the expert set the slot away…), are returned apart.
func (s *Service) instance(seed int64) (*matching.Instance, []store.Pin, error) {
	in, err := s.st.MatchingInstance(s.ev, seed)
	if err != nil {
		return nil, nil, fmt.Errorf("read inputs: %w", err)
	}
	pins, err := s.st.Pins()
	if err != nil {
		return nil, nil, err
	}
	present := map[string]bool{}
	for _, p := range in.Participants {
		present[p.ID] = true
	}
	for _, e := range in.Experts {
		present[e.ID] = true
	}
	var gone []store.Pin
	for _, p := range pins {
		if !present[p.Participant] || !present[p.Expert] {
			gone = append(gone, p)
			continue
		}
		in.Pins = append(in.Pins, matching.Pin{P: p.Participant, E: p.Expert, Slot: p.Slot})
		if err := in.Validate(); err != nil { // the pin no longer fits: leave it out
			in.Pins = in.Pins[:len(in.Pins)-1]
			gone = append(gone, p)
		}
	}
	return in, gone, nil
}

// runInput decodes the instance a run was solved from.
func runInput(r store.Run) (*matching.Instance, error) {
	in := &matching.Instance{}
	if len(r.Input) == 0 {
		return in, nil
	}
	if err := json.Unmarshal(r.Input, in); err != nil {
		return nil, fmt.Errorf("run %d: decode input: %w", r.ID, err)
	}
	return in, nil
}

// runStats decodes the engine's figures of a run.
func runStats(r store.Run) (matching.Stats, error) {
	var st matching.Stats
	if len(r.Stats) == 0 {
		return st, nil
	}
	if err := json.Unmarshal(r.Stats, &st); err != nil {
		return st, fmt.Errorf("run %d: decode figures: %w", r.ID, err)
	}
	return st, nil
}
