package tui

import (
	_ "embed"
	"sort"
	"strings"
	"time"
)

//go:embed zones.txt
var zonesTXT string

// zoneNames are the IANA zones offered as suggestions (one per line in
// zones.txt, from the tz database's zone.tab, plus UTC).
var zoneNames = strings.Fields(zonesTXT)

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

// suggestZones lists up to n zones matching what was typed: zones whose city
// starts with it first, then any zone containing it.
func suggestZones(typed string, n int) []string {
	key := zoneKey(typed)
	if key == "" {
		return nil
	}
	type hit struct {
		zone string
		rank int
	}
	var hits []hit
	for _, z := range zoneNames {
		zk := zoneKey(z)
		city := zk[strings.LastIndex(zk, "/")+1:]
		switch {
		case city == key:
			hits = append(hits, hit{z, 0})
		case strings.HasPrefix(city, key):
			hits = append(hits, hit{z, 1})
		case strings.HasPrefix(zk, key):
			hits = append(hits, hit{z, 2})
		case strings.Contains(zk, key):
			hits = append(hits, hit{z, 3})
		}
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].rank < hits[j].rank })
	out := make([]string, 0, min(n, len(hits)))
	for _, h := range hits[:min(n, len(hits))] {
		out = append(out, h.zone)
	}
	return out
}
