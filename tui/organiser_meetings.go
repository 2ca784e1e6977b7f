package tui

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"netday/store"
	"netday/store/service"
)

// loadMeetings lists the newest run's meetings by slot, or by participant.
func (t *organiserTab) loadMeetings() {
	svc := t.s.Service
	r, err := svc.Run(0)
	t.listHead = ""
	if errors.Is(err, service.ErrNoRun) {
		t.list.set(nil)
		return
	}
	if err != nil {
		t.noteErr = "Could not read the run: " + err.Error()
		return
	}
	names, err := svc.Names()
	if err != nil {
		t.noteErr = "Could not read names: " + err.Error()
		return
	}
	pinned := map[string]bool{}
	if pins, err := svc.Store().Pins(); err == nil {
		for _, p := range pins {
			pinned[p.Participant+"|"+p.Expert+"|"+p.Slot] = true
		}
	}
	ms := service.Sorted(r.Meetings)
	if !t.bySlot {
		slices.SortStableFunc(ms, func(a, b store.Meeting) int {
			return strings.Compare(strings.ToLower(names[a.Participant]), strings.ToLower(names[b.Participant]))
		})
	}
	items := make([]listItem, 0, len(ms)+len(r.Unplaced))
	for _, m := range ms {
		pin := ""
		if pinned[m.Participant+"|"+m.Expert+"|"+m.Slot] {
			pin = " [pinned]"
		}
		it := listItem{data: m}
		if t.bySlot {
			it.group = "At " + svc.SlotLabel(m.Slot)
			it.text = fmt.Sprintf("%s with %s · score %d%s", names[m.Participant], names[m.Expert], m.Score, pin)
		} else {
			it.group = names[m.Participant]
			it.text = fmt.Sprintf("%s with %s · score %d%s", svc.SlotLabel(m.Slot), names[m.Expert], m.Score, pin)
		}
		items = append(items, it)
	}
	for _, fp := range slices.Sorted(maps.Keys(r.Unplaced)) {
		items = append(items, listItem{group: "Not placed", text: names[fp] + ": " + service.ForOrganisers(r.Unplaced[fp])})
	}
	t.list.set(items)
	t.listHead = fmt.Sprintf("Run %d: %d meetings, %d not placed.", r.ID, len(r.Meetings), len(r.Unplaced))
}

// viewMeetings draws the list, or the move prompt under it.
func (t *organiserTab) viewMeetings(w, h int) string {
	if !t.moving {
		return t.list.view(t.s.st, w, h, "No run yet: press m to run the matching.")
	}
	it, _ := t.list.selected()
	prompt := wrap("Move "+it.text+" to which slot (event time) and, if you like, which expert? \"-\" keeps the slot.", w)
	return prompt + "\n" + t.moveIn.View()
}

// updateMeetings handles the meeting keys: by slot/person, pin, move, cancel.
func (t *organiserTab) updateMeetings(k tea.KeyMsg) tea.Cmd {
	ck := t.ck
	it, ok := t.list.selected()
	m, isMeeting := it.data.(store.Meeting)
	switch {
	case key.Matches(k, ck.bySlot):
		t.bySlot = !t.bySlot
		t.loadMeetings()
	case key.Matches(k, ck.pin) && ok && isMeeting:
		t.edited(t.s.Service.Pin(m.Participant, m.Expert, m.Slot))
	case key.Matches(k, ck.cancel) && ok && isMeeting:
		t.edited(t.s.Service.Cancel(m.Participant, m.Expert))
	case key.Matches(k, ck.move) && ok && isMeeting:
		t.moving = true
		t.moveIn.SetValue("")
		return t.moveIn.Focus()
	case key.Matches(k, ck.pin), key.Matches(k, ck.cancel), key.Matches(k, ck.move):
		t.noteErr = "Select a meeting first (↑/↓)."
	default:
		return t.switchMode(k)
	}
	return nil
}

// updateMove takes the move prompt's keys.
func (t *organiserTab) updateMove(k tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(k, t.km.cancel):
		t.moving = false
		t.moveIn.Blur()
		return nil
	case key.Matches(k, t.km.send):
		it, _ := t.list.selected()
		m, ok := it.data.(store.Meeting)
		arg := strings.TrimSpace(t.moveIn.Value())
		if !ok || arg == "" {
			t.noteErr = "Type a slot like 12:40 (esc cancels)."
			return nil
		}
		slot, expert, _ := strings.Cut(arg, " ")
		if slot == "-" {
			slot = ""
		}
		t.moving = false
		t.moveIn.Blur()
		t.edited(t.s.Service.Move(m.Participant, m.Expert, slot, strings.TrimSpace(expert)))
		return nil
	}
	var cmd tea.Cmd
	t.moveIn, cmd = t.moveIn.Update(k)
	t.noteErr = ""
	return cmd
}

// edited reports a pin, move or cancel.
func (t *organiserTab) edited(r store.Run, err error) {
	if err != nil {
		t.noteErr = "Not done: " + err.Error()
		return
	}
	t.refresh()
	t.note = fmt.Sprintf("%s Run %d is the edited preview; p publishes it.", r.Note, r.ID)
}
