package matching

import (
	"fmt"
	"math/rand/v2"
)

// GenConfig describes a synthetic networking day for benchmarks.
type GenConfig struct {
	// Participants, Experts and Slots are the sizes of the day.
	Participants, Experts, Slots int
	// Seed makes the instance reproducible; it is also the instance's seed.
	Seed int64
}

var (
	genAreas = []string{"Migration", "Housing", "Climate justice", "Digital rights", "Gender equality",
		"Children's rights", "Health", "Disability", "Indigenous rights", "Labour rights",
		"Freedom of expression", "Criminal justice", "Education", "LGBTIQ+ rights", "Minority rights", "Poverty"}
	genNeeds  = []string{"mentoring", "career advice", "research contacts", "jobs and internships", "project partners"}
	genLangs  = []string{"English", "German", "French", "Spanish", "Arabic", "Italian", "Slovenian", "Croatian"}
	genStages = []string{"student", "early career", "mid career"}
)

// Generate returns a realistic synthetic instance with profiles (the engine
// scores the pairs): expert popularity follows a Zipf law (wish lists of up
// to 5 experts drawn by popularity), three experts in five host small
// tables of 2–6 seats, experts are present in about 85% of the slots and
// a third set a daily maximum of about 3/4 of their seats, participants are free in about 90% of the
// slots and ask for 1–6 meetings (3 on average). Interest areas are also
// Zipf-distributed, most people speak English, and organisations are
// shared by a few people, so some pairs are ineligible.
func Generate(cfg GenConfig) *Instance {
	rng := rand.New(rand.NewPCG(uint64(cfg.Seed), 0x67656e))
	in := &Instance{Seed: cfg.Seed}
	for s := 0; s < cfg.Slots; s++ {
		in.Slots = append(in.Slots, fmt.Sprintf("s%02d", s+1))
	}
	zipf := func(n int) []float64 { // cumulative weights 1/rank
		c := make([]float64, n)
		sum := 0.0
		for i := range c {
			sum += 1 / float64(i+1)
			c[i] = sum
		}
		return c
	}
	draw := func(cum []float64) int {
		x := rng.Float64() * cum[len(cum)-1]
		lo, hi := 0, len(cum)-1
		for lo < hi {
			mid := (lo + hi) / 2
			if cum[mid] < x {
				lo = mid + 1
			} else {
				hi = mid
			}
		}
		return lo
	}
	pick := func(cum []float64, pool []string, n int) []string {
		var out []string
		seen := map[int]bool{}
		for tries := 0; len(out) < n && tries < 8*n; tries++ {
			if i := draw(cum); !seen[i] {
				seen[i] = true
				out = append(out, pool[i])
			}
		}
		return out
	}
	areaCum, langCum := zipf(len(genAreas)), zipf(len(genLangs))
	langs := func() []string {
		l := []string{"English"}
		if rng.IntN(10) == 0 {
			l = nil // a few do not speak English
		}
		for _, x := range pick(langCum, genLangs, rng.IntN(3)) {
			if x != "English" {
				l = append(l, x)
			}
		}
		if len(l) == 0 {
			l = []string{genLangs[1+rng.IntN(len(genLangs)-1)]}
		}
		return l
	}
	nOrgs := max(2, cfg.Participants/6)
	org := func() string { return fmt.Sprintf("org%d", rng.IntN(nOrgs)) }

	for e := 0; e < cfg.Experts; e++ {
		x := Expert{ID: fmt.Sprintf("e%04d", e+1), Seats: map[string]int{}}
		table := rng.IntN(5) < 3
		for _, s := range in.Slots {
			if rng.Float64() < 0.85 {
				n := 1
				if table {
					n = 2 + rng.IntN(5)
				}
				x.Seats[s] = n
			}
		}
		if rng.IntN(3) == 0 { // a daily maximum of about 3/4 of the seats
			seats := 0
			for _, n := range x.Seats {
				seats += n
			}
			m := max(1, seats*3/4)
			x.Max = &m
		}
		var stages []string
		if rng.IntN(5) < 2 {
			stages = pick(zipf(len(genStages)), genStages, 1+rng.IntN(2))
		}
		x.Profile = &Profile{Organisation: org(), Areas: pick(areaCum, genAreas, 1+rng.IntN(4)),
			Languages: langs(), Offers: pick(zipf(len(genNeeds)), genNeeds, 1+rng.IntN(3)), Stages: stages}
		in.Experts = append(in.Experts, x)
	}
	// Experts are popular in a random order, by a Zipf law.
	popular := rng.Perm(cfg.Experts)
	expCum := zipf(cfg.Experts)
	quotas := []int{1, 2, 2, 3, 3, 3, 3, 4, 4, 5, 6}
	for p := 0; p < cfg.Participants; p++ {
		x := Participant{ID: fmt.Sprintf("p%05d", p+1), Quota: quotas[rng.IntN(len(quotas))]}
		for _, s := range in.Slots {
			if rng.Float64() < 0.9 {
				x.Slots = append(x.Slots, s)
			}
		}
		if len(x.Slots) == len(in.Slots) || len(x.Slots) == 0 {
			x.Slots = nil
		}
		var wishes []string
		seen := map[int]bool{}
		for n := rng.IntN(6); len(wishes) < n && len(seen) < cfg.Experts; {
			e := popular[draw(expCum)]
			if !seen[e] {
				seen[e] = true
				wishes = append(wishes, in.Experts[e].ID)
			}
		}
		x.Profile = &Profile{Organisation: org(), CareerStage: genStages[rng.IntN(len(genStages))],
			Areas: pick(areaCum, genAreas, 1+rng.IntN(4)), Languages: langs(),
			Seeks: pick(zipf(len(genNeeds)), genNeeds, 1+rng.IntN(3)), Wishes: wishes}
		in.Participants = append(in.Participants, x)
	}
	return in
}

// EligiblePairs returns every pair that may meet (a common free slot
// included) with its score, computed from the profiles when the instance
// has no Scores. Pairs are ordered by participant, best score first.
func (in *Instance) EligiblePairs() ([]PairScore, error) {
	pr, err := build(in)
	if err != nil {
		return nil, err
	}
	out := make([]PairScore, 0, len(pr.cE))
	for p := int32(0); p < int32(pr.nP); p++ {
		es, sc := pr.cand(p)
		for i, e := range es {
			out = append(out, PairScore{P: in.Participants[p].ID, E: in.Experts[e].ID, Score: int(sc[i])})
		}
	}
	return out, nil
}
