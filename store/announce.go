package store

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"netday/store/clean"

	bolt "go.etcd.io/bbolt"
)

// Limits of an announcement, in runes.
const (
	MaxAnnouncement = 280 // Announcement.Text, line breaks included
	MaxAnnouncedBy  = 80  // Announcement.By
)

// Announcement is a message from the organisers shown in every open session.
type Announcement struct {
	ID      int       `json:"id"`
	Text    string    `json:"text"`
	By      string    `json:"by"` // who sent it: an organiser's name or key fingerprint
	Created time.Time `json:"created"`
}

// Announce stores a new announcement: text is cleaned with CleanText (at
// most MaxAnnouncement runes) and must not be empty; by is cleaned with
// CleanLine. Subscribers get a KindAnnouncement Change. A refused text wraps
// a *ValidationError.
func (s *Store) Announce(text, by string, now time.Time) (Announcement, error) {
	a := Announcement{
		Text:    clean.Text(text, MaxAnnouncement),
		By:      clean.Line(by, MaxAnnouncedBy),
		Created: now.UTC().Round(0),
	}
	if a.Text == "" {
		e := &ValidationError{Record: "announcement"}
		e.add("text", "is required")
		return Announcement{}, fmt.Errorf("announce: %w", e)
	}
	err := s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(announcementsBucket)
		if b == nil {
			return errNoBucket(announcementsBucket)
		}
		seq, err := b.NextSequence()
		if err != nil {
			return err
		}
		a.ID = int(seq)
		data, err := json.Marshal(a)
		if err != nil {
			return err
		}
		return b.Put(runKey(a.ID), data)
	})
	if err != nil {
		return Announcement{}, fmt.Errorf("announce: %w", err)
	}
	s.Notify(Change{Kind: KindAnnouncement, Key: strconv.Itoa(a.ID)})
	return a, nil
}

// LatestAnnouncement returns the newest announcement, or an error wrapping
// ErrNotFound if there is none.
func (s *Store) LatestAnnouncement() (Announcement, error) {
	var (
		a  Announcement
		ok bool
	)
	err := s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(announcementsBucket)
		if b == nil {
			return errNoBucket(announcementsBucket)
		}
		k, v := b.Cursor().Last()
		if k == nil {
			return nil
		}
		ok = true
		return json.Unmarshal(v, &a)
	})
	if err == nil && !ok {
		err = ErrNotFound
	}
	if err != nil {
		return Announcement{}, fmt.Errorf("latest announcement: %w", err)
	}
	return a, nil
}
