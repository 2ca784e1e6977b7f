package matching

import (
	"context"
	"strings"
	"time"
)

// Mode says how ResolveWith treats published meetings.
type Mode int

const (
	// ModeReplan (the default) keeps published meetings where possible. It
	// may move or take away a participant's second or later published
	// meeting (never the earliest one) so that every late joiner who can
	// be placed gets a first meeting, and it changes as few published
	// meetings as it can to do so.
	ModeReplan Mode = iota
	// ModeKeep pins every published meeting that still fits.
	ModeKeep
	// ModeFull ignores published meetings (a full re-solve); Changes still
	// reports how the result differs from them.
	ModeFull
)

// String returns the mode's name: "replan", "keep" or "full".
func (m Mode) String() string {
	switch m {
	case ModeReplan:
		return "replan"
	case ModeKeep:
		return "keep"
	case ModeFull:
		return "full"
	}
	return "unknown"
}

// Options tune ResolveWith.
type Options struct {
	// Mode says how published meetings are treated.
	Mode Mode
	// Context stops the solve when cancelled (nil: never); the error then
	// wraps ctx.Err().
	Context context.Context
}

// Kinds of Change.
const (
	ChangeMoved   = "moved"   // the meeting is now at another seat
	ChangeRemoved = "removed" // the meeting is gone; the participant keeps others
	ChangeDropped = "dropped" // the meeting no longer fits the instance
)

// Reasons of Change, in plain English.
const (
	ReasonLateJoiner = "freed a seat so a late joiner gets a first meeting"
	ReasonFullReplan = "the whole day was planned again"
)

// Change is one published meeting that a re-plan moved, removed or
// dropped.
type Change struct {
	// Kind is ChangeMoved, ChangeRemoved or ChangeDropped.
	Kind string `json:"kind"`
	// From is the published meeting.
	From Meeting `json:"from"`
	// To is where the meeting went, for ChangeMoved.
	To *Meeting `json:"to,omitempty"`
	// Reason says why in plain English.
	Reason string `json:"reason"`
}

// Resolve re-plans after changes with ModeReplan: see ResolveWith.
func Resolve(in *Instance, published []Meeting) (*Schedule, error) {
	return ResolveWith(in, published, Options{Mode: ModeReplan})
}

// ResolveWith re-plans a day whose schedule was published. The instance's
// own Pins come first and must be valid. Published meetings of people who
// left are cancelled; those of people still present that no longer fit (a
// slot removed, fewer seats, a lower quota...) are dropped and listed in
// Schedule.Dropped. What happens to the others depends on o.Mode (see
// Mode). Schedule.Changes lists every published meeting that was moved,
// removed or dropped, with a reason, and Stats.PublishedChanged counts the
// moved and removed ones.
func ResolveWith(in *Instance, published []Meeting, o Options) (*Schedule, error) {
	start := time.Now()
	pr, err := build(in)
	if err != nil {
		return nil, err
	}
	opts := defaultOptions(pr)
	opts.ctx = o.Context
	own := len(pr.pins)

	// Sort the published meetings: kept as pins, dropped, or gone.
	pc := newPinChecker(pr)
	for i, pin := range in.Pins {
		if _, err := pc.check(i, pin); err != nil {
			return nil, err
		}
	}
	pinned := make(map[Pin]bool, len(in.Pins))
	for _, pin := range in.Pins {
		pinned[pin] = true
	}
	var changes []Change
	var dropped []Meeting
	var fit []cpin // published meetings that still fit, in the order given
	for i, m := range published {
		if pinned[Pin{P: m.P, E: m.E, Slot: m.Slot}] {
			continue // the organiser pinned it
		}
		_, okP := pr.pIdx[m.P]
		_, okE := pr.eIdx[m.E]
		switch {
		case !okP:
			changes = append(changes, Change{Kind: ChangeDropped, From: m, Reason: "the participant is no longer in the day"})
			continue
		case !okE:
			changes = append(changes, Change{Kind: ChangeDropped, From: m, Reason: "the expert is no longer in the day"})
			continue
		}
		if o.Mode == ModeFull {
			fit = append(fit, cpin{pr.pIdx[m.P], pr.eIdx[m.E], pr.slotIdx[m.Slot], -1})
			continue
		}
		c, err := pc.check(len(in.Pins)+i, Pin{P: m.P, E: m.E, Slot: m.Slot})
		if err != nil {
			dropped = append(dropped, m)
			changes = append(changes, Change{Kind: ChangeDropped, From: m, Reason: "no longer fits: " + lastPart(err)})
			continue
		}
		fit = append(fit, c)
	}

	reason := ReasonLateJoiner
	switch o.Mode {
	case ModeFull:
		reason = ReasonFullReplan
	case ModeKeep:
		pr.pins = append(pr.pins, fit...)
	default:
		pr.pins = append(pr.pins, fit...)
		removed := makeRoom(pr, own, opts)
		pr.pins = pr.pins[:own]
		for i, c := range fit {
			if !removed[i] {
				pr.pins = append(pr.pins, c)
			}
		}
	}
	if err := ctxErr(o.Context); err != nil {
		return nil, err
	}
	res, err := solve(pr, opts)
	if err != nil {
		return nil, err
	}
	sch := pr.schedule(res)
	moved := pr.diff(res.st, fit, reason)
	sch.Stats.PublishedChanged = len(moved)
	sch.Changes = append(changes, moved...)
	sch.Dropped = dropped
	sch.Stats.ElapsedMS = time.Since(start).Milliseconds()
	return sch, nil
}

