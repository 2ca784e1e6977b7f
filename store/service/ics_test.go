package service

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"
)

// unfold undoes RFC 5545 line folding and splits at CRLF, failing on a bare
// LF or CR or a physical line longer than 75 octets.
func unfold(t *testing.T, raw string) []string {
	t.Helper()
	if !strings.HasSuffix(raw, "\r\n") {
		t.Fatalf("calendar does not end with CRLF: %q", raw[max(len(raw)-20, 0):])
	}
	var lines []string
	for i, phys := range strings.Split(strings.TrimSuffix(raw, "\r\n"), "\r\n") {
		if strings.ContainsAny(phys, "\r\n") {
			t.Fatalf("physical line %d has a bare CR or LF: %q", i+1, phys)
		}
		if len(phys) > ICSLineOctets {
			t.Fatalf("physical line %d is %d octets: %q", i+1, len(phys), phys)
		}
		if !utf8.ValidString(phys) {
			t.Fatalf("physical line %d is not valid UTF-8 on its own: %q", i+1, phys)
		}
		if rest, ok := strings.CutPrefix(phys, " "); ok && len(lines) > 0 {
			lines[len(lines)-1] += rest
			continue
		}
		lines = append(lines, phys)
	}
	return lines
}

func contains(lines []string, want string) bool {
	for _, l := range lines {
		if l == want {
			return true
		}
	}
	return false
}

func TestICSFoldsAt75OctetsOnCharacterBoundaries(t *testing.T) {
	for _, value := range []string{
		"",
		strings.Repeat("a", 74),
		strings.Repeat("a", 75),
		strings.Repeat("a", 76),
		strings.Repeat("a", 500),
		strings.Repeat("é", 200), // 2 octets
		strings.Repeat("€", 200), // 3 octets
		strings.Repeat("🙂", 200), // 4 octets
		"x" + strings.Repeat("👩🏽‍⚖️", 40), // mixed lengths and joiners
	} {
		var b strings.Builder
		icsFold(&b, "DESCRIPTION:"+value)
		lines := unfold(t, b.String())
		if len(lines) != 1 || lines[0] != "DESCRIPTION:"+value {
			t.Fatalf("unfolding does not give the line back: %q", lines)
		}
		if len("DESCRIPTION:"+value) > ICSLineOctets && !strings.Contains(b.String(), "\r\n ") {
			t.Fatalf("a long line was not folded: %q", b.String())
		}
	}
}

func TestICSTextEscaping(t *testing.T) {
	cases := map[string]string{
		`plain`:                         `plain`,
		`a,b;c\d`:                       `a\,b\;c\\d`,
		"one\ntwo\r\nthree\rfour":       `one\ntwo\nthree\nfour`,
		"tab\there":                     "tab here",
		"bell\x07 esc\x1b[31m c1\u009b": "bell esc[31m c1",
		`\n is not a newline`:           `\\n is not a newline`,
	}
	for in, want := range cases {
		if got := icsText(in); got != want {
			t.Errorf("icsText(%q) = %q, want %q", in, got, want)
		}
	}
	// Round trip through an independent parser's unescaping.
	for _, s := range []string{`a,b;c\d`, "x\ny", `back\slash\,comma`, `\;`} {
		if got := ics.FromText(icsText(s)); got != s {
			t.Errorf("round trip of %q gave %q", s, got)
		}
	}
}

func TestICSCalendarParses(t *testing.T) {
	start := time.Date(2022, 2, 4, 11, 0, 0, 0, time.UTC)
	long := strings.Repeat("Why, because; reasons\\ ", 20)
	c := Calendar{
		Name: "Next Generation Day, 2022", TimeZone: "Europe/Vienna",
		Events: []CalendarEvent{{
			UID: "aaaa-bbbb-20220204@netday", Stamp: start.Add(-48 * time.Hour), Sequence: 7,
			Start: start, End: start.Add(15 * time.Minute),
			Summary: "netday: meeting with Ana, María; \\ Ñ", Location: "https://meet.example.org/x",
			URL: "https://meet.example.org/x", Description: long + "\nline two",
		}},
	}
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	raw := buf.String()
	lines := unfold(t, raw)
	if lines[0] != "BEGIN:VCALENDAR" || lines[len(lines)-1] != "END:VCALENDAR" {
		t.Fatalf("calendar frame: %q … %q", lines[0], lines[len(lines)-1])
	}
	for _, want := range []string{"VERSION:2.0", "PRODID:" + ICSProdID, "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
		`X-WR-CALNAME:Next Generation Day\, 2022`, "X-WR-TIMEZONE:Europe/Vienna",
		"UID:aaaa-bbbb-20220204@netday", "DTSTART:20220204T110000Z", "DTEND:20220204T111500Z",
		"DTSTAMP:20220202T110000Z", "SEQUENCE:7"} {
		if !contains(lines, want) {
			t.Errorf("calendar lacks %q:\n%s", want, raw)
		}
	}
	cal, err := ics.ParseCalendar(strings.NewReader(raw))
	if err != nil {
		t.Fatalf("parse: %v\n%s", err, raw)
	}
	evs := cal.Events()
	if len(evs) != 1 {
		t.Fatalf("%d events", len(evs))
	}
	e := evs[0]
	if got := e.GetProperty(ics.ComponentPropertySummary).Value; got != c.Events[0].Summary {
		t.Errorf("summary %q", got)
	}
	if got := e.GetProperty(ics.ComponentPropertyDescription).Value; got != c.Events[0].Description {
		t.Errorf("description %q", got)
	}
	if got, err := e.GetStartAt(); err != nil || !got.Equal(start) {
		t.Errorf("start %v %v", got, err)
	}
}
