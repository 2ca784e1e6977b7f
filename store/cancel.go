package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// KindCancel: someone said "I can't make it" (or took it back); Key is
// their fingerprint.
const KindCancel = "cancel"

// KindAttendance: a participant's own availability; Key is the fingerprint.
const KindAttendance = "attendance"

// Errors of the cancellation operations.
var (
	// ErrNoMeeting is returned (wrapped) when there is no meeting of the
	// key to cancel in that slot of the published schedule.
	ErrNoMeeting = errors.New("you have no meeting in that slot of the published schedule")
	// ErrNotPublished is returned (wrapped) when no schedule is published.
	ErrNotPublished = errors.New("the schedule is not published yet")
)

// Cancellation is one meeting of a published run that one side said they
// cannot make.
type Cancellation struct {
	By          string    `json:"by"` // who cancelled: the participant or the expert
	Participant string    `json:"participant"`
	Expert      string    `json:"expert"`
	Slot        string    `json:"slot"`
	Run         int       `json:"run"` // the published run the meeting is in
	WholeDay    bool      `json:"whole_day,omitempty"`
	At          time.Time `json:"at"`
}

// DayOff records that a person cannot come at all today.
type DayOff struct {
	Fingerprint string    `json:"fingerprint"`
	At          time.Time `json:"at"`
}

// SeatKey identifies a meeting of a run: "participant|expert|slot".
func SeatKey(m Meeting) string { return m.Participant + "|" + m.Expert + "|" + m.Slot }

// cancelKey is a cancellation's key: "m|<run, 10 digits>|participant|expert|slot".
func cancelKey(run int, m Meeting) string {
	return fmt.Sprintf("m|%010d|%s", run, SeatKey(m))
}

// dayOffKey is a day-off's key.
func dayOffKey(fp string) string { return "d|" + fp }

// Cancellations are the cancellations that apply now: those of the
// published run's meetings and every day-off.
type Cancellations struct {
	// Meetings maps SeatKey of a published meeting to its cancellation.
	Meetings map[string]Cancellation
	// DayOff maps a fingerprint to their day-off.
	DayOff map[string]DayOff
}

// Cancelled reports whether meeting m of the published run is cancelled.
func (c Cancellations) Cancelled(m Meeting) (Cancellation, bool) {
	x, ok := c.Meetings[SeatKey(m)]
	return x, ok
}

// cancellationsIn reads the cancellations of run and every day-off.
func cancellationsIn(tx *bolt.Tx, run int) (Cancellations, error) {
	out := Cancellations{Meetings: map[string]Cancellation{}, DayOff: map[string]DayOff{}}
	b := tx.Bucket(cancelBucket)
	if b == nil {
		return out, errNoBucket(cancelBucket)
	}
	c := b.Cursor()
	prefix := []byte(fmt.Sprintf("m|%010d|", run))
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		var x Cancellation
		if err := json.Unmarshal(v, &x); err != nil {
			return out, fmt.Errorf("decode cancellation: %w", err)
		}
		out.Meetings[SeatKey(Meeting{Participant: x.Participant, Expert: x.Expert, Slot: x.Slot})] = x
	}
	prefix = []byte("d|")
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		var d DayOff
		if err := json.Unmarshal(v, &d); err != nil {
			return out, fmt.Errorf("decode day-off: %w", err)
		}
		out.DayOff[d.Fingerprint] = d
	}
	return out, nil
}

// Cancellations returns the cancellations of the published run's meetings
// and every day-off (empty maps before publication).
func (s *Store) Cancellations() (Cancellations, error) {
	var out Cancellations
	err := s.view(func(tx *bolt.Tx) error {
		r, ok, err := publishedIn(tx)
		if err != nil {
			return err
		}
		id := 0
		if ok {
			id = r.ID
		}
		out, err = cancellationsIn(tx, id)
		return err
	})
	if err != nil {
		return Cancellations{}, fmt.Errorf("cancellations: %w", err)
	}
	return out, nil
}

// CancelMeeting records that fingerprint cannot make their meeting in slot
// of the published schedule. A participant cancels their own seat; an
// expert cancels the slot, so every participant at their table loses the
// meeting. In the same transaction the slot becomes unavailable for the
// next run (the participant's attendance gets it as away, the expert's
// availability drops its seats there), and everyone else in the meeting
// gets a notice. It returns the cancelled meetings; ErrNoMeeting when
// fingerprint has no meeting there, ErrNotPublished before publication.
func (s *Store) CancelMeeting(fingerprint, slot string, now time.Time) ([]Meeting, error) {
	var out []Meeting
	err := s.update(func(tx *bolt.Tx) error {
		r, ok, err := publishedIn(tx)
		if err != nil {
			return err
		}
		if !ok {
			return ErrNotPublished
		}
		mine := slices.DeleteFunc(r.MeetingsOf(fingerprint), func(m Meeting) bool { return m.Slot != slot })
		if len(mine) == 0 {
			return ErrNoMeeting
		}
		if out, err = cancelIn(tx, r, fingerprint, mine, false, now); err != nil {
			return err
		}
		return markAway(tx, fingerprint, slot)
	})
	if err != nil {
		return nil, fmt.Errorf("cancel meeting: %w", err)
	}
	s.Notify(Change{Kind: KindCancel, Key: fingerprint})
	return out, nil
}

