package matching

import (
	"errors"
	"fmt"
	"testing"
)

// fuzzBytes hands out the fuzzer's bytes one at a time (zeros when spent).
type fuzzBytes []byte

func (b *fuzzBytes) next() int {
	if len(*b) == 0 {
		return 0
	}
	v := (*b)[0]
	*b = (*b)[1:]
	return int(v)
}

// fuzzInstance builds a small day from the fuzzer's bytes: a few slots,
// participants and experts, free slots, seats, daily maxima, scores and
// pins, with values that are sometimes out of range on purpose.
func fuzzInstance(data []byte) *Instance {
	b := fuzzBytes(data)
	in := &Instance{Seed: int64(b.next())}
	nS, nP, nE := 1+b.next()%6, 1+b.next()%10, 1+b.next()%5
	for s := range nS {
		in.Slots = append(in.Slots, fmt.Sprintf("s%d", s))
	}
	for p := range nP {
		part := Participant{ID: fmt.Sprintf("p%d", p), Quota: b.next()%(MaxQuota+2) - b.next()%2}
		mask := b.next()
		for s := range nS {
			if mask&(1<<s) != 0 {
				part.Slots = append(part.Slots, in.Slots[s])
			}
		}
		in.Participants = append(in.Participants, part)
	}
	for e := range nE {
		exp := Expert{ID: fmt.Sprintf("e%d", e), Seats: map[string]int{}}
		for _, s := range in.Slots {
			if n := b.next() % 5; n > 0 {
				exp.Seats[s] = n - 1 + b.next()%2*(MaxSeats-1)/4
			}
		}
		if b.next()%3 == 0 {
			m := b.next()%6 - 1
			exp.Max = &m
		}
		in.Experts = append(in.Experts, exp)
	}
	for _, p := range in.Participants {
		for _, e := range in.Experts {
			if v := b.next(); v%3 != 0 {
				in.Scores = append(in.Scores, PairScore{P: p.ID, E: e.ID, Score: v % (MaxScore + 2)})
			}
		}
	}
	for range b.next() % 4 {
		in.Pins = append(in.Pins, Pin{
			P:    fmt.Sprintf("p%d", b.next()%(nP+1)),
			E:    fmt.Sprintf("e%d", b.next()%(nE+1)),
			Slot: fmt.Sprintf("s%d", b.next()%(nS+1)),
		})
	}
	return in
}

// FuzzSolve checks that Solve never panics, refuses exactly the instances
// Validate refuses (with ErrInvalid), and that every schedule it returns
// keeps the hard rules and reports figures that add up.
// Longer: go test -run '^$' -fuzz '^FuzzSolve$' -fuzztime 10m ./matching
func FuzzSolve(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{1, 3, 6, 3, 2, 0xff, 3, 0, 0xff, 2, 1, 0x0f, 4, 4, 4, 4, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
	f.Add([]byte{7, 5, 9, 4, 6, 1, 0x3f, 6, 0, 0x15, 1, 1, 0x2a, 2, 2, 2, 2, 2, 2, 1, 200, 100, 50, 25, 3, 1, 1, 0, 2, 0, 1})
	f.Fuzz(func(t *testing.T, data []byte) {
		in := fuzzInstance(data)
		verr := in.Validate()
		sch, err := Solve(in)
		switch {
		case verr != nil && err == nil:
			t.Fatalf("Validate refused (%v) but Solve scheduled", verr)
		case verr == nil && err != nil:
			t.Fatalf("Validate accepted but Solve failed: %v", err)
		case err != nil:
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("refusal does not wrap ErrInvalid: %v", err)
			}
			return
		}
		if err := verify(in, sch); err != nil {
			t.Fatalf("schedule breaks a rule: %v", err)
		}
		if len(sch.Stats.WithAtLeast) > 0 && sch.Stats.WithAtLeast[0] > sch.Stats.CoverageBound {
			t.Fatalf("coverage %d above its exact bound %d", sch.Stats.WithAtLeast[0], sch.Stats.CoverageBound)
		}
		if sch.Stats.ScoreBound < sch.Stats.TotalScore {
			t.Fatalf("score %d above its bound %d", sch.Stats.TotalScore, sch.Stats.ScoreBound)
		}
	})
}
