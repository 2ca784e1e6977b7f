package tui

import (
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"netday/matching"
	"netday/store"
	"netday/store/event"
)

func testSession(t *testing.T) *session {
	t.Helper()
	r := lipgloss.NewRenderer(io.Discard, termenv.WithProfile(termenv.Ascii))
	s := &session{Options: Options{Event: event.Default()}, st: NewStyles(r)}
	s.help = newHelp(s.st)
	return s
}

// numbered is a text of n distinct words, to check none is lost or cut.
func numbered(prefix string, n int) (string, []string) {
	var words []string
	for i := range n {
		words = append(words, fmt.Sprintf("%s%03d", prefix, i))
	}
	return strings.Join(words, " "), words
}

// checkWrapped fails when a line is wider than w or a word is missing or
// split over two lines.
func checkWrapped(t *testing.T, out string, w int, words []string) {
	t.Helper()
	checkWords(t, out, w, words, true)
}

// checkWords is checkWrapped; once=false accepts a word shown twice (pages
// of a scrolled view overlap at the end).
func checkWords(t *testing.T, out string, w int, words []string, once bool) {
	t.Helper()
	plain := ansi.Strip(out)
	seen := map[string]int{}
	for _, line := range strings.Split(plain, "\n") {
		if ansi.StringWidth(line) > w {
			t.Fatalf("w=%d: line of %d cells: %q", w, ansi.StringWidth(line), line)
		}
		for _, f := range strings.FieldsFunc(line, func(r rune) bool { return r == ' ' || r == ',' || r == '.' || r == ':' }) {
			seen[f]++
		}
	}
	for _, word := range words {
		if seen[word] == 0 || (once && seen[word] != 1) {
			t.Fatalf("w=%d: %q shown %d times (cut or lost):\n%s", w, word, seen[word], plain)
		}
	}
}

func TestLongTextsWrapAtWordsAt60_80_200(t *testing.T) {
	s := testSession(t)
	why, whyWords := numbered("why", 250)
	bio, bioWords := numbered("bio", 60) // within store.MaxBio
	areas, areaWords := numbered("area", 12)
	expert := store.Profile{
		Fingerprint: testFP, Role: store.RoleExpert, Name: "Jonas Weber", Title: "Researcher",
		Organisation: "ETC Graz", Country: "Austria", Languages: []string{"English"},
		Areas: strings.Split(areas, " "), Bio: bio,
	}
	row := expertRow{p: expert, x: matching.Explanation{Eligible: true, Total: 640,
		Parts: []matching.Part{{Name: "areas", Points: 300, Max: 300, Detail: "Shared areas: " + why}}}}
	tab := &scheduleTab{s: s, others: map[string]store.Profile{expert.Fingerprint: expert}}
	m := store.Meeting{Participant: "SHA256:p", Expert: expert.Fingerprint, Slot: "s1", Why: why}
	for _, w := range []int{60, 80, 200} {
		card := expertCard(s, row, false, w)
		checkWrapped(t, card, w, append(append(append([]string{}, whyWords...), bioWords...), areaWords...))
		if !strings.Contains(card, "Free time:") || !strings.Contains(card, "press w to add") {
			t.Fatalf("w=%d: the card lost its end:\n%s", w, card)
		}
		checkWrapped(t, tab.meetingCard([]store.Meeting{m}, w), w, append(append([]string{}, whyWords...), bioWords...))
		// The wide terminal is used: lines reach past 80 columns at 200.
		if w == 200 && !hasLineWiderThan(card, 150) {
			t.Fatalf("at 200 columns the text should use the width:\n%s", card)
		}
	}
}

func TestDetailViewScrollsToTheEndAt60x16(t *testing.T) {
	s := testSession(t)
	text, words := numbered("w", 300)
	d := newDetail(s.st, func(w int) string { return wrap(text, w) })
	var out strings.Builder
	for range 100 {
		v := d.view(s.st, 60, 12)
		if n := strings.Count(v, "\n") + 1; n > 12 {
			t.Fatalf("view of %d lines in 12", n)
		}
		lines := strings.Split(v, "\n")
		out.WriteString(strings.Join(lines[:len(lines)-1], "\n") + "\n")
		if strings.Contains(v, "end · ↑") {
			break
		}
		d.vp.ScrollDown(d.vp.Height) // one page, as space does
	}
	checkWords(t, out.String(), 60, words, false)
}

func hasLineWiderThan(s string, n int) bool {
	for _, l := range strings.Split(s, "\n") {
		if ansi.StringWidth(l) > n {
			return true
		}
	}
	return false
}
