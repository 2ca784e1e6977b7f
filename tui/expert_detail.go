package tui

import (
	"sort"
	"strings"
	"time"

	"netday/matching"
	"netday/store/event"
)

// expertDetail is the full card of one expert with why they fit.
func expertDetail(s *session, r expertRow, w, h int) string {
	st := s.st
	p := displayProfile(r.p)
	var b strings.Builder
	b.WriteString(st.Title.Render(p.Name))
	if p.Title != "" {
		b.WriteString(st.Subtle.Render(" · " + p.Title))
	}
	b.WriteString("\n" + joinNonEmpty(" · ", p.Organisation, p.Country) + "\n")
	row := func(label, value string) {
		if value != "" {
			b.WriteString(st.Label.Render(padRight(label, 11)) + ansiTrunc(value, max(w-11, 10)) + "\n")
		}
	}
	row("Areas", strings.Join(p.Areas, ", "))
	row("Offers", strings.Join(p.Offers, ", "))
	row("Languages", strings.Join(p.Languages, ", "))
	row("Welcomes", welcomes(p))
	row("Link", p.Link)
	if p.Bio != "" {
		b.WriteString(clampLines(wrap(p.Bio, min(w, 78)), 3) + "\n")
	}
	b.WriteString("\n" + st.Strong.Render("Why this expert") + "\n")
	for _, line := range whyLines(s, r) {
		b.WriteString(wrap("• "+line, min(w, 78)) + "\n")
	}
	switch r.wishRank {
	case 0:
		b.WriteString(st.Subtle.Render("Not on your wish list: press w to add.") + "\n")
	default:
		b.WriteString(st.OK.Render("#"+itoa(r.wishRank)+" on your wish list.") + "\n")
	}
	return b.String()
}

// whyLines explain a fit in plain words: the score's parts and the time the
// expert has free.
func whyLines(s *session, r expertRow) []string {
	if !r.x.Eligible {
		return []string{"You cannot be matched: " + r.x.Reason}
	}
	out := []string{"Fit for you: " + itoa(r.x.Total) + " of " + itoa(matching.MaxScore)}
	for _, part := range r.x.Parts {
		if part.Points > 0 && part.Detail != "" {
			out = append(out, part.Detail)
		}
	}
	if r.atMax {
		return append(out, "Free time: none left — fully booked at their daily maximum")
	}
	open := r.open
	if open == nil {
		open = r.seats
	}
	free := "Free time: " + freeTimes(s, open)
	if r.dailyMax > 0 && r.freeSlots < len(open) {
		free += " — at most " + plural(r.freeSlots, "more meeting") + " (daily maximum of " + itoa(r.dailyMax) + ")"
	}
	return append(out, free)
}

// freeTimes lists the slots an expert is available in, in event time and
// in the person's own zone when it differs.
func freeTimes(s *session, seats map[string]int) string {
	var slots []event.Slot
	for _, sl := range s.Event.Slots {
		if seats[sl.ID] > 0 {
			slots = append(slots, sl)
		}
	}
	if len(slots) == 0 {
		return "no slots published yet"
	}
	sort.Slice(slots, func(i, j int) bool { return slots[i].Start.Before(slots[j].Start) })
	ev := s.Event.Location
	var evTimes, myTimes []string
	loc := userZone(s)
	for _, sl := range slots {
		evTimes = append(evTimes, sl.Start.In(ev).Format("15:04"))
		myTimes = append(myTimes, sl.Start.In(loc).Format("15:04"))
	}
	out := strings.Join(evTimes, ", ") + " " + slots[0].Start.In(ev).Format("MST")
	if sameClock(slots[0].Start, ev, loc) {
		return out
	}
	return out + " (" + strings.Join(myTimes, ", ") + " " + slots[0].Start.In(loc).Format("MST") + " your time)"
}

// userZone is the zone the person chose, else the event's.
func userZone(s *session) *time.Location {
	if s.profile != nil {
		if loc, err := time.LoadLocation(s.profile.TimeZone); err == nil {
			return loc
		}
	}
	return s.Event.Location
}

func sameClock(t time.Time, a, b *time.Location) bool {
	return t.In(a).Format("15:04 MST") == t.In(b).Format("15:04 MST")
}

// slotTimes shows a slot in event time and, when it differs, the person's.
func slotTimes(s *session, sl event.Slot) string {
	ev, loc := s.Event.Location, userZone(s)
	out := sl.Start.In(ev).Format("Mon 15:04") + "–" + sl.End.In(ev).Format("15:04 MST")
	if sameClock(sl.Start, ev, loc) {
		return out
	}
	return out + " (" + sl.Start.In(loc).Format("15:04") + "–" + sl.End.In(loc).Format("15:04 MST") + " your time)"
}
