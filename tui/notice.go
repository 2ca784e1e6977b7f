package tui

import (
	"strings"

	"netday/store"
	"netday/store/clean"
)

// noticeBox shows what changed in the person's meetings since they last
// acknowledged: added, moved and cancelled meetings with the reason.
func noticeBox(s *session, n store.Notice, names map[string]string, w int) string {
	st := s.st
	me := s.Identity.Fingerprint
	lines := []string{st.Badge.Render("WHAT CHANGED") + " " + st.Strong.Render("Your schedule changed:")}
	for _, it := range n.Items {
		other, role := it.Expert, "an expert"
		if other == me {
			other, role = it.Participant, "a participant"
		}
		name := role
		if n := names[other]; n != "" {
			name = n
		}
		at := func(slot string) string {
			if sl, ok := s.Event.SlotByID(slot); ok {
				return slotTimes(s, sl)
			}
			return slot
		}
		var line string
		switch it.Kind {
		case store.ChangeAdded:
			line = "Added: " + name + ", " + at(it.Slot)
		case store.ChangeMoved:
			line = "Moved: " + name + ", from " + at(it.From) + " to " + at(it.Slot)
		default:
			line = "Cancelled: " + name + ", " + at(it.Slot)
		}
		if it.Reason != "" {
			line += " — " + clean.Line(it.Reason, store.MaxWhy)
		}
		lines = append(lines, wrap("• "+line, w))
	}
	lines = append(lines, st.Subtle.Render("Press x when you have read it."))
	return strings.Join(lines, "\n")
}

// noticeNames reads the names of the other people in n's changes, once,
// so that drawing the notice reads nothing.
func noticeNames(s *session, n store.Notice) map[string]string {
	out := map[string]string{}
	for _, it := range n.Items {
		for _, fp := range []string{it.Participant, it.Expert} {
			if _, ok := out[fp]; ok || fp == s.Identity.Fingerprint {
				continue
			}
			out[fp] = ""
			if p, err := s.Store.Profile(fp); err == nil {
				out[fp] = clean.Line(p.Name, store.MaxName)
			}
		}
	}
	return out
}

// noticeBanner is the one line every section shows while a notice waits.
func noticeBanner(n store.Notice) string {
	return "Your schedule changed (" + plural(len(n.Items), "change") + "): see Schedule, x there when read."
}

// feedbackSummary is feedback as a few words: "met · 4/5 · comment".
func feedbackSummary(f store.Feedback) string {
	out := f.Outcome
	if f.Rating > 0 {
		out += " · " + itoa(f.Rating) + "/5"
	}
	if f.Comment != "" {
		out += " · “" + clean.Line(f.Comment, 60) + "”"
	}
	return out
}
