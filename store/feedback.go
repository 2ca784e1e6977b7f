package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"netday/store/clean"
)

// KindFeedback: someone marked or rated a meeting; Key is their fingerprint.
const KindFeedback = "feedback"

// MaxComment is the length of a feedback comment, in runes.
const MaxComment = 280

// Outcomes of a meeting as one side saw it.
const (
	OutcomeMet    = "met"
	OutcomeMissed = "did not happen"
)

// ErrNotYourMeeting is returned (wrapped) by PutFeedback when the meeting is
// not one of the key's meetings in the published schedule.
var ErrNotYourMeeting = errors.New("that meeting is not one of yours in the published schedule")

// ErrCancelledMeeting is returned (wrapped) by PutFeedback when the key gives
// feedback on a meeting it cancelled itself: it knows the meeting did not
// take place. (The other side may still say so, for the no-show figures.)
var ErrCancelledMeeting = errors.New("you cancelled that meeting")

// Feedback is what one side of a meeting says after it: whether it took
// place, a rating and a private comment for the organisers.
type Feedback struct {
	By          string    `json:"by"` // the participant or the expert
	Participant string    `json:"participant"`
	Expert      string    `json:"expert"`
	Slot        string    `json:"slot"`
	Outcome     string    `json:"outcome"`           // OutcomeMet or OutcomeMissed
	Rating      int       `json:"rating,omitempty"`  // 1..5, 0 = none
	Comment     string    `json:"comment,omitempty"` // ≤ MaxComment, for the organisers only
	At          time.Time `json:"at"`
}

// feedbackKey is one side's feedback on one pair (a pair meets once a day).
func feedbackKey(by, p, e string) string { return by + "|" + p + "|" + e }

// PutFeedback cleans and stores f, replacing the same side's earlier
// feedback on that meeting. The meeting must be By's in the published
// schedule (ErrNotYourMeeting otherwise); Outcome must be OutcomeMet or
// OutcomeMissed and Rating 0..5. At is now. Subscribers get a KindFeedback
// Change.
func (s *Store) PutFeedback(f Feedback, now time.Time) (Feedback, error) {
	f.Comment = clean.Text(f.Comment, MaxComment)
	f.At = now.UTC().Round(0)
	e := &ValidationError{Record: "feedback"}
	if f.Outcome != OutcomeMet && f.Outcome != OutcomeMissed {
		e.add("outcome", "must be %q or %q", OutcomeMet, OutcomeMissed)
	}
	if f.Rating < 0 || f.Rating > 5 {
		e.add("rating", "must be between 1 and 5")
	}
	if len(e.Fields) > 0 {
		return Feedback{}, fmt.Errorf("put feedback: %w", e)
	}
	err := s.update(func(tx *bolt.Tx) error {
		r, ok, err := publishedIn(tx)
		if err != nil {
			return err
		}
		if !ok {
			return ErrNotPublished
		}
		if f.By != f.Participant && f.By != f.Expert ||
			!slices.ContainsFunc(r.Meetings, func(m Meeting) bool {
				return m.Participant == f.Participant && m.Expert == f.Expert && m.Slot == f.Slot
			}) {
			return ErrNotYourMeeting
		}
		cs, err := cancellationsIn(tx, r.ID)
		if err != nil {
			return err
		}
		m := Meeting{Participant: f.Participant, Expert: f.Expert, Slot: f.Slot}
		if c, off := cs.Cancelled(m); off && c.By == f.By {
			return ErrCancelledMeeting
		}
		return putJSON(tx, feedbackBucket, feedbackKey(f.By, f.Participant, f.Expert), f)
	})
	if err != nil {
		return Feedback{}, fmt.Errorf("put feedback: %w", err)
	}
	s.Notify(Change{Kind: KindFeedback, Key: f.By})
	return f, nil
}

// AllFeedback returns every stored feedback, in key order (by who gave it).
func (s *Store) AllFeedback() ([]Feedback, error) {
	var out []Feedback
	err := s.view(func(tx *bolt.Tx) error {
		return eachJSON(tx, feedbackBucket, "feedback", func(_ []byte, f Feedback) error {
			out = append(out, f)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("list feedback: %w", err)
	}
	return out, nil
}

// FeedbackBy returns the feedback fingerprint gave, keyed by the SeatKey of
// the meeting it was given on (so a later meeting of the same pair starts
// without it).
func (s *Store) FeedbackBy(fingerprint string) (map[string]Feedback, error) {
	out := map[string]Feedback{}
	err := s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(feedbackBucket)
		if b == nil {
			return errNoBucket(feedbackBucket)
		}
		prefix := []byte(fingerprint + "|")
		c := b.Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			var f Feedback
			if err := json.Unmarshal(v, &f); err != nil {
				return fmt.Errorf("decode feedback: %w", err)
			}
			out[SeatKey(Meeting{Participant: f.Participant, Expert: f.Expert, Slot: f.Slot})] = f
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("feedback of %s: %w", fingerprint, err)
	}
	return out, nil
}
