package matching

import "fmt"

// MaxScore is the largest score a pair can get.
const MaxScore = 1000

// Weights are the points each part of a score is worth for a perfect pair.
// They must be non-negative and sum to at most MaxScore. The event file
// embeds them under a [weights] table.
type Weights struct {
	// Wish is worth full points when the expert is first on the
	// participant's wish list, a little less for each following rank.
	Wish int `json:"wish" toml:"wish"`
	// Areas rewards shared interest areas (full points at three shared
	// areas, or at all of the participant's areas if they named fewer).
	Areas int `json:"areas" toml:"areas"`
	// Offers rewards what the expert offers against what the participant
	// is looking for (full points at two matches, or all if fewer sought).
	Offers int `json:"offers" toml:"offers"`
	// Languages is full when the pair shares the participant's first
	// language and half when they share another one.
	Languages int `json:"languages" toml:"languages"`
	// Stage is full when the expert welcomes the participant's career
	// stage (or every stage), half when the participant gave none.
	Stage int `json:"stage" toml:"stage"`
}

// DefaultWeights returns the weights used when an event sets none:
// wish list 400, areas 250, offers 200, career stage 100, languages 50.
func DefaultWeights() Weights {
	return Weights{Wish: 400, Areas: 250, Offers: 200, Languages: 50, Stage: 100}
}

// Sum returns the points of a perfect pair.
func (w Weights) Sum() int { return w.Wish + w.Areas + w.Offers + w.Languages + w.Stage }

// Validate reports weights that are negative or sum to more than MaxScore.
func (w Weights) Validate() error {
	for _, f := range []struct {
		name string
		v    int
	}{{"wish", w.Wish}, {"areas", w.Areas}, {"offers", w.Offers}, {"languages", w.Languages}, {"stage", w.Stage}} {
		if f.v < 0 || f.v > MaxScore {
			return fmt.Errorf("weights: %s %d out of range 0..%d", f.name, f.v, MaxScore)
		}
	}
	if s := w.Sum(); s > MaxScore {
		return fmt.Errorf("weights: sum %d is more than %d", s, MaxScore)
	}
	return nil
}
