package tui

import (
	"errors"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

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
	entries   [][]store.Meeting // what the cursor moves over: a meeting, or an expert's table
	others    map[string]store.Profile
	cancelled store.Cancellations
	feedback  map[string]store.Feedback // mine, by "participant|expert"
	notice    *store.Notice
	// noticeNames are the names in the notice, read with it.
	noticeNames map[string]string
	err         error
	cursor      int
	confirm     string // "meeting" or "day" while asking to confirm a cancellation
	note        string
	noteErr     bool
	locked      bool        // wish lists are closed
	open        *detailView // the meeting (or table) opened with enter
	text        *detailView // the message when there is no meeting to list
	km          scheduleKeys
}

// scheduleKeys move through the meetings and act on them.
type scheduleKeys struct {
	up, down, open, cancel, day, rejoin, feedback, ack, yes, no key.Binding
}

func newScheduleTab(s *session) tab {
	t := &scheduleTab{s: s, km: scheduleKeys{
		up:       keyUp,
		down:     keyDown,
		open:     bind("enter", "details", "enter"),
		cancel:   bind("c", "I can't make it", "c"),
		day:      bind("D", "I can't come today", "D"),
		rejoin:   bind("D", "I can come after all", "D"),
		feedback: bind("f", "feedback", "f"),
		ack:      bind("x", "seen the changes", "x"),
		yes:      bind("y", "yes, cancel", "y"),
		no:       bind("n/esc", "no, keep it", "n", "esc"),
	}}
	t.text = newDetail(s.st, t.message)
	t.text.closable = false
	return t
}

func (t *scheduleTab) title() string { return "Schedule" }
func (t *scheduleTab) typing() bool  { return false }

func (t *scheduleTab) refresh() {
	t.err = nil
	t.text.changed()
	if t.open != nil {
		t.open.changed()
	}
	me := t.s.Identity.Fingerprint
	if n, err := t.s.Store.Notice(me); err == nil {
		t.notice, t.noticeNames = &n, noticeNames(t.s, n)
	} else {
		t.notice = nil
	}
	dir, err := t.s.Store.Directory()
	if err != nil {
		t.err = err
		return
	}
	t.cancelled = dir.Cancelled
	t.locked = dir.Settings.RequestsLocked
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
	t.entries = t.entries[:0]
	for i, m := range t.meetings {
		other := m.Expert
		if other == me {
			other = m.Participant
		}
		if p, err := t.s.Store.Profile(other); err == nil {
			t.others[other] = p
		}
		if t.expert() && i > 0 && t.meetings[i-1].Slot == m.Slot {
			t.entries[len(t.entries)-1] = append(t.entries[len(t.entries)-1], m)
			continue
		}
		t.entries = append(t.entries, []store.Meeting{m})
	}
	if fb, err := t.s.Store.FeedbackBy(me); err == nil {
		t.feedback = fb
	}
	t.cursor = min(t.cursor, max(len(t.entries)-1, 0))
}

// dayOff reports whether the person said they cannot come today.
func (t *scheduleTab) dayOff() bool {
	_, off := t.cancelled.DayOff[t.s.Identity.Fingerprint]
	return off
}

// selected is the entry under the cursor, nil when there is none.
func (t *scheduleTab) selected() []store.Meeting {
	if t.cursor < len(t.entries) {
		return t.entries[t.cursor]
	}
	return nil
}

// entryCancelled reports whether every meeting of e is cancelled.
func (t *scheduleTab) entryCancelled(e []store.Meeting) bool {
	for _, m := range e {
		if _, off := t.cancelled.Cancelled(m); !off {
			return false
		}
	}
	return len(e) > 0
}

