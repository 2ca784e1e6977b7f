package service

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"netday/matching"
	"netday/store"
	"netday/store/clean"
)

// RuleError is a pin, move or cancel that breaks a hard rule; its message
// says which, in the organiser's words.
type RuleError struct{ Msg string }

func (e *RuleError) Error() string { return e.Msg }

func ruleErr(format string, args ...any) error { return &RuleError{Msg: fmt.Sprintf(format, args...)} }

// edit is one organiser change to the newest run.
type edit struct {
	p, e     store.Profile // the meeting's participant and expert
	toE      store.Profile // the expert afterwards (move); zero for cancel
	toSlot   string        // the slot afterwards; empty for cancel
	pin      bool          // pin the meeting afterwards
	unpinned bool          // only remove the pin
}

// Pin fixes the meeting of participant p and expert e (as the organiser
// typed them, see Person) in slot (see SlotArg; empty: where the newest run
// has it). It is checked against the hard rules; the newest run is copied
// into a new run with the meeting in place, and every later run keeps it.
func (s *Service) Pin(p, e, slot string) (store.Run, error) {
	ed, err := s.people(p, e)
	if err != nil {
		return store.Run{}, err
	}
	ed.pin, ed.toE, ed.toSlot = true, ed.e, slot
	return s.apply(ed)
}

// Unpin lets later runs place the pair p–e freely again.
func (s *Service) Unpin(p, e string) (store.Run, error) {
	ed, err := s.people(p, e)
	if err != nil {
		return store.Run{}, err
	}
	ed.unpinned = true
	return s.apply(ed)
}

// Move moves the meeting of p and e in the newest run to slot and/or to the
// expert toExpert (empty: the same), checked against the hard rules, and
// pins it there.
func (s *Service) Move(p, e, slot, toExpert string) (store.Run, error) {
	ed, err := s.people(p, e)
	if err != nil {
		return store.Run{}, err
	}
	ed.toE, ed.pin = ed.e, true
	if toExpert != "" {
		if ed.toE, err = s.Person(toExpert, store.RoleExpert); err != nil {
			return store.Run{}, err
		}
	}
	if slot == "" && toExpert == "" {
		return store.Run{}, ruleErr("say where to move the meeting: a slot, another expert, or both")
	}
	ed.toSlot = slot
	return s.apply(ed)
}

// Cancel removes the meeting of p and e from the newest run (and its pin).
func (s *Service) Cancel(p, e string) (store.Run, error) {
	ed, err := s.people(p, e)
	if err != nil {
		return store.Run{}, err
	}
	return s.apply(ed)
}

func (s *Service) people(p, e string) (edit, error) {
	var ed edit
	var err error
	if ed.p, err = s.Person(p, store.RoleParticipant); err != nil {
		return ed, err
	}
	if ed.e, err = s.Person(e, store.RoleExpert); err != nil {
		return ed, err
	}
	return ed, nil
}

