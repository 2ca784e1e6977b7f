package matching

import (
	"fmt"
	"math/rand/v2"
)

// randInstance draws a random instance with explicit scores. Sizes are
// upper bounds; pins are drawn from a random feasible partial schedule.
func randInstance(rng *rand.Rand, maxP, maxE, maxS, maxQ, maxSeats int, pins bool) *Instance {
	nS := 1 + rng.IntN(maxS)
	nP := 1 + rng.IntN(maxP)
	nE := 1 + rng.IntN(maxE)
	in := &Instance{Seed: rng.Int64N(1000)}
	for s := 0; s < nS; s++ {
		in.Slots = append(in.Slots, fmt.Sprintf("s%d", s+1))
	}
	for p := 0; p < nP; p++ {
		pp := Participant{ID: fmt.Sprintf("p%d", p+1), Quota: 1 + rng.IntN(maxQ)}
		if rng.IntN(3) == 0 {
			for _, s := range in.Slots {
				if rng.IntN(3) > 0 {
					pp.Slots = append(pp.Slots, s)
				}
			}
		}
		in.Participants = append(in.Participants, pp)
	}
	for e := 0; e < nE; e++ {
		ee := Expert{ID: fmt.Sprintf("e%d", e+1), Seats: map[string]int{}}
		for _, s := range in.Slots {
			if n := rng.IntN(maxSeats + 1); n > 0 || rng.IntN(2) == 0 {
				ee.Seats[s] = n
			}
		}
		if rng.IntN(3) == 0 {
			m := rng.IntN(nS + 1)
			ee.Max = &m
		}
		in.Experts = append(in.Experts, ee)
	}
	in.Scores = []PairScore{}
	for _, p := range in.Participants {
		for _, e := range in.Experts {
			if rng.IntN(4) > 0 {
				in.Scores = append(in.Scores, PairScore{P: p.ID, E: e.ID, Score: rng.IntN(MaxScore + 1)})
			}
		}
	}
	if pins && rng.IntN(2) == 0 {
		// Pins: a few random meetings accepted by the rules.
		for try := 0; try < 6; try++ {
			sc := in.Scores
			if len(sc) == 0 {
				break
			}
			pair := sc[rng.IntN(len(sc))]
			pin := Pin{P: pair.P, E: pair.E, Slot: in.Slots[rng.IntN(nS)]}
			in.Pins = append(in.Pins, pin)
			if in.Validate() != nil {
				in.Pins = in.Pins[:len(in.Pins)-1]
			}
		}
	}
	return in
}

// tiedInstance is a day of nP participants, three experts and three slots
// with near-tied scores: the shape on which the exact search used to run
// out of nodes (with 12 participants).
func tiedInstance(rng *rand.Rand, nP int) *Instance {
	in := &Instance{Seed: rng.Int64N(1000), Slots: []string{"s1", "s2", "s3"}}
	for p := 0; p < nP; p++ {
		in.Participants = append(in.Participants, Participant{ID: fmt.Sprintf("p%d", p+1), Quota: 1 + rng.IntN(3)})
	}
	for e := 0; e < 3; e++ {
		ex := Expert{ID: fmt.Sprintf("e%d", e+1), Seats: map[string]int{}}
		for _, s := range in.Slots {
			if rng.IntN(4) > 0 {
				ex.Seats[s] = 1 + rng.IntN(2)
			}
		}
		in.Experts = append(in.Experts, ex)
	}
	in.Scores = []PairScore{}
	for _, p := range in.Participants {
		for _, e := range in.Experts {
			if rng.IntN(5) > 0 {
				in.Scores = append(in.Scores, PairScore{P: p.ID, E: e.ID, Score: 500 + rng.IntN(8)})
			}
		}
	}
	return in
}