func (t *scheduleTab) update(k tea.KeyMsg) (screen, tea.Cmd) {
	km := t.km
	me := t.s.Identity.Fingerprint
	if t.confirm != "" {
		switch {
		case key.Matches(k, km.yes):
			what := t.confirm
			t.confirm = ""
			var err error
			if what == "day" {
				_, err = t.s.Service.CancelDay(me)
				t.note = "Done: you are out of today's schedule, and the people you were to meet are told. " +
					"Press D if you can come after all."
			} else if e := t.selected(); e != nil {
				_, err = t.s.Service.CancelMeeting(me, e[0].Slot)
				t.note = "Cancelled; the other side and the organisers see it now."
			}
			t.noteErr = err != nil
			if err != nil {
				t.note = "Not cancelled: " + err.Error()
			}
			t.refresh()
		case key.Matches(k, km.no):
			t.confirm, t.note = "", ""
		}
		return nil, nil
	}
	if t.open != nil {
		if t.open.update(k) {
			t.open = nil
		}
		return nil, nil
	}
	t.note = ""
	if len(t.entries) == 0 || !t.published {
		t.text.update(k) // scrolls the message when it is longer than the window
	}
	switch {
	case key.Matches(k, km.open) && t.published:
		if e := t.selected(); e != nil {
			e = append([]store.Meeting{}, e...)
			t.open = newDetail(t.s.st, func(w int) string { return t.meetingCard(e, w) })
		}
	case key.Matches(k, km.up):
		t.cursor = max(t.cursor-1, 0)
	case key.Matches(k, km.down):
		t.cursor = min(t.cursor+1, max(len(t.entries)-1, 0))
	case key.Matches(k, km.ack) && t.notice != nil:
		if err := t.s.Store.AckNotice(me); err != nil {
			t.note, t.noteErr = "Could not save: "+err.Error(), true
		}
		t.notice = nil
	case key.Matches(k, km.cancel) && t.published:
		e := t.selected()
		switch {
		case e == nil:
			t.note, t.noteErr = "You have no meeting to cancel.", true
		case t.entryCancelled(e) || t.mineCancelled(e):
			t.note, t.noteErr = "This meeting is already cancelled.", true
		default:
			t.confirm = "meeting"
		}
	case key.Matches(k, km.day):
		if t.dayOff() {
			if err := t.s.Service.RejoinDay(me); err != nil {
				t.note, t.noteErr = "Not saved: "+err.Error(), true
				return nil, nil
			}
			t.note, t.noteErr = "Welcome back: the next run of the matching includes you again.", false
			t.refresh()
			return nil, nil
		}
		t.confirm = "day"
	case key.Matches(k, km.feedback) && t.published:
		e := t.selected()
		if e == nil {
			return nil, nil
		}
		if sl, ok := t.s.Event.SlotByID(e[0].Slot); ok && t.s.Now().Before(sl.Start) {
			t.note, t.noteErr = "You can give feedback once the meeting has started ("+slotTimes(t.s, sl)+").", true
			return nil, nil
		}
		return newFeedbackScreen(t.s, e, t.others, t.feedback), nil
	}
	return nil, nil
}

// mineCancelled reports whether, as a participant, my seat in e is
// cancelled.
func (t *scheduleTab) mineCancelled(e []store.Meeting) bool {
	if t.expert() {
		return false
	}
	_, off := t.cancelled.Cancelled(e[0])
	return off
}

func (t *scheduleTab) expert() bool {
	return t.s.profile != nil && t.s.profile.Role == store.RoleExpert
}

