package tui

import (
	"strings"
	"testing"
	"time"
	_ "time/tzdata"
)

func TestEveryOfferedZoneLoads(t *testing.T) {
	if len(zoneNames) < 300 {
		t.Fatalf("only %d zones", len(zoneNames))
	}
	for _, z := range zoneNames {
		if _, err := time.LoadLocation(z); err != nil {
			t.Errorf("zone %q: %v", z, err)
		}
	}
}

func TestZoneSuggestionsAndCanonicalNames(t *testing.T) {
	for _, tc := range []struct{ typed, first string }{
		{"vienna", "Europe/Vienna"},
		{"new york", "America/New_York"},
		{"nair", "Africa/Nairobi"},
		{"europe/ber", "Europe/Berlin"},
	} {
		got := suggestZones(tc.typed, 5)
		if len(got) == 0 || got[0].zone != tc.first {
			t.Errorf("suggestZones(%q) = %v, want %s first", tc.typed, got, tc.first)
		}
	}
	if got := suggestZones("", 5); got != nil {
		t.Errorf("empty input suggests %v", got)
	}
	if z, ok := canonicalZone("europe/vienna"); !ok || z != "Europe/Vienna" {
		t.Errorf("canonicalZone = %q, %v", z, ok)
	}
	for _, bad := range []string{"", "Local", "Mars/Olympus", "../../etc/passwd", "Europe Vienna x"} {
		if _, ok := canonicalZone(bad); ok {
			t.Errorf("canonicalZone(%q) accepted", bad)
		}
	}
}

func TestFitClampsWidthAndHeight(t *testing.T) {
	view := strings.Repeat(strings.Repeat("é", 100)+"\n", 50)
	out := fit(view, 20, 5)
	lines := strings.Split(out, "\n")
	if len(lines) != 5 {
		t.Fatalf("%d lines", len(lines))
	}
	for _, l := range lines {
		if n := len([]rune(l)); n > 20 {
			t.Fatalf("line of %d cells: %q", n, l)
		}
	}
	if w, h := clampSize(65535, 0); w != MaxWidth || h != 1 {
		t.Fatalf("clampSize = %d×%d", w, h)
	}
}

func TestWindowKeepsFocusVisible(t *testing.T) {
	body := make([]string, 30)
	for i := range body {
		body[i] = "row" + itoa(i)
	}
	for _, focus := range []int{0, 14, 29} {
		got := window(body, focus, 8)
		if len(got) > 8 || !strings.Contains(strings.Join(got, "\n"), "row"+itoa(focus)) {
			t.Errorf("focus %d: %v", focus, got)
		}
	}
}
