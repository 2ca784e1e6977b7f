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
// list's experts, and Slots the expert's slots with at least one seat (nil
// for a participant, who is free in every slot).
func MatchProfile(p Profile, a *Availability, w *WishList) matching.Profile {
	mp := matching.Profile{
		ID:           p.Fingerprint,
		Organisation: p.Organisation,
		CareerStage:  p.CareerStage,
		Areas:        slices.Clone(p.Areas),
		Languages:    slices.Clone(p.Languages),
		Seeks:        slices.Clone(p.LookingFor),
		Offers:       slices.Clone(p.Offers),
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

// MatchingInstance builds the engine's instance for ev from one consistent
// read of the store. Participants are the complete participant profiles,
// each with quota ev.Quota and its wish list; experts are the complete
// expert profiles with at least one seat in one of ev's slots, with their
// seats (slots ev does not have are left out) and daily maximum. Both are
// in fingerprint order. Scores are left to the engine (it scores from the
// profiles with ev.Weights); there are no pins.
func (s *Store) MatchingInstance(ev event.Event, seed int64) (*matching.Instance, error) {
	var (
		profiles []Profile
		avail    = map[string]Availability{}
		wishes   = map[string]WishList{}
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
		switch p.Role {
		case RoleParticipant:
			var wp *WishList
			if w, ok := wishes[p.Fingerprint]; ok {
				wp = &w
			}
			mp := MatchProfile(p, nil, wp)
			in.Participants = append(in.Participants, matching.Participant{
				ID: p.Fingerprint, Quota: ev.Quota, Profile: &mp,
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
