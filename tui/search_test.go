package tui

import (
	"io"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"netday/store"
)

// Three experts like the ones of the day the issue was found with.
var searchExperts = []store.Profile{
	{Name: "Wanjiru Kamau", Title: "Human Rights Officer", Organisation: "UN-Habitat", Country: "Kenya",
		Areas: []string{"Housing and the right to the city"}, Offers: []string{"Career advice"}},
	{Name: "Priya Raman", Title: "Researcher", Organisation: "Office of the High Commissioner for Human Rights",
		Country: "Switzerland", Areas: []string{"Migration, refugees and inclusion"}, Offers: []string{"Mentoring"}},
	{Name: "Jonas Weber", Title: "Policy advisor", Organisation: "OHCHR", Country: "Austria",
		Areas: []string{"Gender equality"}, Offers: []string{"Research contacts", "Jobs and internships"}},
}

// ranked returns the names matching q, best first (ties keep list order).
func ranked(q string) []string {
	type hit struct {
		name string
		rank int
	}
	var hits []hit
	for _, p := range searchExperts {
		if h, ok := matchFields(q, searchFields(p)); ok {
			hits = append(hits, hit{p.Name, h.rank})
		}
	}
	for i := 1; i < len(hits); i++ { // stable insertion sort, best first
		for j := i; j > 0 && hits[j].rank > hits[j-1].rank; j-- {
			hits[j], hits[j-1] = hits[j-1], hits[j]
		}
	}
	var out []string
	for _, h := range hits {
		out = append(out, h.name)
	}
	return out
}

func TestSearchRanksExactAndPrefixFirstAndDoesNotMatchEveryone(t *testing.T) {
	for _, tc := range []struct {
		q    string
		want string // names, best first
	}{
		{"", "Wanjiru Kamau,Priya Raman,Jonas Weber"},
		{"prya", "Priya Raman"},              // fuzzy, but not everyone
		{"ohchr", "Jonas Weber,Priya Raman"}, // the exact organisation first, then initials
		{"OHCHR", "Jonas Weber,Priya Raman"}, // any case
		{"jonas", "Jonas Weber"},             // exact word
		{"rese", "Priya Raman,Jonas Weber"},  // prefix of a title before prefix of an offer
		{"wnjr kmu", "Wanjiru Kamau"},        // two fuzzy words
		{"kenya wanjiru", "Wanjiru Kamau"},   // words in any order
		{"housing", "Wanjiru Kamau"},         // an area
		{"zzz", ""},
		{"jonas kenya", ""}, // every word must match
	} {
		if got := strings.Join(ranked(tc.q), ","); got != tc.want {
			t.Errorf("search %q = %q, want %q", tc.q, got, tc.want)
		}
	}
}

func TestSearchRanksExactBeforePrefixBeforeInsideBeforeFuzzy(t *testing.T) {
	exact, _ := matchTerm("weber", "Weber")
	word, _ := matchTerm("weber", "Jonas Weber")
	prefix, _ := matchTerm("web", "Weber")
	head, _ := matchTerm("web", "Jonas Weber")
	inside, _ := matchTerm("ebe", "Jonas Weber")
	acronym, _ := matchTerm("ohchr", "Office of the High Commissioner for Human Rights")
	fz, _ := matchTerm("wbr", "Weber")
	if !(exact > word && word > prefix && prefix > head && head > inside && inside > acronym && acronym > fz && fz > 0) {
		t.Fatalf("ranks out of order: exact %d word %d prefix %d head %d inside %d initials %d fuzzy %d",
			exact, word, prefix, head, inside, acronym, fz)
	}
	if r, _ := matchTerm("prya", "Office of the High Commissioner for Human Rights · Researcher · Switzerland"); r != 0 {
		t.Fatalf("letters scattered over a long text matched (rank %d)", r)
	}
}

func TestSearchHighlightsMatchedLettersWithoutColour(t *testing.T) {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.ANSI) // a terminal with styles (this renderer only)
	base := r.NewStyle()
	hi := base.Bold(true).Underline(true)
	_, idx := matchTerm("kmu", "Kamau")
	if len(idx) != 3 || idx[0] != 0 {
		t.Fatalf("matched runes %v", idx)
	}
	out := highlight("Kamau", idx, base, hi)
	if ansi.Strip(out) != "Kamau" {
		t.Fatalf("highlight changed the text: %q", ansi.Strip(out))
	}
	if !strings.HasPrefix(out, "\x1b[1;4") || strings.Contains(out, "\x1b[1;4;4ma") {
		t.Fatalf("K is not bold and underlined: %q", out)
	}
	_, idx = matchTerm("mé", "Amélie Müller") // runes, not bytes
	if got := ansi.Strip(highlight("Amélie Müller", idx, base, hi)); got != "Amélie Müller" || len(idx) != 2 || idx[0] != 1 {
		t.Fatalf("non-ASCII highlight: %v %q", idx, got)
	}
}