// lastPart returns the last ": "-separated part of an error message: the
// rule a pin breaks.
func lastPart(err error) string {
	msg := err.Error()
	if i := strings.LastIndex(msg, ": "); i >= 0 {
		return msg[i+2:]
	}
	return msg
}

// diff lists the published meetings in fit that st does not keep: those
// whose participant got a new meeting instead are "moved" there (same
// expert first, then in slot order), the others "removed".
func (pr *problem) diff(st *state, fit []cpin, reason string) []Change {
	type key struct{ p, e, s int32 }
	published := make(map[key]bool, len(fit))
	for _, c := range fit {
		published[key{c.p, c.e, c.s}] = true
	}
	for _, c := range pr.pins {
		published[key{c.p, c.e, c.s}] = true
	}
	lost := map[int32][]cpin{}
	var order []int32
	for _, c := range fit {
		j := st.meets(c.p, c.e)
		if j >= 0 && int32(st.mS[int(c.p)*MaxQuota+j]) == c.s {
			continue
		}
		if _, ok := lost[c.p]; !ok {
			order = append(order, c.p)
		}
		lost[c.p] = append(lost[c.p], c)
	}
	var out []Change
	for _, p := range order {
		var gained []cpin
		for j := 0; j < int(st.cnt[p]); j++ {
			k := int(p)*MaxQuota + j
			g := cpin{p, st.mE[k], int32(st.mS[k]), st.mSc[k]}
			if !published[key{g.p, g.e, g.s}] {
				gained = append(gained, g)
			}
		}
		// Sort gained meetings by slot for a stable pairing.
		for i := 1; i < len(gained); i++ {
			for j := i; j > 0 && gained[j].s < gained[j-1].s; j-- {
				gained[j], gained[j-1] = gained[j-1], gained[j]
			}
		}
		used := make([]bool, len(gained))
		for _, c := range lost[p] {
			from := pr.meeting(c)
			pick := -1
			for i, g := range gained {
				if !used[i] && g.e == c.e {
					pick = i
					break
				}
			}
			for i := range gained {
				if pick < 0 && !used[i] {
					pick = i
				}
			}
			if pick < 0 {
				out = append(out, Change{Kind: ChangeRemoved, From: from, Reason: reason})
				continue
			}
			used[pick] = true
			to := pr.meeting(gained[pick])
			out = append(out, Change{Kind: ChangeMoved, From: from, To: &to, Reason: reason})
		}
	}
	return out
}

// meeting turns a meeting in index form into a Meeting; a negative score
// is looked up.
func (pr *problem) meeting(c cpin) Meeting {
	sc := c.score
	if sc < 0 {
		sc, _ = pr.score(c.p, c.e)
	}
	return Meeting{P: pr.in.Participants[c.p].ID, E: pr.in.Experts[c.e].ID, Slot: pr.in.Slots[c.s], Score: int(sc)}
}
