package service

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"netday/matching"
	"netday/store"
)

// Mode says how RunMatching treats the published schedule.
type Mode string

// Run modes.
const (
	// ModeAuto re-plans around the published schedule if there is one and
	// solves from scratch otherwise.
	ModeAuto Mode = ""
	// ModeReplan keeps published meetings and places everybody else.
	ModeReplan Mode = "replan"
	// ModeFull solves from scratch: published meetings may move.
	ModeFull Mode = "full"
)

var (
	// ErrRunning is returned when a matching run is already in progress.
	ErrRunning = errors.New("a matching run is already in progress")
	// ErrNoParticipants is returned when no participant can be matched.
	ErrNoParticipants = errors.New("no participant has a complete profile yet")
)

// RunMatching solves the current instance and stores the result as a new,
// unpublished run. Only one run goes at a time (ErrRunning otherwise). Run
// n is solved with seed n, and the number is allocated in the transaction
// that saves it, so two runs never share a seed. ctx cancels the run; a
// cancelled run stores nothing.
func (s *Service) RunMatching(ctx context.Context, mode Mode) (store.Run, error) {
	if !s.runMu.TryLock() {
		return store.Run{}, ErrRunning
	}
	defer s.runMu.Unlock()
	for {
		run, err := s.solve(ctx, mode)
		if err != nil {
			return store.Run{}, err
		}
		saved, err := s.st.SaveRunNumbered(run)
		if errors.Is(err, store.ErrRunTaken) {
			continue // another writer took the number: solve again with the next
		}
		if err != nil {
			return store.Run{}, fmt.Errorf("run matching: %w", err)
		}
		return saved, nil
	}
}

// solve builds the run (not yet saved) for the next run number.
func (s *Service) solve(ctx context.Context, mode Mode) (store.Run, error) {
	id, err := s.st.NextRunID()
	if err != nil {
		return store.Run{}, fmt.Errorf("run matching: %w", err)
	}
	seed := int64(id)
	in, _, err := s.instance(seed)
	if err != nil {
		return store.Run{}, fmt.Errorf("run matching: %w", err)
	}
	if len(in.Participants) == 0 {
		return store.Run{}, ErrNoParticipants
	}
	run := store.Run{Seed: seed, Unplaced: map[string]string{}, Mode: "solve"}
	var published []matching.Meeting
	switch pub, err := s.st.PublishedRun(); {
	case err == nil:
		run.Base = pub.ID
		published = toEngine(pub.Meetings)
	case !errors.Is(err, store.ErrNotFound):
		return store.Run{}, fmt.Errorf("run matching: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return store.Run{}, fmt.Errorf("run matching: %w", err)
	}
	var sched *matching.Schedule
	switch {
	case run.Base == 0:
		sched, err = matching.SolveContext(ctx, in)
	case mode == ModeFull:
		run.Mode = string(ModeFull)
		sched, err = matching.ResolveWith(in, published, matching.Options{Mode: matching.ModeFull, Context: ctx})
	default:
		run.Mode = string(ModeReplan)
		sched, err = matching.ResolveWith(in, published, matching.Options{Mode: matching.ModeReplan, Context: ctx})
	}
	if err == nil {
		err = ctx.Err()
	}
	if err != nil {
		return store.Run{}, fmt.Errorf("run matching: %w", err)
	}
	run.Engine = sched.Stats.Version
	if len(sched.Changes) > 0 {
		run.Changes = map[string]string{}
		for _, c := range sched.Changes {
			run.Changes[store.MeetingKey(c.From.P, c.From.E)] = Sentence(c.Reason)
			if c.To != nil && c.To.E != c.From.E { // moved to another expert: the new meeting says why too
				run.Changes[store.MeetingKey(c.To.P, c.To.E)] = Sentence(c.Reason)
			}
		}
	}
	if run.Input, err = json.Marshal(in); err != nil {
		return store.Run{}, fmt.Errorf("run matching: encode input: %w", err)
	}
	if run.Stats, err = json.Marshal(sched.Stats); err != nil {
		return store.Run{}, fmt.Errorf("run matching: encode stats: %w", err)
	}
	weights := s.ev.Weights
	if in.Weights != nil {
		weights = *in.Weights
	}
	people := profilesOf(in)
	for _, m := range sched.Meetings {
		why := matching.Score(*people[m.P], *people[m.E], weights).Summary()
		run.Meetings = append(run.Meetings, store.Meeting{Participant: m.P, Expert: m.E, Slot: m.Slot, Score: m.Score, Why: why})
	}
	unplaced, err := in.Unplaced(sched)
	if err != nil {
		return store.Run{}, fmt.Errorf("run matching: explain unplaced: %w", err)
	}
	for _, u := range unplaced {
		run.Unplaced[u.P] = Sentence(u.Reason)
	}
	return run, nil
}

// toEngine converts stored meetings into the engine's.
func toEngine(ms []store.Meeting) []matching.Meeting {
	out := make([]matching.Meeting, len(ms))
	for i, m := range ms {
		out[i] = matching.Meeting{P: m.Participant, E: m.Expert, Slot: m.Slot, Score: m.Score}
	}
	return out
}

// profilesOf maps every person of in to their engine profile.
func profilesOf(in *matching.Instance) map[string]*matching.Profile {
	people := map[string]*matching.Profile{}
	for _, p := range in.Participants {
		people[p.ID] = p.Profile
	}
	for _, e := range in.Experts {
		people[e.ID] = e.Profile
	}
	return people
}

// Sentence capitalises a reason and ends it with a full stop.
func Sentence(s string) string {
	if s == "" {
		return s
	}
	s = strings.ToUpper(s[:1]) + s[1:]
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}
