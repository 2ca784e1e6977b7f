package event

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/BurntSushi/toml"
)

// zeroMeansNothing lists the settings whose 0 the file might mean as
// "default" or "none"; both would be a silent surprise, so 0 is refused and
// leaving the key out gives the default.
var zeroMeansNothing = []struct{ key, what string }{
	{"wish_limit", "a participant must be able to rank at least 1 expert"},
	{"meetings_per_participant", "every participant needs at least 1 meeting"},
	{"invite_valid_days", "an invite code must stay valid at least 1 day"},
	{"slot_minutes", "a slot lasts at least 1 minute"},
}

// checkZeros names every setting the file gives as 0.
func checkZeros(md toml.MetaData, f eventFile, bad func(string, ...any)) {
	values := map[string]int{
		"wish_limit": f.WishLimit, "meetings_per_participant": f.Quota,
		"invite_valid_days": f.InviteDays, "slot_minutes": f.SlotMinutes,
	}
	for _, z := range zeroMeansNothing {
		if md.IsDefined(z.key) && values[z.key] == 0 {
			bad("%s = 0: %s (leave it out for the default)", z.key, z.what)
		}
	}
}

// checkRoomLink accepts a room-link template that is an https:// link
// (http:// with a warning) with a host; javascript:, data:, file: and
// anything else are refused, since the link lands in calendars and screens.
func checkRoomLink(link string, bad func(string, ...any)) (warning string) {
	if strings.ContainsAny(link, " \t") {
		bad("room_link %q must not contain spaces", link)
		return ""
	}
	sample := strings.NewReplacer("{expert}", "expert", "{slot}", "s1").Replace(link)
	u, err := url.Parse(sample)
	scheme := ""
	if err == nil {
		scheme = strings.ToLower(u.Scheme)
	}
	switch {
	case err != nil || (scheme != "https" && scheme != "http"):
		bad("room_link %q must start with https:// (or http://)", link)
	case u.Host == "" || u.Opaque != "":
		bad("room_link %q has no host: write it like https://meet.example.org/{expert}", link)
	case scheme == "http":
		return fmt.Sprintf("room_link %q uses http://: the link to each meeting is sent unencrypted; prefer https://", link)
	}
	return ""
}
