package tui

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"netday/matching"
	"netday/store"
	"netday/store/event"
)

// runMatching solves the current instance in the background and stores the
// result as a new (unpublished) run. Published meetings are kept as they
// are: the engine only places people around them.
func runMatching(s *session) tea.Cmd {
	st, ev := s.Store, s.Event
	return func() tea.Msg {
		run, err := solveAndSave(st, ev)
		return runDoneMsg{run: run, err: err}
	}
}

func solveAndSave(st *store.Store, ev event.Event) (store.Run, error) {
	seed := int64(1) // the run's own number: run n is solved with seed n
	switch last, err := st.LatestRun(); {
	case err == nil:
		seed = int64(last.ID + 1)
	case !errors.Is(err, store.ErrNotFound):
		return store.Run{}, fmt.Errorf("read runs: %w", err)
	}
	in, err := st.MatchingInstance(ev, seed)
	if err != nil {
		return store.Run{}, fmt.Errorf("read inputs: %w", err)
	}
	if len(in.Participants) == 0 {
		return store.Run{}, errors.New("no participant has a complete profile yet")
	}
	var sched *matching.Schedule
	if pub, perr := st.PublishedRun(); perr == nil {
		sched, err = matching.Resolve(in, toEngine(pub.Meetings))
	} else if errors.Is(perr, store.ErrNotFound) {
		sched, err = matching.Solve(in)
	} else {
		return store.Run{}, perr
	}
	if err != nil {
		return store.Run{}, fmt.Errorf("solve: %w", err)
	}
	input, err := json.Marshal(in)
	if err != nil {
		return store.Run{}, fmt.Errorf("encode input: %w", err)
	}
	stats, err := json.Marshal(sched.Stats)
	if err != nil {
		return store.Run{}, fmt.Errorf("encode stats: %w", err)
	}
	run := store.Run{Seed: seed, Input: input, Stats: stats, Unplaced: map[string]string{}}
	weights := ev.Weights
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
		return store.Run{}, fmt.Errorf("explain unplaced: %w", err)
	}
	for _, u := range unplaced {
		run.Unplaced[u.P] = sentence(u.Reason)
	}
	return st.SaveRun(run)
}

func toEngine(ms []store.Meeting) []matching.Meeting {
	out := make([]matching.Meeting, len(ms))
	for i, m := range ms {
		out[i] = matching.Meeting{P: m.Participant, E: m.Expert, Slot: m.Slot, Score: m.Score}
	}
	return out
}

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

// sentence capitalises a reason and ends it with a full stop.
func sentence(s string) string {
	if s == "" {
		return s
	}
	s = strings.ToUpper(s[:1]) + s[1:]
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}
