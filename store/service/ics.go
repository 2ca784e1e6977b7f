package service

import (
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Calendar is an iCalendar (RFC 5545) file of meetings, written by WriteTo
// with escaped text, lines folded at 75 octets and CRLF line ends.
type Calendar struct {
	Name     string // X-WR-CALNAME
	TimeZone string // X-WR-TIMEZONE: the zone the reader's calendar shows
	Events   []CalendarEvent
}

// CalendarEvent is one VEVENT. Times are written in UTC.
type CalendarEvent struct {
	UID         string
	Stamp       time.Time // DTSTAMP
	Sequence    int64     // SEQUENCE: higher wins when a calendar re-imports
	Start, End  time.Time
	Summary     string // text
	Location    string // text
	URL         string // URI, written as is
	Description string // text, may hold line breaks
	Cancelled   bool   // STATUS:CANCELLED instead of STATUS:CONFIRMED
}

// ICSProdID names the program that wrote the calendar.
const ICSProdID = "-//netday//Next Generation Day//EN"

// ICSLineOctets is the longest a content line may be, line break excluded.
const ICSLineOctets = 75

// WriteTo writes the calendar.
func (c Calendar) WriteTo(w io.Writer) (int64, error) {
	var b strings.Builder
	line := func(name, value string) { icsFold(&b, name+":"+value) }
	line("BEGIN", "VCALENDAR")
	line("VERSION", "2.0")
	line("PRODID", ICSProdID)
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
		if e.Cancelled {
			line("STATUS", "CANCELLED")
		} else {
			line("STATUS", "CONFIRMED")
		}
		if e.Location != "" {
			line("LOCATION", icsText(e.Location))
		}
		if u := icsURI(e.URL); u != "" {
			line("URL", u)
		}
		if e.Description != "" {
			line("DESCRIPTION", icsText(e.Description))
		}
		if e.Cancelled {
			line("TRANSP", "TRANSPARENT")
		} else {
			line("TRANSP", "OPAQUE")
		}
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
// ICSLineOctets octets (RFC 5545 §3.1): a continuation line starts with a
// space, which counts. Folds fall between UTF-8 sequences, never inside one.
func icsFold(b *strings.Builder, line string) {
	limit := ICSLineOctets
	for len(line) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(line[cut]) {
			cut--
		}
		b.WriteString(line[:cut])
		b.WriteString("\r\n ")
		line = line[cut:]
		limit = ICSLineOctets - 1
	}
	b.WriteString(line)
	b.WriteString("\r\n")
}

// icsSequenceEpoch is where SEQUENCE counts from.
var icsSequenceEpoch = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)

// icsSequence is an event's SEQUENCE for a change made at t: the seconds
// from 2020. Every publication, cancellation and re-publication counts
// higher than the one before, so a calendar that re-imports takes the
// newest state; it fits RFC 5545's 32-bit integer until 2088.
func icsSequence(t time.Time) int64 {
	return max(int64(t.Sub(icsSequenceEpoch)/time.Second), 0)
}
