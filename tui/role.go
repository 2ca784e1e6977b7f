package tui

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"netday/store"
)

// roleScreen asks a first-time visitor how they take part.
type roleScreen struct{ s *session }

func newRoleScreen(s *session) screen { return &roleScreen{s: s} }

func (r *roleScreen) update(msg tea.Msg) (screen, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok {
		switch k.String() {
		case "enter", "p":
			return newProfileForm(r.s, store.Profile{Role: store.RoleParticipant, Languages: []string{"English"}}, true), nil
		case "esc":
			return newWelcomeScreen(r.s, nil), nil
		case "q":
			return r, tea.Quit
		}
	}
	return r, nil
}

func (r *roleScreen) view(w, h int) string {
	st := r.s.st
	var b strings.Builder
	b.WriteString("\n" + st.Title.Render("How are you taking part?") + "\n\n")
	b.WriteString(st.Selected.Render("> Participant") + "\n")
	b.WriteString(indent(wrap("A next-generation human rights professional (student, graduate or early career) who wants to meet experts.", min(w-2, 76)), "  ") + "\n\n")
	b.WriteString(st.Subtle.Render(wrap("Experts and practitioners join with an invite code from the organisers.", min(w, 78))) + "\n")
	return b.String()
}

func (r *roleScreen) help() string { return "enter continue as participant · esc back · q quit" }
