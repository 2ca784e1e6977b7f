package store

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"

	"netday/matching"
	"netday/store/clean"
	"netday/store/event"
)

// Limits of an expert's availability.
const (
	// MaxSeats is the most participants an expert sees in one slot (6, the
	// engine's limit).
	MaxSeats = matching.MaxSeats
	// MaxDailyMax is the largest daily maximum of meetings (one per slot of
	// the longest event).
	MaxDailyMax = event.MaxSlots
)

// ErrNotExpert is returned (wrapped) by PutAvailability for a key without an
// expert profile or without an expert grant.
var ErrNotExpert = errors.New("only experts can publish availability: save an expert profile first")

// Availability is an expert's published availability: how many participants
// they see in each slot and how many meetings at most in the day.
type Availability struct {
	Fingerprint string         `json:"fingerprint"`
	Seats       map[string]int `json:"seats"`     // slot id ("s1") → 1..MaxSeats; absent = away
	DailyMax    int            `json:"daily_max"` // 0 = no maximum, else 1..MaxDailyMax
	Updated     time.Time      `json:"updated"`
}

// Validate checks the fingerprint, that every slot id looks like "s1".."s99"
// with 0..MaxSeats seats, that there are at most event.MaxSlots entries and
// that DailyMax is in 0..MaxDailyMax. It returns a *ValidationError or nil.
func (a Availability) Validate() error {
	e := &ValidationError{Record: "availability"}
	checkFingerprint(e, "fingerprint", a.Fingerprint)
	if len(a.Seats) > event.MaxSlots {
		e.add("seats", "must have at most %d slots", event.MaxSlots)
	} else {
		for _, id := range SortSlotIDs(slices.Collect(maps.Keys(a.Seats))) {
			n := a.Seats[id]
			switch {
			case !ValidSlotID(id):
				e.add("seats", "has an unknown slot %q", clean.Line(id, 10))
			case n < 0 || n > MaxSeats:
				e.add("seats", "must be between 0 and %d in slot %s, not %d", MaxSeats, id, n)
			default:
				continue
			}
			break
		}
	}
	if a.DailyMax < 0 || a.DailyMax > MaxDailyMax {
		e.add("daily_max", "must be between 0 (no maximum) and %d", MaxDailyMax)
	}
	if len(e.Fields) > 0 {
		return e
	}
	return nil
}

// PutAvailability validates a and stores it for its expert, dropping slots
// with zero seats. Only a key with an expert profile and an expert grant may
// publish availability (else an error wrapping ErrNotExpert). Updated is
// now, in UTC. Subscribers get a KindAvailability Change. It returns the
// stored value; a validation failure wraps a *ValidationError.
func (s *Store) PutAvailability(a Availability) (Availability, error) {
	if err := a.Validate(); err != nil {
		return Availability{}, fmt.Errorf("put availability %s: %w", a.Fingerprint, err)
	}
	seats := make(map[string]int, len(a.Seats))
	for id, n := range a.Seats {
		if n > 0 {
			seats[id] = n
		}
	}
	a.Seats = seats
	a.Updated = time.Now().UTC().Round(0)
	err := s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(availabilityBucket)
		if b == nil {
			return errNoBucket(availabilityBucket)
		}
		p, err := profileIn(tx, a.Fingerprint)
		if err != nil {
			return err
		}
		if p == nil || p.Role != RoleExpert || !hasGrant(tx, a.Fingerprint) {
			return ErrNotExpert
		}
		data, err := json.Marshal(a)
		if err != nil {
			return err
		}
		return b.Put([]byte(a.Fingerprint), data)
	})
	if err != nil {
		return Availability{}, fmt.Errorf("put availability %s: %w", a.Fingerprint, err)
	}
	s.Notify(Change{Kind: KindAvailability, Key: a.Fingerprint})
	return a, nil
}

// Availability returns the availability of the expert fingerprint, or an
// error wrapping ErrNotFound.
func (s *Store) Availability(fingerprint string) (Availability, error) {
	var a Availability
	if err := s.getJSON(availabilityBucket, fingerprint, &a); err != nil {
		return Availability{}, fmt.Errorf("get availability %s: %w", fingerprint, err)
	}
	return a, nil
}

// Availabilities returns every stored availability by expert fingerprint.
func (s *Store) Availabilities() (map[string]Availability, error) {
	out := make(map[string]Availability)
	err := s.view(func(tx *bolt.Tx) error {
		return eachJSON(tx, availabilityBucket, "availability", func(k []byte, a Availability) error {
			out[string(k)] = a
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("list availability: %w", err)
	}
	return out, nil
}

// ValidSlotID reports whether id has the form of a slot id: "s" and one or
// two digits ("s1" … "s48").
func ValidSlotID(id string) bool {
	if len(id) < 2 || len(id) > 3 || id[0] != 's' {
		return false
	}
	for i := 1; i < len(id); i++ {
		if id[i] < '0' || id[i] > '9' {
			return false
		}
	}
	return true
}

// SortSlotIDs sorts slot ids in day order ("s2" before "s10") in place and
// returns ids. Ids that are not slot ids sort last, by text.
func SortSlotIDs(ids []string) []string {
	slices.SortFunc(ids, compareSlotIDs)
	return ids
}

// compareSlotIDs orders slot ids by number; other strings after them.
// CompareSlotIDs orders slot ids in day order ("s2" before "s10").
func CompareSlotIDs(a, b string) int { return compareSlotIDs(a, b) }

func compareSlotIDs(a, b string) int {
	na, oka := slotNumber(a)
	nb, okb := slotNumber(b)
	switch {
	case oka && okb:
		return cmp.Or(cmp.Compare(na, nb), cmp.Compare(a, b))
	case oka:
		return -1
	case okb:
		return 1
	}
	return cmp.Compare(a, b)
}

// slotNumber returns n of a slot id "sn".
func slotNumber(id string) (int, bool) {
	if !ValidSlotID(id) {
		return 0, false
	}
	n, err := strconv.Atoi(id[1:])
	return n, err == nil
}

// checkFingerprint records a problem unless fp is a fingerprint.
func checkFingerprint(e *ValidationError, field, fp string) bool {
	switch {
	case fp == "":
		e.add(field, "is required")
	case !ValidFingerprint(fp):
		e.add(field, "must be an SSH key fingerprint (SHA256:…)")
	default:
		return true
	}
	return false
}

// getCopy returns a copy of the value under key in bucket, nil if absent.
func getCopy(tx *bolt.Tx, bucket []byte, key string) ([]byte, error) {
	b := tx.Bucket(bucket)
	if b == nil {
		return nil, errNoBucket(bucket)
	}
	if key == "" {
		return nil, nil
	}
	return bytes.Clone(b.Get([]byte(key))), nil
}

// profileIn decodes the profile of fingerprint inside tx; nil if none.
func profileIn(tx *bolt.Tx, fingerprint string) (*Profile, error) {
	data, err := getCopy(tx, profilesBucket, fingerprint)
	if err != nil || data == nil {
		return nil, err
	}
	var p Profile
	if err := json.Unmarshal(data, &p); err != nil {
		return nil, fmt.Errorf("decode profile %s: %w", fingerprint, err)
	}
	return &p, nil
}
