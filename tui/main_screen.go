package tui

import (
	"errors"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"netday/store"
)

// tab is one section of the main screen (profile, experts, wish list…).
type tab interface {
	title() string
	// refresh re-reads what the tab shows from the store.
	refresh()
	// update handles a key; it may hand over to another screen.
	update(k tea.KeyMsg) (screen, tea.Cmd)
	view(w, h int) string
	// keys are the tab's bindings in its current state, for the help.
	keys() keyHelp
	// typing reports whether the tab is taking text, so that keys like q
	// and digits belong to it rather than to the tab bar.
	typing() bool
}

// mainScreen is a signed-in person's home: a tab bar over their sections.
type mainScreen struct {
	s          *session
	tabs       []tab
	active     int
	stale      []bool
	flash      string
	refreshed  time.Time     // when the visible tab last re-read the store
	refreshDue bool          // a refresh is scheduled for the end of a burst
	notice     *store.Notice // what changed in my meetings, until acknowledged
	km         mainKeys
}

// mainKeys switch between the sections and quit; the active tab's own
// keys come first in the help.
type mainKeys struct{ section, next, prev, quit key.Binding }

func newMainKeys(tabs int) mainKeys {
	digits := make([]string, tabs)
	for i := range digits {
		digits[i] = itoa(i + 1)
	}
	return mainKeys{
		section: bind("1–"+itoa(tabs), "sections", digits...),
		next:    bind("tab", "next section", "tab"),
		prev:    bind("shift+tab", "previous section", "shift+tab"),
		quit:    bind("q", "quit", "q"),
	}
}

// refreshEvery bounds how often a section re-reads the store while
// changes keep coming: a burst of changes costs one re-read, not one each.
const refreshEvery = 250 * time.Millisecond

// refreshDueMsg asks the main screen to re-read after a burst of changes.
type refreshDueMsg struct{}

// newMainScreen builds the tabs for the person's role.
func newMainScreen(s *session) *mainScreen {
	m := &mainScreen{s: s}
	m.tabs = append(m.tabs, newProfileTab(s))
	switch {
	case s.profile != nil && s.profile.Role == store.RoleExpert:
		m.tabs = append(m.tabs, newAvailabilityTab(s), newScheduleTab(s))
	case s.profile != nil:
		m.tabs = append(m.tabs, newBrowseTab(s), newWishListTab(s), newScheduleTab(s), newAttendanceTab(s))
	}
	if s.Identity.Organiser {
		m.tabs = append(m.tabs, newOrganiserTab(s))
		if s.profile == nil {
			m.active = len(m.tabs) - 1
		}
	}
	m.tabs = append(m.tabs, newNewsTab(s))
	m.stale = make([]bool, len(m.tabs))
	m.km = newMainKeys(len(m.tabs))
	if len(m.tabs) == 1 {
		m.km.section.SetEnabled(false)
		m.km.next.SetEnabled(false)
		m.km.prev.SetEnabled(false)
	}
	for _, t := range m.tabs {
		t.refresh()
	}
	m.readNotice()
	return m
}

// readNotice loads the person's unacknowledged "what changed" notice.
func (m *mainScreen) readNotice() {
	m.notice = nil
	if m.s.Identity.Guest() {
		return
	}
	if n, err := m.s.Store.Notice(m.s.Identity.Fingerprint); err == nil {
		m.notice = &n
	}
}

// typing reports whether the active tab is taking text.
func (m *mainScreen) typing() bool { return m.tabs[m.active].typing() }

// withFlash shows a one-off confirmation above the tabs.
func (m *mainScreen) withFlash(msg string) *mainScreen {
	m.flash = msg
	return m
}

