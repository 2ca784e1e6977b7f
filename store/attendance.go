package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"netday/matching"
)

// ErrNoParticipantProfile is returned (wrapped) by PutAttendance for a key
// without a participant profile.
var ErrNoParticipantProfile = errors.New("only participants give their own availability: save a participant profile first")

// Attendance is a participant's own availability: the slots they cannot
// attend and how many meetings they want. Without a record a participant
// can attend every slot and wants the event's number of meetings.
type Attendance struct {
	Fingerprint string   `json:"fingerprint"`
	Away        []string `json:"away,omitempty"` // slot ids they cannot attend, in day order
	// Meetings is how many meetings they want: 0 means the event's
	// number, else 1..matching.MaxQuota (the screens cap it at the event's).
	Meetings int       `json:"meetings,omitempty"`
	Updated  time.Time `json:"updated"`
}

// IsAway reports whether the participant said they cannot attend slot.
func (a Attendance) IsAway(slot string) bool { return slices.Contains(a.Away, slot) }

// Quota is the number of meetings the participant wants, given the
// event's number: Meetings when set (at most eventQuota), else eventQuota.
func (a Attendance) Quota(eventQuota int) int {
	if a.Meetings > 0 && a.Meetings < eventQuota {
		return a.Meetings
	}
	return eventQuota
}

// Validate checks the fingerprint, the slot ids (at most matching.MaxSlots,
// no repeats) and that Meetings is in 0..matching.MaxQuota.
func (a Attendance) Validate() error {
	e := &ValidationError{Record: "attendance"}
	checkFingerprint(e, "fingerprint", a.Fingerprint)
	if len(a.Away) > matching.MaxSlots {
		e.add("away", "must have at most %d slots", matching.MaxSlots)
	} else {
		seen := map[string]bool{}
		for _, id := range a.Away {
			if !ValidSlotID(id) || seen[id] {
				e.add("away", "has an unknown or repeated slot")
				break
			}
			seen[id] = true
		}
	}
	if a.Meetings < 0 || a.Meetings > matching.MaxQuota {
		e.add("meetings", "must be between 1 and %d", matching.MaxQuota)
	}
	if len(e.Fields) > 0 {
		return e
	}
	return nil
}

// PutAttendance validates a and stores it for its participant (only a key
// with a participant profile, else ErrNoParticipantProfile). Away is sorted in day
// order; Updated is now. Subscribers get a KindAttendance Change.
func (s *Store) PutAttendance(a Attendance) (Attendance, error) {
	a.Away = SortSlotIDs(slices.Clone(a.Away))
	if err := a.Validate(); err != nil {
		return Attendance{}, fmt.Errorf("put attendance %s: %w", a.Fingerprint, err)
	}
	a.Updated = time.Now().UTC().Round(0)
	err := s.update(func(tx *bolt.Tx) error {
		p, err := profileIn(tx, a.Fingerprint)
		if err != nil {
			return err
		}
		if p == nil || p.Role != RoleParticipant {
			return ErrNoParticipantProfile
		}
		return putJSON(tx, attendanceBucket, a.Fingerprint, a)
	})
	if err != nil {
		return Attendance{}, fmt.Errorf("put attendance %s: %w", a.Fingerprint, err)
	}
	s.Notify(Change{Kind: KindAttendance, Key: a.Fingerprint})
	return a, nil
}

// Attendance returns the participant's attendance; a participant who never
// set one gets the default (every slot, the event's number of meetings)
// with a nil error.
func (s *Store) Attendance(fingerprint string) (Attendance, error) {
	var a Attendance
	err := s.getJSON(attendanceBucket, fingerprint, &a)
	if errors.Is(err, ErrNotFound) {
		return Attendance{Fingerprint: fingerprint}, nil
	}
	if err != nil {
		return Attendance{}, fmt.Errorf("get attendance %s: %w", fingerprint, err)
	}
	return a, nil
}

// attendanceIn decodes fingerprint's attendance inside tx (the default if
// none).
func attendanceIn(tx *bolt.Tx, fingerprint string) (Attendance, error) {
	a := Attendance{Fingerprint: fingerprint}
	data, err := getCopy(tx, attendanceBucket, fingerprint)
	if err != nil || data == nil {
		return a, err
	}
	if err := json.Unmarshal(data, &a); err != nil {
		return a, fmt.Errorf("decode attendance %s: %w", fingerprint, err)
	}
	return a, nil
}

// putJSON stores v as JSON under key in bucket.
func putJSON(tx *bolt.Tx, bucket []byte, key string, v any) error {
	b := tx.Bucket(bucket)
	if b == nil {
		return errNoBucket(bucket)
	}
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put([]byte(key), data)
}
