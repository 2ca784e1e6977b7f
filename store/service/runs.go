package service

import (
	"context"
	"fmt"
	"slices"

	"netday/matching"
	"netday/store"
)

// RunInfo is one line of the list of runs.
type RunInfo struct {
	Run       store.Run
	Figures   Figures
	Published bool // this run is the published schedule
}

// Runs lists the stored runs, newest first, with their figures.
func (s *Service) Runs() ([]RunInfo, error) {
	runs, err := s.st.Runs()
	if err != nil {
		return nil, err
	}
	pubID := 0
	if pub, err := s.st.PublishedRun(); err == nil {
		pubID = pub.ID
	}
	out := make([]RunInfo, 0, len(runs))
	for _, r := range runs {
		f, err := FiguresOf(r)
		if err != nil {
			return nil, err
		}
		out = append(out, RunInfo{Run: r, Figures: f, Published: r.ID == pubID})
	}
	return out, nil
}

// Run returns run id (0: the newest).
func (s *Service) Run(id int) (store.Run, error) { return s.runOrLatest(id) }

// Reproduce solves run id again from its stored input, seed and mode (an
// edit: its parent) and reports whether the meetings come out the same.
// differ counts meetings present in one schedule only.
func (s *Service) Reproduce(ctx context.Context, id int) (same bool, differ int, err error) {
	r, err := s.runOrLatest(id)
	if err != nil {
		return false, 0, err
	}
	src := r
	for src.Mode == "edit" && src.Parent != 0 {
		if src, err = s.st.Run(src.Parent); err != nil {
			return false, 0, fmt.Errorf("reproduce: %w", err)
		}
	}
	in, err := runInput(src)
	if err != nil {
		return false, 0, err
	}
	var sched *matching.Schedule
	switch src.Mode {
	case string(ModeReplan), string(ModeFull):
		base, err := s.st.Run(src.Base)
		if err != nil {
			return false, 0, fmt.Errorf("reproduce: the published run it was planned against: %w", err)
		}
		mode := matching.ModeReplan
		if src.Mode == string(ModeFull) {
			mode = matching.ModeFull
		}
		sched, err = matching.ResolveWith(in, toEngine(base.Meetings), matching.Options{Mode: mode, Context: ctx})
		if err != nil {
			return false, 0, fmt.Errorf("reproduce: %w", err)
		}
	default:
		if sched, err = matching.SolveContext(ctx, in); err != nil {
			return false, 0, fmt.Errorf("reproduce: %w", err)
		}
	}
	type key struct{ p, e, s string }
	got := map[key]bool{}
	for _, m := range sched.Meetings {
		got[key{m.P, m.E, m.Slot}] = true
	}
	for _, m := range src.Meetings {
		k := key{m.Participant, m.Expert, m.Slot}
		if got[k] {
			delete(got, k)
		} else {
			differ++
		}
	}
	differ += len(got)
	return differ == 0, differ, nil
}

// Sorted returns a copy of ms sorted by slot, expert, participant.
func Sorted(ms []store.Meeting) []store.Meeting {
	out := slices.Clone(ms)
	store.SortMeetings(out)
	return out
}
