package store

import (
	"fmt"
	"maps"
	"slices"

	bolt "go.etcd.io/bbolt"

	"netday/matching"
	"netday/store/event"
)

// MatchProfile converts a stored profile, with the expert's availability and
// the participant's wish list (either may be nil), into the engine's
// profile: ID is the fingerprint, Seeks the LookingFor items, Wishes the wish
// list's experts, Stages the career stages an expert welcomes, and Slots
// the expert's slots with at least one seat (nil for a participant: see
// AttendSlots).
func MatchProfile(p Profile, a *Availability, w *WishList) matching.Profile {
	mp := matching.Profile{
		ID:           p.Fingerprint,
		Organisation: p.Organisation,
		CareerStage:  p.CareerStage,
		Areas:        slices.Clone(p.Areas),
		Languages:    slices.Clone(p.Languages),
		Seeks:        slices.Clone(p.LookingFor),
		Offers:       slices.Clone(p.Offers),
		Stages:       slices.Clone(p.Stages),
	}
	if w != nil {
		mp.Wishes = slices.Clone(w.Experts)
	}
	if a != nil && p.Role == RoleExpert {
		for _, id := range SortSlotIDs(slices.Collect(maps.Keys(a.Seats))) {
			if a.Seats[id] > 0 {
				mp.Slots = append(mp.Slots, id)
			}
		}
	}
	return mp
}

// AttendSlots returns the slots of ev a participant with attendance a can
// attend, in day order (nil when every slot).
func AttendSlots(ev event.Event, a Attendance) []string {
	if len(a.Away) == 0 {
		return nil
	}
	out := []string{}
	for _, sl := range ev.Slots {
		if !a.IsAway(sl.ID) {
			out = append(out, sl.ID)
		}
	}
	return out
}

// MatchingInstance builds the engine's instance for ev from one consistent
// read of the store. Participants are the complete participant profiles,
// each with its wish list, the slots it can attend and the meetings it
// wants (its Attendance: ev.Quota by default); experts are the complete
// expert profiles with at least one seat in one of ev's slots, with their
// seats (slots ev does not have are left out) and daily maximum. People who
// cancelled their whole day are left out, and so are participants who can
// attend none of the slots. Both are in fingerprint order. Scores are left
// to the engine (it scores from the profiles with ev.Weights); there are
// no pins.
func (s *Store) MatchingInstance(ev event.Event, seed int64) (*matching.Instance, error) {
	var (
		profiles []Profile
		avail    = map[string]Availability{}
		wishes   = map[string]WishList{}
		attend   = map[string]Attendance{}
		// cancelled: only the day-offs are used (run 0 has no meetings);
		// a cancelled slot is already away in attendance or availability.
		cancelled Cancellations
	)
	err := s.view(func(tx *bolt.Tx) error {
		if err := eachJSON(tx, profilesBucket, "profile", func(_ []byte, p Profile) error {
			profiles = append(profiles, p)
			return nil
		}); err != nil {
			return err
		}
		if err := eachJSON(tx, availabilityBucket, "availability", func(_ []byte, a Availability) error {
			avail[a.Fingerprint] = a
			return nil
		}); err != nil {
			return err
		}
		if err := eachJSON(tx, attendanceBucket, "attendance", func(_ []byte, a Attendance) error {
			attend[a.Fingerprint] = a
			return nil
		}); err != nil {
			return err
		}
		var err error
		if cancelled, err = cancellationsIn(tx, 0); err != nil {
			return err
		}
		lists, err := wishListsIn(tx)
		for _, w := range lists {
			wishes[w.Fingerprint] = w
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("matching instance: %w", err)
	}

	weights := ev.Weights
	in := &matching.Instance{
		Slots:        make([]string, 0, len(ev.Slots)),
		Participants: []matching.Participant{},
		Experts:      []matching.Expert{},
		Weights:      &weights,
		Seed:         seed,
	}
	inEvent := make(map[string]bool, len(ev.Slots))
	for _, sl := range ev.Slots {
		in.Slots = append(in.Slots, sl.ID)
		inEvent[sl.ID] = true
	}
	// profiles come from bbolt in key (fingerprint) order.
	for _, p := range profiles {
		if !p.Complete() {
			continue
		}
		if _, off := cancelled.DayOff[p.Fingerprint]; off {
			continue
		}
		switch p.Role {
		case RoleParticipant:
			var wp *WishList
			if w, ok := wishes[p.Fingerprint]; ok {
				wp = &w
			}
			a := attend[p.Fingerprint]
			slots := AttendSlots(ev, a)
			if slots != nil && len(slots) == 0 {
				continue // away in every slot
			}
			mp := MatchProfile(p, nil, wp)
			in.Participants = append(in.Participants, matching.Participant{
				ID: p.Fingerprint, Quota: a.Quota(ev.Quota), Slots: slots, Profile: &mp,
			})
		case RoleExpert:
			a, ok := avail[p.Fingerprint]
			if !ok {
				continue
			}
			seats := make(map[string]int, len(a.Seats))
			for id, n := range a.Seats {
				if n > 0 && inEvent[id] {
					seats[id] = n
				}
			}
			if len(seats) == 0 {
				continue
			}
			a.Seats = seats
			mp := MatchProfile(p, &a, nil)
			e := matching.Expert{ID: p.Fingerprint, Seats: seats, Profile: &mp}
			if a.DailyMax > 0 {
				m := a.DailyMax
				e.Max = &m
			}
			in.Experts = append(in.Experts, e)
		}
	}
	return in, nil
}
