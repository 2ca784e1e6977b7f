package tui

import (
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"netday/store"
)

// profileTab shows the person's own profile; e edits it.
type profileTab struct {
	s    *session
	edit key.Binding
}

func newProfileTab(s *session) tab {
	return &profileTab{s: s, edit: bind("e", "edit profile", "e")}
}

func (t *profileTab) title() string { return "Profile" }
func (t *profileTab) refresh()      {}
func (t *profileTab) typing() bool  { return false }

func (t *profileTab) update(k tea.KeyMsg) (screen, tea.Cmd) {
	if key.Matches(k, t.edit) {
		if t.s.profile == nil {
			return newProfileForm(t.s, store.Profile{Role: store.RoleParticipant, Languages: []string{"English"}}, true), nil
		}
		return newProfileForm(t.s, *t.s.profile, false), nil
	}
	return nil, nil
}

func (t *profileTab) view(w, h int) string {
	if t.s.profile == nil {
		return "\nYou have no profile yet; organisers need none. Press e to create one."
	}
	return t.profileCard(w)
}

func (t *profileTab) keys() keyHelp { return helpOf([]key.Binding{t.edit}) }

func (t *profileTab) profileCard(w int) string {
	st, ev := t.s.st, t.s.Event
	p := displayProfile(*t.s.profile)
	var b strings.Builder
	name := st.Title.Render(p.Name)
	if p.Pronouns != "" {
		name += st.Subtle.Render(" (" + p.Pronouns + ")")
	}
	b.WriteString("\n" + name + st.Subtle.Render(" · "+string(p.Role)) + "\n")
	b.WriteString(joinNonEmpty(" · ", p.Organisation, joinNonEmpty(", ", p.City, p.Country)) + "\n\n")
	row := func(label, value string) {
		b.WriteString(st.Label.Render(padRight(label, 12)) + ansiTrunc(value, max(w-12, 10)) + "\n")
	}
	row("Time zone", p.TimeZone)
	if loc, err := time.LoadLocation(p.TimeZone); err == nil && len(ev.Slots) > 0 {
		first, last := ev.Slots[0].Start, ev.Slots[len(ev.Slots)-1].End
		yours := first.In(loc).Format("Mon 2 Jan 15:04") + "–" + last.In(loc).Format("15:04 MST")
		if first.In(loc).Format("15:04 MST") == first.In(ev.Location).Format("15:04 MST") {
			row("Your day", yours+" (your time is event time)")
		} else {
			row("Your day", yours+" your time ("+ev.Hours()+" event time)")
		}
	}
	row("Stage", p.CareerStage)
	row("Languages", strings.Join(p.Languages, ", "))
	row("Interests", strings.Join(p.Areas, ", "))
	row("Looking for", strings.Join(p.LookingFor, ", "))
	if p.Role == store.RoleExpert {
		row("Offers", strings.Join(p.Offers, ", "))
		row("Welcomes", welcomes(p))
	}
	if p.Bio != "" {
		b.WriteString(st.Label.Render("Bio") + "\n" + clampLines(wrap(p.Bio, min(w, 78)), 3) + "\n")
	}
	if p.Complete() {
		b.WriteString("\n" + st.OK.Render("✓ Your profile is complete."))
	} else {
		b.WriteString("\n" + st.Error.Render("! Your profile is not complete yet: press e to finish it."))
	}
	return b.String()
}

// displayProfile cleans every field once more before it is drawn: the
// store cleans on write, and display never trusts that alone.
func displayProfile(p store.Profile) store.Profile {
	p.Normalize()
	return p
}

// clampLines keeps the first n lines of s, marking the cut with "…".
func clampLines(s string, n int) string {
	lines := strings.Split(s, "\n")
	if len(lines) <= n {
		return s
	}
	return strings.Join(lines[:n], "\n") + " …"
}

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}

func padRight(s string, n int) string {
	if r := len([]rune(s)); r < n {
		return s + strings.Repeat(" ", n-r)
	}
	return s
}

// welcomes is the career stages an expert welcomes, in words.
func welcomes(p store.Profile) string {
	if len(p.Stages) == 0 {
		return "every career stage"
	}
	return strings.Join(p.Stages, ", ")
}
