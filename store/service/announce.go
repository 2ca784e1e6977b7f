package service

import (
	"fmt"

	"netday/store"
)

// Announce stores an announcement by the organiser key by; every open
// session shows it. A text that breaks the store's rules yields an error
// wrapping *store.ValidationError.
func (s *Service) Announce(text, by string) (store.Announcement, error) {
	a, err := s.st.Announce(text, by, s.now())
	if err != nil {
		return store.Announcement{}, fmt.Errorf("announce: %w", err)
	}
	return a, nil
}
