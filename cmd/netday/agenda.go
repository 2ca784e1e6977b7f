package main

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/charmbracelet/ssh"

	"netday/store"
	"netday/store/clean"
	"netday/store/event"
	"netday/store/service"
	"netday/tui"
)

// icsCalendar is an iCalendar (RFC 5545) file of meetings, written by
// WriteTo with escaped text, lines folded at 75 octets and CRLF line ends.
type icsCalendar struct {
	Name     string // X-WR-CALNAME
	TimeZone string // X-WR-TIMEZONE: the zone the reader's calendar shows
	Events   []icsEvent
}

// icsEvent is one VEVENT. Times are written in UTC.
type icsEvent struct {
	UID         string
	Stamp       time.Time // DTSTAMP
	Sequence    int64     // SEQUENCE: higher wins when a calendar re-imports
	Start, End  time.Time
	Summary     string // text
	Location    string // text
	URL         string // URI, written as is
	Description string // text, may hold line breaks
}

// icsProdID names the program that wrote the calendar.
const icsProdID = "-//netday//Next Generation Day//EN"

// icsLineOctets is the longest a content line may be, line break excluded.
const icsLineOctets = 75

// WriteTo writes the calendar.
func (c icsCalendar) WriteTo(w io.Writer) (int64, error) {
	var b strings.Builder
	line := func(name, value string) { icsFold(&b, name+":"+value) }
	line("BEGIN", "VCALENDAR")
	line("VERSION", "2.0")
	line("PRODID", icsProdID)
	line("CALSCALE", "GREGORIAN")
	line("METHOD", "PUBLISH")
	line("X-WR-CALNAME", icsText(c.Name))
	if c.TimeZone != "" {
		line("X-WR-TIMEZONE", icsText(c.TimeZone))
	}
	for _, e := range c.Events {
		line("BEGIN", "VEVENT")
		line("UID", icsText(e.UID))
		line("DTSTAMP", icsTime(e.Stamp))
		line("SEQUENCE", strconv.FormatInt(max(e.Sequence, 0), 10))
		line("DTSTART", icsTime(e.Start))
		line("DTEND", icsTime(e.End))
		line("SUMMARY", icsText(e.Summary))
		if e.Location != "" {
			line("LOCATION", icsText(e.Location))
		}
		if u := icsURI(e.URL); u != "" {
			line("URL", u)
		}
		if e.Description != "" {
			line("DESCRIPTION", icsText(e.Description))
		}
		line("TRANSP", "OPAQUE")
		line("END", "VEVENT")
	}
	line("END", "VCALENDAR")
	n, err := io.WriteString(w, b.String())
	return int64(n), err
}

// icsTime formats a time as an RFC 5545 UTC date-time: 20220204T110000Z.
func icsTime(t time.Time) string {
	return t.UTC().Format("20060102T150405Z")
}

// icsText escapes a TEXT value: backslash, semicolon and comma get a
// backslash, a line break (LF, CRLF or CR) becomes \n, a tab a space, and
// every other control character is dropped (TEXT may not hold them).
func icsText(s string) string {
	s = strings.ToValidUTF8(s, "")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	b.Grow(len(s) + 8)
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == ';':
			b.WriteString(`\;`)
		case r == ',':
			b.WriteString(`\,`)
		case r == '\n' || r == '\r':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteByte(' ')
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f):
			// dropped
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// icsURI returns a URI value, or "" if it holds characters a URI (and a
// content line) may not: controls, spaces, quotes.
func icsURI(s string) string {
	if s == "" || strings.ContainsFunc(s, func(r rune) bool {
		return r <= ' ' || r == 0x7f || r == '"' || (r >= 0x80 && r <= 0x9f)
	}) || !utf8.ValidString(s) {
		return ""
	}
	return s
}

// icsFold writes one content line, folded so that no line exceeds
// icsLineOctets octets (RFC 5545 §3.1): a continuation line starts with a
// space, which counts. Folds fall between UTF-8 sequences, never inside one.
func icsFold(b *strings.Builder, line string) {
	limit := icsLineOctets
	for len(line) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(line[cut]) {
			cut--
		}
		b.WriteString(line[:cut])
		b.WriteString("\r\n ")
		line = line[cut:]
		limit = icsLineOctets - 1
	}
	b.WriteString(line)
	b.WriteString("\r\n")
}

// icsUID is a meeting's UID: the same for a pair on a day however often the
// schedule is re-published or re-imported (a pair meets at most once a day),
// and revealing nothing about either key.
func icsUID(participantShort, expertShort, date string) string {
	return fmt.Sprintf("%s-%s-%s@netday", participantShort, expertShort, strings.ReplaceAll(date, "-", ""))
}

