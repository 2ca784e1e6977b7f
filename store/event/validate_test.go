package event

import (
	"strings"
	"testing"
)

const minimal = `name = "X"` + "\n" + `date = "2022-02-04"` + "\n" + `time_zone = "UTC"` + "\n" + `slots = [{start="12:00"}]` + "\n"

// Issue 9, defect 9: a zero quota or wish limit silently became the
// default, and any room link was taken.
func TestZerosAreRefusedNotDefaulted(t *testing.T) {
	for _, tc := range []struct{ line, want string }{
		{"wish_limit = 0", "wish_limit = 0"},
		{"meetings_per_participant = 0", "meetings_per_participant = 0"},
		{"invite_valid_days = 0", "invite_valid_days = 0"},
		{"slot_minutes = 0", "slot_minutes = 0"},
	} {
		_, err := Parse([]byte(minimal + tc.line))
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "leave it out") {
			t.Errorf("%s: error %v", tc.line, err)
		}
	}
	ev, err := Parse([]byte(minimal)) // absent keys keep the defaults
	if err != nil || ev.WishLimit != 5 || ev.Quota != 3 {
		t.Fatalf("absent keys: %+v, %v", ev, err)
	}
}

func TestRoomLinkMustBeAWebLink(t *testing.T) {
	for _, bad := range []string{
		"javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "data:text/html,<b>x</b>",
		"ftp://files.example.org/{slot}", "https://", "https:///path", "meet.example.org/{slot}",
		"https://meet.example.org/a b", "vbscript:msgbox", "file:///etc/passwd",
	} {
		_, err := Parse([]byte(minimal + "room_link = " + quote(bad)))
		if err == nil || !strings.Contains(err.Error(), "room_link") {
			t.Errorf("room_link %q accepted (err %v)", bad, err)
		}
	}
	ev, err := Parse([]byte(minimal + `room_link = "https://meet.example.org/{slot}-{expert}"`))
	if err != nil || len(ev.Warnings) != 0 || !strings.HasPrefix(ev.Room("SHA256:x", "s1"), "https://meet.example.org/s1-") {
		t.Fatalf("https link: %q %v %v", ev.RoomLink, ev.Warnings, err)
	}
	ev, err = Parse([]byte(minimal + `room_link = "http://rooms.local/{slot}"`))
	if err != nil || len(ev.Warnings) != 1 || !strings.Contains(ev.Warnings[0], "http://") {
		t.Fatalf("http link: %v %v", ev.Warnings, err)
	}
}

func quote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"` }