func (t *scheduleTab) view(w, h int) string {
	st := t.s.st
	if t.open != nil {
		return t.open.view(st, w, h)
	}
	tw := w
	if t.err != nil {
		return "\n" + t.text.view(st, w, h-1)
	}
	head := []string{""}
	if t.notice != nil {
		head = append(head, strings.Split(noticeBox(t.s, *t.notice, t.noticeNames, tw), "\n")...)
		head = append(head, "")
	}
	if t.dayOff() {
		head = append(head, strings.Split(st.Error.Render(wrap("You said you cannot come today: you are left out of the next run of the matching. Press D if you can come after all.", tw)), "\n")...)
		head = append(head, "")
	}
	keep := -1 // the first head line that must stay in view: a question or a result
	if t.confirm != "" {
		keep = len(head)
		head = append(head, strings.Split(st.Strong.Render(wrap(t.confirmText(), tw)), "\n")...)
		head = append(head, "")
	}
	if t.note != "" {
		style, mark := st.OK, "✓ "
		if t.noteErr {
			style, mark = st.Error, "✗ "
		}
		if keep < 0 {
			keep = len(head)
		}
		head = append(head, strings.Split(style.Render(wrap(mark+t.note, tw)), "\n")...)
	}
	if !t.published || len(t.meetings) == 0 {
		return strings.Join(head, "\n") + "\n" + t.text.view(st, w, h-len(head))
	}
	head = append(head, st.Strong.Render("Your meetings ("+itoa(len(t.meetings))+")"))
	var cards []string
	focus, focusEnd := 0, 0
	for i, e := range t.entries {
		if i == t.cursor {
			focus = len(cards)
		}
		cards = append(cards, t.card(e, i == t.cursor, tw)...)
		if i == t.cursor {
			focusEnd = len(cards)
		}
	}
	if len(head)+min(focusEnd-focus, 4) <= h {
		return strings.Join(head, "\n") + "\n" + strings.Join(window(cards, focus, h-len(head)), "\n")
	}
	// A long what-changed box (or a small window) leaves no room for the
	// meetings: scroll head and meetings together so that the selected
	// meeting, and the question or result about it, stay in view.
	all := append(head, cards...)
	lo, hi := len(head)+focus, len(head)+focusEnd
	switch {
	case keep >= 0:
		lo = keep
	case t.cursor == 0:
		lo = 0 // what changed first; enter opens the first meeting whole
	}
	return strings.Join(scrollTo(all, lo, hi, h), "\n")
}

// scrollTo shows h lines of body that include body[lo:hi] as far as it
// fits (from lo when it does not), marking cut-off lines above and below.
func scrollTo(body []string, lo, hi, h int) []string {
	if h <= 0 {
		return nil
	}
	if len(body) <= h {
		return body
	}
	start := min(max(hi-h, 0), lo, len(body)-h)
	out := slices.Clone(body[start : start+h])
	if start > 0 && start != lo && h > 2 {
		out[0] = "  ↑ more"
	}
	if start+h < len(body) && start+h-1 > lo && h > 2 {
		out[h-1] = "  ↓ more"
	}
	return out
}

// message is what the tab says when it has no meeting to list, wrapped to
// w: an error, that the matching is not published yet, or why the person
// has no meeting.
func (t *scheduleTab) message(w int) string {
	st, ev := t.s.st, t.s.Event
	if t.err != nil {
		return st.Error.Render(wrap("✗ Your schedule could not be loaded: "+t.err.Error()+". Please try again in a minute.", w))
	}
	if !t.published {
		msg := "The matching is not published yet."
		if !ev.PublishAt.IsZero() {
			loc := userZone(t.s)
			msg += " It is planned for " + ev.PublishAt.In(ev.Location).Format("Monday 2 January ") + clock(ev.PublishAt.In(ev.Location))
			if !sameClock(ev.PublishAt, ev.Location, loc) {
				msg += " (" + clock(ev.PublishAt.In(loc)) + " your time)"
			}
			msg += "."
		}
		switch {
		case t.expert():
			msg += " Keep your availability up to date until then (tab 2)."
		case t.locked:
			msg += " Wish lists are closed for the matching; your schedule appears here by itself."
		default:
			msg += " Until then you can change your wish list (tab 3); your schedule appears here by itself."
		}
		return wrap(msg, w)
	}
	return t.noMeetings(w)
}

