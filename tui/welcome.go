package tui

import (
	"errors"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"netday/store"
)

// welcomeScreen greets a first-time visitor with what the day is about.
type welcomeScreen struct {
	s   *session
	err error // a store error other than "no profile yet"
	km  welcomeKeys
}

// welcomeKeys are the welcome screen's bindings.
type welcomeKeys struct{ start, quit key.Binding }

func newWelcomeKeys() welcomeKeys {
	return welcomeKeys{start: bind("enter", "start", "enter"), quit: bind("q", "quit", "q", "esc")}
}

func newWelcomeScreen(s *session, loadErr error) screen {
	if errors.Is(loadErr, store.ErrNotFound) {
		loadErr = nil
	}
	ws := &welcomeScreen{s: s, err: loadErr, km: newWelcomeKeys()}
	ws.km.start.SetEnabled(loadErr == nil)
	return ws
}

// eventIntro is the event block shared by the welcome and guest screens.
// The paragraph about the day is left out when it would not fit in h lines.
func eventIntro(s *session, w, h int) string {
	return s.intro.get(w, h, func() string { return drawEventIntro(s, w, h) })
}

// drawEventIntro draws what eventIntro returns.
func drawEventIntro(s *session, w, h int) string {
	ev, st := s.Event, s.st
	var b strings.Builder
	b.WriteString(st.Title.Render("Welcome to the "+ev.Name) + "\n")
	if ev.Series != "" {
		b.WriteString(st.Subtle.Render(ev.Series) + "\n")
	}
	b.WriteString("\n")
	b.WriteString(introRow(st, "When", ev.Day()+", "+ev.Hours()+" ("+ev.TimeZone+")", w, st.r.NewStyle()) + "\n")
	b.WriteString(introRow(st, "Slots", plural(len(ev.Slots), "conversation slot")+" of "+
		itoa(int(ev.Slots[0].End.Sub(ev.Slots[0].Start).Minutes()))+" minutes", w, st.r.NewStyle()) + "\n")
	// Where, in which language, the rooms and whom to ask: each only when
	// the window has room for all its lines.
	for _, row := range venueRows(s, w) {
		if lipgloss.Height(b.String())+lipgloss.Height(row) <= h {
			b.WriteString(row + "\n")
		}
	}
	b.WriteString("\n")
	if ev.About != "" {
		about := wrap(ev.About, w)
		if lipgloss.Height(b.String())+lipgloss.Height(about) <= h {
			b.WriteString(about + "\n")
		}
	}
	return b.String()
}

func (ws *welcomeScreen) update(msg tea.Msg) (screen, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok {
		switch {
		case key.Matches(k, ws.km.start):
			if expert, err := ws.s.Store.IsExpert(ws.s.Identity.Fingerprint); err == nil && expert {
				// The invite was used on an earlier visit: go on with the profile.
				return newProfileForm(ws.s, store.Profile{Role: store.RoleExpert, Languages: []string{"English"}}, true), nil
			}
			return newRoleScreen(ws.s), nil
		case key.Matches(k, ws.km.quit):
			return ws, tea.Quit
		}
	}
	return ws, nil
}

func (ws *welcomeScreen) view(w, h int) string {
	var b strings.Builder
	b.WriteString("\n" + eventIntro(ws.s, w, h-5) + "\n")
	if ws.err != nil {
		b.WriteString(ws.s.st.Error.Render("✗ Your profile could not be loaded: "+ws.err.Error()) + "\n")
		b.WriteString("Please try again in a minute; if it persists, tell the organisers.\n")
		return b.String()
	}
	b.WriteString(wrap("This is your first visit with this key. Let's set up your profile: "+
		"it takes about two minutes, and you can change it any time.", w) + "\n")
	return b.String()
}

func (ws *welcomeScreen) keys() keyHelp {
	return helpOf([]key.Binding{ws.km.start, ws.km.quit})
}

// venueRows are the welcome rows, each wrapped to w, about where the day
// happens (venue and language), whether the room links are real yet, and
// whom to ask.
func venueRows(s *session, w int) []string {
	ev, st := s.Event, s.st
	var rows []string
	if where := joinNonEmpty(" · ", ev.Venue, ev.Language); where != "" {
		rows = append(rows, introRow(st, "Where", where, w, st.r.NewStyle()))
	}
	if ev.RoomLinksArePlaceholders() {
		rows = append(rows, introRow(st, "Rooms", "placeholders for now: the organisers send real links", w, st.Error))
	} else {
		rows = append(rows, introRow(st, "Rooms", "each meeting has its own link, on your Schedule", w, st.r.NewStyle()))
	}
	if ev.Contact != "" {
		rows = append(rows, introRow(st, "Ask", ev.Contact, w, st.r.NewStyle()))
	}
	return rows
}

// introLabel is the width of the labels of the event intro ("When ").
const introLabel = 6

// introRow is one labelled row of the event intro, its value drawn in
// style and wrapped to w.
func introRow(st Styles, label, value string, w int, style lipgloss.Style) string {
	return strings.TrimSuffix(labelledAt(st, label, value, w, introLabel, style), "\n")
}
