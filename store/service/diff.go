package service

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"

	"netday/store"
)

// Kinds of DiffEntry.
const (
	Added   = "added"
	Moved   = "moved"
	Removed = "removed"
)

// DiffEntry is one difference between a run and the published schedule.
type DiffEntry struct {
	Kind        string // Added, Moved or Removed
	Participant string
	Expert      string // the expert of the published meeting (Added: of the new one)
	FromSlot    string // published slot; empty for Added
	ToSlot      string // new slot; empty for Removed
	Reason      string // why, in one sentence
}

// Diff is how a run differs from the published schedule.
type Diff struct {
	Run       int // the run compared
	Published int // the published run; 0 if nothing is published
	Entries   []DiffEntry
	Kept      int // published meetings the run keeps as they are
}

// Counts returns how many meetings the diff adds, moves and removes.
func (d Diff) Counts() (added, moved, removed int) {
	for _, e := range d.Entries {
		switch e.Kind {
		case Added:
			added++
		case Moved:
			moved++
		case Removed:
			removed++
		}
	}
	return
}

// DiffRun compares run id (0: the newest run) with the published schedule.
func (s *Service) DiffRun(id int) (Diff, error) {
	r, err := s.runOrLatest(id)
	if err != nil {
		return Diff{}, err
	}
	var pub *store.Run
	switch p, err := s.st.PublishedRun(); {
	case err == nil:
		pub = &p
	case !errors.Is(err, store.ErrNotFound):
		return Diff{}, fmt.Errorf("diff: %w", err)
	}
	return DiffOf(r, pub), nil
}

// DiffOf compares run r with the published run pub (nil: nothing
// published, every meeting is added). A meeting of the same pair in
// another slot, or one the engine says it moved to another expert, is
// moved; reasons come from the engine, or the edit's note.
func DiffOf(r store.Run, pub *store.Run) Diff {
	d := Diff{Run: r.ID}
	type pair struct{ p, e string }
	now := map[pair]store.Meeting{}
	for _, m := range r.Meetings {
		now[pair{m.Participant, m.Expert}] = m
	}
	had := map[string]bool{} // participants with a published meeting
	used := map[pair]bool{}
	if pub != nil {
		d.Published = pub.ID
		for _, m := range pub.Meetings {
			had[m.Participant] = true
		}
		for _, m := range pub.Meetings {
			why := r.Changes[store.MeetingKey(m.Participant, m.Expert)]
			if n, ok := now[pair{m.Participant, m.Expert}]; ok {
				used[pair{m.Participant, m.Expert}] = true
				if n.Slot == m.Slot {
					d.Kept++
					continue
				}
				d.Entries = append(d.Entries, DiffEntry{Kind: Moved, Participant: m.Participant, Expert: m.Expert,
					FromSlot: m.Slot, ToSlot: n.Slot, Reason: cmp.Or(why, "The re-plan found a better place.")})
				continue
			}
			d.Entries = append(d.Entries, DiffEntry{Kind: Removed, Participant: m.Participant, Expert: m.Expert,
				FromSlot: m.Slot, Reason: cmp.Or(why, "Not in this run.")})
		}
	}
	for _, m := range r.Meetings {
		if used[pair{m.Participant, m.Expert}] {
			continue
		}
		why := "A further meeting for this participant."
		if !had[m.Participant] {
			why = "A first meeting for this participant."
		}
		if pub == nil {
			why = "New schedule."
		}
		if c := r.Changes[store.MeetingKey(m.Participant, m.Expert)]; c != "" {
			why = c
		}
		d.Entries = append(d.Entries, DiffEntry{Kind: Added, Participant: m.Participant, Expert: m.Expert,
			ToSlot: m.Slot, Reason: why})
	}
	// Moved first, then removed, then added; each by slot.
	slices.SortStableFunc(d.Entries, func(a, b DiffEntry) int {
		return cmp.Or(kindOrder(a.Kind)-kindOrder(b.Kind), store.CompareSlotIDs(cmp.Or(a.ToSlot, a.FromSlot), cmp.Or(b.ToSlot, b.FromSlot)),
			strings.Compare(a.Participant, b.Participant))
	})
	return d
}

func kindOrder(k string) int {
	return map[string]int{Moved: 0, Removed: 1, Added: 2}[k]
}

// runOrLatest returns run id, or the newest run for id 0.
func (s *Service) runOrLatest(id int) (store.Run, error) {
	var (
		r   store.Run
		err error
	)
	if id == 0 {
		r, err = s.st.LatestRun()
		if errors.Is(err, store.ErrNotFound) {
			return r, ErrNoRun
		}
	} else {
		r, err = s.st.Run(id)
		if errors.Is(err, store.ErrNotFound) {
			return r, fmt.Errorf("there is no run %d: %w", id, store.ErrNotFound)
		}
	}
	return r, err
}

// ErrNoRun is returned when an operation needs a run and none was made.
var ErrNoRun = errors.New("no matching run yet: run the matching first")
