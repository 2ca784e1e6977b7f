package service

import (
	"time"

	"netday/store"
)

// Figures are what an organiser looks at before publishing a run.
type Figures struct {
	Run          int    // run number
	Mode         string // solve, replan, full or edit
	Engine       string // engine version
	Participants int    // participants in the run's input
	// WithAtLeast[k-1] participants have at least k meetings.
	WithAtLeast []int
	// CoverageBound is the most participants who can get a meeting at all
	// (the engine's exact max-flow); 0 if unknown.
	CoverageBound int
	Meetings      int
	TotalScore    int
	MeanScore     float64 // per meeting, 0..1000
	// ScoreBound bounds the total score of any schedule with these counts;
	// 0 when unknown (e.g. after a hand edit).
	ScoreBound    int
	ProvenOptimal bool
	// Wishers have a wish list; FirstChoice got their first wish, AnyChoice
	// at least one wished expert. WishesMet of WishesTotal requests met.
	Wishers, FirstChoice, AnyChoice int
	WishesMet, WishesTotal          int
	// Experts in the input; ExpertsUsed have a meeting; ExpertsFull have
	// as many meetings as seats (or their daily maximum); BusiestExpert is
	// the most meetings one expert has.
	Experts, ExpertsUsed, ExpertsFull, BusiestExpert int
	MeanLoad                                         float64 // meetings per expert with a meeting
	// PublishedChanged counts published meetings the run moved or removed.
	PublishedChanged int
	Unplaced         int
	Elapsed          time.Duration
}

// Gap is how far the total score is from the engine's bound, in percent
// (0 = optimal); ok is false when the bound is unknown.
func (f Figures) Gap() (pct float64, ok bool) {
	if f.ScoreBound <= 0 {
		return 0, false
	}
	return 100 * float64(f.ScoreBound-f.TotalScore) / float64(f.ScoreBound), true
}

// FiguresOf computes a run's figures from its meetings, its input and the
// engine's own figures; the counts are the engine's for a solved run.
func FiguresOf(r store.Run) (Figures, error) {
	in, err := runInput(r)
	if err != nil {
		return Figures{}, err
	}
	st, err := runStats(r)
	if err != nil {
		return Figures{}, err
	}
	f := Figures{
		Run: r.ID, Mode: r.Mode, Engine: r.Engine, Participants: len(in.Participants),
		CoverageBound: st.CoverageBound, ProvenOptimal: st.ProvenOptimal,
		PublishedChanged: st.PublishedChanged, Unplaced: len(r.Unplaced),
		Elapsed: time.Duration(st.ElapsedMS) * time.Millisecond, Experts: len(in.Experts),
		Meetings: len(r.Meetings),
	}
	if r.Mode != "edit" {
		f.ScoreBound = st.ScoreBound
	} else {
		f.ProvenOptimal = false
	}
	quota := 1
	for _, p := range in.Participants {
		quota = max(quota, p.Quota)
	}
	per := map[string]int{}
	load := map[string]int{}
	met := map[[2]string]bool{}
	for _, m := range r.Meetings {
		per[m.Participant]++
		load[m.Expert]++
		f.TotalScore += m.Score
		met[[2]string{m.Participant, m.Expert}] = true
	}
	f.WithAtLeast = make([]int, quota)
	for _, n := range per {
		for k := 0; k < min(n, quota); k++ {
			f.WithAtLeast[k]++
		}
	}
	if f.Meetings > 0 {
		f.MeanScore = float64(f.TotalScore) / float64(f.Meetings)
	}
	for _, p := range in.Participants {
		if p.Profile == nil || len(p.Profile.Wishes) == 0 {
			continue
		}
		f.Wishers++
		f.WishesTotal += len(p.Profile.Wishes)
		any := false
		for i, e := range p.Profile.Wishes {
			if met[[2]string{p.ID, e}] {
				f.WishesMet++
				any = true
				if i == 0 {
					f.FirstChoice++
				}
			}
		}
		if any {
			f.AnyChoice++
		}
	}
	for _, e := range in.Experts {
		n := load[e.ID]
		if n == 0 {
			continue
		}
		f.ExpertsUsed++
		f.BusiestExpert = max(f.BusiestExpert, n)
		capacity := 0
		for _, seats := range e.Seats {
			capacity += seats
		}
		if e.Max != nil {
			capacity = min(capacity, *e.Max)
		}
		if n >= capacity {
			f.ExpertsFull++
		}
	}
	if f.ExpertsUsed > 0 {
		f.MeanLoad = float64(f.Meetings) / float64(f.ExpertsUsed)
	}
	return f, nil
}