func (m *mainScreen) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case ChangeMsg:
		c := msg.Change
		if c.Resync || (c.Kind == store.KindProfile && c.Key == m.s.Identity.Fingerprint) {
			p, err := m.s.Store.Profile(m.s.Identity.Fingerprint)
			switch {
			case err == nil:
				m.s.profile = &p
			case errors.Is(err, store.ErrNotFound) && m.s.profile != nil:
				// delete-me ran for this key from another connection.
				return m, func() tea.Msg {
					return GoodbyeMsg{Reason: "Everything netday stored about your key has been deleted. Goodbye."}
				}
			}
		}
		m.readNotice()
		// The visible tab re-reads now, or once at the end of a burst of
		// changes; the others when next shown.
		for i := range m.tabs {
			m.stale[i] = true
		}
		// News counts unread announcements in the tab bar, which shows
		// whatever tab is open: re-read it at once when one arrives.
		if news := len(m.tabs) - 1; (c.Kind == store.KindAnnouncement || c.Resync) && news != m.active {
			m.tabs[news].refresh()
			m.stale[news] = false
		}
		if wait := refreshEvery - m.s.Now().Sub(m.refreshed); wait > 0 {
			if m.refreshDue {
				return m, nil
			}
			m.refreshDue = true
			return m, after(m.s.Context, wait, refreshDueMsg{})
		}
		m.show(m.active)
		return m, nil
	case refreshDueMsg:
		m.refreshDue = false
		m.show(m.active)
		return m, nil
	case runDoneMsg:
		for _, t := range m.tabs {
			if o, ok := t.(*organiserTab); ok {
				o.handleRun(msg)
			}
		}
		return m, nil
	case tea.KeyMsg:
		m.flash = ""
		t := m.tabs[m.active]
		if !t.typing() {
			switch km := m.km; {
			case key.Matches(msg, km.quit):
				return m, tea.Quit
			case key.Matches(msg, km.next):
				m.show((m.active + 1) % len(m.tabs))
				return m, nil
			case key.Matches(msg, km.prev):
				m.show((m.active + len(m.tabs) - 1) % len(m.tabs))
				return m, nil
			case key.Matches(msg, km.section):
				m.show(int(msg.String()[0] - '1'))
				return m, nil
			}
		}
		next, cmd := t.update(msg)
		if next != nil {
			return next, cmd
		}
		return m, cmd
	}
	return m, nil
}

// show switches to tab i, re-reading it if it missed changes.
func (m *mainScreen) show(i int) {
	m.active = i
	if m.stale[i] {
		m.tabs[i].refresh()
		m.stale[i] = false
		m.refreshed = m.s.Now()
	}
}

func (m *mainScreen) view(w, h int) string {
	st := m.s.st
	var bar []string
	for i, t := range m.tabs {
		label := itoa(i+1) + " " + t.title()
		if i == m.active {
			bar = append(bar, st.Selected.Render("["+label+"]"))
		} else {
			bar = append(bar, st.Subtle.Render(" "+label+" "))
		}
	}
	top := packLine(bar, " ", w)
	if m.flash != "" {
		top += "\n" + strings.Join(wrapLines(st.OK, "✓ "+m.flash, w), "\n")
	}
	if m.notice != nil && m.tabs[m.active].title() != "Schedule" {
		badge := st.Badge.Render("!") + " "
		pad := strings.Repeat(" ", lipgloss.Width(badge))
		for i, l := range wrapLines(st.Strong, noticeBanner(*m.notice), max(w-lipgloss.Width(badge), 10)) {
			if i == 0 {
				top += "\n" + badge + l
			} else {
				top += "\n" + pad + l
			}
		}
	}
	bodyH := h - lipgloss.Height(top)
	return top + "\n" + fit(m.tabs[m.active].view(w, bodyH), w, bodyH)
}

func (m *mainScreen) keys() keyHelp {
	t := m.tabs[m.active]
	if t.typing() {
		return t.keys()
	}
	km := m.km
	return t.keys().with([]key.Binding{km.section, km.quit}, []key.Binding{km.section, km.next, km.prev, km.quit})
}

// showTitle shows the section with the given title, if the person has it.
func (m *mainScreen) showTitle(title string) bool {
	for i, t := range m.tabs {
		if t.title() == title {
			m.show(i)
			return true
		}
	}
	return false
}

// packLine joins items with sep into as many lines of width w as needed,
// so that no item is cut (a tab bar at 60 columns takes two lines).
func packLine(items []string, sep string, w int) string {
	var lines []string
	cur := ""
	for _, it := range items {
		switch {
		case cur == "":
			cur = it
		case lipgloss.Width(cur+sep+it) <= w:
			cur += sep + it
		default:
			lines = append(lines, cur)
			cur = it
		}
	}
	lines = append(lines, cur)
	for i := range lines {
		lines[i] = ansiTrunc(lines[i], w)
	}
	return strings.Join(lines, "\n")
}
