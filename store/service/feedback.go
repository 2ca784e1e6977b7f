package service

import (
	"cmp"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"netday/store"
	"netday/store/clean"
)

// GiveFeedback records what by says about their meeting with other in the
// published schedule: whether it happened (store.OutcomeMet or
// store.OutcomeMissed), a rating 1..5 (0 for none) and a private comment
// for the organisers.
func (s *Service) GiveFeedback(by string, m store.Meeting, outcome string, rating int, comment string) (store.Feedback, error) {
	f, err := s.st.PutFeedback(store.Feedback{By: by, Participant: m.Participant, Expert: m.Expert, Slot: m.Slot,
		Outcome: outcome, Rating: rating, Comment: comment}, s.now())
	if err != nil {
		return store.Feedback{}, fmt.Errorf("feedback: %w", err)
	}
	return f, nil
}

// FeedbackFigures are the organisers' live figures of the day's feedback.
type FeedbackFigures struct {
	Marked  int // meetings at least one side marked
	Met     int // meetings marked "met" by someone and "did not happen" by nobody
	NoShows int // meetings someone marked "did not happen"
	Ratings int // ratings given
	Average float64
}

// FeedbackFigures counts the feedback given so far.
func (s *Service) FeedbackFigures() (FeedbackFigures, error) {
	all, err := s.st.AllFeedback()
	if err != nil {
		return FeedbackFigures{}, fmt.Errorf("feedback figures: %w", err)
	}
	var f FeedbackFigures
	missed, marked := map[string]bool{}, map[string]bool{}
	sum := 0
	for _, x := range all {
		k := x.Participant + "|" + x.Expert
		marked[k] = true
		if x.Outcome == store.OutcomeMissed {
			missed[k] = true
		}
		if x.Rating > 0 {
			f.Ratings++
			sum += x.Rating
		}
	}
	f.Marked, f.NoShows, f.Met = len(marked), len(missed), len(marked)-len(missed)
	if f.Ratings > 0 {
		f.Average = float64(sum) / float64(f.Ratings)
	}
	return f, nil
}

// FeedbackCSVHeader is the first row of FeedbackCSV.
var FeedbackCSVHeader = []string{"slot", "start_event_time", "participant", "expert", "given_by", "outcome", "rating", "comment", "given_at_utc"}

// FeedbackCSV writes every feedback as CSV (RFC 4180, CRLF line ends), one
// row per side and meeting, in slot order: names are cleaned, and every
// cell is guarded against formula injection (CSVRow).
func (s *Service) FeedbackCSV(w io.Writer) error {
	all, err := s.st.AllFeedback()
	if err != nil {
		return fmt.Errorf("feedback csv: %w", err)
	}
	slices.SortFunc(all, func(a, b store.Feedback) int {
		return cmp.Or(cmp.Compare(slotNum(a.Slot), slotNum(b.Slot)), strings.Compare(a.Expert, b.Expert),
			strings.Compare(a.Participant, b.Participant), strings.Compare(a.By, b.By))
	})
	names := map[string]string{}
	name := func(fp string) string {
		if n, ok := names[fp]; ok {
			return n
		}
		n := fp
		if p, err := s.st.Profile(fp); err == nil {
			n = clean.Line(p.Name, store.MaxName)
		}
		names[fp] = n
		return n
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(FeedbackCSVHeader); err != nil {
		return fmt.Errorf("feedback csv: %w", err)
	}
	for _, f := range all {
		start := ""
		if sl, ok := s.ev.SlotByID(f.Slot); ok && s.ev.Location != nil {
			start = sl.Start.In(s.ev.Location).Format("2006-01-02 15:04")
		}
		by := "participant"
		if f.By == f.Expert {
			by = "expert"
		}
		rating := ""
		if f.Rating > 0 {
			rating = strconv.Itoa(f.Rating)
		}
		row := []string{f.Slot, start, name(f.Participant), name(f.Expert), by, f.Outcome, rating,
			clean.Text(f.Comment, store.MaxComment), f.At.UTC().Format(time.RFC3339)}
		if err := cw.Write(CSVRow(row)); err != nil {
			return fmt.Errorf("feedback csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("feedback csv: %w", err)
	}
	return nil
}

// slotNum is the number of slot id "sN" (large for anything else).
func slotNum(id string) int {
	n, err := strconv.Atoi(strings.TrimPrefix(id, "s"))
	if err != nil {
		return 1 << 30
	}
	return n
}
