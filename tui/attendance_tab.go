package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"netday/store"
)

// attendanceTab is a participant's own availability: the slots they can
// attend (in event time and their own) and how many meetings they want.
// Every change is saved at once and used by the next run of the matching.
type attendanceTab struct {
	s       *session
	a       store.Attendance
	mine    map[string]bool // slots with one of my published meetings
	cursor  int             // 0..len(slots)-1 slots, len(slots) the number of meetings
	err     error
	note    string
	noteErr bool
	km      attendanceKeys
}

// attendanceKeys toggle slots and set the number of meetings.
type attendanceKeys struct {
	up, down, toggle, all, more, fewer key.Binding
}

func newAttendanceTab(s *session) tab {
	return &attendanceTab{s: s, km: attendanceKeys{
		up:     keyUp,
		down:   keyDown,
		toggle: bind("space", "can/cannot attend", " "),
		all:    bind("a", "every slot", "a"),
		more:   bind("→/+", "more meetings", "right", "+", "l"),
		fewer:  bind("←/-", "fewer meetings", "left", "-", "h"),
	}}
}

func (t *attendanceTab) title() string { return "My times" }
func (t *attendanceTab) typing() bool  { return false }

func (t *attendanceTab) refresh() {
	fp := t.s.Identity.Fingerprint
	t.a, t.err = t.s.Store.Attendance(fp)
	t.mine = map[string]bool{}
	if _, ms, err := t.s.Service.MyMeetings(fp); err == nil {
		for _, m := range ms {
			t.mine[m.Slot] = true
		}
	}
}

// wanted is the number of meetings shown: the stored one or the event's.
func (t *attendanceTab) wanted() int { return t.a.Quota(t.s.Event.Quota) }

func (t *attendanceTab) update(k tea.KeyMsg) (screen, tea.Cmd) {
	slots := t.s.Event.Slots
	km := t.km
	t.note = ""
	switch {
	case key.Matches(k, km.up):
		t.cursor = max(t.cursor-1, 0)
		return nil, nil
	case key.Matches(k, km.down):
		t.cursor = min(t.cursor+1, len(slots))
		return nil, nil
	}
	next := t.a
	next.Away = append([]string{}, t.a.Away...)
	switch {
	case key.Matches(k, km.all):
		next.Away = nil
	case t.cursor == len(slots) && key.Matches(k, km.more):
		next.Meetings = min(t.wanted()+1, t.s.Event.Quota)
	case t.cursor == len(slots) && key.Matches(k, km.fewer):
		next.Meetings = max(t.wanted()-1, 1)
	case t.cursor < len(slots) && (key.Matches(k, km.toggle) || key.Matches(k, km.more) || key.Matches(k, km.fewer)):
		id := slots[t.cursor].ID
		if next.IsAway(id) {
			next.Away = deleteString(next.Away, id)
		} else {
			next.Away = append(next.Away, id)
		}
	default:
		return nil, nil
	}
	saved, err := t.s.Store.PutAttendance(next)
	if err != nil {
		t.note, t.noteErr = "Not saved: "+err.Error(), true
		return nil, nil
	}
	t.a, t.noteErr = saved, false
	t.note = "Saved: the next run of the matching uses it."
	if t.cursor < len(slots) && t.mine[slots[t.cursor].ID] && saved.IsAway(slots[t.cursor].ID) {
		t.note = "Saved. You have a meeting then: it stays until you cancel it on Schedule (c) or the organisers re-plan."
	}
	return nil, nil
}

func deleteString(xs []string, x string) []string {
	out := xs[:0]
	for _, v := range xs {
		if v != x {
			out = append(out, v)
		}
	}
	return out
}

func (t *attendanceTab) view(w, h int) string {
	st, ev := t.s.st, t.s.Event
	tw := min(w, 78)
	head := []string{"", st.Strong.Render(ansiTrunc("Which slots can you attend?", w))}
	head = append(head, strings.Split(st.Subtle.Render(wrap("[x] you can attend, [ ] you cannot: you are only matched in the slots you can attend.", tw)), "\n")...)
	if len(t.mine) > 0 {
		head = append(head, st.Subtle.Render(ansiTrunc("● one of your meetings", w)))
	}
	if t.err != nil {
		head = append(head, wrapLines(st.Error, "✗ "+t.err.Error(), w)...)
	}
	var rows []string
	free := 0
	for i, sl := range ev.Slots {
		mark := "[x]"
		if t.a.IsAway(sl.ID) {
			mark = "[ ]"
		} else {
			free++
		}
		dot := "  "
		if t.mine[sl.ID] {
			dot = " ●"
		}
		row := mark + dot + " " + slotTimes(t.s, sl)
		row = ansiTrunc(row, w-2)
		rows = append(rows, st.Row(row, i == t.cursor))
	}
	count := ansiTrunc("Meetings you want: "+itoa(t.wanted())+" (1 to "+itoa(ev.Quota)+")", w-2)
	rows = append(rows, "", st.Row(count, t.cursor == len(ev.Slots)))
	focus := t.cursor
	if t.cursor == len(ev.Slots) {
		focus = len(rows) - 1
	}
	var tail []string
	if free == 0 {
		tail = append(tail, wrapLines(st.Error, "You can attend no slot: the matching leaves you out.", w)...)
	}
	if t.note != "" {
		style, mark := st.OK, "✓ "
		if t.noteErr {
			style, mark = st.Error, "✗ "
		}
		tail = append(tail, strings.Split(style.Render(wrap(mark+t.note, tw)), "\n")...)
	}
	body := window(rows, focus, h-len(head)-len(tail))
	return strings.Join(head, "\n") + "\n" + strings.Join(body, "\n") + "\n" + strings.Join(tail, "\n")
}

func (t *attendanceTab) keys() keyHelp {
	km := t.km
	if t.cursor == len(t.s.Event.Slots) {
		return helpOf([]key.Binding{km.up, km.down, km.more, km.fewer, km.all})
	}
	return helpOf([]key.Binding{km.up, km.down, km.toggle, km.all})
}
