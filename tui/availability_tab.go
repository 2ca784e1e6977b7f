package tui

import (
	"errors"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"netday/store"
)

// availabilityTab is the expert's grid of slots: for each, away or how many
// participants they can see at once; plus a daily maximum. Every change is
// saved at once.
type availabilityTab struct {
	s        *session
	a        store.Availability
	requests int
	cursor   int // 0..len(slots)-1 slots, len(slots) the daily maximum
	err      error
	note     string
	noteErr  bool
	booked   map[string]int      // published, not cancelled meetings per slot
	bookedN  int                 // and in the day
	pending  *store.Availability // a change that leaves booked participants without a place, until confirmed
	warning  string
	km       availabilityKeys
}

// availabilityKeys change the seats of a slot or the daily maximum.
type availabilityKeys struct {
	up, down, more, fewer, toggle, all, noMax, yes, no key.Binding
}

func newAvailabilityTab(s *session) tab {
	return &availabilityTab{s: s, km: availabilityKeys{
		up:     keyUp,
		down:   keyDown,
		more:   bind("→/+", "more", "right", "+", "l"),
		fewer:  bind("←/-", "fewer", "left", "-", "h"),
		toggle: bind("space", "away/1", " "),
		all:    bind("a", "all slots", "a"),
		noMax:  bind("0", "no maximum", "0", "backspace"),
		yes:    bind("y", "yes, change it", "y"),
		no:     bind("n/esc", "no, keep it", "n", "esc"),
	}}
}

func (t *availabilityTab) title() string { return "Availability" }
func (t *availabilityTab) typing() bool  { return false }

func (t *availabilityTab) refresh() {
	fp := t.s.Identity.Fingerprint
	a, err := t.s.Store.Availability(fp)
	switch {
	case errors.Is(err, store.ErrNotFound):
		a, err = store.Availability{Fingerprint: fp, Seats: map[string]int{}}, nil
	case err == nil && a.Seats == nil:
		a.Seats = map[string]int{}
	}
	t.a, t.err = a, err
	if dir, derr := t.s.Store.Directory(); derr == nil {
		t.requests = dir.Requests[fp]
		t.booked, t.bookedN = map[string]int{}, dir.BookedDay[fp]
		for _, sl := range t.s.Event.Slots {
			if n := dir.Booked[fp+"|"+sl.ID]; n > 0 {
				t.booked[sl.ID] = n
			}
		}
	} else if t.err == nil {
		t.err = derr
	}
}

func (t *availabilityTab) update(k tea.KeyMsg) (screen, tea.Cmd) {
	slots := t.s.Event.Slots
	t.note = ""
	km := t.km
	if t.pending != nil {
		next := *t.pending
		switch {
		case key.Matches(k, km.yes):
			t.pending, t.warning = nil, ""
			return t.save(next, "Saved. The organisers see who needs a new place.")
		case key.Matches(k, km.no):
			t.pending, t.warning = nil, ""
			t.note, t.noteErr = "Kept as it was.", false
		}
		return nil, nil
	}
	switch {
	case key.Matches(k, km.up):
		t.cursor = max(t.cursor-1, 0)
		return nil, nil
	case key.Matches(k, km.down):
		t.cursor = min(t.cursor+1, len(slots))
		return nil, nil
	}
	next := store.Availability{Fingerprint: t.a.Fingerprint, Seats: map[string]int{}, DailyMax: t.a.DailyMax}
	for id, n := range t.a.Seats {
		next.Seats[id] = n
	}
	if t.cursor == len(slots) {
		switch {
		case key.Matches(k, km.more):
			next.DailyMax = min(next.DailyMax+1, len(slots)*store.MaxSeats)
		case key.Matches(k, km.fewer):
			next.DailyMax = max(next.DailyMax-1, 0)
		case key.Matches(k, km.noMax):
			next.DailyMax = 0
		default:
			return nil, nil
		}
	} else {
		id := slots[t.cursor].ID
		switch {
		case key.Matches(k, km.more):
			next.Seats[id] = min(next.Seats[id]+1, store.MaxSeats)
		case key.Matches(k, km.fewer):
			next.Seats[id] = max(next.Seats[id]-1, 0)
		case key.Matches(k, km.toggle):
			if next.Seats[id] > 0 {
				next.Seats[id] = 0
			} else {
				next.Seats[id] = 1
			}
		case key.Matches(k, km.all):
			for _, sl := range slots {
				if next.Seats[sl.ID] == 0 {
					next.Seats[sl.ID] = 1
				}
			}
		default:
			return nil, nil
		}
	}
	if warn := t.losesBooked(next); warn != "" {
		t.pending, t.warning = &next, warn
		return nil, nil
	}
	return t.save(next, "Saved.")
}

