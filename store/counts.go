package store

import "fmt"

// Counts are the headline figures of the organiser dashboard.
type Counts struct {
	Participants int // profiles with RoleParticipant
	Experts      int // profiles with RoleExpert
	Complete     int // profiles of either role for which Complete is true
}

// Counts counts the stored profiles.
func (s *Store) Counts() (Counts, error) {
	ps, err := s.Profiles()
	if err != nil {
		return Counts{}, fmt.Errorf("counts: %w", err)
	}
	var c Counts
	for _, p := range ps {
		switch p.Role {
		case RoleParticipant:
			c.Participants++
		case RoleExpert:
			c.Experts++
		}
		if p.Complete() {
			c.Complete++
		}
	}
	return c, nil
}
