package service

import (
	"fmt"
	"time"
)

// Invites makes n (1..store.MaxInvites) single-use expert invite codes valid
// for the event's invite period, and says until when they are valid.
func (s *Service) Invites(n int) (codes []string, expires time.Time, err error) {
	now := s.now()
	codes, err = s.st.CreateInvites(n, s.ev.InviteTTL, now)
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("invites: %w", err)
	}
	return codes, now.Add(s.ev.InviteTTL), nil
}