// confirmText asks before a cancellation.
func (t *scheduleTab) confirmText() string {
	if t.confirm == "day" {
		return "Cancel all your meetings today? The people you were to meet and the organisers are told at once, " +
			"and your seats go to others in the next run. y yes · n no"
	}
	e := t.selected()
	if e == nil {
		return ""
	}
	when := e[0].Slot
	if sl, ok := t.s.Event.SlotByID(e[0].Slot); ok {
		when = slotTimes(t.s, sl)
	}
	what := "your meeting"
	if t.expert() && len(e) > 1 {
		what = "your table of " + itoa(len(e))
	}
	return "Cancel " + what + " at " + when + "? The other side and the organisers are told at once, " +
		"and the seat goes to someone else in the next run. y yes · n no"
}

// card is one meeting (or an expert's table) as a few lines.
func (t *scheduleTab) card(e []store.Meeting, selected bool, w int) []string {
	st, ev := t.s.st, t.s.Event
	m := e[0]
	when := m.Slot
	if sl, ok := ev.SlotByID(m.Slot); ok {
		when = slotTimes(t.s, sl)
	}
	mark := "  "
	if selected {
		mark = st.Selected.Render("> ")
	}
	lines := []string{mark + st.Strong.Render(ansiTrunc(when, w-2))}
	if t.entryCancelled(e) || t.mineCancelled(e) {
		c, _ := t.cancelled.Cancelled(m)
		why := "you cancelled it"
		if c.By != t.s.Identity.Fingerprint {
			why = "the other side cannot make it"
			if c.By == m.Expert {
				why = "the expert cannot make it"
			} else if t.expert() {
				why = "the participant cannot make it"
			}
		}
		lines = append(lines, "  "+st.Error.Render(ansiTrunc("CANCELLED — "+why, w-2)))
	}
	if t.expert() && len(e) > 1 {
		lines = append(lines, "  "+ansiTrunc("A small table of "+itoa(len(e))+" participants:", w-2))
	}
	for _, x := range e {
		other := x.Expert
		if t.expert() {
			other = x.Participant
		}
		p, known := t.others[other]
		p = displayProfile(p)
		name := "(someone who has since left)"
		if known {
			name = joinNonEmpty(" — ", p.Name, p.Organisation)
		}
		if _, off := t.cancelled.Cancelled(x); off && len(e) > 1 {
			name += " (cancelled)"
		}
		indent := "  "
		if len(e) > 1 {
			indent = "  • "
		}
		lines = append(lines, indent+ansiTrunc(name, w-len(indent)))
		if t.expert() && known {
			lines = append(lines, twoLines("Interests: "+strings.Join(p.Areas, ", "), "    ", w, st.r.NewStyle())...)
			if p.Bio != "" {
				lines = append(lines, twoLines(strings.ReplaceAll(p.Bio, "\n", " "), "    ", w, st.r.NewStyle())...)
			}
		}
		if f, ok := t.feedback[store.SeatKey(x)]; ok {
			lines = append(lines, twoLines("Your feedback: "+feedbackSummary(f), "    ", w, st.Subtle)...)
		}
	}
	room := ev.Room(m.Expert, m.Slot)
	if ev.RoomLinksArePlaceholders() {
		room += " (a placeholder: the organisers send the real room)"
	}
	lines = append(lines, twoLines("Room: "+room, "  ", w, st.r.NewStyle())...)
	if !t.expert() && m.Why != "" {
		lines = append(lines, twoLines("Why: "+clean.Line(m.Why, store.MaxWhy), "  ", w, st.Subtle)...)
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
	todo := "What you can do: add more languages or interest areas to your profile (tab 1) and more experts to your wish list, " +
		"and tell the organisers; they re-run the matching for people left without a meeting."
	if t.locked {
		todo = "What you can do: add more languages or interest areas to your profile (tab 1) and tell the organisers; " +
			"they re-run the matching for people left without a meeting."
	}
	return st.Strong.Render(wrap("The matching could not place you in a meeting.", w)) + "\n" +
		wrap("Why: "+clean.Line(reason, store.MaxWhy), w) + "\n\n" + wrap(todo, w)
}

// twoLines wraps text under prefix to width w and keeps at most two lines,
// the second ending in "…" when more was cut (enter shows it whole).
func twoLines(text, prefix string, w int, style lipgloss.Style) []string {
	lines := strings.Split(clampLines(wrap(text, max(w-len(prefix), 10)), 2), "\n")
	for i, l := range lines {
		lines[i] = prefix + style.Render(l)
	}
	return lines
}

// meetingCard is one meeting (or an expert's table) whole, wrapped to w,
// for the detail view: the time, each person's card, the room, and why.
func (t *scheduleTab) meetingCard(e []store.Meeting, w int) string {
	st, ev := t.s.st, t.s.Event
	m := e[0]
	var b strings.Builder
	when := m.Slot
	if sl, ok := ev.SlotByID(m.Slot); ok {
		when = slotTimes(t.s, sl)
	}
	b.WriteString(st.Strong.Render(wrap(when, w)) + "\n")
	if t.entryCancelled(e) || t.mineCancelled(e) {
		b.WriteString(st.Error.Render(wrap("CANCELLED", w)) + "\n")
	}
	for _, x := range e {
		other := x.Expert
		if t.expert() {
			other = x.Participant
		}
		p, known := t.others[other]
		p = displayProfile(p)
		b.WriteString("\n")
		if !known {
			b.WriteString(wrap("With someone who has since left netday.", w) + "\n")
			continue
		}
		b.WriteString(st.Title.Render(wrap(p.Name, w)) + "\n")
		if line := joinNonEmpty(" · ", p.Title, p.Organisation, joinNonEmpty(", ", p.City, p.Country)); line != "" {
			b.WriteString(wrap(line, w) + "\n")
		}
		b.WriteString(labelled(st, "Languages", strings.Join(p.Languages, ", "), w))
		b.WriteString(labelled(st, "Areas", strings.Join(p.Areas, ", "), w))
		if t.expert() {
			b.WriteString(labelled(st, "Stage", p.CareerStage, w))
			b.WriteString(labelled(st, "Looking for", strings.Join(p.LookingFor, ", "), w))
		} else {
			b.WriteString(labelled(st, "Offers", strings.Join(p.Offers, ", "), w))
			b.WriteString(labelled(st, "Link", p.Link, w))
		}
		if p.Bio != "" {
			b.WriteString(wrap(p.Bio, w) + "\n")
		}
		if f, ok := t.feedback[store.SeatKey(x)]; ok {
			b.WriteString(st.Subtle.Render(wrap("Your feedback: "+feedbackSummary(f), w)) + "\n")
		}
	}
	b.WriteString("\n" + st.Label.Render("Room") + "\n" + wrap(ev.Room(m.Expert, m.Slot), w) + "\n")
	if m.Why != "" {
		b.WriteString("\n" + st.Label.Render("Why this match") + "\n" + wrap(clean.Line(m.Why, store.MaxWhy), w) + "\n")
	}
	return b.String()
}

func (t *scheduleTab) keys() keyHelp {
	km := t.km
	if t.open != nil {
		return helpOf(t.open.keys(), t.open.fullKeys()...)
	}
	if t.confirm != "" {
		return helpOf([]key.Binding{km.yes, km.no})
	}
	var short []key.Binding
	if !t.published || len(t.entries) == 0 {
		short = append(short, t.text.keys()...)
	}
	if len(t.entries) > 1 {
		short = append(short, km.up, km.down)
	}
	if t.published && len(t.entries) > 0 {
		short = append(short, km.open)
	}
	if t.notice != nil {
		short = append(short, km.ack)
	}
	if t.published && len(t.entries) > 0 {
		short = append(short, km.feedback, km.cancel)
	}
	if t.dayOff() {
		short = append(short, km.rejoin)
	} else {
		short = append(short, km.day)
	}
	return helpOf(short)
}
