package service

import (
	"fmt"
	"strings"
)

// Lines are a run's figures as short lines of plain text, the same on the
// console screen and in `ssh host run`.
func (f Figures) Lines() []string {
	var out []string
	how := map[string]string{"solve": "solved", "replan": "re-planned around the published schedule",
		"full": "full re-solve", "edit": "edited by hand"}[f.Mode]
	head := fmt.Sprintf("Run %d: %s", f.Run, how)
	if f.Engine != "" {
		head += ", engine " + f.Engine
	}
	if f.Mode != "edit" {
		head += fmt.Sprintf(", %d ms", f.Elapsed.Milliseconds())
	}
	out = append(out, head)
	bound := ""
	if f.CoverageBound > 0 {
		bound = fmt.Sprintf(" (at most %d possible)", f.CoverageBound)
	}
	for k, n := range f.WithAtLeast {
		if k == 0 {
			out = append(out, fmt.Sprintf("With ≥1 meeting: %d of %d participants%s", n, f.Participants, bound))
			continue
		}
		out = append(out, fmt.Sprintf("With ≥%d meetings: %d", k+1, n))
	}
	out = append(out, fmt.Sprintf("Meetings: %d · mean score %.0f of 1000 · not placed: %d", f.Meetings, f.MeanScore, f.Unplaced))
	if f.Wishers > 0 {
		out = append(out, fmt.Sprintf("Wish lists: first choice met for %d of %d · any choice for %d · %d of %d requests met",
			f.FirstChoice, f.Wishers, f.AnyChoice, f.WishesMet, f.WishesTotal))
	} else {
		out = append(out, "Wish lists: none yet")
	}
	out = append(out, fmt.Sprintf("Experts: %d of %d have meetings · %d full · busiest %d · mean %.1f",
		f.ExpertsUsed, f.Experts, f.ExpertsFull, f.BusiestExpert, f.MeanLoad))
	score := fmt.Sprintf("Total score %d", f.TotalScore)
	switch gap, ok := f.Gap(); {
	case f.ProvenOptimal:
		score += " · proven optimal"
	case ok:
		score += fmt.Sprintf(" · bound %d · within %.1f%% of optimal", f.ScoreBound, gap)
	case f.Mode == "edit":
		score += " · no bound after a hand edit"
	}
	out = append(out, score)
	if f.Mode == "replan" || f.Mode == "full" {
		out = append(out, fmt.Sprintf("Published meetings changed by choice: %d (besides those that no longer fit)", f.PublishedChanged))
	}
	return out
}

// DiffLines are a diff as plain lines, names from names (fingerprint →
// name), slots in event time.
func (s *Service) DiffLines(d Diff, names map[string]string) []string {
	a, m, r := d.Counts()
	var out []string
	if d.Published == 0 {
		out = append(out, fmt.Sprintf("Run %d against nothing published: %d meetings to add.", d.Run, a))
	} else {
		out = append(out, fmt.Sprintf("Run %d against published run %d: %d added, %d moved, %d removed, %d kept.", d.Run, d.Published, a, m, r, d.Kept))
	}
	for _, e := range d.Entries {
		out = append(out, s.DiffLine(e, names))
	}
	return out
}

// DiffLine is one diff entry as plain text.
func (s *Service) DiffLine(e DiffEntry, names map[string]string) string {
	who := fmt.Sprintf("%s with %s", nameOr(names, e.Participant), nameOr(names, e.Expert))
	switch e.Kind {
	case Added:
		return fmt.Sprintf("+ added   %s  %s. %s", s.SlotLabel(e.ToSlot), who, e.Reason)
	case Moved:
		return fmt.Sprintf("~ moved   %s→%s  %s. %s", s.SlotLabel(e.FromSlot), s.SlotLabel(e.ToSlot), who, e.Reason)
	default:
		return fmt.Sprintf("- removed %s  %s. %s", s.SlotLabel(e.FromSlot), who, e.Reason)
	}
}

// RiskLine is one at-risk entry as plain text.
func (s *Service) RiskLine(r Risk, names map[string]string) string {
	if r.Kind == RiskNewPlace || r.Kind == RiskPin {
		return fmt.Sprintf("%s: %s with %s at %s. %s", r.Kind, nameOr(names, r.Participant), nameOr(names, r.Expert), s.SlotLabel(r.Slot), r.Reason)
	}
	return fmt.Sprintf("%s: %s. %s", r.Kind, nameOr(names, r.Participant), r.Reason)
}

func nameOr(names map[string]string, fp string) string {
	if n := strings.TrimSpace(names[fp]); n != "" {
		return n
	}
	return "(deleted)"
}
