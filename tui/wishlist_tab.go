package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// wishListTab shows the participant's ranked experts; the order can be
// changed and entries removed, each change saved at once.
type wishListTab struct {
	s       *session
	dir     expertDirectory
	cursor  int
	note    string
	noteErr bool
	km      wishKeys
}

// wishKeys are the wish list's bindings; moving and removing are switched
// off once the organisers lock wish lists, and then the same keys (not
// offered in the help) only say why nothing changes.
type wishKeys struct{ up, down, moveUp, moveDown, remove, locked key.Binding }

func newWishListTab(s *session) tab {
	return &wishListTab{s: s, km: wishKeys{
		up:       keyUp,
		down:     keyDown,
		moveUp:   bind("u", "move up", "u", "shift+up", "K"),
		moveDown: bind("n", "move down", "n", "shift+down", "J"),
		remove:   bind("d", "remove", "d", "delete", "x"),
		locked:   key.NewBinding(key.WithKeys("u", "shift+up", "K", "n", "shift+down", "J", "d", "delete", "x")),
	}}
}

func (t *wishListTab) title() string { return "Wish list" }
func (t *wishListTab) typing() bool  { return false }

func (t *wishListTab) refresh() {
	t.dir = loadExperts(t.s)
	t.cursor = min(t.cursor, max(len(t.dir.wishes)-1, 0))
	open := !t.dir.locked && len(t.dir.wishes) > 0
	t.km.moveUp.SetEnabled(open && len(t.dir.wishes) > 1)
	t.km.moveDown.SetEnabled(open && len(t.dir.wishes) > 1)
	t.km.remove.SetEnabled(open)
	t.km.locked.SetEnabled(t.dir.locked)
}

func (t *wishListTab) update(k tea.KeyMsg) (screen, tea.Cmd) {
	t.note = ""
	n := len(t.dir.wishes)
	switch km := t.km; {
	case key.Matches(k, km.up):
		t.cursor = max(t.cursor-1, 0)
	case key.Matches(k, km.down):
		t.cursor = min(t.cursor+1, max(n-1, 0))
	case key.Matches(k, km.locked):
		t.note, t.noteErr = "Wish lists are closed: the organisers have locked requests.", true
	case key.Matches(k, km.moveUp):
		if t.cursor > 0 && t.save(swap(t.dir.wishes, t.cursor, t.cursor-1)) {
			t.cursor--
		}
	case key.Matches(k, km.moveDown):
		if t.cursor < n-1 && t.save(swap(t.dir.wishes, t.cursor, t.cursor+1)) {
			t.cursor++
		}
	case key.Matches(k, km.remove):
		if t.cursor < n {
			next := append(append([]string{}, t.dir.wishes[:t.cursor]...), t.dir.wishes[t.cursor+1:]...)
			if t.save(next) {
				t.note = "Removed."
			}
		}
	}
	return nil, nil
}

// save stores the new order; it reports whether it was saved.
func (t *wishListTab) save(next []string) bool {
	if t.dir.locked {
		t.note, t.noteErr = "Wish lists are closed: the organisers have locked requests.", true
		return false
	}
	if err := saveWishes(t.s, next); err != nil {
		t.note, t.noteErr = wishError(err), true
		t.refresh()
		return false
	}
	t.noteErr = false
	t.refresh()
	return true
}

func swap(list []string, i, j int) []string {
	out := append([]string{}, list...)
	out[i], out[j] = out[j], out[i]
	return out
}

func (t *wishListTab) view(w, h int) string {
	st := t.s.st
	lines := []string{"", st.Strong.Render(fmt.Sprintf("Experts you most want to meet (%d of %d)",
		len(t.dir.wishes), t.s.Event.WishLimit))}
	if t.dir.locked {
		lines = append(lines, st.Error.Render("Locked: the organisers have closed wish lists for the matching."))
	}
	if t.dir.err != nil {
		lines = append(lines, wrapLines(st.Error, "✗ "+t.dir.err.Error(), w)...)
	}
	if len(t.dir.wishes) == 0 {
		lines = append(lines, "", wrap("Your wish list is empty. In tab 2 (Experts), press w on the experts you would like to meet; "+
			"the first on your list counts most.", w))
	}
	var rows []string
	for i, fp := range t.dir.wishes {
		label := "(an expert who has left)"
		if idx, ok := t.dir.byFP[fp]; ok {
			p := displayProfile(t.dir.rows[idx].p)
			label = joinNonEmpty(" — ", p.Name, p.Organisation)
			if x := t.dir.rows[idx].x; !x.Eligible {
				label += " · ✗ can never be matched: " + x.Reason
			}
		}
		row := ansiTrunc(fmt.Sprintf("%d. %s", i+1, label), w-2)
		rows = append(rows, st.Row(row, i == t.cursor))
	}
	var tail []string
	if t.note != "" {
		if t.noteErr {
			tail = append(tail, wrapLines(st.Error, "✗ "+t.note, w)...)
		} else {
			tail = append(tail, wrapLines(st.OK, "✓ "+t.note, w)...)
		}
	}
	body := window(rows, t.cursor, h-len(lines)-len(tail)-1)
	return strings.Join(lines, "\n") + "\n" + strings.Join(body, "\n") + "\n" + strings.Join(tail, "\n")
}

func (t *wishListTab) keys() keyHelp {
	km := t.km
	return helpOf([]key.Binding{km.up, km.down, km.moveUp, km.moveDown, km.remove})
}
