package tui

import "fmt"

// dayLine is the organisers' live line about the day itself once the
// schedule is published: cancellations, people who cannot come, and the
// feedback so far with its no-shows, wrapped to w. Empty before there is
// any.
func dayLine(s *session, w int) string {
	if s.Service == nil {
		return ""
	}
	f, err := s.Service.DayFigures()
	if err != nil {
		return s.st.Error.Render(wrap("✗ Day figures unavailable: "+err.Error(), w)) + "\n"
	}
	if f.Cancelled == 0 && f.DayOff == 0 && f.Feedback.Marked == 0 {
		return ""
	}
	people := itoa(f.DayOff) + " people"
	if f.DayOff == 1 {
		people = "1 person"
	}
	line := fmt.Sprintf("Today: %s cancelled, %s cannot come · feedback on %s: %d met, %s",
		plural(f.Cancelled, "meeting"), people, plural(f.Feedback.Marked, "meeting"),
		f.Feedback.Met, plural(f.Feedback.NoShows, "no-show"))
	if f.Feedback.Ratings > 0 {
		line += fmt.Sprintf(" · rating %.1f/5 (%d)", f.Feedback.Average, f.Feedback.Ratings)
	}
	return wrap(line, w) + "\n"
}
