package tui

import (
	"sort"
	"strings"
	"time"

	"netday/matching"
	"netday/store/event"

	"github.com/charmbracelet/lipgloss"
)

// expertCard is the full card of one expert with why they fit, wrapped
// to width w; it is read in a detail view, so nothing is cut.
// locked says wish lists are closed, so the card does not offer w.
func expertCard(s *session, r expertRow, locked bool, w int) string {
	st := s.st
	p := displayProfile(r.p)
	var b strings.Builder
	head := st.Title.Render(p.Name)
	if p.Title != "" {
		head += st.Subtle.Render(" · " + p.Title)
	}
	b.WriteString(wrap(head, w) + "\n")
	if line := joinNonEmpty(" · ", p.Organisation, p.Country); line != "" {
		b.WriteString(wrap(line, w) + "\n")
	}
	b.WriteString(labelled(st, "Areas", strings.Join(p.Areas, ", "), w))
	b.WriteString(labelled(st, "Offers", strings.Join(p.Offers, ", "), w))
	b.WriteString(labelled(st, "Languages", strings.Join(p.Languages, ", "), w))
	b.WriteString(labelled(st, "Welcomes", welcomes(p), w))
	b.WriteString(labelled(st, "Link", p.Link, w))
	if p.Bio != "" {
		b.WriteString("\n" + wrap(p.Bio, w) + "\n")
	}
	b.WriteString("\n" + st.Strong.Render("Why this expert") + "\n")
	for _, line := range whyLines(s, r) {
		b.WriteString(indentAfterFirst(wrap("• "+line, w-2), "  ") + "\n")
	}
	b.WriteString("\n")
	switch {
	case r.wishRank == 0 && locked:
		b.WriteString(st.Subtle.Render(wrap("Not on your wish list (wish lists are closed).", w)) + "\n")
	case r.wishRank == 0:
		b.WriteString(st.Subtle.Render(wrap("Not on your wish list: press w to add.", w)) + "\n")
	default:
		b.WriteString(st.OK.Render(wrap("#"+itoa(r.wishRank)+" on your wish list.", w)) + "\n")
	}
	return b.String()
}

// labelled is "Label      value" with the value wrapped under itself;
// nothing when the value is empty. Below 40 columns the value goes on
// its own lines under the label.
func labelled(st Styles, label, value string, w int) string {
	if w < 40 && value != "" {
		return st.Label.Render(label) + "\n" + wrap(value, w) + "\n"
	}
	return labelledAt(st, label, value, w, 13, st.r.NewStyle())
}

// labelledAt is the label padded to labelW cells and the value, drawn in
// style line by line, wrapped at words to the rest of w and indented under
// itself; nothing when the value is empty.
func labelledAt(st Styles, label, value string, w, labelW int, style lipgloss.Style) string {
	if value == "" {
		return ""
	}
	lines := strings.Split(wrap(value, w-labelW), "\n")
	for i, l := range lines {
		lines[i] = style.Render(l)
	}
	body := strings.Join(lines, "\n")
	return st.Label.Render(padRight(label, labelW)) + indentAfterFirst(body, strings.Repeat(" ", labelW)) + "\n"
}

// indentAfterFirst prefixes every line of s but the first.
func indentAfterFirst(s, prefix string) string {
	return strings.ReplaceAll(s, "\n", "\n"+prefix)
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
	out := strings.Join(evTimes, ", ") + " " + zoneAbbr(slots[0].Start.In(ev))
	if sameClock(slots[0].Start, ev, loc) {
		return out
	}
	return out + " (" + strings.Join(myTimes, ", ") + " " + zoneAbbr(slots[0].Start.In(loc)) + " your time)"
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
	out := sl.Start.In(ev).Format("Mon 15:04") + "–" + clock(sl.End.In(ev))
	if sameClock(sl.Start, ev, loc) {
		return out
	}
	return out + " (" + sl.Start.In(loc).Format("15:04") + "–" + clock(sl.End.In(loc)) + " your time)"
}
