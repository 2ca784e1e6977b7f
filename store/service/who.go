package service

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"netday/store"
	"netday/store/clean"
	"netday/store/event"
)

// ErrUnknown is wrapped by Person and SlotArg when nothing matches.
var ErrUnknown = errors.New("not found")

// Person finds a participant or expert (role) from what an organiser types:
// the key's fingerprint, its short id, the name, or the start of a name, all
// case-insensitive. An ambiguous start is refused with the names it fits.
func (s *Service) Person(arg string, role store.Role) (store.Profile, error) {
	arg = strings.TrimSpace(arg)
	profiles, err := s.st.Profiles()
	if err != nil {
		return store.Profile{}, err
	}
	key := clean.FoldKey(arg)
	var exact, prefix []store.Profile
	for _, p := range profiles {
		if p.Role != role {
			continue
		}
		switch name := clean.FoldKey(p.Name); {
		case p.Fingerprint == arg || event.ShortID(p.Fingerprint) == strings.ToLower(arg) || (name == key && key != ""):
			exact = append(exact, p)
		case key != "" && strings.HasPrefix(name, key):
			prefix = append(prefix, p)
		}
	}
	switch {
	case len(exact) == 1:
		return exact[0], nil
	case len(exact) == 0 && len(prefix) == 1:
		return prefix[0], nil
	}
	many := exact
	if len(many) == 0 {
		many = prefix
	}
	if len(many) == 0 {
		return store.Profile{}, fmt.Errorf("no %s called %q: %w", role, clean.Line(arg, 60), ErrUnknown)
	}
	var names []string
	for i, p := range many {
		if i == 3 {
			names = append(names, "…")
			break
		}
		names = append(names, fmt.Sprintf("%s (%s)", clean.Line(p.Name, store.MaxName), event.ShortID(p.Fingerprint)))
	}
	return store.Profile{}, fmt.Errorf("%q fits %d %ss: %s; give more of the name or the id in brackets",
		clean.Line(arg, 60), len(many), role, strings.Join(names, ", "))
}

// SlotArg finds a slot from its id ("s3") or its start in event time
// ("12:40").
func (s *Service) SlotArg(arg string) (event.Slot, error) {
	arg = strings.ToLower(strings.TrimSpace(arg))
	for _, sl := range s.ev.Slots {
		if sl.ID == arg || sl.Start.In(s.loc()).Format("15:04") == arg {
			return sl, nil
		}
	}
	return event.Slot{}, fmt.Errorf("no slot %q: give its start in event time, like %s: %w",
		clean.Line(arg, 20), s.SlotLabel(s.ev.Slots[0].ID), ErrUnknown)
}

// SlotLabel is a slot's start in event time, "12:40"; the id if unknown.
func (s *Service) SlotLabel(id string) string {
	if sl, ok := s.ev.SlotByID(id); ok {
		return sl.Start.In(s.loc()).Format("15:04")
	}
	return id
}

// Names maps every stored key to its cleaned name ("(deleted)" when none).
func (s *Service) Names() (map[string]string, error) {
	profiles, err := s.st.Profiles()
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(profiles))
	for _, p := range profiles {
		out[p.Fingerprint] = clean.Line(p.Name, store.MaxName)
	}
	return out, nil
}

func (s *Service) loc() *time.Location {
	if s.ev.Location == nil {
		return time.UTC
	}
	return s.ev.Location
}
