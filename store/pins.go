package store

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// KindPins: the organisers' pinned meetings changed; Key is empty.
const KindPins = "pins"

// MaxPins is the most pinned meetings the store keeps.
const MaxPins = 10000

// pinsKey holds the pinned meetings in the settings bucket.
var pinsKey = []byte("pins")

// Pin is a meeting the organisers fixed by hand: every later matching run
// keeps it.
type Pin struct {
	Participant string `json:"participant"`
	Expert      string `json:"expert"`
	Slot        string `json:"slot"`
}

// Pins returns the pinned meetings, sorted by slot, expert, participant.
func (s *Store) Pins() ([]Pin, error) {
	var out []Pin
	err := s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(settingsBucket)
		if b == nil {
			return errNoBucket(settingsBucket)
		}
		if raw := b.Get(pinsKey); raw != nil {
			return json.Unmarshal(raw, &out)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("pins: %w", err)
	}
	return out, nil
}

// PutPins replaces the pinned meetings. Each needs two different
// fingerprints and a slot id, and a pair or a (participant, slot) may appear
// only once. Subscribers get a KindPins Change.
func (s *Store) PutPins(pins []Pin) error {
	pins = slices.Clone(pins)
	if len(pins) > MaxPins {
		return fmt.Errorf("put pins: at most %d pins", MaxPins)
	}
	type pair struct{ a, b string }
	seen := map[pair]bool{}
	for i, p := range pins {
		switch {
		case !ValidFingerprint(p.Participant) || !ValidFingerprint(p.Expert) || p.Participant == p.Expert:
			return fmt.Errorf("put pins: pin %d: not two SSH key fingerprints", i+1)
		case !ValidSlotID(p.Slot):
			return fmt.Errorf("put pins: pin %d: not a slot id", i+1)
		case seen[pair{p.Participant, p.Expert}] || seen[pair{p.Participant, "@" + p.Slot}]:
			return fmt.Errorf("put pins: pin %d: the participant is pinned twice with this expert or in this slot", i+1)
		}
		seen[pair{p.Participant, p.Expert}] = true
		seen[pair{p.Participant, "@" + p.Slot}] = true
	}
	slices.SortFunc(pins, func(a, b Pin) int {
		return cmp.Or(compareSlotIDs(a.Slot, b.Slot), strings.Compare(a.Expert, b.Expert),
			strings.Compare(a.Participant, b.Participant))
	})
	data, err := json.Marshal(pins)
	if err != nil {
		return fmt.Errorf("put pins: %w", err)
	}
	err = s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(settingsBucket)
		if b == nil {
			return errNoBucket(settingsBucket)
		}
		return b.Put(pinsKey, data)
	})
	if err != nil {
		return fmt.Errorf("put pins: %w", err)
	}
	s.Notify(Change{Kind: KindPins})
	return nil
}
