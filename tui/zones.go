package tui

import (
	_ "embed"
	"sort"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

//go:embed zones.txt
var zonesTXT string

//go:embed places.txt
var placesTXT string

// zoneEntry is one IANA zone offered as a suggestion, with its country.
type zoneEntry struct {
	zone, country string
	city          string // the zone's own city, "New York" for America/New_York
	zoneKey       string // folded once, for the search
	cityKey       string
	countryKey    string
}

// zoneEntries are the zones of zones.txt (zone.tab's, plus UTC), and
// zoneNames their names.
var zoneEntries, zoneNames = readZones(zonesTXT)

// zoneOrder is each zone's place in zones.txt (zone.tab's order).
var zoneOrder = func() map[string]int {
	m := make(map[string]int, len(zoneNames))
	for i, z := range zoneNames {
		m[z] = i
	}
	return m
}()

// places maps a city or other name people type (places.txt) to its zone.
var places = readPlaces(placesTXT)

func readZones(txt string) ([]zoneEntry, []string) {
	var out []zoneEntry
	var names []string
	for _, line := range strings.Split(txt, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		zone, country, _ := strings.Cut(line, "\t")
		city := zone[strings.LastIndex(zone, "/")+1:]
		city = strings.ReplaceAll(city, "_", " ")
		out = append(out, zoneEntry{zone: zone, country: country, city: city,
			zoneKey: zoneKey(zone), cityKey: placeKey(city), countryKey: placeKey(country)})
		names = append(names, zone)
	}
	return out, names
}

// place is a name from places.txt and its zone.
type place struct{ name, zone, key string }

func readPlaces(txt string) []place {
	var out []place
	for _, line := range strings.Split(txt, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, zone, _ := strings.Cut(line, "\t")
		out = append(out, place{name, zone, placeKey(name)})
	}
	return out
}

// canonicalZone returns the zone's canonical spelling when s names an IANA
// zone (any letter case, spaces for underscores).
func canonicalZone(s string) (string, bool) {
	key := zoneKey(s)
	if key == "" {
		return "", false
	}
	for _, z := range zoneNames {
		if zoneKey(z) == key {
			return z, true
		}
	}
	if strings.ContainsAny(s, " \t") || strings.EqualFold(s, "local") {
		return "", false
	}
	if _, err := time.LoadLocation(s); err == nil {
		return s, true
	}
	return "", false
}

func zoneKey(s string) string {
	return strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), " ", "_"))
}

// placeKey folds a typed place name: any case, accents dropped
// ("Bogotá" is "bogota"), underscores as spaces.
func placeKey(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(strings.ReplaceAll(s, "_", " "))) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// zoneSuggestion is one suggested zone, with what it was found by.
type zoneSuggestion struct {
	zone  string // the IANA name that is saved
	label string // "Europe/Zurich · Geneva, Switzerland · CET"
}

// suggestZones lists up to n zones for what was typed, found by the
// zone's city, another city (places.txt), the country, or the IANA name:
// exact names first, then names that start with it (shorter first, so
// "vien" gives Vienna before Vientiane), then the IANA name's start, then
// any name containing it.
func suggestZones(typed string, n int) []zoneSuggestion {
	key := placeKey(typed)
	if key == "" {
		return nil
	}
	type hit struct {
		zone, by string
		rank     int
		length   int
	}
	best := map[string]hit{}
	typedZone := zoneKey(typed)
	consider := func(zone, zk, nk, by string, iana bool) {
		var rank int
		switch {
		case nk == key:
			rank = 0
		case strings.HasPrefix(nk, key):
			rank = 1
		case iana && strings.HasPrefix(zk, typedZone):
			rank = 2
		case strings.Contains(nk, key) || (iana && strings.Contains(zk, typedZone)):
			rank = 3
		default:
			return
		}
		h := hit{zone: zone, by: by, rank: rank, length: len([]rune(nk))}
		if old, ok := best[zone]; !ok || h.rank < old.rank || (h.rank == old.rank && h.length < old.length) {
			best[zone] = h
		}
	}
	country := map[string]string{}
	for _, z := range zoneEntries {
		country[z.zone] = z.country
		consider(z.zone, z.zoneKey, z.cityKey, z.city, true)
		if z.country != "" {
			consider(z.zone, "", z.countryKey, "", false)
		}
	}
	for _, p := range places {
		consider(p.zone, "", p.key, p.name, false)
	}
	if hasAbbr(key) {
		// An abbreviation people know ("eat", "cet", "art"): every zone
		// that uses it, ahead of names that merely contain the letters.
		for zone, abbrs := range zoneAbbrs() {
			for _, a := range abbrs {
				if strings.ToLower(a) == key {
					best[zone] = hit{zone: zone, rank: 0, length: 0}
				}
			}
		}
	}
	hits := make([]hit, 0, len(best))
	for _, h := range best {
		hits = append(hits, h)
	}
	sort.Slice(hits, func(i, j int) bool {
		a, b := hits[i], hits[j]
		if a.rank != b.rank {
			return a.rank < b.rank
		}
		if a.length != b.length {
			return a.length < b.length
		}
		return zoneOrder[a.zone] < zoneOrder[b.zone]
	})
	now := time.Now()
	out := make([]zoneSuggestion, 0, min(n, len(hits)))
	for _, h := range hits[:min(n, len(hits))] {
		out = append(out, zoneSuggestion{zone: h.zone, label: zoneLabel(h.zone, h.by, country[h.zone], now)})
	}
	return out
}

// zoneLabel is "Europe/Zurich · Geneva, Switzerland · CET (UTC+1)".
func zoneLabel(zone, city, country string, now time.Time) string {
	label := zone
	if where := joinNonEmpty(", ", city, country); where != "" {
		label += " · " + where
	}
	if loc, err := time.LoadLocation(zone); err == nil {
		t := now.In(loc)
		_, off := t.Zone()
		abbr := zoneAbbr(t)
		if abbr != utcOffset(off) {
			abbr += " (" + utcOffset(off) + ")"
		}
		label += " · " + abbr
	}
	return label
}
