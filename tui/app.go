// Package tui holds netday's Bubble Tea screens. Every screen draws with the
// styles of its own session's renderer and reads and writes through the store;
// the SSH wiring lives in cmd/netday.
package tui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"netday/store"
	"netday/store/clean"
	"netday/store/event"
	"netday/store/service"
)

// Identity says who a session belongs to. It is resolved from the SSH key
// after authentication; a session without a key is a guest.
type Identity struct {
	Fingerprint string // "SHA256:…", empty for guests
	Organiser   bool   // the key is listed in the organiser keys
}

// Guest reports whether the visitor came without a key.
func (id Identity) Guest() bool { return id.Fingerprint == "" }

// Options are what a session's App needs from the server.
type Options struct {
	Store *store.Store
	// Service runs the day's operations; nil builds one on Store and Event.
	Service *service.Service
	// Context ends with the session; it cancels work the session started
	// (a matching run). Nil means context.Background().
	Context     context.Context
	Event       event.Event
	Identity    Identity
	Renderer    *lipgloss.Renderer
	Online      func() int    // people with a session open right now, for organisers; may be nil
	IdleTimeout time.Duration // end the session after this long without a key; 0 = never
	Width       int           // the terminal's size at the start, clamped
	Height      int
	Now         func() time.Time
}

// ChangeMsg tells a session that something it may show has changed in the
// store; screens re-read what they display.
type ChangeMsg struct{ Change store.Change }

// GoodbyeMsg ends the session with a last line, e.g. when the server stops.
type GoodbyeMsg struct{ Reason string }

// screen is one full-window view of the app.
type screen interface {
	update(msg tea.Msg) (screen, tea.Cmd)
	view(w, h int) string
	// keys are the screen's bindings in its current state, for the help.
	keys() keyHelp
}

// session is what every screen of one connection shares.
type session struct {
	Options
	st      Styles
	help    help.Model     // bubbles' help, in the session's styles
	profile *store.Profile // nil until the visitor has saved one
	intro   introCache     // the event's introduction, drawn once per size
}

// App is the root model of one SSH session.
type App struct {
	s        *session
	news     *store.Announcement // the organisers' latest announcement
	w, h     int
	cur      screen
	fullHelp bool // ? shows every key of the screen
	lastKey  time.Time
	goodbye  string
	quitting bool
	helpMemo helpCache // the help of the last few screens
	headMemo struct {  // the header as last drawn
		w          int
		name, text string
	}
	// frameMemo is the frame last drawn; sameFrame says the last message
	// changed nothing on screen, so View returns frameMemo again.
	frameMemo string
	sameFrame bool
}

type idleTickMsg struct{}

// New builds the app for one session, loading the visitor's profile.
func New(opt Options) *App {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Context == nil {
		opt.Context = context.Background()
	}
	if opt.Service == nil {
		opt.Service = service.New(opt.Store, opt.Event, opt.Now)
	}
	s := &session{Options: opt, st: NewStyles(opt.Renderer)}
	s.help = newHelp(s.st)
	a := &App{s: s, lastKey: opt.Now()}
	a.readNews()
	a.w, a.h = clampSize(opt.Width, opt.Height)
	if opt.Width == 0 && opt.Height == 0 {
		a.w, a.h = 80, 24
	}
	switch {
	case opt.Identity.Guest():
		a.cur = newGuestScreen(s)
	default:
		p, err := opt.Store.Profile(opt.Identity.Fingerprint)
		switch {
		case err == nil:
			s.profile = &p
			m := newMainScreen(s)
			if dir, err := opt.Store.Directory(); err == nil && dir.Published != nil {
				m.showTitle("Schedule") // once published, the day is what matters
			}
			a.cur = m
		case opt.Identity.Organiser && errors.Is(err, store.ErrNotFound):
			a.cur = newMainScreen(s)
		default:
			a.cur = newWelcomeScreen(s, err)
		}
	}
	return a
}

// Goodbye returns the last line to print after the program ends, if any.
func (a *App) Goodbye() string { return a.goodbye }

