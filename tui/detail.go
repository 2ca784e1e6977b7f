package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
)

// detailView shows one long text (an expert's card, a meeting, an
// announcement) whole, wrapped to the window, in a scrollable viewport.
// Tabs embed it while something is open and close it on back.
type detailView struct {
	vp       viewport.Model
	km       detailKeys
	render   func(w int) string // the content wrapped to width w
	width    int                // the width the content was rendered at
	dirty    bool               // the content changed since it was rendered
	closable bool               // back closes it (false: the tab's own text)
}

// detailKeys scroll the detail view and close it.
type detailKeys struct {
	up, down, pageUp, pageDown, top, bottom, back key.Binding
}

func newDetailKeys() detailKeys {
	return detailKeys{
		up:       keyUp,
		down:     keyDown,
		pageUp:   bind("pgup/b", "page up", "pgup", "b"),
		pageDown: bind("pgdn/space", "page down", "pgdown", " "),
		top:      bind("home", "top", "home", "g"),
		bottom:   bind("end", "bottom", "end", "G"),
		back:     bind("esc", "back", "esc", "backspace", "enter"),
	}
}

// newDetail opens a detail view drawing its content with render.
func newDetail(st Styles, render func(w int) string) *detailView {
	vp := viewport.New(0, 0)
	vp.Style = st.Renderer().NewStyle()
	vp.MouseWheelEnabled = false
	return &detailView{vp: vp, km: newDetailKeys(), render: render, dirty: true, closable: true}
}

// changed re-renders the content at the next view, keeping the scroll
// position (the content changed in the store).
func (d *detailView) changed() { d.dirty = true }

// update scrolls on a key; it reports whether the view was closed.
func (d *detailView) update(k tea.KeyMsg) (closed bool) {
	km := d.km
	switch {
	case d.closable && key.Matches(k, km.back):
		return true
	case key.Matches(k, km.up):
		d.vp.ScrollUp(1)
	case key.Matches(k, km.down):
		d.vp.ScrollDown(1)
	case key.Matches(k, km.pageUp):
		d.vp.PageUp()
	case key.Matches(k, km.pageDown):
		d.vp.PageDown()
	case key.Matches(k, km.top):
		d.vp.GotoTop()
	case key.Matches(k, km.bottom):
		d.vp.GotoBottom()
	}
	return false
}

// view draws the visible part in w×h, with a last line saying how much
// more there is when the content is longer than the window.
func (d *detailView) view(st Styles, w, h int) string {
	h = max(h, 1)
	if d.dirty || d.width != w {
		d.width, d.dirty = w, false
		off := d.vp.YOffset
		d.vp.Width = w
		d.vp.SetContent(strings.TrimRight(d.render(w), "\n"))
		d.vp.SetYOffset(off)
	}
	d.vp.Width = w
	d.vp.Height = h
	if d.vp.TotalLineCount() > h && h > 1 {
		d.vp.Height = h - 1
	}
	d.vp.SetYOffset(d.vp.YOffset) // clamp after a resize
	out := d.vp.View()
	if d.vp.Height < h {
		below := d.vp.TotalLineCount() - d.vp.YOffset - d.vp.Height
		var more string
		switch {
		case below > 0:
			more = fmt.Sprintf("↓ %d more %s (%d%%)", below, map[bool]string{true: "line", false: "lines"}[below == 1], int(d.vp.ScrollPercent()*100))
		default:
			more = "end · ↑ to scroll back"
		}
		out += "\n" + st.Subtle.Render(ansiTrunc(more, w))
	}
	return out
}

// keys are the scrolling keys that act now, and back.
func (d *detailView) keys() []key.Binding {
	km := d.km
	var out []key.Binding
	if d.vp.TotalLineCount() > d.vp.Height {
		out = []key.Binding{km.up, km.down, km.pageDown}
	}
	if d.closable {
		out = append(out, km.back)
	}
	return out
}

// fullKeys are every key of the view, for the full help.
func (d *detailView) fullKeys() [][]key.Binding {
	km := d.km
	if d.vp.TotalLineCount() <= d.vp.Height {
		return [][]key.Binding{d.keys()}
	}
	last := []key.Binding{km.top, km.bottom}
	if d.closable {
		last = append(last, km.back)
	}
	return [][]key.Binding{{km.up, km.down, km.pageUp, km.pageDown}, last}
}
