package tui

import (
	"io"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"netday/matching"
	"netday/store"
	"netday/store/event"
)

func TestToggleWish(t *testing.T) {
	list, added, ok := toggleWish([]string{"a", "b"}, "c", 3)
	if !ok || !added || strings.Join(list, ",") != "a,b,c" {
		t.Fatalf("add: %v %v %v", list, added, ok)
	}
	if _, _, ok := toggleWish(list, "d", 3); ok {
		t.Fatal("a full list accepted a fourth expert")
	}
	list, added, ok = toggleWish(list, "b", 3)
	if !ok || added || strings.Join(list, ",") != "a,c" {
		t.Fatalf("remove: %v %v %v", list, added, ok)
	}
}

func TestWhyThisExpertIsPlainAndInBothZones(t *testing.T) {
	ev := event.Default()
	r := lipgloss.NewRenderer(io.Discard, termenv.WithProfile(termenv.Ascii))
	s := &session{Options: Options{Event: ev, Now: time.Now}, st: NewStyles(r)}
	s.profile = &store.Profile{TimeZone: "America/Bogota", Areas: []string{"Gender equality"}, Languages: []string{"Spanish", "English"},
		LookingFor: []string{"Mentoring"}, CareerStage: "Student", Role: store.RoleParticipant}
	expert := store.Profile{Fingerprint: "SHA256:x", Role: store.RoleExpert, Name: "Lena", Areas: []string{"Gender equality", "Housing and the right to the city"},
		Languages: []string{"English"}, Offers: []string{"Mentoring"}}
	a := &store.Availability{Seats: map[string]int{"s1": 1, "s3": 2}}
	x := matching.Score(store.MatchProfile(*s.profile, nil, &store.WishList{Experts: []string{"SHA256:x"}}), store.MatchProfile(expert, a, nil), ev.Weights)
	lines := strings.Join(whyLines(s, expertRow{p: expert, seats: a.Seats, x: x}), "\n")
	for _, want := range []string{"Fit for you:", "Gender equality", "Mentoring", "English", "12:00, 12:40 CET", "06:00, 06:40 COT your time"} {
		if !strings.Contains(lines, want) {
			t.Errorf("why lines lack %q:\n%s", want, lines)
		}
	}
	if sharedAreas(s, expert.Areas)[0] != "Gender equality" || len(sharedAreas(s, expert.Areas)) != 1 {
		t.Errorf("shared areas = %v", sharedAreas(s, expert.Areas))
	}

	expert.Languages = []string{"German"}
	x = matching.Score(store.MatchProfile(*s.profile, nil, nil), store.MatchProfile(expert, a, nil), ev.Weights)
	lines = strings.Join(whyLines(s, expertRow{p: expert, seats: a.Seats, x: x}), "\n")
	if !strings.Contains(lines, "You cannot be matched") {
		t.Errorf("an ineligible expert should say why:\n%s", lines)
	}
}

func TestBrowseFiltersByAreaLanguageAndSearch(t *testing.T) {
	r := lipgloss.NewRenderer(io.Discard, termenv.WithProfile(termenv.Ascii))
	s := &session{Options: Options{Event: event.Default(), Now: time.Now}, st: NewStyles(r)}
	b := newBrowseTab(s).(*browseTab)
	row := func(name string, areas, langs []string) expertRow {
		return expertRow{p: store.Profile{Fingerprint: "SHA256:" + name, Name: name, Areas: areas, Languages: langs}}
	}
	b.dir.rows = []expertRow{
		row("Ana Ruiz", []string{"Gender equality"}, []string{"Spanish", "English"}),
		row("Ben Okafor", []string{"Housing and the right to the city"}, []string{"English"}),
		row("Chen Li", []string{"Gender equality", "Children and youth"}, []string{"Mandarin"}),
	}
	names := func() string {
		var out []string
		for _, i := range b.shown {
			out = append(out, b.dir.rows[i].p.Name)
		}
		return strings.Join(out, ",")
	}
	b.apply()
	if got := names(); got != "Ana Ruiz,Ben Okafor,Chen Li" {
		t.Fatalf("no filter: %s", got)
	}
	b.area = "gender equality"
	b.apply()
	if got := names(); got != "Ana Ruiz,Chen Li" {
		t.Fatalf("area filter: %s", got)
	}
	b.lang = "English"
	b.apply()
	if got := names(); got != "Ana Ruiz" {
		t.Fatalf("area and language: %s", got)
	}
	b.area, b.lang = "", ""
	b.search.SetValue("okfr")
	b.apply()
	if got := names(); got != "Ben Okafor" {
		t.Fatalf("fuzzy search: %s", got)
	}
}
