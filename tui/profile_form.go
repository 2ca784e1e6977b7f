package tui

import (
	"errors"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"netday/store"
)

// profileForm walks a visitor through their profile one question at a time,
// then shows every answer on a review page where any one can be changed
// before saving. The same form edits an existing profile.
type profileForm struct {
	s          *session
	draft      store.Profile
	fields     []*field
	step       int  // index into fields; len(fields) is the review page
	firstVisit bool // no profile saved yet
	fromReview bool // editing one answer picked on the review page
	reviewAt   int  // cursor on the review page; len(fields) is "Save"
	saveErr    string
}

// profileKeys are the profile form's bindings: one question at a time,
// the pickers and time-zone suggestions inside a question, and the review
// page.
type profileKeys struct {
	next, back             key.Binding
	up, down, pick         key.Binding
	suggestUp, suggestDown key.Binding
	change, save, cancel   key.Binding
	close                  key.Binding
}

// formKeys are shared by the form and its fields; they are never changed.
var formKeys = profileKeys{
	next:        bind("enter", "next", "enter", "tab"),
	back:        bind("esc", "back", "esc", "shift+tab"),
	up:          keyUp,
	down:        keyDown,
	pick:        bind("space", "pick", " ", "x"),
	suggestUp:   bind("↑", "suggestion", "up"),
	suggestDown: bind("↓", "suggestion", "down"),
	change:      bind("enter", "change or save", "enter", "e"),
	save:        bind("s", "save", "s", "ctrl+s"),
	cancel:      bind("esc", "back", "esc"),
	close:       bind("q", "close without saving", "q"),
}

func newProfileForm(s *session, p store.Profile, firstVisit bool) screen {
	f := &profileForm{s: s, draft: p, firstVisit: firstVisit, fields: profileFields(s, p.Role)}
	for _, fl := range f.fields {
		fl.load(&f.draft)
	}
	if !firstVisit {
		f.step = len(f.fields)
	}
	return f
}

func (f *profileForm) init() tea.Cmd { return f.focusStep() }

// typing reports whether the current question takes text.
func (f *profileForm) typing() bool {
	if f.onReview() {
		return false
	}
	switch f.fields[f.step].kind {
	case kindText, kindList, kindArea, kindZone:
		return true
	}
	return false
}

func (f *profileForm) onReview() bool { return f.step >= len(f.fields) }

func (f *profileForm) focusStep() tea.Cmd {
	for _, fl := range f.fields {
		fl.blur()
	}
	if f.onReview() {
		return nil
	}
	return f.fields[f.step].focus()
}

func (f *profileForm) update(msg tea.Msg) (screen, tea.Cmd) {
	if f.onReview() {
		return f.updateReview(msg)
	}
	fl := f.fields[f.step]
	if k, ok := msg.(tea.KeyMsg); ok {
		switch {
		case key.Matches(k, formKeys.next):
			fl.accept()
			fl.save(&f.draft)
			if msg := f.check(fl.key); msg != "" {
				fl.err = fl.explain(msg)
				return f, nil
			}
			fl.err = ""
			if f.fromReview {
				f.step, f.fromReview = len(f.fields), false
			} else {
				f.step++
			}
			return f, f.focusStep()
		case key.Matches(k, formKeys.back):
			fl.save(&f.draft)
			switch {
			case f.fromReview:
				f.step, f.fromReview = len(f.fields), false
			case f.step > 0:
				f.step--
			case f.firstVisit:
				return newRoleScreen(f.s), nil
			default:
				return newMainScreen(f.s), nil
			}
			return f, f.focusStep()
		}
	}
	cmd, _ := fl.update(msg)
	return f, cmd
}

// check validates the draft with the store's own rules and returns the
// message for one field, or "".
func (f *profileForm) check(key string) string {
	p := f.draft
	p.Fingerprint = f.s.Identity.Fingerprint
	p.Normalize()
	var ve *store.ValidationError
	if err := p.Validate(); errors.As(err, &ve) {
		return ve.For(key)
	}
	return ""
}

func (f *profileForm) updateReview(msg tea.Msg) (screen, tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return f, nil
	}
	switch km := formKeys; {
	case key.Matches(k, km.up):
		f.reviewAt = max(f.reviewAt-1, 0)
	case key.Matches(k, km.down):
		f.reviewAt = min(f.reviewAt+1, len(f.fields))
	case key.Matches(k, km.change):
		if f.reviewAt == len(f.fields) {
			return f.save()
		}
		f.step, f.fromReview = f.reviewAt, true
		return f, f.focusStep()
	case key.Matches(k, km.save):
		return f.save()
	case key.Matches(k, km.cancel):
		if f.firstVisit {
			f.step = len(f.fields) - 1
			return f, f.focusStep()
		}
		return newMainScreen(f.s), nil
	case key.Matches(k, km.close):
		if !f.firstVisit {
			return newMainScreen(f.s), nil
		}
	}
	return f, nil
}

// save stores the draft; validation messages go back onto their fields.
func (f *profileForm) save() (screen, tea.Cmd) {
	p := f.draft
	p.Fingerprint = f.s.Identity.Fingerprint
	saved, err := f.s.Store.PutProfile(p)
	if err != nil {
		var ve *store.ValidationError
		if errors.As(err, &ve) {
			firstBad := -1
			for i, fl := range f.fields {
				fl.err = fl.explain(ve.For(fl.key))
				if fl.err != "" && firstBad < 0 {
					firstBad = i
				}
			}
			if firstBad >= 0 {
				f.reviewAt = firstBad
			}
			f.saveErr = "Some answers need a fix (marked ✗): select one and press enter."
			return f, nil
		}
		f.saveErr = "Could not save your profile: " + err.Error() + ". Please try again."
		return f, nil
	}
	f.s.profile = &saved
	return newMainScreen(f.s).withFlash("Profile saved."), nil
}