// apply checks ed against the newest run and the day's inputs, then stores
// the edited copy of the run and the new pins.
func (s *Service) apply(ed edit) (store.Run, error) {
	if !s.runMu.TryLock() {
		return store.Run{}, ErrRunning
	}
	defer s.runMu.Unlock()
	r, err := s.st.LatestRun()
	if errors.Is(err, store.ErrNotFound) {
		return store.Run{}, ErrNoRun
	}
	if err != nil {
		return store.Run{}, fmt.Errorf("edit: %w", err)
	}
	pins, err := s.st.Pins()
	if err != nil {
		return store.Run{}, fmt.Errorf("edit: %w", err)
	}
	pName, eName := clean.Line(ed.p.Name, store.MaxName), clean.Line(ed.e.Name, store.MaxName)
	idx := slices.IndexFunc(r.Meetings, func(m store.Meeting) bool {
		return m.Participant == ed.p.Fingerprint && m.Expert == ed.e.Fingerprint
	})
	pinIdx := slices.IndexFunc(pins, func(p store.Pin) bool {
		return p.Participant == ed.p.Fingerprint && p.Expert == ed.e.Fingerprint
	})
	out := r
	out.Meetings = slices.Clone(r.Meetings)
	out.Unplaced = maps.Clone(r.Unplaced)
	out.Changes = maps.Clone(r.Changes)
	if out.Changes == nil {
		out.Changes = map[string]string{}
	}
	if out.Unplaced == nil {
		out.Unplaced = map[string]string{}
	}
	newPins := slices.Clone(pins)
	if pinIdx >= 0 {
		newPins = slices.Delete(newPins, pinIdx, pinIdx+1)
	}
	in, _, err := s.instance(r.Seed)
	if err != nil {
		return store.Run{}, fmt.Errorf("edit: %w", err)
	}

	switch {
	case ed.unpinned:
		if pinIdx < 0 {
			return store.Run{}, ruleErr("%s and %s are not pinned", pName, eName)
		}
		out.Note = fmt.Sprintf("Unpinned %s with %s.", pName, eName)
	case ed.toE.Fingerprint == "": // cancel
		if idx < 0 {
			return store.Run{}, ruleErr("%s has no meeting with %s in run %d", pName, eName, r.ID)
		}
		m := out.Meetings[idx]
		out.Meetings = slices.Delete(out.Meetings, idx, idx+1)
		out.Note = fmt.Sprintf("Cancelled by the organisers: %s with %s at %s.", pName, eName, s.SlotLabel(m.Slot))
		out.Changes[store.MeetingKey(m.Participant, m.Expert)] = out.Note
		if len(out.MeetingsOf(ed.p.Fingerprint)) == 0 {
			out.Unplaced[ed.p.Fingerprint] = "The organisers cancelled their meeting."
		}
	default: // pin or move
		slot := ""
		if ed.toSlot != "" {
			sl, err := s.SlotArg(ed.toSlot)
			if err != nil {
				return store.Run{}, err
			}
			slot = sl.ID
		} else if idx >= 0 {
			slot = out.Meetings[idx].Slot
		} else {
			return store.Run{}, ruleErr("%s has no meeting with %s in run %d: say in which slot to pin it", pName, eName, r.ID)
		}
		if idx >= 0 && pinIdx >= 0 && out.Meetings[idx].Slot == slot && ed.toE.Fingerprint == ed.e.Fingerprint &&
			pins[pinIdx].Slot == slot {
			return store.Run{}, ruleErr("%s with %s at %s is already pinned there: nothing to change",
				pName, eName, s.SlotLabel(slot))
		}
		var old *store.Meeting
		if idx >= 0 {
			m := out.Meetings[idx]
			old = &m
			out.Meetings = slices.Delete(out.Meetings, idx, idx+1)
		}
		m, err := s.checkPlace(in, out, ed.p, ed.toE, slot)
		if err != nil {
			return store.Run{}, err
		}
		out.Meetings = append(out.Meetings, m)
		store.SortMeetings(out.Meetings)
		toName := clean.Line(ed.toE.Name, store.MaxName)
		switch {
		case old == nil:
			out.Note = fmt.Sprintf("Added and pinned by the organisers: %s with %s at %s.", pName, toName, s.SlotLabel(slot))
		case old.Slot == slot && old.Expert == m.Expert:
			out.Note = fmt.Sprintf("Pinned by the organisers: %s with %s at %s.", pName, toName, s.SlotLabel(slot))
		default:
			out.Note = fmt.Sprintf("Moved by the organisers: %s with %s at %s, now with %s at %s.",
				pName, eName, s.SlotLabel(old.Slot), toName, s.SlotLabel(slot))
			out.Changes[store.MeetingKey(old.Participant, old.Expert)] = out.Note
		}
		out.Changes[store.MeetingKey(m.Participant, m.Expert)] = out.Note
		delete(out.Unplaced, ed.p.Fingerprint)
		newPins = slices.DeleteFunc(newPins, func(p store.Pin) bool {
			return p.Participant == m.Participant && (p.Expert == m.Expert || p.Slot == m.Slot)
		})
		newPins = append(newPins, store.Pin{Participant: m.Participant, Expert: m.Expert, Slot: m.Slot})
		in.Pins = enginePins(newPins, in)
		if err := in.Validate(); err != nil {
			return store.Run{}, ruleErr("%s", plainRule(err))
		}
	}
	in.Pins = enginePins(newPins, in)
	if out.Input, err = json.Marshal(in); err != nil {
		return store.Run{}, fmt.Errorf("edit: %w", err)
	}
	out.Mode, out.Parent = "edit", r.ID
	if pub, err := s.st.PublishedRun(); err == nil && pub.ID == r.ID {
		out.Base = r.ID // an edit of the published schedule is planned against it
	}
	out.Created = s.now()
	if err := s.st.PutPins(newPins); err != nil {
		return store.Run{}, fmt.Errorf("edit: %w", err)
	}
	saved, err := s.st.SaveRun(out)
	if err != nil {
		return store.Run{}, fmt.Errorf("edit: %w", err)
	}
	return saved, nil
}

