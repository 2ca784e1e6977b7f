package matching

import (
	"fmt"
	"strings"
)

// Profile describes one person, participant or expert, for scoring. Strings
// are compared case-insensitively after trimming spaces.
type Profile struct {
	// ID identifies the person; a participant's Wishes refer to expert IDs.
	ID string `json:"id,omitempty"`
	// Organisation is where the person works or studies. A pair from the
	// same organisation never meets.
	Organisation string `json:"organisation,omitempty"`
	// CareerStage is the participant's career stage (e.g. "student").
	CareerStage string `json:"career_stage,omitempty"`
	// Areas are interest areas from the event's list.
	Areas []string `json:"areas,omitempty"`
	// Languages are the languages the person speaks, the preferred first.
	Languages []string `json:"languages,omitempty"`
	// Seeks is what a participant is looking for ("mentoring", ...).
	Seeks []string `json:"seeks,omitempty"`
	// Offers is what an expert offers, in the same words as Seeks.
	Offers []string `json:"offers,omitempty"`
	// Stages are the career stages an expert likes to meet; empty means all.
	Stages []string `json:"stages,omitempty"`
	// Wishes are a participant's expert IDs, most wanted first.
	Wishes []string `json:"wishes,omitempty"`
	// Slots are the free slot IDs; empty means free in every slot.
	Slots []string `json:"slots,omitempty"`
}

// Part is one named component of a score.
type Part struct {
	// Name is the part's key: "wish", "areas", "offers", "languages" or "stage".
	Name string `json:"name"`
	// Points is what this pair got for the part.
	Points int `json:"points"`
	// Max is the weight of the part: the points of a perfect pair.
	Max int `json:"max"`
	// Detail says in plain words why, e.g. "shared areas: Migration, Housing".
	Detail string `json:"detail"`
}

// Explanation is a score with the parts it is made of.
type Explanation struct {
	// Total is the score, 0..MaxScore; 0 when the pair is not eligible.
	Total int `json:"total"`
	// Eligible is false for pairs that must never meet.
	Eligible bool `json:"eligible"`
	// Reason says why an ineligible pair cannot meet, as a plain sentence.
	Reason string `json:"reason,omitempty"`
	// Parts are the components, in a fixed order: wish, areas, offers,
	// languages, stage.
	Parts []Part `json:"parts"`
}

// Summary renders the explanation as one line of plain English, e.g.
// "Good match (720 of 1000): 1st on your wish list; shared areas: Housing".
func (x Explanation) Summary() string {
	if !x.Eligible {
		return "Cannot meet: " + x.Reason
	}
	var why []string
	for _, p := range x.Parts {
		if p.Points > 0 && p.Detail != "" {
			why = append(why, p.Detail)
		}
	}
	// The cut-offs are 75% and 50% of a perfect pair's score under the
	// weights used (the parts' maxima), not of MaxScore.
	perfect := 0
	for _, p := range x.Parts {
		perfect += p.Max
	}
	if perfect <= 0 {
		perfect = MaxScore
	}
	label := "Possible match"
	switch {
	case 4*x.Total >= 3*perfect:
		label = "Great match"
	case 2*x.Total >= perfect:
		label = "Good match"
	}
	s := fmt.Sprintf("%s (%d of %d)", label, x.Total, MaxScore)
	if len(why) > 0 {
		s += ": " + strings.Join(why, "; ")
	}
	return s
}

// Part returns the part with the given name and whether it exists.
func (x Explanation) Part(name string) (Part, bool) {
	for _, p := range x.Parts {
		if p.Name == name {
			return p, true
		}
	}
	return Part{}, false
}

