package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"netday/store"
)

// feedbackScreen asks, after a meeting, whether it took place, for a
// rating (1–5) and a short private comment for the organisers. An expert
// with a table answers for each participant in turn.
type feedbackScreen struct {
	s       *session
	ms      []store.Meeting // the meeting, or the expert's table
	names   map[string]string
	i       int // which meeting of ms
	step    int // 0 outcome, 1 rating, 2 comment
	outcome string
	rating  int
	comment textinput.Model
	err     string
	km      feedbackKeys
}

// feedbackKeys answer the three questions.
type feedbackKeys struct {
	met, missed, rate, skip, save, back key.Binding
}

func newFeedbackScreen(s *session, ms []store.Meeting, others map[string]store.Profile, given map[string]store.Feedback) screen {
	f := &feedbackScreen{s: s, ms: ms, names: map[string]string{}, comment: s.st.textInput(store.MaxComment),
		km: feedbackKeys{
			met:    bind("m", "we met", "m"),
			missed: bind("n", "it did not happen", "n"),
			rate:   bind("1–5", "rating", "1", "2", "3", "4", "5"),
			skip:   bind("0", "no rating", "0"),
			save:   bind("enter", "save", "enter"),
			back:   bind("esc", "back", "esc"),
		}}
	f.comment.Placeholder = "optional, only the organisers read it"
	for fp, p := range others {
		f.names[fp] = displayProfile(p).Name
	}
	f.load(given)
	return f
}

// load starts from what was given earlier for the current meeting.
func (f *feedbackScreen) load(given map[string]store.Feedback) {
	f.step, f.outcome, f.rating, f.err = 0, "", 0, ""
	f.comment.SetValue("")
	m := f.ms[f.i]
	if g, ok := given[store.SeatKey(m)]; ok {
		f.outcome, f.rating = g.Outcome, g.Rating
		f.comment.SetValue(g.Comment)
	}
}

func (f *feedbackScreen) typing() bool { return f.step == 2 }

func (f *feedbackScreen) other(m store.Meeting) string {
	fp := m.Expert
	if fp == f.s.Identity.Fingerprint {
		fp = m.Participant
	}
	if n := f.names[fp]; n != "" {
		return n
	}
	return "someone who has since left"
}

func (f *feedbackScreen) back() (screen, tea.Cmd) {
	m := newMainScreen(f.s)
	m.showTitle("Schedule")
	return m, nil
}

func (f *feedbackScreen) update(msg tea.Msg) (screen, tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return f, nil
	}
	km := f.km
	if key.Matches(k, km.back) {
		if f.step > 0 {
			f.step--
			f.comment.Blur()
			return f, nil
		}
		return f.back()
	}
	switch f.step {
	case 0:
		switch {
		case key.Matches(k, km.met):
			f.outcome, f.step = store.OutcomeMet, 1
		case key.Matches(k, km.missed):
			f.outcome, f.step = store.OutcomeMissed, 2
			f.rating = 0
			return f, f.comment.Focus()
		}
	case 1:
		switch {
		case key.Matches(k, km.rate):
			f.rating = int(k.String()[0] - '0')
			f.step = 2
			return f, f.comment.Focus()
		case key.Matches(k, km.skip), key.Matches(k, km.save):
			f.rating = 0
			f.step = 2
			return f, f.comment.Focus()
		}
	case 2:
		if key.Matches(k, km.save) {
			return f.save()
		}
		var cmd tea.Cmd
		f.comment, cmd = f.comment.Update(k)
		return f, cmd
	}
	return f, nil
}

func (f *feedbackScreen) save() (screen, tea.Cmd) {
	m := f.ms[f.i]
	_, err := f.s.Service.GiveFeedback(f.s.Identity.Fingerprint, m, f.outcome, f.rating, f.comment.Value())
	if err != nil {
		f.err = "Not saved: " + err.Error()
		return f, nil
	}
	if f.i+1 < len(f.ms) {
		f.i++
		given, _ := f.s.Store.FeedbackBy(f.s.Identity.Fingerprint)
		f.load(given)
		f.comment.Blur()
		return f, nil
	}
	m2 := newMainScreen(f.s).withFlash("Thank you: your feedback is saved.")
	m2.showTitle("Schedule")
	return m2, nil
}

func (f *feedbackScreen) view(w, h int) string {
	st := f.s.st
	tw := min(w, 78)
	m := f.ms[f.i]
	when := m.Slot
	if sl, ok := f.s.Event.SlotByID(m.Slot); ok {
		when = slotTimes(f.s, sl)
	}
	var b strings.Builder
	b.WriteString("\n" + st.Title.Render("After your meeting") + "\n")
	b.WriteString(wrap("With "+f.other(m)+", "+when, tw) + "\n")
	if len(f.ms) > 1 {
		b.WriteString(st.Subtle.Render("Participant "+itoa(f.i+1)+" of "+itoa(len(f.ms))) + "\n")
	}
	b.WriteString("\n")
	switch f.step {
	case 0:
		b.WriteString(st.Strong.Render("Did the meeting take place?") + "\n")
		b.WriteString("m  yes, we met\nn  no, it did not happen\n")
	case 1:
		b.WriteString(st.Strong.Render("How useful was it?") + "\n")
		b.WriteString(wrap("1 (not useful) to 5 (very useful); 0 or enter to skip.", tw) + "\n")
	case 2:
		b.WriteString(st.Strong.Render("A short comment for the organisers (optional)") + "\n")
		b.WriteString(st.Subtle.Render(wrap("Only the organisers read it; the other side does not.", tw)) + "\n")
		b.WriteString(f.comment.View() + "\n")
	}
	if f.outcome != "" {
		b.WriteString("\n" + st.Subtle.Render("So far: "+feedbackSummary(store.Feedback{Outcome: f.outcome, Rating: f.rating})) + "\n")
	}
	if f.err != "" {
		b.WriteString(st.Error.Render(wrap("✗ "+f.err, tw)) + "\n")
	}
	return b.String()
}

func (f *feedbackScreen) keys() keyHelp {
	km := f.km
	switch f.step {
	case 0:
		return helpOf([]key.Binding{km.met, km.missed, km.back})
	case 1:
		return helpOf([]key.Binding{km.rate, km.skip, km.back})
	}
	return helpOf([]key.Binding{km.save, km.back})
}
