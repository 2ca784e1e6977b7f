package tui

import (
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"netday/store"
)

// homeScreen shows a returning visitor their profile and, for organisers,
// the live event panel.
type homeScreen struct {
	s      *session
	flash  string
	counts store.Counts
	cerr   error
}

func newHomeScreen(s *session) screen {
	h := &homeScreen{s: s}
	h.refresh()
	return h
}

// refresh re-reads what the screen shows from the store.
func (h *homeScreen) refresh() {
	if !h.s.Identity.Organiser {
		return
	}
	h.counts, h.cerr = h.s.Store.Counts()
}

func (h *homeScreen) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case ChangeMsg:
		if h.s.profile != nil && msg.Change.Kind == "profile" && msg.Change.Key == h.s.Identity.Fingerprint || msg.Change.Resync {
			if p, err := h.s.Store.Profile(h.s.Identity.Fingerprint); err == nil {
				h.s.profile = &p
			}
		}
		h.refresh()
	case tea.KeyMsg:
		switch msg.String() {
		case "e":
			p := store.Profile{Role: store.RoleParticipant, Languages: []string{"English"}}
			first := h.s.profile == nil
			if !first {
				p = *h.s.profile
			}
			return newProfileForm(h.s, p, first), nil
		case "r":
			h.refresh()
			h.flash = ""
		case "q", "esc":
			return h, tea.Quit
		}
	}
	return h, nil
}

func (h *homeScreen) view(w, height int) string {
	var parts []string
	if h.flash != "" {
		parts = append(parts, h.s.st.OK.Render("✓ "+h.flash))
	}
	if h.s.profile != nil {
		parts = append(parts, h.profileCard(w))
	} else {
		parts = append(parts, "\nYou have no profile yet; organisers need none. Press e to create one.")
	}
	if h.s.Identity.Organiser {
		parts = append(parts, h.eventPanel(w))
	}
	return strings.Join(parts, "\n")
}

func (h *homeScreen) profileCard(w int) string {
	st, ev := h.s.st, h.s.Event
	p := displayProfile(*h.s.profile)
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

func (h *homeScreen) eventPanel(w int) string {
	st, ev := h.s.st, h.s.Event
	var b strings.Builder
	b.WriteString(st.Strong.Render("Event") + st.Subtle.Render(" · live") + "\n")
	if h.cerr != nil {
		b.WriteString(st.Error.Render("✗ Counts unavailable: "+h.cerr.Error()) + "\n")
	} else {
		line := "Participants " + itoa(h.counts.Participants) + " · Experts " + itoa(h.counts.Experts) +
			" · Profiles complete " + itoa(h.counts.Complete)
		if h.s.Online != nil {
			line += " · Online " + itoa(h.s.Online())
		}
		b.WriteString(line + "\n")
	}
	b.WriteString(plural(len(ev.Slots), "slot") + ", " + ev.Day() + ", " + ev.Hours() +
		" · " + plural(len(ev.Areas), "interest area"))
	return "\n" + st.Panel.Width(min(w-2, 78)).Render(b.String())
}

func (h *homeScreen) help() string { return "e edit profile · r refresh · q quit" }

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
