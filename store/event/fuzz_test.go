package event

import (
	"strings"
	"testing"

	"netday/matching"
	"netday/store/clean"
)

// FuzzParse feeds the event-file parser arbitrary text: it must never
// panic, and every event it accepts must keep the rules the rest of netday
// relies on (slots in order without overlap, counts in range, clean text).
// Longer: go test -run '^$' -fuzz '^FuzzParse$' -fuzztime 10m ./store/event
func FuzzParse(f *testing.F) {
	f.Add(defaultEventTOML)
	f.Add([]byte("name = \"X\"\ndate = \"2022-02-04\"\ntime_zone = \"Europe/Berlin\"\nslot_minutes = 20\n" +
		"slots = [{start = \"13:00\"}, {start = \"13:20\", minutes = 30}]\n"))
	f.Add([]byte("name = \"\\u202eevil\\u001b[2J\"\ndate = \"2022-02-04\"\ntime_zone = \"UTC\"\n" +
		"slots = [{start = \"23:50\", minutes = 20}]\nwish_limit = 0\nroom_link = \"javascript:alert(1)\"\n"))
	f.Add([]byte("name = \"X\"\ndate = \"2022-13-40\"\ntime_zone = \"../../etc/passwd\"\nslots = []\n"))
	f.Add([]byte("[weights]\narea = -1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ev, err := Parse(data)
		if err != nil {
			return
		}
		if ev.Name == "" || ev.Name != clean.Line(ev.Name, 80) {
			t.Fatalf("name %q is empty or not clean", ev.Name)
		}
		if ev.Location == nil {
			t.Fatal("no location")
		}
		if n := len(ev.Slots); n < 1 || n > MaxSlots {
			t.Fatalf("%d slots", n)
		}
		for i, s := range ev.Slots {
			if !s.End.After(s.Start) || s.End.Sub(s.Start).Minutes() > MaxSlotMinutes {
				t.Fatalf("slot %s: %v to %v", s.ID, s.Start, s.End)
			}
			if i > 0 && s.Start.Before(ev.Slots[i-1].End) {
				t.Fatalf("slot %s overlaps the one before", s.ID)
			}
			if got, ok := ev.SlotByID(s.ID); !ok || got != s {
				t.Fatalf("slot id %q not unique", s.ID)
			}
		}
		for _, list := range [][]string{ev.Areas, ev.LookingFor, ev.CareerStages} {
			if len(list) < 1 || len(list) > MaxOptions {
				t.Fatalf("list of %d entries", len(list))
			}
			seen := map[string]bool{}
			for _, item := range list {
				if item == "" || item != clean.Line(item, 60) || seen[strings.ToLower(item)] {
					t.Fatalf("list entry %q empty, unclean or repeated", item)
				}
				seen[strings.ToLower(item)] = true
			}
		}
		if ev.WishLimit < 1 || ev.WishLimit > MaxWishLimit || ev.Quota < 1 || ev.Quota > matching.MaxQuota {
			t.Fatalf("wish limit %d, quota %d", ev.WishLimit, ev.Quota)
		}
		if ev.InviteTTL <= 0 {
			t.Fatalf("invite ttl %v", ev.InviteTTL)
		}
		if err := ev.Weights.Validate(); err != nil {
			t.Fatalf("weights: %v", err)
		}
		_, _, _ = ev.Day(), ev.Hours(), ev.Room("SHA256:x", ev.Slots[0].ID)
	})
}