func (f *profileForm) view(w, h int) string {
	if f.onReview() {
		return f.viewReview(w, h)
	}
	st := f.s.st
	fl := f.fields[f.step]
	head := []string{
		"",
		st.Subtle.Render(fmt.Sprintf("Your profile · question %d of %d", f.step+1, len(f.fields))),
		st.Title.Render(fl.label),
	}
	if fl.hint != "" {
		head = append(head, strings.Split(st.Subtle.Render(wrap(fl.hint, w)), "\n")...)
	}
	head = append(head, "")
	tail := []string{""}
	if fl.err != "" {
		tail = append(tail, strings.Split(st.Error.Render(wrap("✗ "+fl.err, w)), "\n")...)
	}
	room := h - len(head) - len(tail)
	return strings.Join(head, "\n") + "\n" + fl.view(st, w, room) + "\n" + strings.Join(tail, "\n")
}

func (f *profileForm) viewReview(w, h int) string {
	st := f.s.st
	title := "Review your profile"
	if f.firstVisit {
		title = "Almost done: review your profile"
	}
	head := []string{"", st.Title.Render(title), ""}
	labelW := 0
	for _, fl := range f.fields {
		labelW = max(labelW, len([]rune(fl.short())))
	}
	// Each answer is wrapped at words under itself, so a long one is read
	// whole; the page scrolls to keep the chosen answer in view.
	valueAt := 2 + 2 + labelW + 2
	valueW := w - valueAt
	if valueW < 20 {
		valueAt, valueW = 6, w-6
	}
	var rows []string
	focus := 0
	for i, fl := range f.fields {
		mark := "  "
		if fl.err != "" {
			mark = "✗ "
		}
		value := strings.Split(wrap(fl.summary(&f.draft), valueW), "\n")
		lines := []string{fmt.Sprintf("%s%-*s  ", mark, labelW, fl.short())}
		if valueAt == 6 { // narrow: the value goes under the label
			lines = append(lines, value...)
		} else {
			lines[0] += value[0]
			lines = append(lines, value[1:]...)
		}
		for j, l := range lines {
			if j > 0 {
				l = strings.Repeat(" ", valueAt-2) + l
			}
			if fl.err != "" {
				l = st.Error.Render(l)
			}
			switch {
			case j > 0:
				l = "  " + l
			case i == f.reviewAt:
				l = st.Selected.Render("> ") + l
				focus = len(rows)
			default:
				l = "  " + l
			}
			rows = append(rows, l)
		}
	}
	saveRow := "    [ Save profile ]"
	if f.reviewAt == len(f.fields) {
		saveRow = st.Selected.Render("> " + "  [ Save profile ]")
	}
	rows = append(rows, "", saveRow)
	if f.reviewAt == len(f.fields) {
		focus = len(rows) - 1
	}
	var tail []string
	switch {
	case f.reviewAt < len(f.fields) && f.fields[f.reviewAt].err != "":
		tail = append(tail, st.Error.Render("✗ "+f.fields[f.reviewAt].err))
	case f.saveErr != "":
		tail = append(tail, st.Error.Render(f.saveErr))
	}
	body := window(rows, focus, h-len(head)-len(tail))
	return strings.Join(head, "\n") + "\n" + strings.Join(body, "\n") + "\n" + strings.Join(tail, "\n")
}

func (f *profileForm) keys() keyHelp {
	km := formKeys
	if f.onReview() {
		if f.firstVisit {
			return helpOf([]key.Binding{km.up, km.down, km.change, km.save, km.cancel, keyCtrlC})
		}
		cancel := km.cancel
		cancel.SetHelp("esc", "cancel")
		return helpOf([]key.Binding{km.up, km.down, km.change, km.save, cancel, km.close})
	}
	switch f.fields[f.step].kind {
	case kindMulti:
		return helpOf([]key.Binding{km.up, km.down, km.pick, km.next, km.back})
	case kindChoice:
		next := km.next
		next.SetHelp("enter", "pick and go on")
		return helpOf([]key.Binding{km.up, km.down, km.pick, next, km.back})
	case kindZone:
		return helpOf([]key.Binding{km.suggestUp, km.suggestDown, km.next, km.back, keyCtrlC})
	default:
		return helpOf([]key.Binding{km.next, km.back, keyCtrlC})
	}
}

// short is the field's label on the review page.
func (fl *field) short() string {
	if i := strings.Index(fl.label, " ("); i > 0 {
		return fl.label[:i]
	}
	return fl.label
}

// explain turns a store message into a sentence about this question:
// "is required" becomes "Your name is required".
func (fl *field) explain(msg string) string {
	if msg == "" {
		return ""
	}
	// "must have at least one interest area" would repeat the label.
	if rest, ok := strings.CutPrefix(msg, "must have at least one "); ok {
		if fl.kind == kindMulti || fl.kind == kindChoice {
			return "Pick at least one " + rest + " (space picks)"
		}
		return "Give at least one " + rest
	}
	for _, verb := range []string{"is ", "must ", "has ", "contains "} {
		if strings.HasPrefix(msg, verb) {
			return fl.short() + " " + msg
		}
	}
	return strings.ToUpper(msg[:1]) + msg[1:]
}
