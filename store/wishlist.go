package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"netday/store/event"

	bolt "go.etcd.io/bbolt"
)

var (
	// ErrRequestsLocked is returned (wrapped) by PutWishList while the
	// organisers have locked requests (Settings.RequestsLocked).
	ErrRequestsLocked = errors.New("wish lists are closed: the organisers have locked requests")
	// ErrNotParticipant is returned (wrapped) by PutWishList for a key
	// without a participant profile.
	ErrNotParticipant = errors.New("only participants keep a wish list: save a participant profile first")
)

// WishList is a participant's ranking of the experts they most want to meet.
type WishList struct {
	Fingerprint string    `json:"fingerprint"`
	Experts     []string  `json:"experts"` // expert fingerprints, most wanted first
	Updated     time.Time `json:"updated"`
}

// validate checks the forms: the owner's fingerprint, at most limit experts,
// each a fingerprint, none twice and not the owner.
func (w WishList) validate(limit int) *ValidationError {
	e := &ValidationError{Record: "wish list"}
	checkFingerprint(e, "fingerprint", w.Fingerprint)
	if len(w.Experts) > limit {
		e.add("experts", "must have at most %d experts", limit)
	} else {
		seen := make(map[string]int, len(w.Experts))
		for i, fp := range w.Experts {
			switch {
			case !ValidFingerprint(fp):
				e.add("experts", "item %d is not an SSH key fingerprint", i+1)
			case fp == w.Fingerprint:
				e.add("experts", "must not include yourself")
			case seen[fp] > 0:
				e.add("experts", "item %d repeats item %d", i+1, seen[fp])
			default:
				seen[fp] = i + 1
				continue
			}
			break
		}
	}
	if len(e.Fields) > 0 {
		return e
	}
	return nil
}

// PutWishList stores w as its owner's wish list, replacing the old one. In
// one transaction it refuses changes while requests are locked
// (ErrRequestsLocked) and from a key without a participant profile
// (ErrNotParticipant), and checks that the list has at most limit entries
// (limit 1..event.MaxWishLimit), each the fingerprint of a stored expert profile,
// none twice and not the owner's own (a *ValidationError). An empty list is
// allowed. Updated is now, in UTC. Subscribers get a KindWishList Change.
func (s *Store) PutWishList(w WishList, limit int) (WishList, error) {
	if limit < 1 || limit > event.MaxWishLimit {
		return WishList{}, fmt.Errorf("put wish list %s: limit %d must be between 1 and %d", w.Fingerprint, limit, event.MaxWishLimit)
	}
	if e := w.validate(limit); e != nil {
		return WishList{}, fmt.Errorf("put wish list %s: %w", w.Fingerprint, e)
	}
	w.Experts = append(make([]string, 0, len(w.Experts)), w.Experts...)
	w.Updated = time.Now().UTC().Round(0)
	err := s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(wishListsBucket)
		if b == nil {
			return errNoBucket(wishListsBucket)
		}
		set, err := settingsIn(tx)
		if err != nil {
			return err
		}
		if set.RequestsLocked {
			return ErrRequestsLocked
		}
		owner, err := profileIn(tx, w.Fingerprint)
		if err != nil {
			return err
		}
		if owner == nil || owner.Role != RoleParticipant {
			return ErrNotParticipant
		}
		e := &ValidationError{Record: "wish list"}
		for i, fp := range w.Experts {
			p, err := profileIn(tx, fp)
			if err != nil {
				return err
			}
			if p == nil || p.Role != RoleExpert {
				e.add("experts", "item %d is not an expert", i+1)
			}
		}
		if len(e.Fields) > 0 {
			return e
		}
		data, err := json.Marshal(w)
		if err != nil {
			return err
		}
		return b.Put([]byte(w.Fingerprint), data)
	})
	if err != nil {
		return WishList{}, fmt.Errorf("put wish list %s: %w", w.Fingerprint, err)
	}
	s.Notify(Change{Kind: KindWishList, Key: w.Fingerprint})
	return w, nil
}

// WishList returns the wish list of the participant fingerprint, or an
// error wrapping ErrNotFound.
func (s *Store) WishList(fingerprint string) (WishList, error) {
	var w WishList
	if err := s.getJSON(wishListsBucket, fingerprint, &w); err != nil {
		return WishList{}, fmt.Errorf("get wish list %s: %w", fingerprint, err)
	}
	return w, nil
}

// WishLists returns every stored wish list, by owner fingerprint.
func (s *Store) WishLists() ([]WishList, error) {
	var out []WishList
	err := s.view(func(tx *bolt.Tx) error {
		var err error
		out, err = wishListsIn(tx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("list wish lists: %w", err)
	}
	return out, nil
}

// RequestCounts returns, for every expert on some wish list, the number of
// participants who have that expert anywhere on their list.
func (s *Store) RequestCounts() (map[string]int, error) {
	lists, err := s.WishLists()
	if err != nil {
		return nil, fmt.Errorf("request counts: %w", err)
	}
	return requestCounts(lists), nil
}

// requestCounts counts, for every expert, the lists that name them.
func requestCounts(lists []WishList) map[string]int {
	out := make(map[string]int)
	for _, w := range lists {
		seen := make(map[string]bool, len(w.Experts))
		for _, fp := range w.Experts {
			if !seen[fp] {
				seen[fp] = true
				out[fp]++
			}
		}
	}
	return out
}

// wishListsIn decodes every wish list inside tx, by owner fingerprint.
func wishListsIn(tx *bolt.Tx) ([]WishList, error) {
	var out []WishList
	err := eachJSON(tx, wishListsBucket, "wish list", func(_ []byte, w WishList) error {
		out = append(out, w)
		return nil
	})
	return out, err
}
