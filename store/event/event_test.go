package event

import (
	"strings"
	"testing"
	"time"
)

func TestDefaultEventIsTheNextGenerationDay(t *testing.T) {
	ev := Default()
	if ev.Name != "Next Generation Day" || ev.TimeZone != "Europe/Vienna" || ev.Day() != "Friday 4 February 2022" {
		t.Fatalf("default event = %q %q %q", ev.Name, ev.TimeZone, ev.Day())
	}
	first := ev.Slots[0]
	if first.Start != time.Date(2022, 2, 4, 11, 0, 0, 0, time.UTC) || first.End.Sub(first.Start) != 15*time.Minute {
		t.Fatalf("first slot %v–%v, want 12:00 CET = 11:00 UTC for 15 minutes", first.Start, first.End)
	}
	if ev.Quota != 3 || ev.InviteTTL != 30*24*time.Hour || ev.Weights.Sum() != 1000 ||
		ev.PublishAt != time.Date(2022, 2, 3, 17, 0, 0, 0, time.UTC) {
		t.Fatalf("quota %d, invite ttl %v, weights %+v, publish at %v", ev.Quota, ev.InviteTTL, ev.Weights, ev.PublishAt)
	}
	if ev.Hours() != "12:00–14:35 CET" || len(ev.Areas) < 10 || len(ev.LookingFor) == 0 || ev.WishLimit != 5 {
		t.Fatalf("hours %q, %d areas, %d looking-for, wish limit %d", ev.Hours(), len(ev.Areas), len(ev.LookingFor), ev.WishLimit)
	}
	for i, s := range ev.Slots {
		if s.ID != "s"+string(rune('1'+i)) || s.Start.Location() != time.UTC {
			t.Fatalf("slot %d = %+v", i, s)
		}
	}
}

func TestOrganiserEventFile(t *testing.T) {
	ev, err := Parse([]byte(`
name = "Youth Rights Café"
date = "2026-03-21"
time_zone = "America/Bogota"
slot_minutes = 20
slots = [{ start = "09:00" }, { start = "09:30", minutes = 10 }]
areas = ["Housing", "Migration"]
`))
	if err != nil {
		t.Fatal(err)
	}
	if ev.Slots[0].Start != time.Date(2026, 3, 21, 14, 0, 0, 0, time.UTC) ||
		ev.Slots[1].End.Sub(ev.Slots[1].Start) != 10*time.Minute {
		t.Fatalf("slots %+v", ev.Slots)
	}
	if len(ev.Areas) != 2 || len(ev.LookingFor) != len(Default().LookingFor) || ev.WishLimit != 5 {
		t.Fatalf("defaults not filled: %+v", ev)
	}
}

func TestBadEventFilesNameTheProblem(t *testing.T) {
	base := `name = "X"` + "\n" + `date = "2022-02-04"` + "\n" + `time_zone = "UTC"` + "\n" + `slots = [{start="12:00"}]` + "\n"
	for _, tc := range []struct{ file, want string }{
		{`name = "X"` + "\n" + `date = "2022-02-04"` + "\n" + `time_zone = "Mars/Olympus"` + "\n" + `slots = [{start="12:00"}]`, "Mars/Olympus"},
		{`name = "X"` + "\n" + `date = "4.2.2022"` + "\n" + `time_zone = "UTC"` + "\n" + `slots = [{start="12:00"}]`, "date"},
		{`name = "X"` + "\n" + `date = "2022-02-04"` + "\n" + `time_zone = "UTC"`, "slots"},
		{`name = "X"` + "\n" + `date = "2022-02-04"` + "\n" + `time_zone = "UTC"` + "\n" + `slots = [{start="12:00"},{start="12:10"}]`, "starts before slot 1 ends"},
		{`name = "X"` + "\n" + `date = "2022-02-04"` + "\n" + `time_zone = "UTC"` + "\n" + `slots = [{start="25:00"}]`, "slot 1"},
		{`name = "X"` + "\n" + `date = "2022-02-04"` + "\n" + `time_zone = "UTC"` + "\n" + `slots = [{start="12:00"}]` + "\n" + `areas = ["A", "a"]`, "listed twice"},
		{`name = "X"` + "\n" + `dat = "2022-02-04"`, "unknown keys dat"},
		{base + "meetings_per_participant = 9", "meetings_per_participant 9"},
		{base + `publish_at = "tomorrow"`, "publish_at"},
		{base + "[weights]\nwish = 900\nareas = 200", "sum 1100"},
		{base + "invite_valid_days = -1", "invite_valid_days"},
		{`name = `, "parse event file"},
		{`date = "2022-02-04"` + "\n" + `time_zone = "UTC"` + "\n" + `slots = [{start="12:00"}]`, "name is required"},
	} {
		_, err := Parse([]byte(tc.file))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Parse(%q) error %v, want it to mention %q", tc.file, err, tc.want)
		}
	}
}

func TestRoomLinksAreStableAndShort(t *testing.T) {
	ev := Default()
	a := ev.Room("SHA256:abc", "s1")
	if a != ev.Room("SHA256:abc", "s1") || a == ev.Room("SHA256:abd", "s1") {
		t.Fatalf("room links not stable per expert: %q", a)
	}
	if !strings.HasPrefix(a, "https://bbb.example.org/rooms/netday-") || len(ShortID("SHA256:abc")) != 10 ||
		strings.Contains(a, "SHA256") {
		t.Fatalf("room link %q", a)
	}
}
