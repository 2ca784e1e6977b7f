package tui

import (
	"testing"
)

// On the review page at 60×16 a long answer wraps at words under itself
// instead of being cut at the window's edge.
func TestReviewWrapsLongAnswersAt60x16(t *testing.T) {
	tm, _ := newTestApp(t, Identity{Fingerprint: testFP}, 60, 16)
	toReview(t, tm, "MA Human Rights and Democracy, Faculty of Law, University of Graz in Styria")
	waitScreen(t, tm, "review your profile", "MA Human Rights and Democracy,", "Graz in Styria")
}