// cmdAgenda prints the caller's meetings in the published schedule as an
// iCalendar file: ssh -p 23234 host agenda.ics > netday.ics.
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
	loc := s.event.Location
	if loc == nil {
		loc = time.UTC
	}
	zone := s.event.TimeZone
	me, err := s.store.Profile(id.Fingerprint)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		s.log.Error("agenda: read profile", "err", err)
		fmt.Fprintln(stderr, "netday: could not read your profile; please try again in a moment.")
		return 1
	}
	myLoc := loc
	if me.TimeZone != "" {
		if l, err := time.LoadLocation(me.TimeZone); err == nil && me.TimeZone != "Local" {
			myLoc, zone = l, me.TimeZone
		}
	}

	run, mine, err := s.svc.MyMeetings(id.Fingerprint)
	if errors.Is(err, service.ErrNotPublished) {
		fmt.Fprintf(stderr, "netday: the schedule is not published yet (planned: %s)\n", s.plannedPublication(myLoc))
		return 1
	}
	if err != nil {
		s.log.Error("agenda: read published run", "err", err)
		fmt.Fprintln(stderr, "netday: could not read the schedule; please try again in a moment.")
		return 1
	}

	cal := icsCalendar{Name: clean.Line(s.event.Name, 80), TimeZone: zone}
	names := map[string]string{}
	for _, m := range mine {
		slot, ok := s.event.SlotByID(m.Slot)
		if !ok {
			fmt.Fprintf(stderr, "netday: a meeting in slot %q is not in the event's slots; ask the organisers.\n",
				clean.Line(m.Slot, 10))
			continue
		}
		other, otherRole := m.Expert, "an expert"
		if m.Expert == id.Fingerprint {
			other, otherRole = m.Participant, "a participant"
		}
		name, ok := names[other]
		if !ok {
			name = otherRole
			if p, err := s.store.Profile(other); err == nil && clean.Line(p.Name, store.MaxName) != "" {
				name = clean.Line(p.Name, store.MaxName)
			}
			names[other] = name
		}
		room := s.event.Room(m.Expert, m.Slot)
		cal.Events = append(cal.Events, icsEvent{
			UID:         icsUID(event.ShortID(m.Participant), event.ShortID(m.Expert), s.event.Date),
			Stamp:       run.Published,
			Sequence:    icsSequence(run.Published),
			Start:       slot.Start,
			End:         slot.End,
			Summary:     "netday: meeting with " + name,
			Location:    room,
			URL:         room,
			Description: meetingDescription(m, name, m.Expert == id.Fingerprint, slot, room, loc, myLoc),
		})
	}
	if _, err := cal.WriteTo(sess); err != nil {
		s.log.Info("agenda: write", "err", err)
		return 1
	}
	if len(cal.Events) == 0 {
		note := "netday: you have no meetings in the published schedule, so the calendar is empty."
		if why := clean.Line(run.Unplaced[id.Fingerprint], store.MaxWhy); why != "" {
			note += " The reason: " + why
		}
		fmt.Fprintln(stderr, note)
	}
	return 0
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

// icsSequenceEpoch is where SEQUENCE counts from.
var icsSequenceEpoch = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)

// icsSequence is a meeting's SEQUENCE: the seconds from 2020 to the run's
// publication. Every publication (also re-publishing an older run) counts
// higher than the one before, so a calendar that re-imports takes the
// newest times; it fits RFC 5545's 32-bit integer until 2088.
func icsSequence(published time.Time) int64 {
	return max(int64(published.Sub(icsSequenceEpoch)/time.Second), 0)
}

// meetingDescription is a meeting's DESCRIPTION: why it was made, when in
// event time and in the reader's time, and the room.
// The why is written for the participant; an expert reads it as such.
func meetingDescription(m store.Meeting, name string, forExpert bool, slot event.Slot, room string, event, mine *time.Location) string {
	var b strings.Builder
	b.WriteString("Meeting with " + name + ".")
	if why := clean.Line(m.Why, store.MaxWhy); why != "" {
		if forExpert {
			b.WriteString("\nWhy this match (as the participant sees it): " + why)
		} else {
			b.WriteString("\nWhy this match: " + why)
		}
	}
	span := func(loc *time.Location) string {
		start, end := slot.Start.In(loc), slot.End.In(loc)
		s := start.Format("Mon 2 Jan 2006, 15:04") + "–"
		if end.YearDay() != start.YearDay() {
			s += end.Format("Mon 2 Jan 15:04 MST")
		} else {
			s += end.Format("15:04 MST")
		}
		return s
	}
	b.WriteString("\n\nEvent time: " + span(event) + " (" + event.String() + ")")
	if mine.String() != event.String() {
		b.WriteString("\nYour time: " + span(mine) + " (" + mine.String() + ")")
	}
	if room != "" {
		b.WriteString("\nRoom: " + room)
	}
	return b.String()
}
