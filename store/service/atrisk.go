package service

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"netday/matching"
	"netday/store"
)

// Kinds of Risk.
const (
	RiskIncomplete = "incomplete profile"
	RiskNoMeeting  = "no meeting"
	RiskUnderQuota = "fewer meetings"
	RiskWishes     = "only full experts wished"
	RiskNewPlace   = "needs a new place"
	RiskPin        = "pin no longer fits"
)

// Risk is one person at risk of missing out, or one published meeting that
// needs attention.
type Risk struct {
	Kind        string // one of the Risk kinds
	Participant string // fingerprint
	Expert      string // for RiskNewPlace: the meeting's expert
	Slot        string // for RiskNewPlace: the meeting's slot
	Reason      string // one sentence
}

// AtRisk lists, live, who is at risk now: published meetings that need a new
// place (the expert set the slot away, fewer seats, or someone left), people
// with an incomplete profile, participants nobody can meet or who wished
// only for fully requested experts, and, when the newest run is not older
// than the inputs, its unplaced and under-quota participants with the
// engine's reasons.
func (s *Service) AtRisk() ([]Risk, error) {
	// Every organiser session shares one computation per store version.
	v := s.st.Version()
	s.riskMu.Lock()
	defer s.riskMu.Unlock()
	if s.riskVersion == v+1 {
		return slices.Clone(s.risks), nil
	}
	out, err := s.atRisk()
	if err != nil {
		return nil, err
	}
	s.risks, s.riskVersion = out, v+1
	return slices.Clone(out), nil
}

// atRisk computes the at-risk list (see AtRisk).
func (s *Service) atRisk() ([]Risk, error) {
	var out []Risk
	nr, err := s.needsNewPlace()
	if err != nil {
		return nil, err
	}
	out = append(out, nr...)

	profiles, err := s.st.Profiles()
	if err != nil {
		return nil, fmt.Errorf("at risk: %w", err)
	}
	for _, p := range profiles {
		if p.Role == store.RoleParticipant && !p.Complete() {
			out = append(out, Risk{Kind: RiskIncomplete, Participant: p.Fingerprint,
				Reason: "The profile is not finished, so the matching leaves this participant out."})
		}
	}
	in, broken, err := s.instance(0)
	if err != nil {
		return nil, fmt.Errorf("at risk: %w", err)
	}
	for _, p := range broken {
		out = append(out, Risk{Kind: RiskPin, Participant: p.Participant, Expert: p.Expert, Slot: p.Slot,
			Reason: "The pinned meeting no longer fits (a person left, or the slot is no longer free); runs leave it out. Move, unpin or cancel it."})
	}
	nobody, err := in.Unplaced(&matching.Schedule{})
	if err != nil {
		return nil, fmt.Errorf("at risk: %w", err)
	}
	flagged := map[string]bool{}
	for _, u := range nobody {
		if u.Reason != matching.ReasonFull {
			out = append(out, Risk{Kind: RiskNoMeeting, Participant: u.P, Reason: Sentence(ForOrganisers(u.Reason))})
			flagged[u.P] = true
		}
	}
	out = append(out, fullWishes(in, flagged)...)

	switch last, err := s.st.LatestRun(); {
	case err == nil:
		out = append(out, s.runRisks(last, flagged)...)
	case !errors.Is(err, store.ErrNotFound):
		return nil, fmt.Errorf("at risk: %w", err)
	}
	return out, nil
}

// runRisks are the unplaced and under-quota participants of run r.
func (s *Service) runRisks(r store.Run, flagged map[string]bool) []Risk {
	var out []Risk
	for _, fp := range slices.Sorted(maps.Keys(r.Unplaced)) {
		if !flagged[fp] {
			out = append(out, Risk{Kind: RiskNoMeeting, Participant: fp,
				Reason: fmt.Sprintf("Run %d: %s", r.ID, ForOrganisers(r.Unplaced[fp]))})
		}
	}
	in, err := runInput(r)
	if err != nil {
		return out
	}
	per := map[string]int{}
	for _, m := range r.Meetings {
		per[m.Participant]++
	}
	for _, p := range in.Participants {
		if n := per[p.ID]; n > 0 && n < p.Quota {
			out = append(out, Risk{Kind: RiskUnderQuota, Participant: p.ID,
				Reason: fmt.Sprintf("Run %d: %d of %d meetings; every other place they could take was full.", r.ID, n, p.Quota)})
		}
	}
	return out
}

