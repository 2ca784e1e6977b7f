package service

import (
	"errors"
	"fmt"

	"netday/store"
)

// ErrAlreadyPublished is returned (wrapped) when the run asked for is
// already the published schedule.
var ErrAlreadyPublished = errors.New("already published")

// Publish makes run id the published schedule; every open schedule updates.
// It refuses a run whose inputs changed since it was made with a
// *StaleError ("the run is stale: 3 changes since; run again"). A missing
// run wraps store.ErrNotFound.
func (s *Service) Publish(id int) (store.Run, error) {
	r, err := s.st.Run(id)
	if err != nil {
		return store.Run{}, fmt.Errorf("publish: %w", err)
	}
	if pub, err := s.st.PublishedRun(); err == nil && pub.ID == id {
		return store.Run{}, fmt.Errorf("publish run %d: %w", id, ErrAlreadyPublished)
	}
	n, err := s.Changes(r)
	if err != nil {
		return store.Run{}, fmt.Errorf("publish: %w", err)
	}
	if n > 0 {
		return store.Run{}, &StaleError{Run: id, Changes: n}
	}
	if err := s.st.PublishRun(id, s.now()); err != nil {
		return store.Run{}, fmt.Errorf("publish: %w", err)
	}
	return r, nil
}
