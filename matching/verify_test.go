package matching

import (
	"fmt"
	"slices"
)

// verify checks a schedule against the hard rules of its instance, on the
// public types only, and checks the stats add up.
func verify(in *Instance, sch *Schedule) error {
	score := map[[2]string]int{}
	for _, s := range in.Scores {
		score[[2]string{s.P, s.E}] = s.Score
	}
	quota := map[string]int{}
	free := map[string][]string{}
	for _, p := range in.Participants {
		quota[p.ID], free[p.ID] = p.Quota, p.Slots
	}
	exp := map[string]Expert{}
	for _, e := range in.Experts {
		exp[e.ID] = e
	}
	count := map[string]int{}
	busy := map[[2]string]bool{}
	met := map[[2]string]bool{}
	seat := map[[2]string]int{}
	day := map[string]int{}
	total := 0
	for _, m := range sch.Meetings {
		sc, ok := score[[2]string{m.P, m.E}]
		if in.Scores == nil {
			sc, ok = m.Score, true
		}
		if !ok || sc != m.Score {
			return fmt.Errorf("%v: ineligible or wrong score", m)
		}
		if _, ok := quota[m.P]; !ok {
			return fmt.Errorf("%v: unknown participant", m)
		}
		if f := free[m.P]; f != nil && !slices.Contains(f, m.Slot) {
			return fmt.Errorf("%v: participant not free", m)
		}
		if busy[[2]string{m.P, m.Slot}] {
			return fmt.Errorf("%v: participant twice in slot", m)
		}
		busy[[2]string{m.P, m.Slot}] = true
		if met[[2]string{m.P, m.E}] {
			return fmt.Errorf("%v: pair meets twice", m)
		}
		met[[2]string{m.P, m.E}] = true
		seat[[2]string{m.E, m.Slot}]++
		if seat[[2]string{m.E, m.Slot}] > exp[m.E].Seats[m.Slot] {
			return fmt.Errorf("%v: over the expert's seats", m)
		}
		day[m.E]++
		if mx := exp[m.E].Max; mx != nil && day[m.E] > *mx {
			return fmt.Errorf("%v: over the expert's daily maximum", m)
		}
		count[m.P]++
		if count[m.P] > quota[m.P] {
			return fmt.Errorf("%v: over the participant's quota", m)
		}
		total += m.Score
	}
	for _, pin := range in.Pins {
		if !slices.ContainsFunc(sch.Meetings, func(m Meeting) bool { return m.P == pin.P && m.E == pin.E && m.Slot == pin.Slot }) {
			return fmt.Errorf("pin %v missing", pin)
		}
	}
	maxQ := 0
	for _, p := range in.Participants {
		maxQ = max(maxQ, p.Quota)
	}
	lv := make([]int, maxQ)
	for _, c := range count {
		for k := 0; k < c; k++ {
			lv[k]++
		}
	}
	if !slices.Equal(lv, sch.Stats.WithAtLeast) || total != sch.Stats.TotalScore || len(sch.Meetings) != sch.Stats.Meetings || sch.Stats.Participants != len(in.Participants) {
		return fmt.Errorf("stats %+v do not add up (levels %v, total %d)", sch.Stats, lv, total)
	}
	return nil
}
