package tui

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"netday/store"
)

// TestIgnoredChangeKeepsTheFrame: a store change that the welcome screen
// does not show (a stored matching run) keeps the frame as drawn instead of
// drawing it again — every stored run reaches every session — while an
// announcement, which every screen shows, draws the frame anew.
func TestIgnoredChangeKeepsTheFrame(t *testing.T) {
	st := newTestStore(t)
	a := newPlainApp(st, Identity{Fingerprint: testFP}, 80, 24)
	a.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	first := a.View()
	if !strings.Contains(first, "This is your first visit") {
		t.Fatalf("welcome screen expected:\n%s", first)
	}
	a.Update(ChangeMsg{Change: store.Change{Kind: store.KindRun, Key: "1"}})
	if !a.sameFrame || a.View() != first {
		t.Fatalf("a stored run redrew the welcome screen (kept: %v)", a.sameFrame)
	}
	if _, err := st.Announce("Lunch is served in room B", "org", time.Now()); err != nil {
		t.Fatal(err)
	}
	a.Update(ChangeMsg{Change: store.Change{Kind: store.KindAnnouncement}})
	if a.sameFrame || !strings.Contains(a.View(), "Lunch is served in room B") {
		t.Fatalf("the announcement is not on the screen:\n%s", a.View())
	}
	a.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	if got := a.View(); got == first || a.sameFrame {
		t.Fatal("a resize kept the old frame")
	}
}
