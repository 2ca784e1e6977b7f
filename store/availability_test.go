package store

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"netday/store/event"
)

func TestAvailabilityValidate(t *testing.T) {
	many := map[string]int{}
	for i := range event.MaxSlots + 1 {
		many["s"+string(rune('0'+i/10))+string(rune('0'+i%10))] = 1
	}
	tests := []struct {
		name  string
		edit  func(a *Availability)
		field string
		msg   string
	}{
		{"no fingerprint", func(a *Availability) { a.Fingerprint = "" }, "fingerprint", "is required"},
		{"bad fingerprint", func(a *Availability) { a.Fingerprint = "SHA256:x" }, "fingerprint", "SSH key fingerprint"},
		{"too many seats", func(a *Availability) { a.Seats["s2"] = MaxSeats + 1 }, "seats", "between 0 and 6 in slot s2, not 7"},
		{"negative seats", func(a *Availability) { a.Seats["s3"] = -1 }, "seats", "between 0 and 6"},
		{"slot without s", func(a *Availability) { a.Seats["1"] = 1 }, "seats", `unknown slot "1"`},
		{"slot with 3 digits", func(a *Availability) { a.Seats["s100"] = 1 }, "seats", `unknown slot "s100"`},
		{"slot with escape", func(a *Availability) { a.Seats["s1\x1b[2J"] = 1 }, "seats", "unknown slot"},
		{"upper-case slot", func(a *Availability) { a.Seats["S1"] = 1 }, "seats", "unknown slot"},
		{"too many slots", func(a *Availability) { a.Seats = many }, "seats", "at most 48 slots"},
		{"negative daily max", func(a *Availability) { a.DailyMax = -1 }, "daily_max", "between 0 (no maximum) and 48"},
		{"daily max too big", func(a *Availability) { a.DailyMax = 49 }, "daily_max", "between 0"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := Availability{Fingerprint: testFP(1), Seats: map[string]int{"s1": 1, "s2": 6, "s10": 0}, DailyMax: 48}
			if err := a.Validate(); err != nil {
				t.Fatalf("good availability: %v", err)
			}
			tc.edit(&a)
			var ve *ValidationError
			if err := a.Validate(); !errors.As(err, &ve) {
				t.Fatalf("Validate = %v, want *ValidationError", err)
			} else if !strings.HasPrefix(err.Error(), "invalid availability: ") {
				t.Errorf("Error() = %q", err)
			}
			if msg := ve.For(tc.field); !strings.Contains(msg, tc.msg) {
				t.Errorf("For(%q) = %q, want %q", tc.field, msg, tc.msg)
			}
			if len(ve.Fields) != 1 {
				t.Errorf("fields %v", ve.Fields)
			}
		})
	}
}

func TestPutAvailability(t *testing.T) {
	s := openTest(t, "")
	e := expert(1)
	a := Availability{Fingerprint: e.Fingerprint, Seats: map[string]int{"s1": 1, "s2": 0, "s10": 3}, DailyMax: 3}
	// No profile, a participant profile, an expert grant without profile: refused.
	if _, err := s.PutAvailability(a); !errors.Is(err, ErrNotExpert) {
		t.Fatalf("no profile: %v", err)
	}
	p := participant(1)
	if _, err := s.PutProfile(p); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutAvailability(a); !errors.Is(err, ErrNotExpert) {
		t.Fatalf("participant: %v", err)
	}
	if _, err := putProfile(s, e); err != nil {
		t.Fatal(err)
	}
	ch, cancel := s.Subscribe()
	defer cancel()
	got, err := s.PutAvailability(a)
	if err != nil {
		t.Fatalf("PutAvailability: %v", err)
	}
	if c := receive(t, ch); c != (Change{Kind: KindAvailability, Key: e.Fingerprint}) {
		t.Errorf("change %+v", c)
	}
	want := map[string]int{"s1": 1, "s10": 3}
	if !reflect.DeepEqual(got.Seats, want) || got.Updated.IsZero() || got.DailyMax != 3 {
		t.Errorf("stored %+v", got)
	}
	if a.Seats["s2"] != 0 || len(a.Seats) != 3 {
		t.Error("PutAvailability changed the caller's map")
	}
	back, err := s.Availability(e.Fingerprint)
	if err != nil || !reflect.DeepEqual(back.Seats, want) || !back.Updated.Equal(got.Updated) {
		t.Errorf("Availability = %+v, %v", back, err)
	}
	all, err := s.Availabilities()
	if err != nil || len(all) != 1 || !reflect.DeepEqual(all[e.Fingerprint].Seats, want) {
		t.Errorf("Availabilities = %v, %v", all, err)
	}
	if _, err := s.Availability(testFP(99)); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing: %v", err)
	}
	// Invalid input is refused before anything is written.
	bad := a
	bad.Seats = map[string]int{"s1": 9}
	var ve *ValidationError
	if _, err := s.PutAvailability(bad); !errors.As(err, &ve) {
		t.Errorf("invalid: %v", err)
	}
	if back, _ := s.Availability(e.Fingerprint); back.Seats["s1"] != 1 {
		t.Errorf("invalid availability stored: %v", back.Seats)
	}
	// An expert who turned participant may no longer publish.
	e.Role = RoleParticipant
	e.LookingFor = []string{"Mentoring"}
	if _, err := s.PutProfile(e); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutAvailability(a); !errors.Is(err, ErrNotExpert) {
		t.Errorf("after role change: %v", err)
	}
}

func TestSortSlotIDs(t *testing.T) {
	got := SortSlotIDs([]string{"s10", "x", "s2", "s1", "s01"})
	if want := []string{"s01", "s1", "s2", "s10", "x"}; !reflect.DeepEqual(got, want) {
		t.Errorf("SortSlotIDs = %q, want %q", got, want)
	}
}
