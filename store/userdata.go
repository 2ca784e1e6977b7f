package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"

	bolt "go.etcd.io/bbolt"
)

// DeletedKey replaces a deleted person's fingerprint where a record must keep
// a value (an invite's UsedBy, a run's input).
const DeletedKey = "deleted"

// UserData is everything the store keeps about one key, for an export.
type UserData struct {
	Profile      *Profile      `json:"profile,omitempty"`
	Availability *Availability `json:"availability,omitempty"`
	WishList     *WishList     `json:"wish_list,omitempty"`
	Meetings     []Meeting     `json:"meetings,omitempty"` // from the published run
	Expert       bool          `json:"expert_invite_used"`
	Day          PeopleData    `json:"day"` // own availability, cancellations, feedback, notice
	// DismissedAnnouncements are the announcements the person put away.
	DismissedAnnouncements []int `json:"dismissed_announcements,omitempty"`
}

// Export returns everything stored about fingerprint, read in one
// transaction: profile, availability, wish list, meetings in the published
// run and whether the key redeemed an invite. A key the store does not know
// yields an empty UserData, not an error.
func (s *Store) Export(fingerprint string) (UserData, error) {
	var d UserData
	err := s.view(func(tx *bolt.Tx) error {
		var err error
		if d.Profile, err = profileIn(tx, fingerprint); err != nil {
			return err
		}
		if data, err := getCopy(tx, availabilityBucket, fingerprint); err != nil {
			return err
		} else if data != nil {
			d.Availability = new(Availability)
			if err := json.Unmarshal(data, d.Availability); err != nil {
				return fmt.Errorf("decode availability: %w", err)
			}
		}
		if data, err := getCopy(tx, wishListsBucket, fingerprint); err != nil {
			return err
		} else if data != nil {
			d.WishList = new(WishList)
			if err := json.Unmarshal(data, d.WishList); err != nil {
				return fmt.Errorf("decode wish list: %w", err)
			}
		}
		dis, err := dismissedIn(tx, fingerprint)
		if err != nil {
			return err
		}
		d.DismissedAnnouncements = dis.IDs
		r, ok, err := publishedIn(tx)
		if err != nil {
			return err
		}
		if ok {
			if ms := r.MeetingsOf(fingerprint); len(ms) > 0 {
				d.Meetings = ms
			}
		}
		d.Expert = hasGrant(tx, fingerprint)
		d.Day, err = peopleDataIn(tx, fingerprint)
		return err
	})
	if err != nil {
		return UserData{}, fmt.Errorf("export %s: %w", fingerprint, err)
	}
	return d, nil
}

