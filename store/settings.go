package store

import (
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Settings are the organisers' switches for the whole event.
type Settings struct {
	// RequestsLocked closes the wish lists: PutWishList refuses changes.
	RequestsLocked bool      `json:"requests_locked"`
	Updated        time.Time `json:"updated"`
}

// Settings returns the stored settings; the zero value if none were ever
// stored.
func (s *Store) Settings() (Settings, error) {
	var v Settings
	err := s.view(func(tx *bolt.Tx) error {
		var err error
		v, err = settingsIn(tx)
		return err
	})
	if err != nil {
		return Settings{}, fmt.Errorf("get settings: %w", err)
	}
	return v, nil
}

// PutSettings stores v with Updated set to now, in UTC, and returns the
// stored value. Subscribers get a KindSettings Change.
func (s *Store) PutSettings(v Settings) (Settings, error) {
	v.Updated = time.Now().UTC().Round(0)
	err := s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(settingsBucket)
		if b == nil {
			return errNoBucket(settingsBucket)
		}
		data, err := json.Marshal(v)
		if err != nil {
			return err
		}
		return b.Put(settingsKey, data)
	})
	if err != nil {
		return Settings{}, fmt.Errorf("put settings: %w", err)
	}
	s.Notify(Change{Kind: KindSettings})
	return v, nil
}

// settingsIn decodes the settings inside tx; the zero value if none.
func settingsIn(tx *bolt.Tx) (Settings, error) {
	b := tx.Bucket(settingsBucket)
	if b == nil {
		return Settings{}, errNoBucket(settingsBucket)
	}
	var v Settings
	if raw := b.Get(settingsKey); raw != nil {
		if err := json.Unmarshal(raw, &v); err != nil {
			return Settings{}, fmt.Errorf("decode settings: %w", err)
		}
	}
	return v, nil
}
