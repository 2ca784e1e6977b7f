package matching

import (
	"slices"
)

// slotDive turns the slot relaxation into a schedule by fixing pairs: while
// some pair meets more than once in the flow, each such pair keeps one of
// its slots (the first it uses) at its plain score, its other slots are
// barred, and the flow is solved again from where it was. Every flow keeps
// all the slot rules and sends every unit of the levels, so a flow in
// which no pair meets twice is a schedule whose counts are at least the
// levels' (lexicographically: a participant's units may come from levels
// that are not consecutive, which only moves people to lower levels).
// With good multipliers (lam, those of the best bound) the pairs it fixes
// are the ones an optimum uses too. It returns nil when the levels can no
// longer be reached or the work runs out before a first schedule, else
// the better of the schedules it reached.
func (pr *problem) slotDive(x *simplex, back int32, arcOf []int32, lam []int64, st *state, rule diveRule) *state {
	// A barred arc costs more than any score, and less than the return
	// arc gives for a unit: a unit that can only go through one stays
	// sent, and the dive reports failure.
	barred := int64(pr.nP+1) * (pr.maxScore() + 1) * lamScale
	pr.lamCosts(x, arcOf, lam)
	x.work += pr.pairWork()
	bar := make([]bool, len(arcOf))
	var found *state // the first schedule, before the multipliers go
	released := false
	for round := 0; round <= 2*len(pr.cE); round++ {
		x.repot()
		if !x.run() || x.cap[back] != 0 || st.stopped() {
			return found
		}
		fixed := false
		for k := range pr.cE {
			if fixed && rule.one {
				break
			}
			keep, uses := -1, 0
			for s := range pr.nS {
				a := arcOf[k*pr.nS+s]
				if a < 0 || x.cap[a] != 0 {
					continue
				}
				if bar[k*pr.nS+s] {
					return found // only a barred slot keeps the levels
				}
				if uses++; keep < 0 || rule.last {
					keep = s
				}
			}
			if uses > 1 {
				// The pair meets twice: it keeps one slot.
				fixed = true
				for t := range pr.nS {
					b := arcOf[k*pr.nS+t]
					switch {
					case b < 0:
					case t == keep:
						x.setCost(b, pr.pairCost(k, 0))
					default:
						bar[k*pr.nS+t] = true
						x.setCost(b, barred)
					}
				}
			}
		}
		if fixed {
			continue
		}
		c, _ := pr.flowState(x, arcOf, st)
		if released {
			if slices.Compare(vector(c), vector(found)) > 0 {
				return c
			}
			return found
		}
		// A schedule. The multipliers still weigh the pairs not fixed;
		// without them the flow can only score more (or meet a pair twice
		// again, which is fixed as before): the better of the two stays.
		found, released = c, true
		for k := range pr.cE {
			for s := range pr.nS {
				if a := arcOf[k*pr.nS+s]; a >= 0 && !bar[k*pr.nS+s] {
					x.setCost(a, pr.pairCost(k, 0))
				}
			}
		}
	}
	return found
}

// diveRule says how a dive fixes pairs: one pair a round (else every pair
// that meets twice at once), keeping its last slot (else its first).
type diveRule struct{ one, last bool }

// diveRules are tried in turn until a dive reaches a schedule; fixing one
// pair a round costs a re-solve per pair, so only small days try it.
func (pr *problem) diveRules() []diveRule {
	rules := []diveRule{{}, {last: true}}
	if len(pr.cE)*pr.nS <= smallSlotArcs {
		rules = append(rules, diveRule{one: true}, diveRule{one: true, last: true})
	}
	return rules
}

// flowState is the schedule of a flow of the slot relaxation: the pins,
// and a meeting per (pair, slot) arc with flow, except a pair's second
// one; short says some were left out so.
func (pr *problem) flowState(x *simplex, arcOf []int32, st *state) (c *state, short bool) {
	c = newState(pr)
	c.ctx = st.ctx
	for _, pin := range pr.pins {
		c.add(pin.p, pin.e, int(pin.s), pin.score, true)
	}
	for p := int32(0); p < int32(pr.nP); p++ {
		es, sc := pr.cand(p)
		for i, e := range es {
			k := int(pr.cStart[p]) + i
			for s := range pr.nS {
				if a := arcOf[k*pr.nS+s]; a >= 0 && x.cap[a] == 0 {
					if c.meets(p, e) >= 0 {
						short = true
						continue
					}
					c.add(p, e, s, sc[i], false)
				}
			}
		}
	}
	return c, short
}

// vectorReaches reports whether st's counts are at least levels,
// lexicographically, on the levels given.
func vectorReaches(st *state, levels []int) bool {
	return slices.Compare(st.levels()[:len(levels)], levels) >= 0
}
