package service

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"
)

// icsExpected is what a TEXT value reads as after the round trip: valid
// UTF-8, line breaks as \n, tabs as spaces, other controls gone.
func icsExpected(s string) string {
	s = strings.ToValidUTF8(s, "")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\r':
			return '\n'
		case r == '\t':
			return ' '
		case r < 0x20 && r != '\n', r == 0x7f, r >= 0x80 && r <= 0x9f:
			return -1
		}
		return r
	}, s)
}

// FuzzCalendar writes calendars with arbitrary text and checks the file
// keeps RFC 5545's shape (CRLF, lines of at most 75 octets folded between
// UTF-8 sequences, no stray line breaks) and that a real iCalendar parser
// reads every text back as written.
// Longer: go test -run '^$' -fuzz '^FuzzCalendar$' -fuzztime 10m ./store/service
func FuzzCalendar(f *testing.F) {
	f.Add("Next Generation Day, 2022", "Europe/Vienna", "a-b@netday", "Dr. Ada; \\Lovelace", "room 1", "https://meet.example/x", "why:\nsame area\r\nend", false, int64(1643972400))
	f.Add("\x1b]52;c;aGk=\x07", "\u202e", "", "é"+strings.Repeat("€", 40), "\t\r", "javascript:alert(1)", strings.Repeat("ab,", 100), true, int64(-1))
	f.Add("", "", "\xff\xfe", "\r", "\n", "https://x y", "\x00", false, int64(0))
	f.Fuzz(func(t *testing.T, name, zone, uid, summary, location, url, desc string, cancelled bool, start int64) {
		at := time.Unix(start%(1<<34), 0).UTC()
		c := Calendar{Name: name, TimeZone: zone, Events: []CalendarEvent{{
			UID: uid, Stamp: at, Sequence: start, Start: at, End: at.Add(15 * time.Minute),
			Summary: summary, Location: location, URL: url, Description: desc, Cancelled: cancelled,
		}}}
		var buf bytes.Buffer
		if _, err := c.WriteTo(&buf); err != nil {
			t.Fatal(err)
		}
		raw := buf.String()
		if !strings.HasSuffix(raw, "\r\n") || !utf8.ValidString(raw) {
			t.Fatalf("not CRLF-terminated valid UTF-8: %q", raw)
		}
		for _, line := range strings.Split(strings.TrimSuffix(raw, "\r\n"), "\r\n") {
			if len(line) > ICSLineOctets || strings.ContainsAny(line, "\r\n") {
				t.Fatalf("bad content line (%d octets): %q", len(line), line)
			}
		}
		cal, err := ics.ParseCalendar(strings.NewReader(raw))
		if err != nil {
			t.Fatalf("parse: %v\n%s", err, raw)
		}
		evs := cal.Events()
		if len(evs) != 1 {
			t.Fatalf("%d events:\n%s", len(evs), raw)
		}
		e := evs[0]
		for _, p := range []struct {
			prop ics.ComponentProperty
			want string
		}{
			{ics.ComponentPropertySummary, summary},
			{ics.ComponentPropertyDescription, desc},
			{ics.ComponentPropertyLocation, location},
			{ics.ComponentPropertyUniqueId, uid},
		} {
			want := icsExpected(p.want)
			got := ""
			if prop := e.GetProperty(p.prop); prop != nil {
				got = prop.Value
			}
			if got != want {
				t.Fatalf("%s reads back %q, want %q\n%s", p.prop, got, want, raw)
			}
		}
		if got, err := e.GetStartAt(); err != nil || !got.Equal(at) {
			t.Fatalf("start %v (%v), want %v", got, err, at)
		}
	})
}
