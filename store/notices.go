package store

import (
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"netday/store/clean"
)

// KindNotice: a person's "what changed" notice was acknowledged; Key is the
// fingerprint. (New notices arrive with the KindRun or KindCancel change
// that made them.)
const KindNotice = "notice"

// Kinds of a change to someone's meetings.
const (
	ChangeAdded     = "added"     // a new meeting
	ChangeMoved     = "moved"     // the same pair at another time
	ChangeCancelled = "cancelled" // the meeting will not take place
)

// MaxNoticeItems bounds the changes one notice keeps (the newest win).
const MaxNoticeItems = 50

// NoticeItem is one change to one of a person's meetings.
type NoticeItem struct {
	Kind        string `json:"kind"` // ChangeAdded, ChangeMoved or ChangeCancelled
	Participant string `json:"participant"`
	Expert      string `json:"expert"`
	Slot        string `json:"slot"`           // the meeting's slot (the old one when cancelled)
	From        string `json:"from,omitempty"` // the slot it moved from
	Reason      string `json:"reason"`         // plain words, e.g. "the expert cannot make it"
}

// Notice is what changed in a person's meetings since they last
// acknowledged: shown in their sessions until they do.
type Notice struct {
	Fingerprint string       `json:"fingerprint"`
	Items       []NoticeItem `json:"items"`
	Updated     time.Time    `json:"updated"`
}

// Notice returns fingerprint's unacknowledged notice, or an error wrapping
// ErrNotFound when there is none.
func (s *Store) Notice(fingerprint string) (Notice, error) {
	var n Notice
	if err := s.getJSON(noticesBucket, fingerprint, &n); err != nil {
		return Notice{}, fmt.Errorf("notice %s: %w", fingerprint, err)
	}
	return n, nil
}

// AckNotice acknowledges (deletes) fingerprint's notice. Acknowledging
// when there is none is not an error.
func (s *Store) AckNotice(fingerprint string) error {
	err := s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(noticesBucket)
		if b == nil {
			return errNoBucket(noticesBucket)
		}
		return b.Delete([]byte(fingerprint))
	})
	if err != nil {
		return fmt.Errorf("acknowledge notice: %w", err)
	}
	s.Notify(Change{Kind: KindNotice, Key: fingerprint})
	return nil
}

// addNotice adds item to fp's notice inside tx. A newer change of the same
// pair replaces the older one, except that a meeting added and then moved
// stays "added" (at its new time), and one added then cancelled goes.
func addNotice(tx *bolt.Tx, fp string, item NoticeItem, now time.Time) error {
	if !ValidFingerprint(fp) {
		return nil
	}
	item.Reason = clean.Line(item.Reason, MaxWhy)
	n := Notice{Fingerprint: fp}
	data, err := getCopy(tx, noticesBucket, fp)
	if err != nil {
		return err
	}
	if data != nil {
		if err := json.Unmarshal(data, &n); err != nil {
			return fmt.Errorf("decode notice: %w", err)
		}
	}
	keep := true
	for i := 0; i < len(n.Items); i++ {
		old := n.Items[i]
		if old.Participant != item.Participant || old.Expert != item.Expert {
			continue
		}
		switch {
		case old.Kind == ChangeAdded && item.Kind == ChangeMoved:
			item.Kind, item.From, item.Reason = ChangeAdded, "", old.Reason
		case old.Kind == ChangeAdded && item.Kind == ChangeCancelled:
			keep = false
		case old.Kind == ChangeMoved && item.Kind == ChangeMoved:
			item.From = old.From
		}
		n.Items = append(n.Items[:i], n.Items[i+1:]...)
		i--
	}
	if item.Kind == ChangeMoved && item.From == item.Slot {
		keep = false // moved back where it was
	}
	if keep {
		n.Items = append(n.Items, item)
	}
	if len(n.Items) > MaxNoticeItems {
		n.Items = n.Items[len(n.Items)-MaxNoticeItems:]
	}
	b := tx.Bucket(noticesBucket)
	if b == nil {
		return errNoBucket(noticesBucket)
	}
	if len(n.Items) == 0 {
		return b.Delete([]byte(fp))
	}
	n.Updated = now.UTC().Round(0)
	return putJSON(tx, noticesBucket, fp, n)
}

// noticeOf reads fp's notice inside tx; ok is false when none.
func noticeOf(tx *bolt.Tx, fp string) (Notice, bool, error) {
	var n Notice
	data, err := getCopy(tx, noticesBucket, fp)
	if err != nil || data == nil {
		return n, false, err
	}
	if err := json.Unmarshal(data, &n); err != nil {
		return n, false, fmt.Errorf("decode notice: %w", err)
	}
	return n, true, nil
}
