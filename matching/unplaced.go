package matching

import (
	"slices"
	"strings"
)

// Unplaced is a participant who got no meeting, with the reason in plain
// words for their screen.
type Unplaced struct {
	P      string `json:"p"`
	Reason string `json:"reason"`
}

// Reasons a participant got no meeting.
const (
	ReasonNoExpert = "none of the experts can meet you: no language in common, the same organisation, or no free time in common"
	ReasonFull     = "every expert who could meet you was fully booked in your free time slots; the organisers can see this and may add places"
)

// Unplaced lists the participants of in without a meeting in sch, sorted
// by ID, with the reason: nobody is eligible to meet them, or all the
// places they could take went to others (the schedule still gives as many
// people as possible at least one meeting). When everybody has a meeting
// in sch it returns nothing at once, without validating in again (sch
// came from solving it); otherwise an invalid in is an error.
func (in *Instance) Unplaced(sch *Schedule) ([]Unplaced, error) {
	has := make(map[string]bool, len(sch.Meetings))
	for _, m := range sch.Meetings {
		has[m.P] = true
	}
	missing := false
	for _, part := range in.Participants {
		missing = missing || !has[part.ID]
	}
	if !missing {
		return nil, nil // nobody to explain: the day is not scored again
	}
	pr, err := build(in)
	if err != nil {
		return nil, err
	}
	var out []Unplaced
	for p, part := range in.Participants {
		if has[part.ID] {
			continue
		}
		reason := ReasonFull
		if pr.cStart[p] == pr.cStart[p+1] {
			reason = in.noExpertReason(part)
		}
		out = append(out, Unplaced{P: part.ID, Reason: reason})
	}
	slices.SortFunc(out, func(a, b Unplaced) int {
		switch {
		case a.P < b.P:
			return -1
		case a.P > b.P:
			return 1
		}
		return 0
	})
	return out, nil
}

// noExpertReason says why nobody can meet p: with profiles, the most common
// reason among the experts (e.g. "you have no language in common"), else
// the general ReasonNoExpert.
func (in *Instance) noExpertReason(p Participant) string {
	if p.Profile == nil {
		return ReasonNoExpert
	}
	w := DefaultWeights()
	if in.Weights != nil {
		w = *in.Weights
	}
	count := map[string]int{}
	best := ""
	for _, e := range in.Experts {
		if e.Profile == nil {
			return ReasonNoExpert
		}
		x := Score(*p.Profile, *e.Profile, w)
		if x.Eligible || x.Reason == "" {
			continue
		}
		count[x.Reason]++
		if c := count[x.Reason]; c > count[best] || c == count[best] && x.Reason < best {
			best = x.Reason
		}
	}
	if best == "" {
		return ReasonNoExpert
	}
	if len(count) == 1 {
		return "none of the experts can meet you: " + best
	}
	return "none of the experts can meet you; most often because " + strings.TrimSuffix(best, ".")
}
