package service

import "fmt"

// DismissAnnouncement puts announcement id away for the person with
// fingerprint fp (away=true), or brings it back (away=false). It is per
// person: everyone else still sees it.
func (s *Service) DismissAnnouncement(fp string, id int, away bool) error {
	if err := s.st.DismissAnnouncement(fp, id, away); err != nil {
		return fmt.Errorf("dismiss: %w", err)
	}
	return nil
}
