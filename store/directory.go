package store

import (
	"errors"
	"fmt"
)

// Directory is a read-only snapshot of what every session's expert lists
// and schedules show. Sessions share it: it is rebuilt once after a write,
// not once per session, and must not be modified.
type Directory struct {
	// Experts are the complete expert profiles, sorted by name.
	Experts []Profile
	// Availability maps an expert's fingerprint to their availability.
	Availability map[string]Availability
	// Booked counts published meetings per "expert|slot".
	Booked map[string]int
	// Published is the published run, nil before publication.
	Published *Run
	// Settings are the organisers' switches.
	Settings Settings
	// Requests maps an expert to the participants wishing for them.
	Requests map[string]int

	version uint64
}

// Directory returns the current shared snapshot, rebuilding it only when
// something was written since it was built.
func (s *Store) Directory() (*Directory, error) {
	v := s.version.Load()
	s.dirMu.Lock()
	defer s.dirMu.Unlock()
	if s.dir != nil && s.dir.version == v {
		return s.dir, nil
	}
	d := &Directory{version: v, Booked: map[string]int{}}
	profiles, err := s.Profiles()
	if err != nil {
		return nil, fmt.Errorf("directory: %w", err)
	}
	for _, p := range profiles {
		if p.Role == RoleExpert && p.Complete() {
			d.Experts = append(d.Experts, p)
		}
	}
	if d.Availability, err = s.Availabilities(); err != nil {
		return nil, fmt.Errorf("directory: %w", err)
	}
	switch run, err := s.PublishedRun(); {
	case err == nil:
		d.Published = &run
		for _, m := range run.Meetings {
			d.Booked[m.Expert+"|"+m.Slot]++
		}
	case !errors.Is(err, ErrNotFound):
		return nil, fmt.Errorf("directory: %w", err)
	}
	if d.Settings, err = s.Settings(); err != nil {
		return nil, fmt.Errorf("directory: %w", err)
	}
	if d.Requests, err = s.RequestCounts(); err != nil {
		return nil, fmt.Errorf("directory: %w", err)
	}
	s.dir = d
	return d, nil
}
