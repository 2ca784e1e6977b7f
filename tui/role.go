package tui

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"netday/store"
)

// roleScreen asks a first-time visitor how they take part: as a participant,
// or as an expert with an invite code from the organisers.
type roleScreen struct {
	s      *session
	cursor int
}

func newRoleScreen(s *session) screen { return &roleScreen{s: s} }

func (r *roleScreen) update(msg tea.Msg) (screen, tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return r, nil
	}
	switch k.String() {
	case "up", "k":
		r.cursor = 0
	case "down", "j":
		r.cursor = 1
	case "p":
		r.cursor = 0
		return r.choose()
	case "i":
		r.cursor = 1
		return r.choose()
	case "enter":
		return r.choose()
	case "esc":
		return newWelcomeScreen(r.s, nil), nil
	case "q":
		return r, tea.Quit
	}
	return r, nil
}

func (r *roleScreen) choose() (screen, tea.Cmd) {
	if r.cursor == 1 {
		return newInviteScreen(r.s), nil
	}
	return newProfileForm(r.s, store.Profile{Role: store.RoleParticipant, Languages: []string{"English"}}, true), nil
}

func (r *roleScreen) view(w, h int) string {
	st := r.s.st
	tw := min(w-2, 76)
	options := []struct{ name, about string }{
		{"Participant", "A next-generation human rights professional (student, graduate or early career) who wants to meet experts."},
		{"Expert, with an invite code", "An established expert or practitioner invited by the organisers to meet participants."},
	}
	var b strings.Builder
	b.WriteString("\n" + st.Title.Render("How are you taking part?") + "\n\n")
	for i, o := range options {
		if i == r.cursor {
			b.WriteString(st.Selected.Render("> "+o.name) + "\n")
		} else {
			b.WriteString("  " + o.name + "\n")
		}
		b.WriteString(indent(wrap(o.about, tw), "  ") + "\n\n")
	}
	return b.String()
}

func (r *roleScreen) help() string { return "↑/↓ choose · enter continue · esc back · q quit" }
