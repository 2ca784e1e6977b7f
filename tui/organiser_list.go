package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"netday/store/clean"
)

// listItem is one entry of a scrollList.
type listItem struct {
	group string // a heading shown above the first item of each group
	text  string // plain text, wrapped to the window
	data  any    // what the screen needs when the item is chosen
}

// scrollList is the organiser console's long list: it wraps every item to
// the window, keeps the selected one visible, and filters by a search.
type scrollList struct {
	items     []listItem
	shown     []int // indexes of items matching the search
	cursor    int   // into shown
	query     string
	searching bool
	search    textinput.Model
	km        listKeys
}

// listKeys are a scrollList's bindings.
type listKeys struct {
	up, down, pgUp, pgDown, top, bottom, search, done, clear key.Binding
}

func newScrollList(st Styles) scrollList {
	in := st.textInput(60)
	in.Placeholder = "name, slot or words"
	return scrollList{search: in, km: listKeys{
		up: keyUp, down: keyDown,
		pgUp:   bind("pgup", "page up", "pgup"),
		pgDown: bind("pgdn", "page down", "pgdown", " "),
		top:    bind("home", "first", "home", "g"),
		bottom: bind("end", "last", "end", "G"),
		search: bind("/", "search", "/"),
		done:   bind("enter", "keep search", "enter"),
		clear:  bind("esc", "clear search", "esc"),
	}}
}

// set replaces the items, keeping the search and, if possible, the place.
func (l *scrollList) set(items []listItem) {
	l.items = items
	l.filter()
}

func (l *scrollList) filter() {
	q := clean.FoldKey(l.query)
	l.shown = l.shown[:0]
	for i, it := range l.items {
		if q == "" || strings.Contains(clean.FoldKey(it.group+" "+it.text), q) {
			l.shown = append(l.shown, i)
		}
	}
	l.cursor = min(l.cursor, max(len(l.shown)-1, 0))
}

// selected returns the chosen item, if any.
func (l *scrollList) selected() (listItem, bool) {
	if len(l.shown) == 0 {
		return listItem{}, false
	}
	return l.items[l.shown[l.cursor]], true
}

// update handles a key; handled is false for keys the list does not use.
func (l *scrollList) update(k tea.KeyMsg, page int) (handled bool, cmd tea.Cmd) {
	if l.searching {
		switch {
		case key.Matches(k, l.km.done):
			l.searching = false
			l.search.Blur()
		case key.Matches(k, l.km.clear):
			l.searching, l.query = false, ""
			l.search.SetValue("")
			l.search.Blur()
			l.filter()
		default:
			l.search, cmd = l.search.Update(k)
			l.query = l.search.Value()
			l.filter()
		}
		return true, cmd
	}
	page = max(page, 1)
	switch {
	case key.Matches(k, l.km.up):
		l.cursor = max(l.cursor-1, 0)
	case key.Matches(k, l.km.down):
		l.cursor = min(l.cursor+1, max(len(l.shown)-1, 0))
	case key.Matches(k, l.km.pgUp):
		l.cursor = max(l.cursor-page, 0)
	case key.Matches(k, l.km.pgDown):
		l.cursor = min(l.cursor+page, max(len(l.shown)-1, 0))
	case key.Matches(k, l.km.top):
		l.cursor = 0
	case key.Matches(k, l.km.bottom):
		l.cursor = max(len(l.shown)-1, 0)
	case key.Matches(k, l.km.search):
		l.searching = true
		return true, l.search.Focus()
	case key.Matches(k, l.km.clear) && l.query != "":
		l.query = ""
		l.search.SetValue("")
		l.filter()
	default:
		return false, nil
	}
	return true, nil
}

// view draws the list in w×h: group headings, each item wrapped, the
// selected one marked with "›" (and bold), the search line at the bottom.
func (l *scrollList) view(st Styles, w, h int, empty string) string {
	var foot string
	switch {
	case l.searching:
		foot = l.search.View()
	case l.query != "":
		foot = st.Subtle.Render("search: " + clean.Line(l.query, 60) + " · " + itoa(len(l.shown)) + " of " + itoa(len(l.items)))
	}
	if foot != "" {
		h--
	}
	var body []string
	focus := 0
	group := "\x00"
	for n, i := range l.shown {
		it := l.items[i]
		if it.group != group && it.group != "" {
			body = append(body, st.Strong.Render(ansiTrunc(it.group, w)))
		}
		group = it.group
		mark := "  "
		if n == l.cursor {
			mark, focus = "› ", len(body)
		}
		for j, line := range strings.Split(wrap(it.text, max(w-2, 10)), "\n") {
			if j > 0 {
				mark = "  "
			}
			if n == l.cursor {
				line = st.Selected.Render(line)
			}
			body = append(body, mark+line)
		}
	}
	if len(body) == 0 {
		body = []string{st.Subtle.Render(wrap(empty, w))}
	}
	out := strings.Join(window(body, focus, h), "\n")
	if foot != "" {
		out += "\n" + foot
	}
	return out
}

// keyList is the list's part of the help.
func (l *scrollList) keyList() []key.Binding {
	if l.searching {
		return []key.Binding{l.km.done, l.km.clear}
	}
	return []key.Binding{l.km.up, l.km.down, l.km.pgDown, l.km.search}
}
