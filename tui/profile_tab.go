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
	text *detailView // the card, scrollable when the window is small
}

func newProfileTab(s *session) tab {
	t := &profileTab{s: s, edit: bind("e", "edit profile", "e")}
	t.text = newDetail(s.st, t.card)
	t.text.closable = false
	return t
}

func (t *profileTab) title() string { return "Profile" }
func (t *profileTab) refresh()      { t.text.changed() }
func (t *profileTab) typing() bool  { return false }

func (t *profileTab) update(k tea.KeyMsg) (screen, tea.Cmd) {
	if key.Matches(k, t.edit) {
		if t.s.profile == nil {
			return newProfileForm(t.s, store.Profile{Role: store.RoleParticipant, Languages: []string{"English"}}, true), nil
		}
		return newProfileForm(t.s, *t.s.profile, false), nil
	}
	t.text.update(k)
	return nil, nil
}

func (t *profileTab) view(w, h int) string {
	return "\n" + t.text.view(t.s.st, w, h-1)
}

func (t *profileTab) keys() keyHelp {
	return helpOf(append([]key.Binding{t.edit}, t.text.keys()...), append(t.text.fullKeys(), []key.Binding{t.edit})...)
}

// card is the person's profile wrapped to w, or how to make one.
func (t *profileTab) card(w int) string {
	if t.s.profile == nil {
		return wrap("You have no profile yet; organisers need none. Press e to create one.", w)
	}
	return t.profileCard(w)
}

func (t *profileTab) profileCard(w int) string {
	st, ev := t.s.st, t.s.Event
	p := displayProfile(*t.s.profile)
	var b strings.Builder
	name := st.Title.Render(p.Name)
	if p.Pronouns != "" {
		name += st.Subtle.Render(" (" + p.Pronouns + ")")
	}
	b.WriteString(wrap(name+st.Subtle.Render(" · "+string(p.Role)), w) + "\n")
	b.WriteString(wrap(joinNonEmpty(" · ", p.Organisation, joinNonEmpty(", ", p.City, p.Country)), w) + "\n\n")
	row := func(label, value string) { b.WriteString(labelled(st, label, value, w)) }
	row("Time zone", p.TimeZone)
	if loc, err := time.LoadLocation(p.TimeZone); err == nil && len(ev.Slots) > 0 {
		first, last := ev.Slots[0].Start, ev.Slots[len(ev.Slots)-1].End
		yours := first.In(loc).Format("Mon 2 Jan 15:04") + "–" + clock(last.In(loc))
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
		b.WriteString(st.Label.Render("Bio") + "\n" + wrap(p.Bio, w) + "\n")
	}
	if p.Complete() {
		b.WriteString("\n" + st.OK.Render(wrap("✓ Your profile is complete.", w)))
	} else {
		b.WriteString("\n" + st.Error.Render(wrap("! Your profile is not complete yet: press e to finish it.", w)))
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
