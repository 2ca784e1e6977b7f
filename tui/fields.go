package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textarea"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"netday/store"
	"netday/store/clean"
)

// fieldKind is how a form field is edited.
type fieldKind int

const (
	kindText   fieldKind = iota // one line
	kindList                    // one line, comma-separated values
	kindArea                    // a few lines of soft-wrapped text
	kindChoice                  // pick one from options
	kindMulti                   // pick several from options
	kindZone                    // an IANA time zone, with suggestions
)

// field is one question of the profile form. Its key is the store's field
// name, so the store's validation messages land on the right question.
type field struct {
	key, label, hint string
	kind             fieldKind
	limit            int // runes per value
	options          []string
	maxPick          int

	input   textinput.Model
	area    textarea.Model
	cursor  int
	picked  []bool
	suggest []zoneSuggestion
	err     string

	get func(p *store.Profile) []string
	set func(p *store.Profile, v []string)
}

// load puts the profile's current value into the widget.
func (f *field) load(p *store.Profile) {
	v := f.get(p)
	switch f.kind {
	case kindText, kindZone:
		f.input.SetValue(first(v))
	case kindList:
		f.input.SetValue(strings.Join(v, ", "))
	case kindArea:
		f.area.SetValue(first(v))
	case kindChoice, kindMulti:
		f.picked = make([]bool, len(f.options))
		for i, o := range f.options {
			for _, x := range v {
				if strings.EqualFold(o, x) {
					f.picked[i] = true
				}
			}
		}
		for i, on := range f.picked {
			if on {
				f.cursor = i
				break
			}
		}
	}
}

// save writes the widget's value into the profile, cleaned.
func (f *field) save(p *store.Profile) {
	switch f.kind {
	case kindText, kindZone:
		f.set(p, []string{clean.Line(f.input.Value(), f.limit)})
	case kindList:
		f.set(p, clean.List(strings.Split(f.input.Value(), ","), 20, f.limit))
	case kindArea:
		f.set(p, []string{clean.Text(f.area.Value(), f.limit)})
	case kindChoice, kindMulti:
		var v []string
		for i, on := range f.picked {
			if on {
				v = append(v, f.options[i])
			}
		}
		f.set(p, v)
	}
}

// focus gives the widget the cursor.
func (f *field) focus() tea.Cmd {
	switch f.kind {
	case kindArea:
		return f.area.Focus()
	case kindText, kindList, kindZone:
		return f.input.Focus()
	}
	return nil
}

func (f *field) blur() {
	f.input.Blur()
	f.area.Blur()
}

// update handles a key for the widget; it reports whether it consumed it.
func (f *field) update(msg tea.Msg) (tea.Cmd, bool) {
	k, isKey := msg.(tea.KeyMsg)
	switch f.kind {
	case kindChoice, kindMulti:
		if !isKey {
			return nil, false
		}
		switch {
		case key.Matches(k, formKeys.up):
			f.cursor = (f.cursor + len(f.options) - 1) % len(f.options)
		case key.Matches(k, formKeys.down):
			f.cursor = (f.cursor + 1) % len(f.options)
		case key.Matches(k, formKeys.pick):
			f.toggle()
		default:
			return nil, false
		}
		f.err = ""
		return nil, true
	case kindZone:
		if isKey {
			switch {
			case key.Matches(k, formKeys.suggestUp):
				f.cursor = max(f.cursor-1, 0)
				return nil, true
			case key.Matches(k, formKeys.suggestDown):
				f.cursor = min(f.cursor+1, max(len(f.suggest)-1, 0))
				return nil, true
			}
		}
		var cmd tea.Cmd
		before := f.input.Value()
		f.input, cmd = f.input.Update(msg)
		if f.input.Value() != before {
			f.suggest, f.cursor, f.err = suggestZones(f.input.Value(), 5), 0, ""
		}
		return cmd, true
	case kindArea:
		var cmd tea.Cmd
		f.area, cmd = f.area.Update(msg)
		if isKey {
			f.err = ""
		}
		return cmd, true
	default:
		var cmd tea.Cmd
		f.input, cmd = f.input.Update(msg)
		if isKey {
			f.err = ""
		}
		return cmd, true
	}
}

// toggle picks or unpicks the option under the cursor.
func (f *field) toggle() {
	if f.kind == kindChoice {
		for i := range f.picked {
			f.picked[i] = i == f.cursor
		}
		return
	}
	if !f.picked[f.cursor] && f.maxPick > 0 && f.count() >= f.maxPick {
		f.err = "you can pick at most " + itoa(f.maxPick) + "; unpick one first"
		return
	}
	f.picked[f.cursor] = !f.picked[f.cursor]
}

func (f *field) count() int {
	n := 0
	for _, on := range f.picked {
		if on {
			n++
		}
	}
	return n
}

// accept finishes editing on enter: a choice takes the option under the
// cursor when none is picked, a time zone takes the highlighted suggestion
// when what was typed is not a zone itself.
func (f *field) accept() {
	switch f.kind {
	case kindChoice:
		if f.count() == 0 {
			f.toggle()
		}
	case kindZone:
		typed := strings.TrimSpace(f.input.Value())
		if zone, ok := canonicalZone(typed); ok {
			f.input.SetValue(zone)
		} else if len(f.suggest) > 0 && typed != "" {
			f.input.SetValue(f.suggest[f.cursor].zone)
		}
		f.suggest = nil
	}
}

// view draws the widget for editing, at most h lines.
func (f *field) view(st Styles, w, h int) string {
	switch f.kind {
	case kindText, kindList:
		f.input.Width = max(w-4, 10)
		return f.input.View()
	case kindZone:
		f.input.Width = max(w-4, 10)
		lines := []string{f.input.View()}
		for i, z := range f.suggest {
			if i == f.cursor {
				lines = append(lines, st.Selected.Render(ansiTrunc("  > "+z.label, w)))
			} else {
				lines = append(lines, ansiTrunc("    "+z.label, w))
			}
		}
		if len(lines) > 1 {
			lines = append(lines, st.Subtle.Render("  ↑/↓ pick a suggestion, enter takes it"))
		}
		return strings.Join(lines, "\n")
	case kindArea:
		f.area.SetWidth(max(min(w-2, 76), 10))
		f.area.SetHeight(max(min(h, 6), 1))
		return f.area.View()
	default:
		lines := make([]string, len(f.options))
		for i, o := range f.options {
			mark := "[ ] "
			if f.kind == kindChoice {
				mark = "( ) "
			}
			if f.picked[i] {
				mark = "[x] "
				if f.kind == kindChoice {
					mark = "(•) "
				}
			}
			line := mark + o
			if i == f.cursor {
				lines[i] = st.Selected.Render("> " + line)
			} else {
				lines[i] = "  " + line
			}
		}
		return strings.Join(window(lines, f.cursor, h), "\n")
	}
}

// summary is the field's value on one line, for the review page.
func (f *field) summary(p *store.Profile) string {
	v := f.get(p)
	if len(v) == 0 || (len(v) == 1 && v[0] == "") {
		if strings.HasSuffix(f.label, "(optional)") {
			return "—"
		}
		return "(empty)"
	}
	return strings.ReplaceAll(strings.Join(v, ", "), "\n", " ")
}

func first(v []string) string {
	if len(v) == 0 {
		return ""
	}
	return v[0]
}
