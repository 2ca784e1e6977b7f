package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"netday/store"
)

// roleScreen asks a first-time visitor how they take part: as a participant,
// or as an expert with an invite code from the organisers.
type roleScreen struct {
	s      *session
	cursor int
	km     roleKeys
}

// roleKeys are the role question's bindings.
type roleKeys struct {
	up, down, participant, expert, choose, back, quit key.Binding
}

func newRoleScreen(s *session) screen {
	return &roleScreen{s: s, km: roleKeys{
		up:          keyUp,
		down:        keyDown,
		participant: bind("p", "participant", "p"),
		expert:      bind("i", "expert, with an invite code", "i"),
		choose:      bind("enter", "continue", "enter"),
		back:        bind("esc", "back", "esc"),
		quit:        bind("q", "quit", "q"),
	}}
}

func (r *roleScreen) update(msg tea.Msg) (screen, tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return r, nil
	}
	switch km := r.km; {
	case key.Matches(k, km.up):
		r.cursor = 0
	case key.Matches(k, km.down):
		r.cursor = 1
	case key.Matches(k, km.participant):
		r.cursor = 0
		return r.choose()
	case key.Matches(k, km.expert):
		r.cursor = 1
		return r.choose()
	case key.Matches(k, km.choose):
		return r.choose()
	case key.Matches(k, km.back):
		return newWelcomeScreen(r.s, nil), nil
	case key.Matches(k, km.quit):
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
	tw := max(w-2, 10)
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

func (r *roleScreen) keys() keyHelp {
	km := r.km
	return helpOf([]key.Binding{km.up, km.down, km.choose, km.back, km.quit},
		[]key.Binding{km.up, km.down, km.choose}, []key.Binding{km.participant, km.expert}, []key.Binding{km.back, km.quit})
}
