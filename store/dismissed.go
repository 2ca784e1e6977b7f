package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"
)

// dismissedBucket holds, per key, the announcements the person put away.
var dismissedBucket = []byte("dismissed")

// MaxDismissed bounds the announcements one key keeps as dismissed; the
// oldest are forgotten first.
const MaxDismissed = 500

// dismissed is the stored record of one key.
type dismissed struct {
	IDs []int `json:"ids"` // ascending
}

// Announcements returns up to limit announcements, newest first.
func (s *Store) Announcements(limit int) ([]Announcement, error) {
	var out []Announcement
	err := s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(announcementsBucket)
		if b == nil {
			return errNoBucket(announcementsBucket)
		}
		c := b.Cursor()
		for k, v := c.Last(); k != nil && len(out) < limit; k, v = c.Prev() {
			var a Announcement
			if err := json.Unmarshal(v, &a); err != nil {
				return fmt.Errorf("decode announcement: %w", err)
			}
			out = append(out, a)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("announcements: %w", err)
	}
	return out, nil
}

// DismissedAnnouncements returns the ids of the announcements fingerprint
// dismissed (empty for an unknown key).
func (s *Store) DismissedAnnouncements(fingerprint string) (map[int]bool, error) {
	out := map[int]bool{}
	err := s.view(func(tx *bolt.Tx) error {
		d, err := dismissedIn(tx, fingerprint)
		for _, id := range d.IDs {
			out[id] = true
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("dismissed announcements: %w", err)
	}
	return out, nil
}

// DismissAnnouncement records that fingerprint put announcement id away
// (away=true) or wants it back (away=false). Subscribers get a
// KindAnnouncement Change keyed by the fingerprint.
func (s *Store) DismissAnnouncement(fingerprint string, id int, away bool) error {
	if !ValidFingerprint(fingerprint) {
		return errors.New("dismiss announcement: not an SSH key fingerprint")
	}
	err := s.update(func(tx *bolt.Tx) error {
		if b := tx.Bucket(announcementsBucket); b == nil {
			return errNoBucket(announcementsBucket)
		} else if b.Get(runKey(id)) == nil {
			return fmt.Errorf("announcement %d: %w", id, ErrNotFound)
		}
		d, err := dismissedIn(tx, fingerprint)
		if err != nil {
			return err
		}
		i, found := slices.BinarySearch(d.IDs, id)
		switch {
		case away && !found:
			d.IDs = slices.Insert(d.IDs, i, id)
		case !away && found:
			d.IDs = slices.Delete(d.IDs, i, i+1)
		default:
			return nil
		}
		if len(d.IDs) > MaxDismissed {
			d.IDs = d.IDs[len(d.IDs)-MaxDismissed:]
		}
		b := tx.Bucket(dismissedBucket)
		if len(d.IDs) == 0 {
			return b.Delete([]byte(fingerprint))
		}
		data, err := json.Marshal(d)
		if err != nil {
			return err
		}
		return b.Put([]byte(fingerprint), data)
	})
	if err != nil {
		return fmt.Errorf("dismiss announcement: %w", err)
	}
	s.Notify(Change{Kind: KindAnnouncement, Key: fingerprint})
	return nil
}

// dismissedIn reads fingerprint's record inside tx.
func dismissedIn(tx *bolt.Tx, fingerprint string) (dismissed, error) {
	var d dismissed
	data, err := getCopy(tx, dismissedBucket, fingerprint)
	if err != nil || data == nil {
		return d, err
	}
	if err := json.Unmarshal(data, &d); err != nil {
		return d, fmt.Errorf("decode dismissed announcements: %w", err)
	}
	slices.Sort(d.IDs)
	return d, nil
}