// losesBooked says what a change would do to participants already booked
// in the published schedule ("" when it leaves them their places).
func (t *availabilityTab) losesBooked(next store.Availability) string {
	for _, sl := range t.s.Event.Slots {
		b := t.booked[sl.ID]
		if b == 0 || next.Seats[sl.ID] >= b {
			continue
		}
		lost := b - next.Seats[sl.ID]
		what := "Setting " + sl.Start.In(t.s.Event.Location).Format("15:04") + " to away"
		if next.Seats[sl.ID] > 0 {
			what = "Fewer seats at " + sl.Start.In(t.s.Event.Location).Format("15:04")
		}
		return what + " leaves " + plural(lost, "booked participant") + " without a place: the organisers " +
			"must find them a new place, and they are told when the new schedule is published. Change it anyway?"
	}
	if next.DailyMax > 0 && next.DailyMax < t.bookedN && (t.a.DailyMax == 0 || next.DailyMax < t.a.DailyMax) {
		return "A daily maximum of " + itoa(next.DailyMax) + " is below the " + plural(t.bookedN, "meeting") +
			" already booked: the organisers must find new places for the rest. Change it anyway?"
	}
	return ""
}

// save stores next and says so.
func (t *availabilityTab) save(next store.Availability, ok string) (screen, tea.Cmd) {
	saved, err := t.s.Store.PutAvailability(next)
	if err != nil {
		t.note, t.noteErr = "Not saved: "+err.Error(), true
		return nil, nil
	}
	if saved.Seats == nil {
		saved.Seats = map[string]int{}
	}
	t.a, t.note, t.noteErr = saved, ok, false
	return nil, nil
}

func (t *availabilityTab) view(w, h int) string {
	st, ev := t.s.st, t.s.Event
	head := []string{"", st.Strong.Render(plural(t.requests, "participant") + " " +
		map[bool]string{true: "has", false: "have"}[t.requests == 1] + " you on their wish list.")}
	head = append(head, wrapLines(st.Subtle, "For each slot: away, 1 (one-to-one) or up to 6 (a small table).", w)...)
	if len(t.booked) > 0 {
		head = append(head, wrapLines(st.Subtle, "\"2/3 booked\": participants placed with you in the published schedule.", w)...)
	}
	if t.err != nil {
		head = append(head, wrapLines(st.Error, "✗ "+t.err.Error(), w)...)
	}
	var rows []string
	total := 0
	for i, sl := range ev.Slots {
		n := t.a.Seats[sl.ID]
		total += n
		val := "away"
		switch {
		case n == 1:
			val = "1 one-to-one"
		case n > 1:
			val = fmt.Sprintf("%d small table", n)
		}
		if b := t.booked[sl.ID]; b > 0 {
			val = fmt.Sprintf("%d/%d booked", b, n)
			if n == 0 {
				val = fmt.Sprintf("away, %d booked!", b)
			}
		}
		row := ansiTrunc(fmt.Sprintf("%-16s %s", val, slotTimes(t.s, sl)), w-2)
		rows = append(rows, st.Row(row, i == t.cursor))
	}
	maxLabel := "no maximum"
	if t.a.DailyMax > 0 {
		maxLabel = plural(t.a.DailyMax, "meeting")
	}
	if t.bookedN > 0 {
		maxLabel += " (" + itoa(t.bookedN) + " booked)"
	}
	maxRow := ansiTrunc("Daily maximum: "+maxLabel, w-2)
	rows = append(rows, "", st.Row(maxRow, t.cursor == len(ev.Slots)))
	focus := t.cursor
	if t.cursor == len(ev.Slots) {
		focus = len(rows) - 1
	}
	var tail []string
	if total == 0 {
		tail = append(tail, wrapLines(st.Subtle, "You are away in every slot: participants cannot be matched with you yet.", w)...)
	}
	if t.pending != nil {
		tail = append(tail, strings.Split(st.Error.Render(wrap("! "+t.warning, min(w, 78))), "\n")...)
	}
	if t.note != "" {
		style := st.OK
		mark := "✓ "
		if t.noteErr {
			style, mark = st.Error, "✗ "
		}
		tail = append(tail, wrapLines(style, mark+t.note, w)...)
	}
	body := window(rows, focus, h-len(head)-len(tail))
	return strings.Join(head, "\n") + "\n" + strings.Join(body, "\n") + "\n" + strings.Join(tail, "\n")
}

func (t *availabilityTab) keys() keyHelp {
	km := t.km
	if t.pending != nil {
		return helpOf([]key.Binding{km.yes, km.no})
	}
	if t.cursor == len(t.s.Event.Slots) {
		more, fewer := km.more, km.fewer
		more.SetHelp("→/+", "raise maximum")
		fewer.SetHelp("←/-", "lower maximum")
		return helpOf([]key.Binding{km.up, km.down, more, fewer, km.noMax})
	}
	more, fewer := km.more, km.fewer
	more.SetHelp("→/+", "more seats")
	fewer.SetHelp("←/-", "fewer seats")
	return helpOf([]key.Binding{km.up, km.down, more, fewer, km.toggle, km.all})
}
