package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Dropped is a meeting (for a participant) or a table (for an expert) that
// an earlier publication had and a later one dropped. Calendars keep it as
// cancelled: leaving it out of the file would not remove it from a calendar
// that imported it.
type Dropped struct {
	Participant string    `json:"participant,omitempty"` // empty for a table
	Expert      string    `json:"expert"`
	Slot        string    `json:"slot"` // the slot it was last published in
	At          time.Time `json:"at"`   // the publication that dropped it
}

// pairKey and tableKey are the calendar bucket's keys of a dropped pair
// (what a participant's calendar holds) and a dropped table (what an
// expert's calendar and the organisers' day calendar hold).
func pairKey(p, e string) string     { return "p|" + p + "|" + e }
func tableKey(e, slot string) string { return "t|" + e + "|" + slot }

// DroppedFor returns what publications dropped from fingerprint's
// calendar: the pairs where they are the participant and the tables where
// they are the expert.
func (s *Store) DroppedFor(fingerprint string) ([]Dropped, error) {
	var out []Dropped
	err := s.view(func(tx *bolt.Tx) error {
		for _, prefix := range []string{"p|" + fingerprint + "|", "t|" + fingerprint + "|"} {
			if err := eachDropped(tx, prefix, func(d Dropped) { out = append(out, d) }); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("dropped meetings: %w", err)
	}
	return out, nil
}

// DroppedTables returns every table a publication dropped, for the
// organisers' day calendar.
func (s *Store) DroppedTables() ([]Dropped, error) {
	var out []Dropped
	err := s.view(func(tx *bolt.Tx) error {
		return eachDropped(tx, "t|", func(d Dropped) { out = append(out, d) })
	})
	if err != nil {
		return nil, fmt.Errorf("dropped tables: %w", err)
	}
	return out, nil
}

func eachDropped(tx *bolt.Tx, prefix string, fn func(Dropped)) error {
	b := tx.Bucket(calendarBucket)
	if b == nil {
		return errNoBucket(calendarBucket)
	}
	c := b.Cursor()
	p := []byte(prefix)
	for k, v := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, v = c.Next() {
		var d Dropped
		if err := json.Unmarshal(v, &d); err != nil {
			return fmt.Errorf("decode dropped meeting: %w", err)
		}
		fn(d)
	}
	return nil
}

// recordPublication runs inside PublishRun's transaction when run next
// replaces prev as the published schedule (prev nil for the first
// publication). It keeps what next dropped for calendars and gives every
// person whose meetings changed a notice with the reason.
func recordPublication(tx *bolt.Tx, prev *Run, next Run, now time.Time) error {
	if prev != nil && prev.ID == next.ID {
		return nil
	}
	cal := tx.Bucket(calendarBucket)
	if cal == nil {
		return errNoBucket(calendarBucket)
	}
	type pair struct{ p, e string }
	nextPairs := map[pair]Meeting{}
	nextTables := map[string]bool{}
	for _, m := range next.Meetings {
		nextPairs[pair{m.Participant, m.Expert}] = m
		nextTables[m.Expert+"|"+m.Slot] = true
		if err := cal.Delete([]byte(pairKey(m.Participant, m.Expert))); err != nil {
			return err
		}
		if err := cal.Delete([]byte(tableKey(m.Expert, m.Slot))); err != nil {
			return err
		}
	}
	if prev == nil {
		return nil // the first schedule is news in itself, not a change
	}
	done, err := cancellationsIn(tx, prev.ID)
	if err != nil {
		return err
	}
	why := reasoner{tx: tx, engine: next.Changes}
	prevPairs := map[pair]bool{}
	for _, m := range prev.Meetings {
		prevPairs[pair{m.Participant, m.Expert}] = true
		if !nextTables[m.Expert+"|"+m.Slot] {
			if err := putJSON(tx, calendarBucket, tableKey(m.Expert, m.Slot),
				Dropped{Expert: m.Expert, Slot: m.Slot, At: now}); err != nil {
				return err
			}
		}
		_, cancelled := done.Cancelled(m)
		n, kept := nextPairs[pair{m.Participant, m.Expert}]
		switch {
		case !kept:
			if err := putJSON(tx, calendarBucket, pairKey(m.Participant, m.Expert),
				Dropped{Participant: m.Participant, Expert: m.Expert, Slot: m.Slot, At: now}); err != nil {
				return err
			}
			if cancelled {
				continue // both sides knew when it was cancelled
			}
			for _, fp := range []string{m.Participant, m.Expert} {
				item := NoticeItem{Kind: ChangeCancelled, Participant: m.Participant, Expert: m.Expert,
					Slot: m.Slot, Reason: why.dropped(m, fp)}
				if err := addNotice(tx, fp, item, now); err != nil {
					return err
				}
			}
		case n.Slot != m.Slot:
			for _, fp := range []string{m.Participant, m.Expert} {
				item := NoticeItem{Kind: ChangeMoved, Participant: m.Participant, Expert: m.Expert,
					Slot: n.Slot, From: m.Slot, Reason: why.moved(m, fp)}
				if err := addNotice(tx, fp, item, now); err != nil {
					return err
				}
			}
		}
	}
	for _, m := range next.Meetings {
		if prevPairs[pair{m.Participant, m.Expert}] {
			continue
		}
		for _, fp := range []string{m.Participant, m.Expert} {
			reason := "a new match"
			if fp == m.Participant && m.Why != "" {
				reason = m.Why
			}
			item := NoticeItem{Kind: ChangeAdded, Participant: m.Participant, Expert: m.Expert, Slot: m.Slot, Reason: reason}
			if err := addNotice(tx, fp, item, now); err != nil {
				return err
			}
		}
	}
	return nil
}

// reasoner explains, from what is stored now, why a published meeting
// was dropped or moved, in words for the person fp reading it.
// When the store says nothing, the engine's reason for the change (the
// run's Changes) is used, else that the organisers re-planned.
type reasoner struct {
	tx     *bolt.Tx
	engine map[string]string // Run.Changes: MeetingKey → reason
}

const replanned = "the organisers re-planned the schedule"

func (r reasoner) dropped(m Meeting, fp string) string {
	if why := r.unavailable(m, fp); why != "" {
		return why
	}
	return r.fallback(m)
}

func (r reasoner) moved(m Meeting, fp string) string {
	if why := r.unavailable(m, fp); why != "" {
		return strings.Replace(why, "at that time", "at the old time", 1)
	}
	return r.fallback(m)
}

func (r reasoner) fallback(m Meeting) string {
	if why := r.engine[MeetingKey(m.Participant, m.Expert)]; why != "" {
		return why
	}
	return replanned
}

// unavailable says why m's people can no longer meet in m's slot, or "".
func (r reasoner) unavailable(m Meeting, fp string) string {
	self := func(who string) bool { return who == fp }
	for _, who := range []string{m.Participant, m.Expert} {
		role := "the participant"
		if who == m.Expert {
			role = "the expert"
		}
		p, _ := profileIn(r.tx, who)
		if p == nil {
			return role + " left netday"
		}
		if b := r.tx.Bucket(cancelBucket); b != nil && b.Get([]byte(dayOffKey(who))) != nil {
			if self(who) {
				return "you said you cannot come today"
			}
			return role + " cannot come today"
		}
	}
	if a, err := attendanceIn(r.tx, m.Participant); err == nil && a.IsAway(m.Slot) {
		if self(m.Participant) {
			return "you said you cannot attend at that time"
		}
		return "the participant cannot attend at that time"
	}
	if data, _ := getCopy(r.tx, availabilityBucket, m.Expert); data != nil {
		var a Availability
		if json.Unmarshal(data, &a) == nil && a.Seats[m.Slot] == 0 {
			if self(m.Expert) {
				return "you are away at that time"
			}
			return "the expert is no longer available at that time"
		}
	}
	return ""
}
