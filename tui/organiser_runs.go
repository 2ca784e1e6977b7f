package tui

import (
	"fmt"
)

// loadRuns lists every stored run, newest first; enter shows one.
func (t *organiserTab) loadRuns() {
	runs, err := t.s.Service.Runs()
	if err != nil {
		t.noteErr = "Could not read the runs: " + err.Error()
		return
	}
	items := make([]listItem, 0, len(runs))
	for _, ri := range runs {
		f := ri.Figures
		placed := 0
		if len(f.WithAtLeast) > 0 {
			placed = f.WithAtLeast[0]
		}
		text := fmt.Sprintf("Run %d · %s · %s · seed %d · %d meetings · %d of %d placed · score %d",
			ri.Run.ID, ri.Run.Created.In(t.s.Event.Location).Format("15:04:05"), f.Mode, ri.Run.Seed, f.Meetings, placed, f.Participants, f.TotalScore)
		if ri.Published {
			text += " · PUBLISHED"
		}
		if ri.Run.Note != "" {
			text += " · " + ri.Run.Note
		}
		items = append(items, listItem{text: text, data: ri.Run.ID})
	}
	t.list.set(items)
}
