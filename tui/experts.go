package tui

import (
	"errors"
	"sort"
	"strings"

	"netday/matching"
	"netday/store"
)

// expertRow is one expert as a participant sees them: the profile, how
// well they fit, and their free slots.
type expertRow struct {
	p         store.Profile
	seats     map[string]int // slot id → seats, from the availability
	x         matching.Explanation
	freeSlots int            // slots in which the expert can still be booked (daily maximum counted)
	open      map[string]int // slot id → seats still free
	atMax     bool           // the daily maximum is reached
	dailyMax  int            // the expert's daily maximum, 0 for none
	wishRank  int            // 1-based place on my wish list, 0 if not on it
}

// expertDirectory is what the browse, detail and wish-list views read.
type expertDirectory struct {
	rows   []expertRow    // best fit first
	byFP   map[string]int // fingerprint → index in rows
	wishes []string       // my wish list, most wanted first
	locked bool           // organisers closed wish lists
	langs  []string       // languages some expert speaks, sorted
	err    error
}

// loadExperts scores every expert with a complete profile for the
// session's participant. The expert data comes from the store's shared
// snapshot; only the person's own wish list is read per session.
func loadExperts(s *session) expertDirectory {
	var d expertDirectory
	dir, err := s.Store.Directory()
	if err != nil {
		d.err = err
		return d
	}
	var wl *store.WishList
	if w, err := s.Store.WishList(s.Identity.Fingerprint); err == nil {
		wl, d.wishes = &w, w.Experts
	} else if !errors.Is(err, store.ErrNotFound) {
		d.err = err
	}
	d.locked = dir.Settings.RequestsLocked

	var me matching.Profile
	if s.profile != nil {
		me = store.MatchProfile(*s.profile, nil, wl)
		if a, err := s.Store.Attendance(s.Identity.Fingerprint); err == nil {
			me.Slots = store.AttendSlots(s.Event, a)
		}
	}
	langs := map[string]string{}
	d.rows = make([]expertRow, 0, len(dir.Experts))
	for _, p := range dir.Experts {
		row := expertRow{p: p}
		var a *store.Availability
		if v, ok := dir.Availability[p.Fingerprint]; ok {
			a = &v
			row.seats = v.Seats
		}
		row.x = matching.Score(me, store.MatchProfile(p, a, nil), s.Event.Weights)
		row.open = map[string]int{}
		for slot, n := range row.seats {
			if left := n - dir.Booked[p.Fingerprint+"|"+slot]; left > 0 {
				row.open[slot] = left
			}
		}
		row.freeSlots = dir.FreeSlots(p.Fingerprint)
		if a != nil {
			row.dailyMax = a.DailyMax
		}
		row.atMax = row.dailyMax > 0 && dir.BookedDay[p.Fingerprint] >= row.dailyMax
		for i, fp := range d.wishes {
			if fp == p.Fingerprint {
				row.wishRank = i + 1
			}
		}
		for _, l := range p.Languages {
			langs[strings.ToLower(l)] = l
		}
		d.rows = append(d.rows, row)
	}
	sort.SliceStable(d.rows, func(i, j int) bool {
		a, b := d.rows[i], d.rows[j]
		if a.x.Eligible != b.x.Eligible {
			return a.x.Eligible
		}
		if a.x.Total != b.x.Total {
			return a.x.Total > b.x.Total
		}
		return strings.ToLower(a.p.Name) < strings.ToLower(b.p.Name)
	})
	d.byFP = make(map[string]int, len(d.rows))
	for i, r := range d.rows {
		d.byFP[r.p.Fingerprint] = i
	}
	for _, l := range langs {
		d.langs = append(d.langs, l)
	}
	sort.Strings(d.langs)
	return d
}

// saveWishes stores a new wish list and reports a message for the person.
func saveWishes(s *session, experts []string) error {
	_, err := s.Store.PutWishList(store.WishList{Fingerprint: s.Identity.Fingerprint, Experts: experts}, s.Event.WishLimit)
	return err
}

// wishError turns a store refusal into a sentence.
func wishError(err error) string {
	switch {
	case errors.Is(err, store.ErrRequestsLocked):
		return "Wish lists are closed: the organisers have locked requests."
	default:
		return "Could not save your wish list: " + err.Error()
	}
}

// toggleWish adds fp to the end of the list or removes it.
func toggleWish(wishes []string, fp string, limit int) ([]string, bool, bool) {
	for i, w := range wishes {
		if w == fp {
			return append(append([]string{}, wishes[:i]...), wishes[i+1:]...), false, true
		}
	}
	if len(wishes) >= limit {
		return wishes, true, false
	}
	return append(append([]string{}, wishes...), fp), true, true
}
