package tui

import "strings"

// loadRisk lists, live, who is at risk of no meeting and which published
// meetings need a new place.
func (t *organiserTab) loadRisk() {
	svc := t.s.Service
	risks, err := svc.AtRisk()
	if err != nil {
		t.noteErr = "Could not read who is at risk: " + err.Error()
		return
	}
	names, err := svc.Names()
	if err != nil {
		t.noteErr = "Could not read names: " + err.Error()
		return
	}
	items := make([]listItem, 0, len(risks))
	for _, r := range risks {
		items = append(items, listItem{group: r.Kind, text: strings.TrimPrefix(svc.RiskLine(r, names), r.Kind+": "), data: r})
	}
	t.list.set(items)
}
