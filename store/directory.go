package store

import (
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// Directory is a read-only snapshot of what every session's expert lists
// and schedules show. Sessions share it: it is rebuilt once after a write,
// not once per session, and must not be modified.
type Directory struct {
	// Experts are the complete expert profiles, sorted by name.
	Experts []Profile
	// Availability maps an expert's fingerprint to their availability.
	Availability map[string]Availability
	// Booked counts published meetings per "expert|slot", cancelled ones
	// left out; BookedDay counts them per expert.
	Booked    map[string]int
	BookedDay map[string]int
	// Cancelled are the cancellations of published meetings and the
	// day-offs.
	Cancelled Cancellations
	// Published is the published run, nil before publication.
	Published *Run
	// Settings are the organisers' switches.
	Settings Settings
	// Requests maps an expert to the participants wishing for them.
	Requests map[string]int

	version uint64
}

// Directory returns the current shared snapshot, rebuilding it only when
// something was written since it was built. The snapshot is read in one
// transaction, so its parts always agree with each other.
func (s *Store) Directory() (*Directory, error) {
	v := s.version.Load()
	s.dirMu.Lock()
	defer s.dirMu.Unlock()
	if s.dir != nil && s.dir.version == v {
		return s.dir, nil
	}
	d := &Directory{version: v, Booked: map[string]int{}, BookedDay: map[string]int{}, Availability: map[string]Availability{}}
	err := s.view(func(tx *bolt.Tx) error {
		profiles, err := profilesIn(tx)
		if err != nil {
			return err
		}
		for _, p := range profiles {
			if p.Role == RoleExpert && p.Complete() {
				d.Experts = append(d.Experts, p)
			}
		}
		if err := eachJSON(tx, availabilityBucket, "availability", func(k []byte, a Availability) error {
			d.Availability[string(k)] = a
			return nil
		}); err != nil {
			return err
		}
		run, ok, err := publishedIn(tx)
		if err != nil {
			return err
		}
		id := 0
		if ok {
			d.Published, id = &run, run.ID
		}
		if d.Cancelled, err = cancellationsIn(tx, id); err != nil {
			return err
		}
		if ok {
			for _, m := range run.Meetings {
				if _, off := d.Cancelled.Cancelled(m); !off {
					d.Booked[m.Expert+"|"+m.Slot]++
					d.BookedDay[m.Expert]++
				}
			}
		}
		if d.Settings, err = settingsIn(tx); err != nil {
			return err
		}
		lists, err := wishListsIn(tx)
		d.Requests = requestCounts(lists)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("directory: %w", err)
	}
	s.dir = d
	return d, nil
}

// FreeSlots counts the slots in which expert fp can still be booked: slots
// with a seat not taken by a (not cancelled) published meeting, and, for an
// expert with a daily maximum, no more than the meetings they have left.
func (d *Directory) FreeSlots(fp string) int {
	a, ok := d.Availability[fp]
	if !ok {
		return 0
	}
	n := 0
	for slot, seats := range a.Seats {
		if seats > d.Booked[fp+"|"+slot] {
			n++
		}
	}
	if a.DailyMax > 0 {
		n = min(n, max(a.DailyMax-d.BookedDay[fp], 0))
	}
	return n
}
