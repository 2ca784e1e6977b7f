package tui

import (
	"fmt"
	"sort"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

// browseTab lists the experts for a participant, best fit first, with fuzzy
// search and filters by interest area and language.
type browseTab struct {
	s      *session
	dir    expertDirectory
	shown  []int // indexes into dir.rows after search and filters
	cursor int

	search    textinput.Model
	searching bool
	area      string // "" = every area
	lang      string // "" = every language
	picker    *picker
	detail    *expertRow
	hits      map[int]searchHit // row → how it matched the search
	card      *detailView       // the open expert's card
	note      string
	noteErr   bool
	km        browseKeys
}

// browseKeys are the expert list's bindings, for the list itself, the
// search field, the filter picker and an expert's card.
type browseKeys struct {
	up, down, details, wish, search, area, lang, clear key.Binding
	searchDone, searchClear                            key.Binding
	pick, pickCancel                                   key.Binding
}

func newBrowseKeys() browseKeys {
	return browseKeys{
		up:          keyUp,
		down:        keyDown,
		details:     bind("enter", "details", "enter"),
		wish:        bind("w", "wish", "w"),
		search:      bind("/", "search", "/"),
		area:        bind("a", "area", "a"),
		lang:        bind("g", "language", "g"),
		clear:       bind("esc", "clear", "esc"),
		searchDone:  bind("enter", "done", "enter", "down", "up"),
		searchClear: bind("esc", "clear", "esc"),
		pick:        bind("enter", "choose", "enter", " "),
		pickCancel:  bind("esc", "cancel", "esc"),
	}
}

// picker chooses one filter value from a list.
type picker struct {
	what    string // "area" or "language"
	options []string
	cursor  int
}

func newBrowseTab(s *session) tab {
	t := &browseTab{s: s, search: s.st.textInput(40), km: newBrowseKeys()}
	t.search.Prompt = "/ "
	t.search.Placeholder = "type to search names, organisations, areas"
	return t
}

func (t *browseTab) title() string { return "Experts" }
func (t *browseTab) typing() bool  { return t.searching }

func (t *browseTab) refresh() {
	var keep string
	if t.cursor < len(t.shown) {
		keep = t.dir.rows[t.shown[t.cursor]].p.Fingerprint
	}
	t.dir = loadExperts(t.s)
	t.apply()
	for i, idx := range t.shown {
		if t.dir.rows[idx].p.Fingerprint == keep {
			t.cursor = i
		}
	}
	if t.detail != nil {
		if i, ok := t.dir.byFP[t.detail.p.Fingerprint]; ok {
			t.detail = &t.dir.rows[i]
			t.card.changed()
		} else {
			t.detail, t.card = nil, nil
		}
	}
}

// apply recomputes the visible rows from search and filters.
func (t *browseTab) apply() {
	q := t.search.Value()
	type hit struct {
		idx int
		searchHit
	}
	var hits []hit
	t.hits = map[int]searchHit{}
	for i, r := range t.dir.rows {
		if t.area != "" && !containsFold(r.p.Areas, t.area) {
			continue
		}
		if t.lang != "" && !containsFold(r.p.Languages, t.lang) {
			continue
		}
		sh, ok := matchFields(q, searchFields(r.p))
		if !ok {
			continue
		}
		hits = append(hits, hit{i, sh})
	}
	// Best match first; equal matches keep the best-fit order.
	sort.SliceStable(hits, func(a, b int) bool { return hits[a].rank > hits[b].rank })
	t.shown = t.shown[:0]
	for _, h := range hits {
		t.shown = append(t.shown, h.idx)
		t.hits[h.idx] = h.searchHit
	}
	t.cursor = min(t.cursor, max(len(t.shown)-1, 0))
}

func (t *browseTab) update(k tea.KeyMsg) (screen, tea.Cmd) {
	km := t.km
	if t.searching {
		switch {
		case key.Matches(k, km.searchDone, km.searchClear):
			t.searching = false
			t.search.Blur()
			if key.Matches(k, km.searchClear) {
				t.search.SetValue("")
				t.apply()
			}
			return nil, nil
		}
		var cmd tea.Cmd
		t.search, cmd = t.search.Update(k)
		t.apply()
		return nil, cmd
	}
	if t.picker != nil {
		t.updatePicker(k)
		return nil, nil
	}
	t.note = ""
	if t.detail != nil {
		if key.Matches(k, km.wish) {
			t.toggleWish(t.detail.p.Fingerprint)
		} else if t.card.update(k) {
			t.detail, t.card = nil, nil
		}
		return nil, nil
	}
	switch {
	case key.Matches(k, km.search):
		t.searching = true
		return nil, t.search.Focus()
	case key.Matches(k, km.up):
		t.cursor = max(t.cursor-1, 0)
	case key.Matches(k, km.down):
		t.cursor = min(t.cursor+1, max(len(t.shown)-1, 0))
	case key.Matches(k, km.details):
		if t.cursor < len(t.shown) {
			t.open(&t.dir.rows[t.shown[t.cursor]])
		}
	case key.Matches(k, km.wish):
		if t.cursor < len(t.shown) {
			t.toggleWish(t.dir.rows[t.shown[t.cursor]].p.Fingerprint)
		}
	case key.Matches(k, km.area):
		t.picker = &picker{what: "area", options: append([]string{"All areas"}, t.s.Event.Areas...)}
	case key.Matches(k, km.lang):
		t.picker = &picker{what: "language", options: append([]string{"All languages"}, t.dir.langs...)}
	case key.Matches(k, km.clear):
		t.search.SetValue("")
		t.area, t.lang = "", ""
		t.apply()
	}
	return nil, nil
}

// open shows an expert's whole card in a detail view.
func (t *browseTab) open(r *expertRow) {
	t.detail = r
	t.card = newDetail(t.s.st, func(w int) string {
		if t.detail == nil {
			return ""
		}
		return expertCard(t.s, *t.detail, t.dir.locked, w)
	})
}

func (t *browseTab) updatePicker(k tea.KeyMsg) {
	p, km := t.picker, t.km
	switch {
	case key.Matches(k, km.up):
		p.cursor = max(p.cursor-1, 0)
	case key.Matches(k, km.down):
		p.cursor = min(p.cursor+1, len(p.options)-1)
	case key.Matches(k, km.pickCancel):
		t.picker = nil
	case key.Matches(k, km.pick):
		v := p.options[p.cursor]
		if p.cursor == 0 {
			v = ""
		}
		if p.what == "area" {
			t.area = v
		} else {
			t.lang = v
		}
		t.picker = nil
		t.cursor = 0
		t.apply()
	}
}

func (t *browseTab) toggleWish(fp string) {
	if t.dir.locked {
		t.note, t.noteErr = "Wish lists are closed: the organisers have locked requests.", true
		return
	}
	next, added, ok := toggleWish(t.dir.wishes, fp, t.s.Event.WishLimit)
	if !ok {
		t.note, t.noteErr = fmt.Sprintf("Your wish list is full (%d). Remove someone in tab 3 first.", t.s.Event.WishLimit), true
		return
	}
	if err := saveWishes(t.s, next); err != nil {
		t.note, t.noteErr = wishError(err), true
		t.refresh()
		return
	}
	row := t.dir.rows[t.dir.byFP[fp]]
	name := row.p.Name
	t.refresh()
	switch {
	case added && !row.x.Eligible:
		t.note, t.noteErr = fmt.Sprintf("Added %s (#%d), but you can never be matched: %s", name, len(next), row.x.Reason), true
	case added:
		t.note, t.noteErr = fmt.Sprintf("Added %s to your wish list (#%d).", name, len(next)), false
	default:
		t.note, t.noteErr = fmt.Sprintf("Removed %s from your wish list.", name), false
	}
}

func (t *browseTab) view(w, h int) string {
	st := t.s.st
	if t.detail != nil {
		note := t.noteLine(w)
		return note + t.card.view(st, w, h-lipgloss.Height(note)+1)
	}
	var head []string
	if t.searching || t.search.Value() != "" {
		t.search.Width = max(w-4, 10)
		head = append(head, t.search.View())
	}
	filters := "Area: " + orAll(t.area, "all") + " (a) · Language: " + orAll(t.lang, "all") + " (g) · Search (/)"
	head = append(head, st.Subtle.Render(ansiTrunc(filters, w)))
	if t.dir.err != nil {
		head = append(head, wrapLines(st.Error, "✗ Some experts could not be loaded: "+t.dir.err.Error(), w)...)
	}
	if n := t.noteLine(w); n != "" {
		head = append(head, strings.TrimSuffix(n, "\n"))
	}
	if t.picker != nil {
		return strings.Join(head, "\n") + "\n" + t.viewPicker(w, h-len(head))
	}
	var rows []string
	switch {
	case len(t.dir.rows) == 0:
		rows = append(rows, "", "No expert has published a profile yet. They appear here as they join.")
	case len(t.shown) == 0:
		rows = append(rows, "", "No expert matches your search and filters. esc clears them.")
	}
	for i, idx := range t.shown {
		rows = append(rows, t.row(idx, i == t.cursor, w))
	}
	body := window(rows, t.cursor, h-len(head))
	return strings.Join(head, "\n") + "\n" + strings.Join(body, "\n")
}

func (t *browseTab) noteLine(w int) string {
	if t.note == "" {
		return ""
	}
	if t.noteErr {
		return t.s.st.Error.Render(wrap("✗ "+t.note, w)) + "\n"
	}
	return t.s.st.OK.Render(wrap("✓ "+t.note, w)) + "\n"
}

func (t *browseTab) row(idx int, selected bool, w int) string {
	r := t.dir.rows[idx]
	st := t.s.st
	p := displayProfile(r.p)
	base := t.s.st.r.NewStyle()
	if selected {
		base = st.Selected
	}
	hi := base.Bold(true).Underline(true)
	hit := t.hits[idx]
	mark := "  "
	if r.wishRank > 0 {
		mark = "#" + itoa(r.wishRank)
	}
	line := base.Render(fmt.Sprintf("%-3s", mark)) + highlight(p.Name, hit.matched[fieldName], base, hi)
	if p.Organisation != "" {
		line += base.Render(" — ") + highlight(p.Organisation, hit.matched[fieldOrganisation], base, hi)
	}
	// A match in a field the row does not show is shown after the name.
	fields := searchFields(p)
	for f := fieldTitle; f < len(fields); f++ {
		if len(hit.matched[f]) > 0 {
			line += base.Render(" · ") + highlight(fields[f], hit.matched[f], base, hi)
		}
	}
	shared := sharedAreas(t.s, p.Areas)
	if len(shared) > 2 {
		shared = shared[:2]
	}
	var tail string
	switch {
	case !r.x.Eligible:
		tail = " · ✗ " + r.x.Reason
	default:
		tail = " · " + plural(r.freeSlots, "free slot")
		if len(shared) > 0 && len(hit.matched) == 0 {
			tail += " · " + strings.Join(shared, ", ")
		}
	}
	prefix := "  "
	if selected {
		prefix = "> "
	}
	return ansiTrunc(base.Render(prefix)+line+base.Render(tail), w)
}

func (t *browseTab) viewPicker(w, h int) string {
	p := t.picker
	lines := []string{t.s.st.Strong.Render("Show experts by " + p.what + ":")}
	var opts []string
	for i, o := range p.options {
		if i == p.cursor {
			opts = append(opts, t.s.st.Selected.Render("> "+ansiTrunc(o, w-2)))
		} else {
			opts = append(opts, "  "+ansiTrunc(o, w-2))
		}
	}
	return strings.Join(append(lines, window(opts, p.cursor, h-1)...), "\n")
}

func (t *browseTab) keys() keyHelp {
	km := t.km
	switch {
	case t.searching:
		return helpOf([]key.Binding{km.searchDone, km.searchClear})
	case t.picker != nil:
		return helpOf([]key.Binding{km.up, km.down, km.pick, km.pickCancel})
	case t.detail != nil:
		wish := km.wish
		wish.SetHelp("w", "add/remove wish")
		// Once wish lists are locked, w only says so: it is not offered.
		wish.SetEnabled(!t.dir.locked)
		return helpOf(append([]key.Binding{wish}, t.card.keys()...), append(t.card.fullKeys(), []key.Binding{wish})...)
	}
	wish := km.wish
	wish.SetEnabled(!t.dir.locked)
	return helpOf([]key.Binding{km.up, km.down, km.details, wish, km.search, km.area, km.lang, km.clear},
		[]key.Binding{km.up, km.down, km.details, wish},
		[]key.Binding{km.search, km.area, km.lang, km.clear})
}

// sharedAreas are the expert's areas the participant also chose.
func sharedAreas(s *session, areas []string) []string {
	if s.profile == nil {
		return nil
	}
	var out []string
	for _, a := range areas {
		if containsFold(s.profile.Areas, a) {
			out = append(out, a)
		}
	}
	return out
}

func containsFold(list []string, v string) bool {
	for _, x := range list {
		if strings.EqualFold(strings.TrimSpace(x), strings.TrimSpace(v)) {
			return true
		}
	}
	return false
}

func orAll(v, all string) string {
	if v == "" {
		return all
	}
	return v
}
