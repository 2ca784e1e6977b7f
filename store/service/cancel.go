package service

import (
	"fmt"

	"netday/store"
)

// RiskCancelled is the Risk kind of a published meeting that one side
// cancelled ("I can't make it"): its seat is free for the next run.
const RiskCancelled = "cancelled"

// CancelMeeting records that fingerprint cannot make their meeting in slot
// of the published schedule (an expert cancels their whole table there).
// The other side gets a notice, the organisers see it in AtRisk, and the
// slot is no longer offered to fingerprint by the next run.
func (s *Service) CancelMeeting(fingerprint, slot string) ([]store.Meeting, error) {
	ms, err := s.st.CancelMeeting(fingerprint, slot, s.now())
	if err != nil {
		return nil, fmt.Errorf("cancel: %w", err)
	}
	return ms, nil
}

// CancelDay records that fingerprint cannot come at all: their published
// meetings are cancelled and the next runs leave them out until RejoinDay.
func (s *Service) CancelDay(fingerprint string) ([]store.Meeting, error) {
	ms, err := s.st.CancelDay(fingerprint, s.now())
	if err != nil {
		return nil, fmt.Errorf("cancel day: %w", err)
	}
	return ms, nil
}

// RejoinDay takes back fingerprint's CancelDay.
func (s *Service) RejoinDay(fingerprint string) error {
	if err := s.st.RejoinDay(fingerprint); err != nil {
		return fmt.Errorf("rejoin: %w", err)
	}
	return nil
}

// cancelledRisk is the at-risk entry of a cancelled published meeting.
func cancelledRisk(m store.Meeting, c store.Cancellation) Risk {
	who := "The participant"
	if c.By == m.Expert {
		who = "The expert"
	}
	what := "cannot make it"
	if c.WholeDay {
		what = "cannot come today"
	}
	return Risk{Kind: RiskCancelled, Participant: m.Participant, Expert: m.Expert, Slot: m.Slot,
		Reason: who + " " + what + " (at " + c.At.UTC().Format("15:04 UTC") + "); the seat is free for the next run."}
}

// DayFigures are the organisers' live figures of the day itself.
type DayFigures struct {
	Cancelled int // published meetings cancelled
	DayOff    int // people who cannot come today
	Feedback  FeedbackFigures
}

// DayFigures counts cancellations, day-offs and feedback so far.
func (s *Service) DayFigures() (DayFigures, error) {
	dir, err := s.st.Directory()
	if err != nil {
		return DayFigures{}, fmt.Errorf("day figures: %w", err)
	}
	f := DayFigures{Cancelled: len(dir.Cancelled.Meetings), DayOff: len(dir.Cancelled.DayOff)}
	if f.Feedback, err = s.FeedbackFigures(); err != nil {
		return DayFigures{}, err
	}
	return f, nil
}
