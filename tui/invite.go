package tui

import (
	"errors"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"netday/store"
)

// inviteScreen takes an expert's invite code. A wrong code says so and
// nothing more.
type inviteScreen struct {
	s     *session
	input textinput.Model
	err   string
	check key.Binding
	back  key.Binding
}

func newInviteScreen(s *session) screen {
	in := s.st.textInput(20)
	in.Placeholder = "XXXX-XXXX-XXXX"
	return &inviteScreen{s: s, input: in,
		check: bind("enter", "check the code", "enter"), back: bind("esc", "back", "esc")}
}

func (v *inviteScreen) typing() bool { return true }

func (v *inviteScreen) init() tea.Cmd { return v.input.Focus() }

func (v *inviteScreen) update(msg tea.Msg) (screen, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok {
		switch {
		case key.Matches(k, v.back):
			return newRoleScreen(v.s), nil
		case key.Matches(k, v.check):
			code := strings.TrimSpace(v.input.Value())
			if code == "" {
				v.err = "Type the code the organisers gave you."
				return v, nil
			}
			// An imported expert's code comes with their profile: the form
			// starts from it.
			start := store.Profile{Role: store.RoleExpert, Languages: []string{"English"}}
			if p, ok, _ := v.s.Store.ImportedProfile(code); ok {
				start = p
			}
			err := v.s.Store.RedeemInvite(code, v.s.Identity.Fingerprint, v.s.Now())
			switch {
			case errors.Is(err, store.ErrInviteInvalid):
				v.err = "This invite code is not valid. Check it with the organisers."
				return v, nil
			case err != nil:
				v.err = "Could not check the code: " + err.Error()
				return v, nil
			}
			return newProfileForm(v.s, start, true), nil
		}
	}
	var cmd tea.Cmd
	v.input, cmd = v.input.Update(msg)
	if _, ok := msg.(tea.KeyMsg); ok {
		v.err = ""
	}
	return v, cmd
}

func (v *inviteScreen) view(w, h int) string {
	st := v.s.st
	var b strings.Builder
	b.WriteString("\n" + st.Title.Render("Your invite code") + "\n")
	b.WriteString(st.Subtle.Render(wrap("The organisers sent experts a code like ABCD-EFGH-JKMN. It can be used once.", w)) + "\n\n")
	v.input.Width = max(min(w-4, 30), 10)
	b.WriteString(v.input.View() + "\n")
	if v.err != "" {
		b.WriteString("\n" + st.Error.Render(wrap("✗ "+v.err, w)) + "\n")
	}
	return b.String()
}

func (v *inviteScreen) keys() keyHelp { return helpOf([]key.Binding{v.check, v.back}) }
