package tui

import (
	"errors"
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"netday/store/service"
)

// startRun starts a matching run in the background: a re-plan around the
// published schedule, or a full re-solve.
func (t *organiserTab) startRun(full bool) tea.Cmd {
	if t.running {
		return nil
	}
	t.running = true
	mode := service.ModeAuto
	if full {
		mode = service.ModeFull
	}
	return runMatching(t.s, mode)
}

// loadPreview reads the figures of the previewed run, how stale it is and
// how it differs from the published schedule.
func (t *organiserTab) loadPreview() {
	svc := t.s.Service
	r, err := svc.Run(t.previewRun)
	if errors.Is(err, service.ErrNoRun) {
		t.preview = []string{"No run yet: press m to run the matching. Nothing is published until you press p."}
		return
	}
	if err != nil {
		t.preview = []string{"✗ The run could not be read: " + err.Error()}
		return
	}
	f, err := service.FiguresOf(r)
	if err != nil {
		t.preview = []string{"✗ " + err.Error()}
		return
	}
	lines := f.Lines()
	if r.Note != "" {
		lines = append(lines, r.Note)
	}
	if t.published != nil && t.published.ID == r.ID {
		lines = append(lines, "This run is the published schedule.")
	} else {
		t.stale, err = svc.Changes(r)
		switch {
		case err != nil:
			lines = append(lines, "✗ Could not check for changes: "+err.Error())
		case t.stale > 0:
			lines = append(lines, fmt.Sprintf("STALE: %d changes since this run (availability, profiles, wish lists or pins). Press m to run again.", t.stale))
		default:
			lines = append(lines, "Up to date: nothing changed since this run.")
		}
		if d, err := svc.DiffRun(r.ID); err == nil && d.Published != 0 {
			a, m, rm := d.Counts()
			lines = append(lines, fmt.Sprintf("Against published run %d: %d added, %d moved, %d removed (d shows each with its reason).", d.Published, a, m, rm))
		}
	}
	t.preview = lines
}

// viewPreview draws the figures, scrolled.
func (t *organiserTab) viewPreview(w, h int) string {
	var body []string
	for _, l := range t.preview {
		text := wrap(l, w)
		if strings.HasPrefix(l, "STALE") || strings.HasPrefix(l, "✗") {
			text = t.s.st.Error.Render(text)
		}
		body = append(body, strings.Split(text, "\n")...)
	}
	t.scroll = min(t.scroll, max(len(body)-h, 0))
	if len(body) > h && h > 0 {
		end := min(t.scroll+h, len(body))
		body = body[t.scroll:end]
	}
	return strings.Join(body, "\n")
}

// askPublish opens the publish confirmation for the newest run, or says why
// it cannot be published.
func (t *organiserTab) askPublish() {
	if t.last == nil {
		t.noteErr = "Run the matching first (m), then publish."
		return
	}
	if t.published != nil && t.published.ID == t.last.ID {
		t.noteErr = fmt.Sprintf("Run %d is already published.", t.last.ID)
		return
	}
	n, err := t.s.Service.Changes(*t.last)
	if err != nil {
		t.noteErr = "Could not check the run: " + err.Error()
		return
	}
	if n > 0 {
		t.noteErr = (&service.StaleError{Run: t.last.ID, Changes: n}).Error() + " (m)."
		return
	}
	t.mode = modeConfirm
}

// viewConfirm asks before everybody's schedule changes.
func (t *organiserTab) viewConfirm(w int) string {
	r := t.last
	if r == nil {
		return ""
	}
	msg := fmt.Sprintf("Publish run %d with %s?", r.ID, plural(len(r.Meetings), "meeting"))
	if d, err := t.s.Service.DiffRun(r.ID); err == nil && d.Published != 0 {
		a, m, rm := d.Counts()
		msg += fmt.Sprintf(" Against published run %d it adds %d, moves %d and removes %d meetings.", d.Published, a, m, rm)
	}
	msg += " Every participant and expert sees the new schedule at once."
	return wrap(msg, w) + "\n\n" + t.s.st.Strong.Render("y") + " publish · " + t.s.st.Strong.Render("n") + " back"
}

// publishConfirmed publishes the newest run after y.
func (t *organiserTab) publishConfirmed() {
	t.mode = modeOverview
	if t.last == nil {
		return
	}
	id := t.last.ID
	if _, err := t.s.Service.Publish(id); err != nil {
		t.noteErr = "Not published: " + err.Error()
		t.refresh()
		return
	}
	t.refresh()
	t.note = fmt.Sprintf("Run %d published: every schedule is updated.", id)
}