// Score scores participant p against expert e with weights w and explains
// the result. A pair is ineligible (Total 0) when both name the same
// organisation, when they share no language, or when both list free slots
// and none is common.
func Score(p, e Profile, w Weights) Explanation {
	pAreas := normSet(p.Areas)
	eAreas := normSet(e.Areas)
	pSeeks := normSet(p.Seeks)
	eOffers := normSet(e.Offers)
	eLangs := normSet(e.Languages)

	var f features
	f.rank, f.nWishes = -1, 0
	eid := norm(e.ID)
	seen := map[string]bool{}
	for _, wid := range p.Wishes {
		k := norm(wid)
		if k == "" || seen[k] {
			continue
		}
		seen[k] = true
		if k == eid && eid != "" && f.rank < 0 {
			f.rank = f.nWishes
		}
		f.nWishes++
	}
	sharedAreas := intersect(p.Areas, eAreas)
	f.sharedAreas, f.pAreas = len(sharedAreas), len(pAreas)
	matched := intersect(p.Seeks, eOffers)
	f.matchedSeeks, f.pSeeks = len(matched), len(pSeeks)
	sharedLangs := intersect(p.Languages, eLangs)
	if len(sharedLangs) > 0 {
		f.lang = langOther
		if first := firstNonEmpty(p.Languages); first != "" && eLangs[norm(first)] {
			f.lang = langFirst
		}
	}
	stages := normSet(e.Stages)
	switch {
	case len(stages) == 0:
		f.stage = stageAll
	case norm(p.CareerStage) == "":
		f.stage = stageUnknown
	case stages[norm(p.CareerStage)]:
		f.stage = stageWelcome
	}
	pts := f.points(w)

	x := Explanation{Eligible: true}
	x.Parts = []Part{
		{Name: "wish", Points: pts[0], Max: w.Wish, Detail: wishDetail(f.rank)},
		{Name: "areas", Points: pts[1], Max: w.Areas, Detail: listDetail("shared areas: ", sharedAreas, "no shared interest areas")},
		{Name: "offers", Points: pts[2], Max: w.Offers, Detail: listDetail("offers what you are looking for: ", matched, "offers nothing you are looking for")},
		{Name: "languages", Points: pts[3], Max: w.Languages, Detail: langDetail(f.lang, sharedLangs)},
		{Name: "stage", Points: pts[4], Max: w.Stage, Detail: stageDetail(f.stage, p.CareerStage)},
	}
	for _, v := range pts {
		x.Total += v
	}
	x.Total = min(x.Total, MaxScore)

	switch {
	case norm(p.Organisation) != "" && norm(p.Organisation) == norm(e.Organisation):
		x.Eligible, x.Reason = false, fmt.Sprintf("you both belong to the same organisation (%s)", strings.TrimSpace(e.Organisation))
	case len(sharedLangs) == 0:
		x.Eligible, x.Reason = false, "you have no language in common"
	case len(p.Slots) > 0 && len(e.Slots) > 0 && len(intersect(p.Slots, normSet(e.Slots))) == 0:
		x.Eligible, x.Reason = false, "you have no free time slot in common"
	}
	if !x.Eligible {
		x.Total = 0
	}
	return x
}

// Language and stage levels shared by Score and the engine's fast scorer.
const (
	langNone = iota
	langOther
	langFirst
)

const (
	stageNo = iota
	stageUnknown
	stageWelcome
	stageAll
)

// features are the counts a score is computed from. Score and the engine's
// interned scorer both reduce a pair to features, so they always agree.
type features struct {
	rank, nWishes        int // rank -1: not on the wish list
	sharedAreas, pAreas  int
	matchedSeeks, pSeeks int
	lang                 int
	stage                int
}

// points turns features into the five part points (wish, areas, offers,
// languages, stage).
func (f features) points(w Weights) [5]int {
	var pts [5]int
	if f.rank >= 0 {
		n := max(5, f.nWishes)
		pts[0] = w.Wish * (n - f.rank) / n
	}
	if d := min(3, f.pAreas); d > 0 {
		pts[1] = w.Areas * min(f.sharedAreas, d) / d
	}
	if d := min(2, f.pSeeks); d > 0 {
		pts[2] = w.Offers * min(f.matchedSeeks, d) / d
	}
	switch f.lang {
	case langFirst:
		pts[3] = w.Languages
	case langOther:
		pts[3] = w.Languages / 2
	}
	switch f.stage {
	case stageAll, stageWelcome:
		pts[4] = w.Stage
	case stageUnknown:
		pts[4] = w.Stage / 2
	}
	return pts
}

func wishDetail(rank int) string {
	if rank < 0 {
		return "not on your wish list"
	}
	return ordinal(rank+1) + " on your wish list"
}

func stageDetail(level int, stage string) string {
	switch level {
	case stageAll:
		return "happy to meet every career stage"
	case stageWelcome:
		return "likes to meet people at your career stage (" + strings.TrimSpace(stage) + ")"
	case stageUnknown:
		return "your career stage is not given"
	}
	return "usually meets people at other career stages"
}

// langDetail says "you both speak X" only when the pair shares the
// participant's first language (full points); another common language
// (half points) is named as such.
func langDetail(level int, shared []string) string {
	switch level {
	case langFirst:
		return listDetail("you both speak ", shared, "")
	case langOther:
		return listDetail("a common language that is not your first: ", shared, "")
	}
	return "no language in common"
}

func listDetail(prefix string, items []string, none string) string {
	if len(items) == 0 {
		return none
	}
	return prefix + strings.Join(items, ", ")
}

func ordinal(n int) string {
	suffix := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return fmt.Sprintf("%d%s", n, suffix)
}

// norm is the canonical form strings are compared in.
func norm(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func normSet(xs []string) map[string]bool {
	m := make(map[string]bool, len(xs))
	for _, x := range xs {
		if k := norm(x); k != "" {
			m[k] = true
		}
	}
	return m
}

// intersect returns the distinct items of xs (as written, trimmed, in order)
// whose canonical form is in set.
func intersect(xs []string, set map[string]bool) []string {
	var out []string
	seen := map[string]bool{}
	for _, x := range xs {
		k := norm(x)
		if k == "" || seen[k] || !set[k] {
			continue
		}
		seen[k] = true
		out = append(out, strings.TrimSpace(x))
	}
	return out
}

func firstNonEmpty(xs []string) string {
	for _, x := range xs {
		if norm(x) != "" {
			return x
		}
	}
	return ""
}
