package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"netday/store"
	"netday/store/clean"
)

// maxNews is how many announcements the News section lists.
const maxNews = 100

// newsTab lists the organisers' announcements, newest first, with their
// date and time; enter reads one whole, x puts it away (for this person
// only: it leaves the banner at the top) or brings it back.
type newsTab struct {
	s         *session
	list      []store.Announcement
	dismissed map[int]bool
	cursor    int
	open      *detailView
	err       error
	note      string
	noteErr   bool
	km        newsKeys
}

// newsKeys move through the announcements, open and dismiss them.
type newsKeys struct{ up, down, read, dismiss, restore key.Binding }

func newNewsTab(s *session) tab {
	return &newsTab{s: s, dismissed: map[int]bool{}, km: newsKeys{
		up:      keyUp,
		down:    keyDown,
		read:    bind("enter", "read", "enter"),
		dismiss: bind("x", "put away", "x"),
		restore: bind("x", "bring back", "x"),
	}}
}

func (t *newsTab) title() string {
	if n := t.unread(); n > 0 {
		return "News (" + itoa(n) + ")"
	}
	return "News"
}

func (t *newsTab) typing() bool { return false }

// unread counts the announcements not put away.
func (t *newsTab) unread() int {
	n := 0
	for _, a := range t.list {
		if !t.dismissed[a.ID] {
			n++
		}
	}
	return n
}

func (t *newsTab) refresh() {
	t.list, t.err = t.s.Store.Announcements(maxNews)
	if fp := t.s.Identity.Fingerprint; fp != "" && t.err == nil {
		t.dismissed, t.err = t.s.Store.DismissedAnnouncements(fp)
	}
	if t.dismissed == nil {
		t.dismissed = map[int]bool{}
	}
	t.cursor = min(t.cursor, max(len(t.list)-1, 0))
	if t.open != nil {
		t.open.changed()
	}
}

func (t *newsTab) selected() *store.Announcement {
	if t.cursor < len(t.list) {
		return &t.list[t.cursor]
	}
	return nil
}

func (t *newsTab) update(k tea.KeyMsg) (screen, tea.Cmd) {
	if t.open != nil {
		if t.open.update(k) {
			t.open = nil
		}
		return nil, nil
	}
	t.note = ""
	km := t.km
	switch {
	case key.Matches(k, km.up):
		t.cursor = max(t.cursor-1, 0)
	case key.Matches(k, km.down):
		t.cursor = min(t.cursor+1, max(len(t.list)-1, 0))
	case key.Matches(k, km.read):
		if a := t.selected(); a != nil {
			ann := *a
			t.open = newDetail(t.s.st, func(w int) string { return t.card(ann, w) })
		}
	case key.Matches(k, km.dismiss) && t.s.Identity.Fingerprint != "":
		a := t.selected()
		if a == nil {
			return nil, nil
		}
		away := !t.dismissed[a.ID]
		if err := t.s.Service.DismissAnnouncement(t.s.Identity.Fingerprint, a.ID, away); err != nil {
			t.note, t.noteErr = "Not saved: "+err.Error(), true
			return nil, nil
		}
		t.dismissed[a.ID] = away
		t.note, t.noteErr = "Put away: it no longer shows at the top. x brings it back.", false
		if !away {
			t.note = "Brought back."
		}
	}
	return nil, nil
}

// when is an announcement's date and time in event time, and in the
// person's own zone when that differs.
func (t *newsTab) when(a store.Announcement) string {
	ev, loc := t.s.Event.Location, userZone(t.s)
	out := a.Created.In(ev).Format("Mon 2 Jan ") + clock(a.Created.In(ev))
	if !sameClock(a.Created, ev, loc) {
		out += " (" + clock(a.Created.In(loc)) + " your time)"
	}
	return out
}

// card is one announcement whole, wrapped to w.
func (t *newsTab) card(a store.Announcement, w int) string {
	st := t.s.st
	return st.Strong.Render(wrap(t.when(a), w)) + "\n\n" + wrap(clean.Text(a.Text, store.MaxAnnouncement), w) + "\n"
}

func (t *newsTab) view(w, h int) string {
	st := t.s.st
	if t.open != nil {
		return t.open.view(st, w, h)
	}
	head := []string{"", st.Strong.Render("Announcements from the organisers")}
	if t.err != nil {
		head = append(head, strings.Split(st.Error.Render(wrap("✗ Announcements could not be loaded: "+t.err.Error(), w)), "\n")...)
	}
	if t.note != "" {
		style, mark := st.OK, "✓ "
		if t.noteErr {
			style, mark = st.Error, "✗ "
		}
		head = append(head, strings.Split(style.Render(wrap(mark+t.note, w)), "\n")...)
	}
	if len(t.list) == 0 {
		return strings.Join(head, "\n") + "\n\n" + wrap("No announcement yet. When the organisers send one, it appears at the top of every screen and is kept here.", w)
	}
	var rows []string
	focus := 0
	for i, a := range t.list {
		if i == t.cursor {
			focus = len(rows)
		}
		mark := "  "
		if i == t.cursor {
			mark = st.Selected.Render("> ")
		}
		when := t.when(a)
		if t.dismissed[a.ID] {
			when += " · put away"
		}
		rows = append(rows, mark+st.Label.Render(ansiTrunc(when, max(w-2, 10))))
		rows = append(rows, twoLines(strings.ReplaceAll(clean.Text(a.Text, store.MaxAnnouncement), "\n", " "), "  ", w, st.r.NewStyle())...)
		rows = append(rows, "")
	}
	body := window(rows, focus, h-len(head))
	return strings.Join(head, "\n") + "\n" + strings.Join(body, "\n")
}

func (t *newsTab) keys() keyHelp {
	if t.open != nil {
		return helpOf(t.open.keys(), t.open.fullKeys()...)
	}
	km := t.km
	var short []key.Binding
	if len(t.list) > 1 {
		short = append(short, km.up, km.down)
	}
	if a := t.selected(); a != nil {
		short = append(short, km.read)
		if t.s.Identity.Fingerprint != "" {
			if t.dismissed[a.ID] {
				short = append(short, km.restore)
			} else {
				short = append(short, km.dismiss)
			}
		}
	}
	return helpOf(short)
}
