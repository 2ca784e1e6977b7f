package tui

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"netday/store"
	"netday/store/clean"
)

// organiserTab is the organisers' event panel: live counts, invite codes,
// locking requests, running and publishing the matching, announcements.
type organiserTab struct {
	s *session

	counts              store.Counts
	open, used, expired int
	settings            store.Settings
	published, last     *store.Run
	err                 error
	note, noteErr       string
	newCode             string
	running             bool
	announcing          bool
	announce            textinput.Model
	km                  organiserKeys

	// The console's other views (organiser_console.go and the files next
	// to it).
	ck         consoleKeys
	mode       consoleMode
	list       scrollList
	scroll     int // first line shown of the preview
	h          int // the last height drawn, for paging
	previewRun int // the run the preview shows; 0: the newest
	preview    []string
	stale      int // changes since the previewed run
	bySlot     bool
	moving     bool
	moveIn     textinput.Model
	atRisk     int       // people at risk now, for the overview
	riskAt     time.Time // when atRisk was counted
	listHead   string    // a line above the list: which run, what it counts
}

// riskEvery is how often the overview counts who is at risk.
const riskEvery = 2 * time.Second

// organiserKeys are the event panel's bindings.
type organiserKeys struct {
	invite, lock, run, publish, announce, send, cancel key.Binding
}

func newOrganiserKeys() organiserKeys {
	return organiserKeys{
		invite:   bind("i", "invite code", "i"),
		lock:     bind("l", "lock/open wish lists", "l"),
		run:      bind("m", "run matching", "m"),
		publish:  bind("p", "publish", "p"),
		announce: bind("a", "announce", "a"),
		send:     bind("enter", "send", "enter"),
		cancel:   bind("esc", "cancel", "esc"),
	}
}

// runDoneMsg carries a finished matching run back to the organiser tab.
type runDoneMsg struct {
	run store.Run
	err error
}

func newOrganiserTab(s *session) tab {
	t := &organiserTab{s: s, announce: s.st.textInput(280), km: newOrganiserKeys(), ck: newConsoleKeys(),
		list: newScrollList(s.st), moveIn: s.st.textInput(80), bySlot: true}
	t.moveIn.Placeholder = "12:40, or 12:40 Expert Name, or - Expert Name"
	t.announce.Placeholder = "A short message for everyone connected"
	return t
}

func (t *organiserTab) title() string { return "Event" }
func (t *organiserTab) typing() bool  { return t.announcing || t.list.searching || t.moving }

func (t *organiserTab) refresh() {
	st, now := t.s.Store, t.s.Now()
	var errs []error
	var err error
	t.counts, err = st.Counts()
	errs = append(errs, err)
	t.open, t.used, t.expired, err = st.InviteCounts(now)
	errs = append(errs, err)
	t.settings, err = st.Settings()
	errs = append(errs, err)
	t.published, t.last = nil, nil
	if r, err := st.PublishedRun(); err == nil {
		t.published = &r
	} else if !errors.Is(err, store.ErrNotFound) {
		errs = append(errs, err)
	}
	if r, err := st.LatestRun(); err == nil {
		t.last = &r
	} else if !errors.Is(err, store.ErrNotFound) {
		errs = append(errs, err)
	}
	// The count is at most riskEvery old: on a big day the list costs
	// about a tenth of a second to work out.
	if now.Sub(t.riskAt) >= riskEvery || t.riskAt.IsZero() {
		if risks, err := t.s.Service.AtRisk(); err == nil {
			t.atRisk, t.riskAt = len(risks), now
		} else {
			errs = append(errs, err)
		}
	}
	t.err = errors.Join(errs...)
	t.refreshMode()
}

func (t *organiserTab) update(k tea.KeyMsg) (screen, tea.Cmd) {
	if t.announcing {
		return nil, t.updateAnnounce(k)
	}
	if t.mode != modeOverview {
		if !t.typing() {
			t.note, t.noteErr = "", ""
		}
		return nil, t.updateMode(k)
	}
	t.note, t.noteErr = "", ""
	switch km := t.km; {
	case key.Matches(k, km.invite):
		codes, _, err := t.s.Service.Invites(1)
		if err != nil {
			t.noteErr = "Could not create an invite code: " + err.Error()
			break
		}
		t.newCode = codes[0]
		t.refresh()
	case key.Matches(k, km.lock):
		v := t.settings
		v.RequestsLocked = !v.RequestsLocked
		if _, err := t.s.Store.PutSettings(v); err != nil {
			t.noteErr = "Could not change requests: " + err.Error()
			break
		}
		t.refresh()
		t.note = map[bool]string{true: "Wish lists are locked.", false: "Wish lists are open again."}[t.settings.RequestsLocked]
	case key.Matches(k, km.run):
		return nil, t.startRun(false)
	case key.Matches(k, t.ck.full):
		return nil, t.startRun(true)
	case key.Matches(k, km.publish):
		t.askPublish()
	case key.Matches(k, km.announce):
		t.announcing = true
		return nil, t.announce.Focus()
	default:
		return nil, t.switchMode(k)
	}
	return nil, nil
}