// CancelDay records that fingerprint cannot come at all: a day-off (they
// are left out of later runs until they take it back with RejoinDay) and a
// cancellation of each of their meetings in the published schedule, with a
// notice for everyone they were to meet. It returns the meetings it
// cancelled (none before publication).
func (s *Store) CancelDay(fingerprint string, now time.Time) ([]Meeting, error) {
	if !ValidFingerprint(fingerprint) {
		return nil, errors.New("cancel day: not an SSH key fingerprint")
	}
	now = now.UTC().Round(0)
	var out []Meeting
	err := s.update(func(tx *bolt.Tx) error {
		if err := putJSON(tx, cancelBucket, dayOffKey(fingerprint), DayOff{Fingerprint: fingerprint, At: now}); err != nil {
			return err
		}
		r, ok, err := publishedIn(tx)
		if err != nil || !ok {
			return err
		}
		out, err = cancelIn(tx, r, fingerprint, r.MeetingsOf(fingerprint), true, now)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("cancel day: %w", err)
	}
	s.Notify(Change{Kind: KindCancel, Key: fingerprint})
	return out, nil
}

// RejoinDay takes back fingerprint's day-off: later runs include them
// again. Meetings already cancelled stay cancelled.
func (s *Store) RejoinDay(fingerprint string) error {
	err := s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(cancelBucket)
		if b == nil {
			return errNoBucket(cancelBucket)
		}
		return b.Delete([]byte(dayOffKey(fingerprint)))
	})
	if err != nil {
		return fmt.Errorf("rejoin day: %w", err)
	}
	s.Notify(Change{Kind: KindCancel, Key: fingerprint})
	return nil
}

// cancelIn records the cancellation of ms (meetings of run r) by by, skipping
// those already cancelled, and tells the other side of each. It returns the
// newly cancelled meetings.
func cancelIn(tx *bolt.Tx, r Run, by string, ms []Meeting, wholeDay bool, now time.Time) ([]Meeting, error) {
	now = now.UTC().Round(0)
	b := tx.Bucket(cancelBucket)
	if b == nil {
		return nil, errNoBucket(cancelBucket)
	}
	var out []Meeting
	for _, m := range ms {
		key := cancelKey(r.ID, m)
		if b.Get([]byte(key)) != nil {
			continue
		}
		x := Cancellation{By: by, Participant: m.Participant, Expert: m.Expert, Slot: m.Slot, Run: r.ID, WholeDay: wholeDay, At: now}
		if err := putJSON(tx, cancelBucket, key, x); err != nil {
			return nil, err
		}
		out = append(out, m)
		other, reason := m.Expert, "the participant cannot make it"
		if by == m.Expert {
			other, reason = m.Participant, "the expert cannot make it"
		}
		if wholeDay {
			reason = strings.Replace(reason, "make it", "come today", 1)
		}
		if err := addNotice(tx, other, NoticeItem{Kind: ChangeCancelled, Participant: m.Participant,
			Expert: m.Expert, Slot: m.Slot, Reason: reason}, now); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// markAway makes slot unavailable to fingerprint in later runs: away in a
// participant's attendance, no seats in an expert's availability.
func markAway(tx *bolt.Tx, fingerprint, slot string) error {
	p, err := profileIn(tx, fingerprint)
	if err != nil || p == nil {
		return err
	}
	now := time.Now().UTC().Round(0)
	switch p.Role {
	case RoleParticipant:
		a, err := attendanceIn(tx, fingerprint)
		if err != nil {
			return err
		}
		if !a.IsAway(slot) {
			a.Away = SortSlotIDs(append(a.Away, slot))
			a.Updated = now
			return putJSON(tx, attendanceBucket, fingerprint, a)
		}
	case RoleExpert:
		data, err := getCopy(tx, availabilityBucket, fingerprint)
		if err != nil || data == nil {
			return err
		}
		var a Availability
		if err := json.Unmarshal(data, &a); err != nil {
			return fmt.Errorf("decode availability: %w", err)
		}
		if a.Seats[slot] > 0 {
			delete(a.Seats, slot)
			a.Updated = now
			return putJSON(tx, availabilityBucket, fingerprint, a)
		}
	}
	return nil
}