// fullWishes flags participants whose every wished expert is wished for by
// more participants than the expert has places.
func fullWishes(in *matching.Instance, skip map[string]bool) []Risk {
	capacity := map[string]int{}
	for _, e := range in.Experts {
		c := 0
		for _, n := range e.Seats {
			c += n
		}
		if e.Max != nil {
			c = min(c, *e.Max)
		}
		capacity[e.ID] = c
	}
	wanted := map[string]int{}
	for _, p := range in.Participants {
		if p.Profile != nil {
			for _, e := range p.Profile.Wishes {
				wanted[e]++
			}
		}
	}
	var out []Risk
	for _, p := range in.Participants {
		if skip[p.ID] || p.Profile == nil || len(p.Profile.Wishes) == 0 {
			continue
		}
		full := true
		for _, e := range p.Profile.Wishes {
			if wanted[e] <= capacity[e] {
				full = false
				break
			}
		}
		if full {
			out = append(out, Risk{Kind: RiskWishes, Participant: p.ID,
				Reason: "Every expert on the wish list is wished for by more people than they have places."})
		}
	}
	return out
}

// needsNewPlace lists published meetings that no longer fit: the expert set
// the slot away or has fewer seats than booked, or either person left.
func (s *Service) needsNewPlace() ([]Risk, error) {
	dir, err := s.st.Directory()
	if err != nil {
		return nil, fmt.Errorf("at risk: %w", err)
	}
	if dir.Published == nil {
		return nil, nil
	}
	complete := map[string]bool{}
	for _, e := range dir.Experts {
		complete[e.Fingerprint] = true
	}
	booked := map[string]int{}
	var out []Risk
	for _, m := range dir.Published.Meetings {
		if c, off := dir.Cancelled.Cancelled(m); off {
			out = append(out, cancelledRisk(m, c))
			continue
		}
		booked[m.Expert+"|"+m.Slot]++
		seats := dir.Availability[m.Expert].Seats[m.Slot]
		var why string
		switch {
		case !complete[m.Expert]:
			why = "The expert left or their profile is no longer complete."
		case seats == 0:
			why = "The expert set this slot to away after publication."
		case booked[m.Expert+"|"+m.Slot] > seats:
			why = fmt.Sprintf("The expert has only %s in this slot now.", pluralOf(seats, "seat"))
		default:
			if _, err := s.st.Profile(m.Participant); err != nil {
				why = "The participant left."
			}
		}
		if why != "" {
			out = append(out, Risk{Kind: RiskNewPlace, Participant: m.Participant, Expert: m.Expert, Slot: m.Slot, Reason: why})
		}
	}
	slices.SortFunc(out, func(a, b Risk) int {
		return cmp.Or(store.CompareSlotIDs(a.Slot, b.Slot), strings.Compare(a.Expert, b.Expert), strings.Compare(a.Participant, b.Participant))
	})
	return out, nil
}

// ForOrganisers turns a reason written to a participant ("none of the
// experts can meet you: you have no language in common") into one about
// them ("none of the experts can meet them: they have no language in
// common").
func ForOrganisers(reason string) string {
	r := strings.NewReplacer("; the organisers can see this and may add places", "", "can meet you", "can meet them", "could meet you", "could meet them",
		"you both", "they both", "You both", "They both", "you have", "they have", "You have", "They have",
		"your ", "their ", "Your ", "Their ", "you ", "they ", "You ", "They ")
	return r.Replace(reason)
}
