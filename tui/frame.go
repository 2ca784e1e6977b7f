package tui

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// Window limits. Clients may report any size; we clamp before using it.
const (
	MinWidth  = 60
	MinHeight = 16
	MaxWidth  = 400
	MaxHeight = 200
)

// clampSize bounds a reported window size to what we are willing to draw.
func clampSize(w, h int) (int, int) {
	return min(max(w, 1), MaxWidth), min(max(h, 1), MaxHeight)
}

// fit cuts a rendered view to the window: no line wider than w, no more than
// h lines (a frame taller than the terminal would lose its top lines).
func fit(view string, w, h int) string {
	lines := strings.Split(view, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		// No character is wider than its UTF-8 bytes and escape sequences
		// have no width, so a line of at most w bytes fits as it is: most
		// lines are never measured.
		if len(l) > w && ansi.StringWidth(l) > w {
			lines[i] = ansi.Truncate(l, w, "…")
		}
	}
	return strings.Join(lines, "\n")
}

// window returns the lines of body that fit in h rows while keeping line
// focus visible, with markers when lines are cut above or below.
func window(body []string, focus, h int) []string {
	if h <= 0 {
		return nil
	}
	if len(body) <= h {
		return body
	}
	if h < 3 {
		focus = min(max(focus, 0), len(body)-1)
		return body[focus:min(focus+h, len(body))]
	}
	inner := h - 2
	start := min(max(focus-inner/2, 0), len(body)-inner)
	out := make([]string, 0, h)
	if start > 0 {
		out = append(out, "  ↑ more")
	} else {
		out = append(out, "")
	}
	out = append(out, body[start:start+inner]...)
	if start+inner < len(body) {
		out = append(out, "  ↓ more")
	}
	return out
}

// wrap breaks plain text to width w, keeping existing line breaks.
func wrap(s string, w int) string {
	if w < 10 {
		w = 10
	}
	out := ansi.Wrap(s, w, "")
	// ansi.Wrap keeps the space before a word that starts with a hyphen
	// ("… 08:15 -03 your time") at the end of the line, one cell too many:
	// the frame would then cut the line's last word.
	if !strings.Contains(out, " \n") && !strings.HasSuffix(out, " ") {
		return out
	}
	lines := strings.Split(out, "\n")
	for i, l := range lines {
		// No character is wider than its UTF-8 bytes and escape sequences
		// have no width, so a line of at most w bytes fits as it is: most
		// lines are never measured.
		if len(l) > w && ansi.StringWidth(l) > w {
			lines[i] = strings.TrimRight(l, " ")
		}
	}
	return strings.Join(lines, "\n")
}

// wrapLines is s wrapped to w and styled line by line, for the head or
// tail of a view that counts its lines.
func wrapLines(style lipgloss.Style, s string, w int) []string {
	lines := strings.Split(wrap(s, w), "\n")
	for i, l := range lines {
		lines[i] = style.Render(l)
	}
	return lines
}

// ansiTrunc cuts a possibly styled line to w cells.
func ansiTrunc(s string, w int) string { return ansi.Truncate(s, w, "…") }

// indent prefixes every line of s.
func indent(s, prefix string) string {
	return prefix + strings.ReplaceAll(s, "\n", "\n"+prefix)
}