// DeleteUser removes every trace of fingerprint in one transaction: its
// profile, availability, wish list and expert grant; its own times,
// notice, day-off, cancellations, feedback given or about its meetings and
// dropped calendar entries; the key on every other
// wish list; its meetings and unplaced entry in every stored run (the run's
// Input and Stats keep their shape, with the quoted fingerprint replaced by
// "deleted"); and it becomes DeletedKey as the UsedBy of its invite and the
// By of its announcements. A run's Stats are not recomputed. Deleting an
// unknown key is not an error. Subscribers get a KindProfile Change with
// Deleted set, and a KindRun Change for every run that was rewritten.
func (s *Store) DeleteUser(fingerprint string) error {
	if !ValidFingerprint(fingerprint) {
		return errors.New("delete user: not an SSH key fingerprint")
	}
	key := []byte(fingerprint)
	quoted, _ := json.Marshal(fingerprint)
	deletedQuoted, _ := json.Marshal(DeletedKey)
	var (
		removed bool
		runs    []int
	)
	err := s.update(func(tx *bolt.Tx) error {
		// Own records.
		for _, name := range [][]byte{profilesBucket, availabilityBucket, wishListsBucket, grantsBucket, dismissedBucket} {
			b := tx.Bucket(name)
			if b == nil {
				return errNoBucket(name)
			}
			if b.Get(key) != nil {
				removed = true
				if err := b.Delete(key); err != nil {
					return err
				}
			}
		}
		// Own availability, cancellations, feedback, notices, calendar.
		if gone, err := deletePeopleData(tx, fingerprint); err != nil {
			return err
		} else if gone {
			removed = true
		}
		// Other people's wish lists.
		lists, err := wishListsIn(tx)
		if err != nil {
			return err
		}
		wb := tx.Bucket(wishListsBucket)
		for _, w := range lists {
			kept := slices.DeleteFunc(slices.Clone(w.Experts), func(fp string) bool { return fp == fingerprint })
			if len(kept) == len(w.Experts) {
				continue
			}
			removed = true
			w.Experts = kept
			data, err := json.Marshal(w)
			if err != nil {
				return err
			}
			if err := wb.Put([]byte(w.Fingerprint), data); err != nil {
				return err
			}
		}
		// Runs. Collect first: a bucket must not be written while a
		// cursor walks it.
		rb := tx.Bucket(runsBucket)
		if rb == nil {
			return errNoBucket(runsBucket)
		}
		var all []Run
		if err := rb.ForEach(func(k, v []byte) error {
			if !bytes.Contains(v, key) {
				return nil
			}
			var r Run
			if err := json.Unmarshal(v, &r); err != nil {
				return fmt.Errorf("decode run %d: %w", runID(k), err)
			}
			all = append(all, r)
			return nil
		}); err != nil {
			return err
		}
		for _, r := range all {
			r.Meetings = slices.DeleteFunc(r.Meetings, func(m Meeting) bool {
				return m.Participant == fingerprint || m.Expert == fingerprint
			})
			delete(r.Unplaced, fingerprint)
			r.Input = bytes.ReplaceAll(r.Input, quoted, deletedQuoted)
			r.Stats = bytes.ReplaceAll(r.Stats, quoted, deletedQuoted)
			data, err := json.Marshal(r)
			if err != nil {
				return err
			}
			// Anything left (the key inside a longer string) goes too;
			// a fingerprint has no character JSON escapes.
			data = bytes.ReplaceAll(data, key, []byte(DeletedKey))
			if err := rb.Put(runKey(r.ID), data); err != nil {
				return err
			}
			removed = true
			runs = append(runs, r.ID)
		}
		// Invites and announcements keep their record, not the key.
		if err := replaceField(tx, invitesBucket, key, func(v []byte) ([]byte, error) {
			var inv Invite
			if err := json.Unmarshal(v, &inv); err != nil {
				return nil, fmt.Errorf("decode invite: %w", err)
			}
			if inv.UsedBy == fingerprint {
				inv.UsedBy = DeletedKey
			}
			return json.Marshal(inv)
		}); err != nil {
			return err
		}
		return replaceField(tx, announcementsBucket, key, func(v []byte) ([]byte, error) {
			var a Announcement
			if err := json.Unmarshal(v, &a); err != nil {
				return nil, fmt.Errorf("decode announcement: %w", err)
			}
			if a.By == fingerprint {
				a.By = DeletedKey
			}
			return json.Marshal(a)
		})
	})
	if err != nil {
		return fmt.Errorf("delete user %s: %w", fingerprint, err)
	}
	if removed {
		s.Notify(Change{Kind: KindProfile, Key: fingerprint, Deleted: true})
	}
	for _, id := range runs {
		s.Notify(Change{Kind: KindRun, Key: strconv.Itoa(id)})
	}
	return nil
}

// replaceField rewrites, with edit, every value of bucket that contains key.
func replaceField(tx *bolt.Tx, bucket, key []byte, edit func(v []byte) ([]byte, error)) error {
	b := tx.Bucket(bucket)
	if b == nil {
		return errNoBucket(bucket)
	}
	type kv struct{ k, v []byte }
	var todo []kv
	if err := b.ForEach(func(k, v []byte) error {
		if bytes.Contains(v, key) {
			todo = append(todo, kv{bytes.Clone(k), bytes.Clone(v)})
		}
		return nil
	}); err != nil {
		return err
	}
	for _, e := range todo {
		v, err := edit(e.v)
		if err != nil {
			return fmt.Errorf("%s %x: %w", bucket, e.k, err)
		}
		if err := b.Put(e.k, v); err != nil {
			return err
		}
	}
	return nil
}
