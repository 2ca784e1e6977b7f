package tui

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// On the review page at 60×16 a long answer wraps at words under itself
// instead of being cut at the window's edge.
func TestReviewWrapsLongAnswersAt60x16(t *testing.T) {
	tm, _ := newTestApp(t, Identity{Fingerprint: testFP}, 60, 16)
	waitScreen(t, tm, "This is your first visit")
	typeKeys(tm, tea.KeyEnter, tea.KeyEnter)
	waitScreen(t, tm, "question 1 of 11")
	tm.Type("Ana")
	typeKeys(tm, tea.KeyEnter, tea.KeyEnter)
	waitScreen(t, tm, "question 3 of 11")
	tm.Type("MA Human Rights and Democracy, Faculty of Law, University of Graz in Styria")
	typeKeys(tm, tea.KeyEnter, tea.KeyEnter, tea.KeyEnter)
	tm.Type("UTC")
	typeKeys(tm, tea.KeyEnter, tea.KeyEnter, tea.KeyEnter, tea.KeySpace, tea.KeyEnter, tea.KeyEnter, tea.KeyEnter)
	waitScreen(t, tm, "review your profile", "MA Human Rights and Democracy,", "Graz in Styria")
}