// Init implements tea.Model.
func (a *App) Init() tea.Cmd {
	cmds := []tea.Cmd{}
	if a.s.IdleTimeout > 0 {
		cmds = append(cmds, idleTick(a.s.Context, a.s.IdleTimeout))
	}
	if i, ok := a.cur.(interface{ init() tea.Cmd }); ok {
		cmds = append(cmds, i.init())
	}
	return tea.Batch(cmds...)
}

func idleTick(ctx context.Context, limit time.Duration) tea.Cmd {
	every := min(limit/4, time.Minute)
	return after(ctx, max(every, 10*time.Millisecond), idleTickMsg{})
}

// Update implements tea.Model.
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	a.sameFrame = false
	if msg = cleanKeys(msg); msg == nil {
		return a, nil
	}
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.w, a.h = clampSize(msg.Width, msg.Height)
		return a, nil
	case ChangeMsg:
		if msg.Change.Kind == store.KindAnnouncement || msg.Change.Resync {
			a.readNews()
		} else if _, watches := a.cur.(*mainScreen); !watches {
			// Only the main screen shows stored data that can change under
			// it; the others (welcome, onboarding) ignore changes, so the
			// frame stays as drawn. Every stored run reaches every session:
			// redrawing them all cost as much as their typing.
			a.sameFrame = true
			return a, nil
		}
	case GoodbyeMsg:
		a.goodbye = msg.Reason
		a.quitting = true
		return a, tea.Quit
	case idleTickMsg:
		if a.s.Now().Sub(a.lastKey) >= a.s.IdleTimeout {
			a.goodbye = fmt.Sprintf("Closed after %s without activity. Connect again any time.", a.s.IdleTimeout)
			a.quitting = true
			return a, tea.Quit
		}
		return a, idleTick(a.s.Context, a.s.IdleTimeout)
	case tea.KeyMsg:
		a.lastKey = a.s.Now()
		if msg.Type == tea.KeyRunes && len(msg.Runes) > 1 && !msg.Paste && !typing(a.cur) {
			// Keys pressed quickly can arrive as one chunk; outside text
			// fields each is a command of its own.
			var cmds []tea.Cmd
			for _, r := range msg.Runes {
				_, cmd := a.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
				cmds = append(cmds, cmd)
			}
			return a, tea.Batch(cmds...)
		}
		if msg.Type == tea.KeyCtrlC {
			a.quitting = true
			return a, tea.Quit
		}
		if a.tooSmall() {
			if msg.String() == "q" {
				a.quitting = true
				return a, tea.Quit
			}
			return a, nil
		}
		if !typing(a.cur) && key.Matches(msg, keyHelpToggle) {
			a.fullHelp = !a.fullHelp
			return a, nil
		}
	}
	next, cmd := a.cur.update(msg)
	if next != a.cur {
		a.cur = next
		if i, ok := next.(interface{ init() tea.Cmd }); ok {
			cmd = tea.Batch(cmd, i.init())
		}
	}
	return a, cmd
}

// readNews loads the newest announcement for the banner, unless this
// person has put it away.
func (a *App) readNews() {
	a.news = nil
	n, err := a.s.Store.LatestAnnouncement()
	if err != nil {
		return
	}
	if fp := a.s.Identity.Fingerprint; fp != "" {
		if away, err := a.s.Store.DismissedAnnouncements(fp); err == nil && away[n.ID] {
			return
		}
	}
	a.news = &n
}

// typing reports whether the screen is taking text right now.
func typing(sc screen) bool {
	t, ok := sc.(interface{ typing() bool })
	return ok && t.typing()
}

func (a *App) tooSmall() bool { return a.w < MinWidth || a.h < MinHeight }

// View implements tea.Model. Every frame goes through clean.Frame on its
// way to the terminal: whatever a screen drew, text from data (whoever built
// the string: the store, the matching engine, an old file) cannot carry an
// escape sequence or a bidi override to the person's terminal.
func (a *App) View() string {
	if a.sameFrame && a.frameMemo != "" {
		return a.frameMemo
	}
	a.frameMemo = clean.Frame(a.frame())
	return a.frameMemo
}

