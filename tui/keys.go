package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"
)

// Every screen keeps its key bindings next to it (a struct of key.Binding
// built by a newXxxKeys function); its update matches keys with key.Matches
// on those bindings, and its keys() method returns the ones that act in
// the screen's current state. The help line and the full help (?) are
// rendered from them, so the help cannot drift from what the keys do.

// keyHelp is the help.KeyMap a screen returns from keys(): the bindings of
// the short help line and the groups of the full help.
type keyHelp struct {
	short []key.Binding
	full  [][]key.Binding
}

// ShortHelp implements help.KeyMap.
func (k keyHelp) ShortHelp() []key.Binding { return k.short }

// FullHelp implements help.KeyMap.
func (k keyHelp) FullHelp() [][]key.Binding { return k.full }

// helpOf builds a screen's help: short is the help line; full lists the
// groups of the full help, or the short line's keys when none are given.
func helpOf(short []key.Binding, full ...[]key.Binding) keyHelp {
	if len(full) == 0 {
		full = [][]key.Binding{short}
	}
	return keyHelp{short: short, full: full}
}

// with returns the help with more keys at the end of the short line and
// one more group in the full help.
func (k keyHelp) with(short []key.Binding, group []key.Binding) keyHelp {
	out := keyHelp{short: append(append([]key.Binding{}, k.short...), short...)}
	out.full = append(append([][]key.Binding{}, k.full...), group)
	return out
}

// bind is a binding for keys with help "label desc".
func bind(label, desc string, keys ...string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(label, desc))
}

// Bindings many screens share.
var (
	keyUp   = bind("↑/k", "up", "up", "k")
	keyDown = bind("↓/j", "down", "down", "j")
	// keyHelpToggle opens and closes the full help; the App handles it
	// whenever the screen is not taking text.
	keyHelpToggle = bind("?", "all keys", "?")
	keyHelpClose  = bind("?", "close help", "?")
	keyCtrlC      = bind("ctrl+c", "quit", "ctrl+c")
)

// newHelp is bubbles' help drawn with the session's styles (never its
// default styles, which would follow the server's terminal). Keys are bold
// and descriptions plain, so the help reads well without colour.
func newHelp(st Styles) help.Model {
	h := help.New()
	h.ShortSeparator = " · "
	h.FullSeparator = "   "
	r := st.Renderer()
	keyStyle := r.NewStyle().Bold(true)
	desc := r.NewStyle()
	sep := st.Subtle
	h.Styles = help.Styles{
		Ellipsis:       sep,
		ShortKey:       keyStyle,
		ShortDesc:      desc,
		ShortSeparator: sep,
		FullKey:        keyStyle,
		FullDesc:       desc,
		FullSeparator:  sep,
	}
	return h
}

// renderHelp draws a screen's help at the foot of the frame, w cells wide:
// the short line (packed into at most two lines, ending in "? all keys")
// or, when full is set, every group of the full help in as many rows as
// the width needs. typing screens take "?" as text, so it is not offered.
func renderHelp(h help.Model, km keyHelp, full, typing bool, w int) string {
	if full && !typing {
		groups := append(append([][]key.Binding{}, km.full...), []key.Binding{keyHelpClose, keyCtrlC})
		return fullHelpRows(h, groups, w)
	}
	var last []key.Binding
	if !typing {
		last = []key.Binding{keyHelpToggle}
	}
	return shortHelpLines(h, enabled(km.short), last, w)
}

// shortHelpLines packs bindings and then last into at most two lines of
// width w; when two are not enough, the second is cut with "…" before the
// last bindings, which always show.
func shortHelpLines(h help.Model, bindings, last []key.Binding, w int) string {
	h.Width = 0
	all := append(append([]key.Binding{}, bindings...), last...)
	width := func(bs []key.Binding) int { return lipgloss.Width(h.ShortHelpView(bs)) }
	i := 0
	for i < len(all) && (i == 0 || width(all[:i+1]) <= w) {
		i++
	}
	lines := []string{h.ShortHelpView(all[:i])}
	if rest := all[i:]; len(rest) > 0 {
		if width(rest) > w && len(last) > 0 && len(rest) > len(last) {
			// Cut before the last bindings: "… · ? all keys".
			body := rest[:len(rest)-len(last)]
			tail := h.ShortHelpView(append([]key.Binding{body[0]}, last...))
			tail = " " + h.Styles.Ellipsis.Render(h.Ellipsis) + tail[len(h.ShortHelpView(body[:1])):]
			j := 1
			for j < len(body) && width(body[:j+1])+lipgloss.Width(tail) <= w {
				j++
			}
			lines = append(lines, h.ShortHelpView(body[:j])+tail)
		} else {
			lines = append(lines, h.ShortHelpView(rest))
		}
	}
	for i := range lines {
		lines[i] = ansiTrunc(lines[i], w)
	}
	return strings.Join(lines, "\n")
}

// fullHelpRows lays the full help's groups out as columns, starting a new
// row of columns when the next would not fit in w.
func fullHelpRows(h help.Model, groups [][]key.Binding, w int) string {
	h.Width = 0
	var rows []string
	var cur [][]key.Binding
	for _, g := range groups {
		g = enabled(g)
		if len(g) == 0 {
			continue
		}
		if len(cur) > 0 && lipgloss.Width(h.FullHelpView(append(cur, g))) > w {
			rows = append(rows, h.FullHelpView(cur))
			cur = nil
		}
		cur = append(cur, g)
	}
	if len(cur) > 0 {
		rows = append(rows, h.FullHelpView(cur))
	}
	out := strings.Join(rows, "\n\n")
	lines := strings.Split(out, "\n")
	for i := range lines {
		lines[i] = ansiTrunc(lines[i], w)
	}
	return strings.Join(lines, "\n")
}

// enabled keeps the bindings that are switched on.
func enabled(bs []key.Binding) []key.Binding {
	out := make([]key.Binding, 0, len(bs))
	for _, b := range bs {
		if b.Enabled() {
			out = append(out, b)
		}
	}
	return out
}
