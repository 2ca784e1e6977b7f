package tui

import (
	"strings"

	"netday/store"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// consoleMode is what the organisers' Event section shows.
type consoleMode int

const (
	modeOverview consoleMode = iota // live counts and the newest run
	modePreview                     // a run's figures before publishing
	modeMeetings                    // who meets whom, by slot or person
	modeDiff                        // the run against the published schedule
	modeRisk                        // who is at risk, live
	modeRuns                        // every stored run
	modeConfirm                     // publish: are you sure?
)

// consoleKeys are the bindings of the console's views.
type consoleKeys struct {
	preview, meetings, diff, risk, runs, full, back, open, bySlot, pin, move, cancel, yes, no key.Binding
}

func newConsoleKeys() consoleKeys {
	return consoleKeys{
		preview:  bind("v", "preview", "v"),
		meetings: bind("w", "who meets whom", "w"),
		diff:     bind("d", "diff", "d"),
		risk:     bind("r", "at risk", "r"),
		runs:     bind("h", "runs", "h"),
		full:     bind("f", "full re-solve", "f"),
		back:     bind("esc", "back", "esc", "backspace"),
		open:     bind("enter", "show run", "enter"),
		bySlot:   bind("s", "by slot/person", "s"),
		pin:      bind("P", "pin", "P"),
		move:     bind("M", "move", "M"),
		cancel:   bind("X", "cancel meeting", "X"),
		yes:      bind("y", "publish", "y"),
		no:       bind("n", "back", "n", "esc"),
	}
}

// enter switches the console to mode m and loads what it shows.
func (t *organiserTab) enter(m consoleMode) {
	t.mode, t.scroll, t.listHead = m, 0, ""
	t.list = newScrollList(t.s.st)
	t.refreshMode()
}

// refreshMode re-reads what the current mode shows (after any change).
func (t *organiserTab) refreshMode() {
	switch t.mode {
	case modePreview:
		t.loadPreview()
	case modeMeetings:
		t.loadMeetings()
	case modeDiff:
		t.loadDiff()
	case modeRisk:
		t.loadRisk()
	case modeRuns:
		t.loadRuns()
	}
}

// updateMode handles a key outside the overview.
func (t *organiserTab) updateMode(k tea.KeyMsg) tea.Cmd {
	ck := t.ck
	if t.mode == modeConfirm {
		switch {
		case key.Matches(k, ck.yes):
			t.publishConfirmed()
		case key.Matches(k, ck.no):
			t.enter(modePreview)
		}
		return nil
	}
	if t.mode == modeMeetings && t.moving {
		return t.updateMove(k)
	}
	if t.mode != modePreview {
		if ok, cmd := t.list.update(k, max(t.h-4, 1)); ok {
			return cmd
		}
	}
	switch {
	case key.Matches(k, ck.back):
		if t.mode == modePreview && t.previewRun != 0 {
			t.enter(modeRuns)
			return nil
		}
		t.mode = modeOverview
		return nil
	case t.mode == modePreview && key.Matches(k, keyUp):
		t.scroll = max(t.scroll-1, 0)
	case t.mode == modePreview && key.Matches(k, keyDown):
		t.scroll++
	case key.Matches(k, t.km.run):
		return t.startRun(false)
	case key.Matches(k, ck.full):
		return t.startRun(true)
	case key.Matches(k, t.km.publish):
		t.askPublish()
	case t.mode == modeMeetings:
		return t.updateMeetings(k)
	case t.mode == modeRuns && key.Matches(k, ck.open):
		if it, ok := t.list.selected(); ok {
			t.previewRun = it.data.(int)
			t.enter(modePreview)
		}
	case key.Matches(k, t.km.invite), key.Matches(k, t.km.lock), key.Matches(k, t.km.announce):
		t.mode = modeOverview // the overview's own keys work from every view
		_, cmd := t.update(k)
		return cmd
	default:
		return t.switchMode(k)
	}
	return nil
}

// switchMode opens another view by its key; it returns nil either way.
func (t *organiserTab) switchMode(k tea.KeyMsg) tea.Cmd {
	ck := t.ck
	switch {
	case key.Matches(k, ck.preview):
		t.previewRun = 0
		t.enter(modePreview)
	case key.Matches(k, ck.meetings):
		t.enter(modeMeetings)
	case key.Matches(k, ck.diff):
		t.enter(modeDiff)
	case key.Matches(k, ck.risk):
		t.enter(modeRisk)
	case key.Matches(k, ck.runs):
		t.enter(modeRuns)
	}
	return nil
}

// viewMode draws the current mode below its title and the note line.
func (t *organiserTab) viewMode(w, h int) string {
	st := t.s.st
	title := map[consoleMode]string{modePreview: "Preview", modeMeetings: "Who meets whom", modeDiff: "Changes against the published schedule",
		modeRisk: "At risk · live", modeRuns: "Runs", modeConfirm: "Publish"}[t.mode]
	head := "\n" + st.Strong.Render(ansiTrunc(title, w))
	if t.listHead != "" && t.mode != modePreview && t.mode != modeConfirm {
		head += "\n" + wrap(t.listHead, w)
	}
	var note string
	switch {
	case t.running:
		note = st.Subtle.Render("Running the matching…")
	case t.noteErr != "":
		note = st.Error.Render(wrap("✗ "+t.noteErr, w))
	case t.note != "":
		note = st.OK.Render(wrap("✓ "+t.note, w))
	}
	bodyH := h - strings.Count(head, "\n") - 1
	if note != "" {
		bodyH -= strings.Count(note, "\n") + 1
	}
	var body string
	switch t.mode {
	case modePreview:
		body = t.viewPreview(w, bodyH)
	case modeConfirm:
		body = t.viewConfirm(w)
	case modeMeetings:
		body = t.viewMeetings(w, bodyH)
	default:
		body = t.list.view(st, w, bodyH, t.emptyText())
	}
	out := head + "\n" + fit(body, w, max(bodyH, 1))
	if note != "" {
		out += "\n" + note
	}
	return out
}

// modeKeys is the help of the current mode.
func (t *organiserTab) modeKeys() keyHelp {
	ck, km := t.ck, t.km
	if t.mode == modeConfirm {
		return helpOf([]key.Binding{ck.yes, ck.no})
	}
	if t.mode == modeMeetings && t.moving {
		return helpOf([]key.Binding{t.km.send, t.km.cancel})
	}
	if t.list.searching {
		return helpOf(t.list.keyList())
	}
	views := []key.Binding{ck.preview, ck.meetings, ck.diff, ck.risk, ck.runs}
	steer := []key.Binding{km.run, ck.full, km.publish}
	switch t.mode {
	case modePreview:
		return helpOf([]key.Binding{km.run, km.publish, ck.meetings, ck.diff, ck.back},
			[]key.Binding{keyUp, keyDown, ck.back}, steer, views)
	case modeMeetings:
		if it, ok := t.list.selected(); !ok || !isMeeting(it.data) {
			// Nothing to pin, move or cancel: only offer what acts.
			return helpOf([]key.Binding{ck.bySlot, t.list.km.search, ck.back},
				t.list.keyList(), []key.Binding{ck.bySlot, ck.back}, steer, views)
		}
		return helpOf([]key.Binding{ck.bySlot, ck.pin, ck.move, ck.cancel, t.list.km.search, ck.back},
			t.list.keyList(), []key.Binding{ck.bySlot, ck.pin, ck.move, ck.cancel, ck.back}, steer, views)
	case modeRuns:
		return helpOf([]key.Binding{ck.open, t.list.km.search, ck.back}, t.list.keyList(), []key.Binding{ck.open, ck.back}, views)
	}
	return helpOf(append(t.list.keyList(), ck.back), t.list.keyList(), []key.Binding{ck.back}, steer, views)
}

func (t *organiserTab) emptyText() string {
	switch t.mode {
	case modeDiff:
		return "Nothing to compare yet: run the matching (m)."
	case modeRisk:
		return "Nobody is at risk right now."
	case modeRuns:
		return "No runs yet: press m to run the matching."
	}
	return ""
}

// isMeeting reports whether a list row holds a meeting (not a heading or an
// unplaced person).
func isMeeting(data any) bool {
	_, ok := data.(store.Meeting)
	return ok
}
