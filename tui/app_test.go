package tui

import (
	"bytes"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"

	"netday/store"
	"netday/store/event"
)

const testFP = "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU"

// newTestStore opens a fresh store in the test's temporary directory.
func newTestStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "t.db"), store.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// newPlainApp builds the app for id on st, drawn without colour.
func newPlainApp(st *store.Store, id Identity, w, h int) *App {
	r := lipgloss.NewRenderer(io.Discard, termenv.WithProfile(termenv.Ascii))
	return New(Options{Store: st, Event: event.Default(), Identity: id, Renderer: r, Width: w, Height: h})
}

func newTestApp(t *testing.T, id Identity, w, h int) (*teatest.TestModel, *store.Store) {
	t.Helper()
	st := newTestStore(t)
	app := newPlainApp(st, id, w, h)
	tm := teatest.NewTestModel(t, app, teatest.WithInitialTermSize(w, h))
	t.Cleanup(func() { _ = tm.Quit() })
	return tm, st
}

func waitScreen(t *testing.T, tm *teatest.TestModel, wants ...string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		for _, w := range wants {
			if !bytes.Contains(b, []byte(w)) {
				return false
			}
		}
		return true
	}, teatest.WithDuration(10*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
}

func typeKeys(tm *teatest.TestModel, keys ...tea.KeyType) {
	for _, k := range keys {
		tm.Send(tea.KeyMsg{Type: k})
	}
}

func TestFormShowsInlineErrorsAndSuggestsZones(t *testing.T) {
	tm, _ := newTestApp(t, Identity{Fingerprint: testFP}, 80, 24)
	waitScreen(t, tm, "This is your first visit")
	typeKeys(tm, tea.KeyEnter, tea.KeyEnter)
	waitScreen(t, tm, "question 1 of 11")
	tm.Type(strings.Repeat("x", 100)) // capped at the name limit
	typeKeys(tm, tea.KeyEnter)
	waitScreen(t, tm, "question 2 of 11")
	typeKeys(tm, tea.KeyEnter, tea.KeyEnter, tea.KeyEnter, tea.KeyEnter)
	waitScreen(t, tm, "Time zone")
	tm.Type("sao pa")
	waitScreen(t, tm, "America/Sao_Paulo")
	typeKeys(tm, tea.KeyEnter)
	waitScreen(t, tm, "Career stage")
}

func TestTooSmallWindowAsksToEnlarge(t *testing.T) {
	tm, _ := newTestApp(t, Identity{Fingerprint: testFP}, 40, 10)
	waitScreen(t, tm, "Please enlarge", "40×10")
	tm.Send(tea.WindowSizeMsg{Width: 80, Height: 24})
	waitScreen(t, tm, "This is your first visit")
}

func TestReviewRefusesIncompleteProfile(t *testing.T) {
	tm, st := newTestApp(t, Identity{Fingerprint: testFP}, 80, 24)
	toReview(t, tm, "")
	// An empty optional answer reads "—", an empty required one "(empty)".
	waitScreen(t, tm, "review your profile", "Pronouns", "—", "(empty)")
	tm.Type("s")
	waitScreen(t, tm, "Profile saved.", "not complete yet")
	p, err := st.Profile(testFP)
	if err != nil || p.Name != "Ana" || p.TimeZone != "UTC" || p.Complete() {
		t.Fatalf("saved %+v, %v", p, err)
	}
}

// toReview walks a first visit to the review page: name Ana, the
// organisation org (empty: none), time zone UTC, one interest area, every
// other answer left as it is (the form checks each, so only valid ones).
func toReview(t *testing.T, tm *teatest.TestModel, org string) {
	t.Helper()
	waitScreen(t, tm, "This is your first visit")
	typeKeys(tm, tea.KeyEnter, tea.KeyEnter)
	waitScreen(t, tm, "question 1 of 11")
	tm.Type("Ana")
	typeKeys(tm, tea.KeyEnter, tea.KeyEnter)
	waitScreen(t, tm, "question 3 of 11")
	tm.Type(org)
	typeKeys(tm, tea.KeyEnter, tea.KeyEnter, tea.KeyEnter)
	tm.Type("UTC")
	typeKeys(tm, tea.KeyEnter, tea.KeyEnter, tea.KeyEnter, tea.KeySpace, tea.KeyEnter, tea.KeyEnter, tea.KeyEnter)
}