func (a *App) frame() string {
	if a.quitting {
		return ""
	}
	if a.tooSmall() {
		msg := fmt.Sprintf("Please enlarge the window: netday needs %d×%d, this one is %d×%d. (q quits)",
			MinWidth, MinHeight, a.w, a.h)
		return fit(wrap(msg, a.w), a.w, a.h)
	}
	header := a.header()
	if a.news != nil {
		header += "\n" + a.banner()
	}
	room := a.h - lipgloss.Height(header) - 1 // body and help
	help := a.helpView(room)
	bodyH := room - lipgloss.Height(help)
	body := fit(a.cur.view(a.w, bodyH), a.w, bodyH)
	// Drawing the body can change which keys act (a text turns out longer
	// than the window): draw again when the help's height changed.
	if again := a.helpView(room); again != help {
		help = again
		if h := room - lipgloss.Height(help); h != bodyH {
			bodyH = h
			body = fit(a.cur.view(a.w, bodyH), a.w, bodyH)
		}
	}
	pad := bodyH - lipgloss.Height(body)
	if pad > 0 {
		body += strings.Repeat("\n", pad)
	}
	return fit(header+"\n"+body+"\n"+help, a.w, a.h)
}

// helpView is the screen's help, leaving at least two lines of room for
// the body.
func (a *App) helpView(room int) string {
	km, full, typed := a.cur.keys(), a.fullHelp, typing(a.cur)
	help := a.helpMemo.get(km, full, typed, a.w, func() string { return renderHelp(a.s.help, km, full, typed, a.w) })
	return fit(help, a.w, max(room-2, 1))
}

// banner is the newest announcement on one line; when it is cut, it ends
// in "…" and says where to read it whole.
func (a *App) banner() string {
	st := a.s.st
	badge := st.Badge.Render("ANNOUNCEMENT")
	when := clock(a.news.Created.In(a.s.Event.Location))
	text := when + " " + strings.Join(strings.Fields(clean.Text(a.news.Text, store.MaxAnnouncement)), " ")
	room := max(a.w-lipgloss.Width(badge)-1, 10)
	if lipgloss.Width(text) > room {
		if _, main := a.cur.(*mainScreen); main {
			more := " (News)"
			text = ansiTrunc(text, max(room-len(more), 10)) + more
		}
	}
	return badge + " " + ansiTrunc(text, room)
}

func (a *App) header() string {
	name := ""
	if a.s.profile != nil {
		name = a.s.profile.Name
	}
	if a.headMemo.text == "" || a.headMemo.w != a.w || a.headMemo.name != name {
		a.headMemo.w, a.headMemo.name, a.headMemo.text = a.w, name, a.drawHeader()
	}
	return a.headMemo.text
}

// drawHeader draws what header returns: it changes only with the width and
// the visitor's name, so header keeps it.
func (a *App) drawHeader() string {
	st := a.s.st
	left := st.Title.Render("netday") + " · " + st.Strong.Render(a.s.Event.Name) + st.Subtle.Render(" · "+a.s.Event.Day())
	var right string
	switch {
	case a.s.Identity.Organiser:
		right = st.Badge.Render("ORGANISER")
	case a.s.Identity.Guest():
		right = st.Badge.Render("GUEST")
	case a.s.profile != nil:
		right = st.Subtle.Render(ansiTrunc(clean.Line(a.s.profile.Name, store.MaxName), max(min(24, a.w/3), 8)))
	}
	gap := a.w - lipgloss.Width(left) - lipgloss.Width(right)
	if gap < 1 {
		left = st.Title.Render("netday") + " · " + st.Strong.Render(a.s.Event.Name)
		left = ansiTrunc(left, max(a.w-lipgloss.Width(right)-1, 10))
		gap = max(a.w-lipgloss.Width(left)-lipgloss.Width(right), 1)
	}
	return left + strings.Repeat(" ", gap) + right
}
