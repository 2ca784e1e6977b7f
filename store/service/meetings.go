package service

import (
	"errors"
	"fmt"

	"netday/store"
)

// ErrNotPublished is returned (wrapped) when an operation needs the
// published schedule and none was published yet.
var ErrNotPublished = errors.New("the schedule is not published yet")

// MyMeetings returns the published run and the meetings in it of the key
// fingerprint (as participant or expert), sorted by slot. It reads the
// store's shared directory, so many sessions asking cost one read. Before
// publication the error wraps ErrNotPublished.
func (s *Service) MyMeetings(fingerprint string) (*store.Run, []store.Meeting, error) {
	dir, err := s.st.Directory()
	if err != nil {
		return nil, nil, fmt.Errorf("my meetings: %w", err)
	}
	if dir.Published == nil {
		return nil, nil, fmt.Errorf("my meetings: %w", ErrNotPublished)
	}
	return dir.Published, dir.Published.MeetingsOf(fingerprint), nil
}