func (t *organiserTab) updateAnnounce(k tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(k, t.km.cancel):
		t.announcing = false
		t.announce.Blur()
		return nil
	case key.Matches(k, t.km.send):
		text := clean.Text(t.announce.Value(), 280)
		if text == "" {
			t.noteErr = "Type the announcement first (esc cancels)."
			return nil
		}
		if _, err := t.s.Service.Announce(text, t.s.Identity.Fingerprint); err != nil {
			t.noteErr = "Could not send: " + err.Error()
			return nil
		}
		t.announcing = false
		t.announce.Blur()
		t.announce.SetValue("")
		t.note = "Announcement sent to every open session."
		return nil
	}
	var cmd tea.Cmd
	t.announce, cmd = t.announce.Update(k)
	t.noteErr = ""
	return cmd
}

// handleRun takes a finished run (from the main screen's message loop)
// and shows its preview.
func (t *organiserTab) handleRun(m runDoneMsg) {
	t.running = false
	if m.err != nil {
		t.noteErr = "Matching failed: " + m.err.Error()
		return
	}
	t.refresh()
	t.previewRun = 0
	t.enter(modePreview)
	t.note = fmt.Sprintf("Preview run %d ready: look it over, then p publishes it.", m.run.ID)
}

func (t *organiserTab) view(w, h int) string {
	t.h = h
	if t.mode != modeOverview {
		return t.viewMode(w, h)
	}
	st := t.s.st
	var b strings.Builder
	b.WriteString("\n" + st.Strong.Render("Event") + st.Subtle.Render(" · live") + "\n")
	if t.err != nil {
		b.WriteString(st.Error.Render(wrap("✗ Some figures are unavailable: "+t.err.Error(), w)) + "\n")
	}
	line := "Participants " + itoa(t.counts.Participants) + " · Experts " + itoa(t.counts.Experts) +
		" · Profiles complete " + itoa(t.counts.Complete)
	if t.s.Online != nil {
		line += " · Online " + itoa(t.s.Online())
	}
	b.WriteString(wrap(line, w) + "\n")
	ev := t.s.Event
	b.WriteString(wrap(plural(len(ev.Slots), "slot")+", "+ev.Day()+", "+ev.Hours()+" · "+
		plural(len(ev.Areas), "interest area"), w) + "\n")
	b.WriteString(fmt.Sprintf("Invite codes: %d open, %d used, %d expired\n", t.open, t.used, t.expired))
	if t.settings.RequestsLocked {
		b.WriteString("Wish lists: " + st.Strong.Render("locked") + "\n")
	} else {
		b.WriteString("Wish lists: open\n")
	}
	b.WriteString(wrap("Matching: "+t.runLine(), w) + "\n")
	b.WriteString(wrap(fmt.Sprintf("At risk: %d, counted %s (r shows who and why, live)", t.atRisk,
		eventClock(t.riskAt.In(t.s.Event.Location))), w) + "\n")
	b.WriteString(dayLine(t.s, w))
	facts := b.String()
	b.Reset()
	if t.newCode != "" {
		b.WriteString("\n" + st.Label.Render("New invite code ") + st.Strong.Render(t.newCode) +
			st.Subtle.Render(" (one expert, valid "+itoa(int(ev.InviteTTL.Hours()/24))+" days)") + "\n")
	}
	if t.announcing {
		b.WriteString("\n" + st.Label.Render("Announcement") + "\n" + t.announce.View() + "\n")
	}
	switch {
	case t.running:
		b.WriteString("\n" + st.Subtle.Render("Running the matching…") + "\n")
	case t.noteErr != "":
		b.WriteString("\n" + st.Error.Render(wrap("✗ "+t.noteErr, w)) + "\n")
	case t.note != "":
		b.WriteString("\n" + st.OK.Render(wrap("✓ "+t.note, w)) + "\n")
	}
	// In a short window the new invite code, the announcement being typed,
	// the last result and the Today line stay in view; the lines at the top
	// give way.
	all := strings.Split(strings.TrimSuffix(facts+b.String(), "\n"), "\n")
	if len(all) <= h || h <= 0 {
		return facts + b.String()
	}
	return strings.Join(all[len(all)-h:], "\n")
}

func (t *organiserTab) runLine() string {
	if t.last == nil {
		return "not run yet"
	}
	placed, total := runCoverage(*t.last)
	s := fmt.Sprintf("run %d: %s, %d of %d participants placed", t.last.ID, plural(len(t.last.Meetings), "meeting"), placed, total)
	switch {
	case t.published == nil:
		s += " · not published"
	case t.published.ID == t.last.ID:
		s += " · published"
	default:
		s += fmt.Sprintf(" · run %d is published", t.published.ID)
	}
	return s
}

// runCoverage counts participants with at least one meeting, of all the
// participants in the run.
func runCoverage(r store.Run) (placed, total int) {
	seen := map[string]bool{}
	for _, m := range r.Meetings {
		seen[m.Participant] = true
	}
	return len(seen), len(seen) + len(r.Unplaced)
}

func (t *organiserTab) keys() keyHelp {
	km := t.km
	if t.announcing {
		return helpOf([]key.Binding{km.send, km.cancel})
	}
	if t.mode != modeOverview {
		return t.modeKeys()
	}
	ck := t.ck
	return helpOf([]key.Binding{km.run, ck.preview, ck.risk, km.publish, km.invite, km.announce},
		[]key.Binding{km.run, ck.full, km.publish, km.lock},
		[]key.Binding{ck.preview, ck.meetings, ck.diff, ck.risk, ck.runs},
		[]key.Binding{km.invite, km.announce})
}
