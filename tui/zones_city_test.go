package tui

import (
	"strings"
	"testing"
	"time"
)

func TestZonesFoundByCityAndCountry(t *testing.T) {
	for _, tc := range []struct{ typed, first string }{
		{"geneva", "Europe/Zurich"},
		{"graz", "Europe/Vienna"},
		{"delhi", "Asia/Kolkata"},
		{"new delhi", "Asia/Kolkata"},
		{"Vienna", "Europe/Vienna"},
		{"vien", "Europe/Vienna"}, // Vienna before Vientiane
		{"austria", "Europe/Vienna"},
		{"Argentina", "America/Argentina/Buenos_Aires"},
		{"kenya", "Africa/Nairobi"},
		{"united states", "America/New_York"},
		{"washington", "America/New_York"},
		{"the hague", "Europe/Amsterdam"},
		{"bogotá", "America/Bogota"}, // accents do not matter
		{"genève", "Europe/Zurich"},
		{"atlantis", ""}, // not a name we know: nothing rather than a wrong zone
	} {
		got := suggestZones(tc.typed, 5)
		switch {
		case tc.first == "" && len(got) != 0:
			t.Errorf("suggestZones(%q) = %v, want none", tc.typed, got)
		case tc.first != "" && (len(got) == 0 || got[0].zone != tc.first):
			t.Errorf("suggestZones(%q) = %v, want %s first", tc.typed, got, tc.first)
		}
	}
	vien := suggestZones("vien", 5)
	if len(vien) < 2 || vien[1].zone != "Asia/Vientiane" {
		t.Errorf("vien: %v", vien)
	}
	g := suggestZones("geneva", 1)
	if len(g) != 1 || !strings.Contains(g[0].label, "Geneva") || !strings.Contains(g[0].label, "Switzerland") {
		t.Errorf("the suggestion does not say what it was found by: %v", g)
	}
}

func TestEveryPlaceNamesAnOfferedZone(t *testing.T) {
	offered := map[string]bool{}
	for _, z := range zoneNames {
		offered[z] = true
	}
	if len(places) < 100 {
		t.Fatalf("only %d places", len(places))
	}
	for _, p := range places {
		if !offered[p.zone] {
			t.Errorf("place %q: zone %q is not offered", p.name, p.zone)
		}
	}
	for zone := range knownAbbr {
		if !offered[zone] {
			t.Errorf("abbreviation for %q, which is not offered", zone)
		}
	}
}

func TestZoneAbbreviationsPeopleKnow(t *testing.T) {
	winter := time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC)
	summer := time.Date(2026, 7, 15, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		zone string
		at   time.Time
		want string
	}{
		{"Europe/Vienna", winter, "CET"},
		{"Europe/Vienna", summer, "CEST"},
		{"America/Argentina/Buenos_Aires", winter, "ART"},
		{"Africa/Nairobi", winter, "EAT"},
		{"America/Sao_Paulo", winter, "BRT"},
		{"America/Bogota", winter, "COT"},
		{"America/Santiago", winter, "CLST"},
		{"America/Santiago", summer, "CLT"},
		{"Asia/Kolkata", winter, "IST"},
		{"Asia/Dubai", winter, "GST"},
		{"Asia/Kathmandu", winter, "NPT"},
		{"Asia/Qyzylorda", winter, "UTC+5"}, // no common name: the offset
		{"UTC", winter, "UTC"},
	} {
		loc, err := time.LoadLocation(tc.zone)
		if err != nil {
			t.Fatal(err)
		}
		if got := zoneAbbr(tc.at.In(loc)); got != tc.want {
			t.Errorf("%s at %s: %q, want %q", tc.zone, tc.at.Format("Jan"), got, tc.want)
		}
	}
	// No offered zone shows a bare number like "-03".
	for _, z := range zoneNames {
		loc, _ := time.LoadLocation(z)
		for _, at := range []time.Time{winter, summer} {
			if a := zoneAbbr(at.In(loc)); a[0] == '+' || a[0] == '-' {
				t.Errorf("%s: %q", z, a)
			}
		}
	}
	if got := utcOffset(5*3600 + 45*60); got != "UTC+5:45" {
		t.Errorf("utcOffset = %q", got)
	}
}

// Typing a zone abbreviation people know lists the zones that use it
// first, not zones whose names merely contain the letters.
func TestZonesFoundByAbbreviation(t *testing.T) {
	for _, typed := range []string{"EAT", "cet", "ART"} {
		got := suggestZones(typed, 5)
		if len(got) == 0 {
			t.Fatalf("suggestZones(%q) found nothing", typed)
		}
		for _, s := range got {
			if !strings.Contains(s.label, " · "+strings.ToUpper(typed)) {
				t.Errorf("suggestZones(%q) offers %s", typed, s.label)
			}
		}
	}
	if got := suggestZones("EAT", 5); got[0].zone == "America/Los_Angeles" {
		t.Errorf("EAT still starts with Los Angeles: %v", got)
	}
}

// Live counts say when they were counted, with the zone.
func TestEventClockNamesTheZone(t *testing.T) {
	vienna, err := time.LoadLocation("Europe/Vienna")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2022, 2, 4, 11, 30, 51, 0, time.UTC).In(vienna)
	if got := eventClock(at); got != "12:30:51 CET" {
		t.Errorf("eventClock = %q, want 12:30:51 CET", got)
	}
}
