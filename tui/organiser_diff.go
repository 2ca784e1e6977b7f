package tui

import (
	"errors"
	"fmt"

	"netday/store/service"
)

// loadDiff lists how the newest run differs from the published schedule,
// each change with its reason.
func (t *organiserTab) loadDiff() {
	svc := t.s.Service
	d, err := svc.DiffRun(0)
	t.listHead = ""
	if errors.Is(err, service.ErrNoRun) {
		t.list.set(nil)
		return
	}
	if err != nil {
		t.noteErr = "Could not compare: " + err.Error()
		return
	}
	names, err := svc.Names()
	if err != nil {
		t.noteErr = "Could not read names: " + err.Error()
		return
	}
	lines := svc.DiffLines(d, names)
	items := make([]listItem, 0, len(d.Entries))
	for i, e := range d.Entries {
		items = append(items, listItem{group: map[string]string{service.Added: "Added", service.Moved: "Moved", service.Removed: "Removed"}[e.Kind],
			text: lines[i+1], data: e})
	}
	t.list.set(items)
	t.listHead = lines[0]
	if d.Published == 0 {
		t.listHead = fmt.Sprintf("Nothing is published yet: run %d would add all %d meetings.", d.Run, len(d.Entries))
	}
}
