// Package service holds the day's operations — running the matching,
// publishing, invites, announcements, a person's meetings — once, for every
// front end: the terminal app, the SSH commands and the control socket call
// it and only translate keys and arguments into its calls.
package service

import (
	"sync"
	"time"

	"netday/store"
	"netday/store/event"
)

// Service runs the day's operations on one store for one event. It is safe
// for concurrent use; build one per store and share it.
type Service struct {
	st  *store.Store
	ev  event.Event
	now func() time.Time

	runMu sync.Mutex // one matching run at a time

	riskMu      sync.Mutex // guards the cached at-risk list
	risks       []Risk
	riskVersion uint64 // the store version risks were computed at; 0: none
}

// New returns the service for st and ev. now is the clock (nil: time.Now).
func New(st *store.Store, ev event.Event, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{st: st, ev: ev, now: now}
}

// Store returns the store the service works on.
func (s *Service) Store() *store.Store { return s.st }

// Event returns the event the service plans.
func (s *Service) Event() event.Event { return s.ev }

// Now returns the service clock's time.
func (s *Service) Now() time.Time { return s.now() }
