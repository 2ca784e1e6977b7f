package tui

import (
	"errors"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"netday/store"
	"netday/store/clean"
	"netday/store/service"
)

// scheduleTab shows the person's meetings once the organisers publish the
// matching, or says honestly when that is and why someone has none.
type scheduleTab struct {
	s         *session
	published bool
	run       store.Run
	meetings  []store.Meeting
	others    map[string]store.Profile
	err       error
	cursor    int
	km        scheduleKeys
}

// scheduleKeys move through the meetings.
type scheduleKeys struct{ up, down key.Binding }

func newScheduleTab(s *session) tab {
	return &scheduleTab{s: s, km: scheduleKeys{up: keyUp, down: keyDown}}
}

func (t *scheduleTab) title() string { return "Schedule" }
func (t *scheduleTab) typing() bool  { return false }

func (t *scheduleTab) refresh() {
	t.err = nil
	me := t.s.Identity.Fingerprint
	run, mine, err := t.s.Service.MyMeetings(me)
	if errors.Is(err, service.ErrNotPublished) {
		t.published = false
		return
	}
	if err != nil {
		t.err = err
		return
	}
	t.published, t.run, t.meetings = true, *run, mine
	t.others = map[string]store.Profile{}
	for _, m := range t.meetings {
		other := m.Expert
		if other == me {
			other = m.Participant
		}
		if p, err := t.s.Store.Profile(other); err == nil {
			t.others[other] = p
		}
	}
	t.cursor = min(t.cursor, max(len(t.meetings)-1, 0))
}

func (t *scheduleTab) update(k tea.KeyMsg) (screen, tea.Cmd) {
	switch {
	case key.Matches(k, t.km.up):
		t.cursor = max(t.cursor-1, 0)
	case key.Matches(k, t.km.down):
		t.cursor = min(t.cursor+1, max(len(t.meetings)-1, 0))
	}
	return nil, nil
}

func (t *scheduleTab) expert() bool {
	return t.s.profile != nil && t.s.profile.Role == store.RoleExpert
}

func (t *scheduleTab) view(w, h int) string {
	st, ev := t.s.st, t.s.Event
	tw := min(w, 78)
	if t.err != nil {
		return "\n" + st.Error.Render(wrap("✗ Your schedule could not be loaded: "+t.err.Error()+". Please try again in a minute.", tw))
	}
	if !t.published {
		msg := "The matching is not published yet."
		if !ev.PublishAt.IsZero() {
			loc := userZone(t.s)
			msg += " It is planned for " + ev.PublishAt.In(ev.Location).Format("Monday 2 January 15:04 MST")
			if !sameClock(ev.PublishAt, ev.Location, loc) {
				msg += " (" + ev.PublishAt.In(loc).Format("15:04 MST") + " your time)"
			}
			msg += "."
		}
		if t.expert() {
			msg += " Keep your availability up to date until then (tab 2)."
		} else {
			msg += " Until then you can change your wish list (tab 3); your schedule appears here by itself."
		}
		return "\n" + wrap(msg, tw)
	}
	if len(t.meetings) == 0 {
		return "\n" + t.noMeetings(tw)
	}
	head := []string{"", st.Strong.Render("Your meetings (" + itoa(len(t.meetings)) + ")")}
	var cards []string
	focus := 0
	for i, m := range t.meetings {
		if i == t.cursor {
			focus = len(cards)
		}
		cards = append(cards, t.card(m, i == t.cursor, tw)...)
	}
	return strings.Join(head, "\n") + "\n" + strings.Join(window(cards, focus, h-len(head)), "\n")
}

// card is one meeting as a few lines.
func (t *scheduleTab) card(m store.Meeting, selected bool, w int) []string {
	st, ev := t.s.st, t.s.Event
	other := m.Expert
	if t.expert() {
		other = m.Participant
	}
	p, known := t.others[other]
	p = displayProfile(p)
	name := "(someone who has since left)"
	if known {
		name = joinNonEmpty(" — ", p.Name, p.Organisation)
	}
	when := m.Slot
	if sl, ok := ev.SlotByID(m.Slot); ok {
		when = slotTimes(t.s, sl)
	}
	mark := "  "
	if selected {
		mark = st.Selected.Render("> ")
	}
	lines := []string{mark + st.Strong.Render(ansiTrunc(when, w-2)), "  " + ansiTrunc(name, w-2)}
	if t.expert() && known {
		lines = append(lines, "  "+ansiTrunc("Interests: "+strings.Join(p.Areas, ", "), w-2))
		if p.Bio != "" {
			lines = append(lines, "  "+ansiTrunc(strings.ReplaceAll(p.Bio, "\n", " "), w-2))
		}
	}
	lines = append(lines, "  Room: "+ansiTrunc(ev.Room(m.Expert, m.Slot), w-8))
	if !t.expert() && m.Why != "" {
		lines = append(lines, "  "+st.Subtle.Render(ansiTrunc("Why: "+clean.Line(m.Why, 300), w-2)))
	}
	return append(lines, "")
}

// noMeetings explains an empty schedule honestly.
func (t *scheduleTab) noMeetings(w int) string {
	st := t.s.st
	fp := t.s.Identity.Fingerprint
	if t.expert() {
		return wrap("No participant was placed with you in the published schedule. "+
			"If you have free seats, late joiners may still be matched to you.", w)
	}
	reason, inRun := t.run.Unplaced[fp]
	if !inRun {
		return wrap("You joined (or completed your profile) after the organisers ran the matching, so you are not in it yet. "+
			"They re-run it for late joiners without moving anyone's published meetings; your meetings will appear here by themselves.", w)
	}
	return st.Strong.Render("The matching could not place you in a meeting.") + "\n" +
		wrap("Why: "+clean.Line(reason, 300), w) + "\n\n" +
		wrap("What you can do: add more languages or interest areas to your profile (tab 1) and more experts to your wish list, "+
			"and tell the organisers; they re-run the matching for people left without a meeting.", w)
}

func (t *scheduleTab) keys() keyHelp {
	if len(t.meetings) > 1 {
		return helpOf([]key.Binding{t.km.up, t.km.down})
	}
	return helpOf(nil)
}
