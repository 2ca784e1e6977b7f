package main

import (
	"errors"
	"fmt"
	"time"

	"github.com/charmbracelet/ssh"

	"netday/store"
	"netday/store/clean"
	"netday/store/service"
	"netday/tui"
)

// cmdAgenda prints the caller's meetings in the published schedule as an
// iCalendar file: ssh -p 23234 host agenda.ics > netday.ics. The calendar
// itself comes from the service (service.Agenda).
func (s *server) cmdAgenda(sess ssh.Session, id tui.Identity, args []string) int {
	stderr := sess.Stderr()
	if len(args) > 0 {
		fmt.Fprintf(stderr, "netday: agenda.ics takes no arguments: %s agenda.ics > netday.ics\n", s.cfg.sshCommand())
		return 2
	}
	if id.Guest() {
		fmt.Fprintln(stderr, guestCommandMessage)
		return 1
	}
	a, err := s.svc.Agenda(id.Fingerprint)
	if errors.Is(err, service.ErrNotPublished) {
		fmt.Fprintf(stderr, "netday: the schedule is not published yet (planned: %s)\n", s.plannedPublication(s.myZone(id)))
		return 1
	}
	if err != nil {
		s.log.Error("agenda", "err", err)
		fmt.Fprintln(stderr, "netday: could not read the schedule; please try again in a moment.")
		return 1
	}
	for _, slot := range a.BadSlots {
		fmt.Fprintf(stderr, "netday: a meeting in slot %q is not in the event's slots; ask the organisers.\n", clean.Line(slot, 10))
	}
	if _, err := a.Calendar.WriteTo(sess); err != nil {
		s.log.Info("agenda: write", "err", err)
		return 1
	}
	if len(a.Calendar.Events) == 0 {
		note := "netday: you have no meetings in the published schedule, so the calendar is empty."
		if a.Unplaced != "" {
			note += " The reason: " + a.Unplaced
		}
		fmt.Fprintln(stderr, note)
	}
	return 0
}

// cmdDayICS prints the whole published day as one calendar for the
// organisers: ssh -p 23234 host day.ics > day.ics.
func (s *server) cmdDayICS(sess ssh.Session, _ tui.Identity, args []string) int {
	stderr := sess.Stderr()
	if len(args) > 0 {
		fmt.Fprintf(stderr, "netday: day.ics takes no arguments: %s day.ics > day.ics\n", s.cfg.sshCommand())
		return 2
	}
	c, err := s.svc.DayCalendar()
	if errors.Is(err, service.ErrNotPublished) {
		fmt.Fprintf(stderr, "netday: the schedule is not published yet (planned: %s)\n", s.plannedPublication(nil))
		return 1
	}
	if err != nil {
		s.log.Error("day.ics", "err", err)
		fmt.Fprintln(stderr, "netday: could not read the schedule; please try again in a moment.")
		return 1
	}
	if _, err := c.WriteTo(sess); err != nil {
		s.log.Info("day.ics: write", "err", err)
		return 1
	}
	return 0
}

// myZone is the zone of id's profile, else the event's.
func (s *server) myZone(id tui.Identity) *time.Location {
	loc := s.event.Location
	if loc == nil {
		loc = time.UTC
	}
	me, err := s.store.Profile(id.Fingerprint)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return loc
	}
	if me.TimeZone != "" && me.TimeZone != "Local" {
		if l, err := time.LoadLocation(me.TimeZone); err == nil {
			return l
		}
	}
	return loc
}

// guestCommandMessage answers a command that needs a key from a guest.
const guestCommandMessage = "netday: you are connected as a guest (without an SSH key), so netday has nothing of yours; " +
	"connect with the key you use for netday (make one with: ssh-keygen -t ed25519)."

// plannedPublication says when the schedule is planned to be published, in
// event time (and the caller's time when it differs).
func (s *server) plannedPublication(my *time.Location) string {
	if s.event.PublishAt.IsZero() {
		return "not announced yet"
	}
	loc := s.event.Location
	if loc == nil {
		loc = time.UTC
	}
	at := s.event.PublishAt.In(loc).Format("Mon 2 Jan 2006 15:04 MST")
	if my != nil && my.String() != loc.String() {
		at += ", " + s.event.PublishAt.In(my).Format("Mon 2 Jan 15:04 MST") + " your time"
	}
	return at
}
