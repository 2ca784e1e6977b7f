package tui

import (
	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/textarea"
	"github.com/charmbracelet/bubbles/textinput"
	"github.com/charmbracelet/lipgloss"
)

// Styles holds every style a session draws with. They all come from the
// session's own renderer, so colours follow the client's terminal (and vanish
// with NO_COLOR or TERM=dumb); meaning never rests on colour alone.
type Styles struct {
	r        *lipgloss.Renderer
	Title    lipgloss.Style
	Subtle   lipgloss.Style
	Strong   lipgloss.Style
	Error    lipgloss.Style
	OK       lipgloss.Style
	Badge    lipgloss.Style
	Selected lipgloss.Style
	Panel    lipgloss.Style
	Label    lipgloss.Style
}

// NewStyles derives the session's styles from its renderer.
func NewStyles(r *lipgloss.Renderer) Styles {
	accent := lipgloss.AdaptiveColor{Light: "#5A2D91", Dark: "#C9A7FF"}
	return Styles{
		r:        r,
		Title:    r.NewStyle().Bold(true).Foreground(accent),
		Subtle:   r.NewStyle().Faint(true),
		Strong:   r.NewStyle().Bold(true),
		Error:    r.NewStyle().Bold(true).Foreground(lipgloss.AdaptiveColor{Light: "#B00020", Dark: "#FF6B6B"}),
		OK:       r.NewStyle().Foreground(lipgloss.AdaptiveColor{Light: "#1B7F3B", Dark: "#7EE2A8"}),
		Badge:    r.NewStyle().Bold(true).Reverse(true).Padding(0, 1),
		Selected: r.NewStyle().Bold(true).Foreground(accent),
		Panel:    r.NewStyle().Border(lipgloss.NormalBorder()).Padding(0, 1),
		Label:    r.NewStyle().Bold(true),
	}
}

// Renderer returns the session renderer the styles come from.
func (s Styles) Renderer() *lipgloss.Renderer { return s.r }

// textInput returns a single-line input styled by the session renderer, with
// a static cursor, a length limit and the server-clipboard paste disabled.
func (s Styles) textInput(limit int) textinput.Model {
	ti := textinput.New()
	ti.Prompt = "> "
	ti.CharLimit = limit
	ti.PromptStyle = s.Strong
	ti.TextStyle = s.r.NewStyle()
	ti.PlaceholderStyle = s.Subtle
	ti.CompletionStyle = s.Subtle
	ti.Cursor = s.cursor()
	ti.KeyMap.Paste.SetEnabled(false)
	return ti
}

// textArea returns a multi-line input styled by the session renderer; enter
// is left to the form (it moves on), so lines wrap softly.
func (s Styles) textArea(limit int) textarea.Model {
	ta := textarea.New()
	ta.CharLimit = limit
	ta.ShowLineNumbers = false
	ta.Prompt = "│ "
	st := textarea.Style{
		Base:             s.r.NewStyle(),
		CursorLine:       s.r.NewStyle(),
		CursorLineNumber: s.Subtle,
		EndOfBuffer:      s.Subtle,
		LineNumber:       s.Subtle,
		Placeholder:      s.Subtle,
		Prompt:           s.Subtle,
		Text:             s.r.NewStyle(),
	}
	ta.FocusedStyle, ta.BlurredStyle = st, st
	ta.Cursor = s.cursor()
	ta.KeyMap.Paste.SetEnabled(false)
	ta.KeyMap.InsertNewline.SetEnabled(false)
	return ta
}

func (s Styles) cursor() cursor.Model {
	c := cursor.New()
	c.Style = s.r.NewStyle()
	c.TextStyle = s.r.NewStyle()
	c.SetMode(cursor.CursorStatic)
	return c
}

// Row draws one row of a list: the selected one behind "> " in the
// selection style, any other indented to line up with it.
func (s Styles) Row(text string, selected bool) string {
	if selected {
		return s.Selected.Render("> " + text)
	}
	return "  " + text
}
