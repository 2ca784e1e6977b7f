package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

// guestScreen is what a visitor without an SSH key sees: the event, and how
// to come back with a key. Guests cannot create a profile.
type guestScreen struct {
	s    *session
	quit key.Binding
}

func newGuestScreen(s *session) screen {
	return &guestScreen{s: s, quit: bind("q", "quit", "q", "esc", "enter")}
}

func (g *guestScreen) update(msg tea.Msg) (screen, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok && key.Matches(k, g.quit) {
		return g, tea.Quit
	}
	return g, nil
}

func (g *guestScreen) view(w, h int) string {
	st := g.s.st
	var b strings.Builder
	b.WriteString("\n" + st.Strong.Render(wrap("You are connected as a guest: your SSH key is your account.", w)) + "\n")
	b.WriteString(wrap("Create a key with  ssh-keygen -t ed25519  then reconnect with the same ssh command.", w) + "\n\n")
	b.WriteString(eventIntro(g.s, w, h-lipgloss.Height(b.String())))
	return b.String()
}

func (g *guestScreen) keys() keyHelp { return helpOf([]key.Binding{g.quit}) }
