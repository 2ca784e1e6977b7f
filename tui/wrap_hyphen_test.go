package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// A word that starts with a hyphen ("-03", a zone abbreviation) used to
// leave a trailing space on the line before it, one cell wider than the
// window, so the frame cut that line's last word.
func TestWrapBeforeHyphenatedWordFitsWidth(t *testing.T) {
	s := "• Moved: Amira Haddad, from Fri 12:00–12:15 CET (08:00–08:15 -03 your time) to Fri 12:20–12:35 CET (08:20–08:35 -03 your time)"
	for _, w := range []int{60, 80, 200} {
		out := wrap(s, w)
		for _, l := range strings.Split(out, "\n") {
			if ansi.StringWidth(l) > w {
				t.Fatalf("at %d columns a line is %d wide: %q", w, ansi.StringWidth(l), l)
			}
		}
		if got := strings.Join(strings.Fields(out), " "); got != s {
			t.Fatalf("at %d columns the words changed:\n%s", w, out)
		}
	}
}