// checkPlace checks that p can meet e in slot next to the other meetings of
// r (the meeting being moved already taken out) and returns the meeting.
func (s *Service) checkPlace(in *matching.Instance, r store.Run, p, e store.Profile, slot string) (store.Meeting, error) {
	pName, eName, at := clean.Line(p.Name, store.MaxName), clean.Line(e.Name, store.MaxName), s.SlotLabel(slot)
	pi := slices.IndexFunc(in.Participants, func(x matching.Participant) bool { return x.ID == p.Fingerprint })
	ei := slices.IndexFunc(in.Experts, func(x matching.Expert) bool { return x.ID == e.Fingerprint })
	switch {
	case pi < 0:
		return store.Meeting{}, ruleErr("%s cannot be matched: their profile is not complete", pName)
	case ei < 0:
		return store.Meeting{}, ruleErr("%s cannot be matched: their profile is not complete or they opened no slot", eName)
	}
	part, exp := in.Participants[pi], in.Experts[ei]
	seats := exp.Seats[slot]
	if seats == 0 {
		return store.Meeting{}, ruleErr("%s is away at %s", eName, at)
	}
	if len(part.Slots) > 0 && !slices.Contains(part.Slots, slot) {
		return store.Meeting{}, ruleErr("%s is not free at %s", pName, at)
	}
	taken, daily := 0, 0
	for _, m := range r.Meetings {
		switch {
		case m.Participant == p.Fingerprint && m.Slot == slot:
			return store.Meeting{}, ruleErr("%s already has a meeting at %s", pName, at)
		case m.Participant == p.Fingerprint && m.Expert == e.Fingerprint:
			return store.Meeting{}, ruleErr("%s already meets %s at %s; a pair meets once", pName, eName, s.SlotLabel(m.Slot))
		}
		if m.Expert == e.Fingerprint {
			daily++
			if m.Slot == slot {
				taken++
			}
		}
	}
	if taken >= seats {
		return store.Meeting{}, ruleErr("%s has %s at %s and %s taken", eName, pluralOf(seats, "seat"), at, map[bool]string{true: "it is", false: "all are"}[seats == 1])
	}
	if exp.Max != nil && daily >= *exp.Max {
		return store.Meeting{}, ruleErr("%s has reached their daily maximum of %s", eName, pluralOf(*exp.Max, "meeting"))
	}
	if n := len(r.MeetingsOf(p.Fingerprint)); n >= part.Quota {
		return store.Meeting{}, ruleErr("%s already has %s, their quota", pName, pluralOf(n, "meeting"))
	}
	weights := s.ev.Weights
	if in.Weights != nil {
		weights = *in.Weights
	}
	x := matching.Score(*part.Profile, *exp.Profile, weights)
	if !x.Eligible {
		return store.Meeting{}, ruleErr("%s and %s cannot meet: %s", pName, eName, x.Reason)
	}
	return store.Meeting{Participant: p.Fingerprint, Expert: e.Fingerprint, Slot: slot, Score: x.Total, Why: x.Summary()}, nil
}

// enginePins converts the pins of people present in in.
func enginePins(pins []store.Pin, in *matching.Instance) []matching.Pin {
	present := map[string]bool{}
	for _, p := range in.Participants {
		present[p.ID] = true
	}
	for _, e := range in.Experts {
		present[e.ID] = true
	}
	var out []matching.Pin
	for _, p := range pins {
		if present[p.Participant] && present[p.Expert] {
			out = append(out, matching.Pin{P: p.Participant, E: p.Expert, Slot: p.Slot})
		}
	}
	return out
}

// plainRule strips the engine's "invalid instance: " prefix.
func plainRule(err error) string {
	msg := err.Error()
	if i := strings.LastIndex(msg, "invalid instance: "); i >= 0 {
		msg = msg[i+len("invalid instance: "):]
	}
	return msg
}
