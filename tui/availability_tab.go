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
	km       availabilityKeys
}

// availabilityKeys change the seats of a slot or the daily maximum.
type availabilityKeys struct {
	up, down, more, fewer, toggle, all, noMax key.Binding
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
	} else if t.err == nil {
		t.err = derr
	}
}

func (t *availabilityTab) update(k tea.KeyMsg) (screen, tea.Cmd) {
	slots := t.s.Event.Slots
	t.note = ""
	km := t.km
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
	saved, err := t.s.Store.PutAvailability(next)
	if err != nil {
		t.note, t.noteErr = "Not saved: "+err.Error(), true
		return nil, nil
	}
	if saved.Seats == nil {
		saved.Seats = map[string]int{}
	}
	t.a, t.note, t.noteErr = saved, "Saved.", false
	return nil, nil
}

func (t *availabilityTab) view(w, h int) string {
	st, ev := t.s.st, t.s.Event
	head := []string{"", st.Strong.Render(plural(t.requests, "participant") + " " +
		map[bool]string{true: "has", false: "have"}[t.requests == 1] + " you on their wish list.")}
	head = append(head, st.Subtle.Render(ansiTrunc("For each slot: away, 1 (one-to-one) or up to 6 (a small table).", w)))
	if t.err != nil {
		head = append(head, st.Error.Render(ansiTrunc("✗ "+t.err.Error(), w)))
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
		row := ansiTrunc(fmt.Sprintf("%-14s %s", val, slotTimes(t.s, sl)), w-2)
		if i == t.cursor {
			rows = append(rows, st.Selected.Render("> "+row))
		} else {
			rows = append(rows, "  "+row)
		}
	}
	maxLabel := "no maximum"
	if t.a.DailyMax > 0 {
		maxLabel = plural(t.a.DailyMax, "meeting")
	}
	maxRow := ansiTrunc("Daily maximum: "+maxLabel, w-2)
	if t.cursor == len(ev.Slots) {
		maxRow = st.Selected.Render("> " + maxRow)
	} else {
		maxRow = "  " + maxRow
	}
	rows = append(rows, "", maxRow)
	focus := t.cursor
	if t.cursor == len(ev.Slots) {
		focus = len(rows) - 1
	}
	var tail []string
	if total == 0 {
		tail = append(tail, st.Subtle.Render(ansiTrunc("You are away in every slot: participants cannot be matched with you yet.", w)))
	}
	if t.note != "" {
		style := st.OK
		mark := "✓ "
		if t.noteErr {
			style, mark = st.Error, "✗ "
		}
		tail = append(tail, style.Render(ansiTrunc(mark+t.note, w)))
	}
	body := window(rows, focus, h-len(head)-len(tail))
	return strings.Join(head, "\n") + "\n" + strings.Join(body, "\n") + "\n" + strings.Join(tail, "\n")
}

func (t *availabilityTab) keys() keyHelp {
	km := t.km
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
