package event

import (
	"net/mail"
	"net/url"
	"strings"
)

// validContact accepts an e-mail address or an https:// link.
func validContact(c string) bool {
	if strings.HasPrefix(c, "https://") {
		u, err := url.Parse(c)
		return err == nil && u.Host != ""
	}
	a, err := mail.ParseAddress(c)
	return err == nil && a.Address == c
}

// placeholderHosts are domains reserved for examples (RFC 2606, RFC 6761):
// a room link there cannot be a real room.
var placeholderHosts = []string{"example.org", "example.com", "example.net"}

// RoomLinksArePlaceholders reports whether the room-link template points
// at an example domain (like the embedded default), so the links people
// see are not real rooms yet.
func (ev Event) RoomLinksArePlaceholders() bool {
	u, err := url.Parse(strings.NewReplacer("{expert}", "x", "{slot}", "s1").Replace(ev.RoomLink))
	if err != nil || u.Host == "" {
		return true
	}
	host := strings.ToLower(u.Hostname())
	for _, h := range placeholderHosts {
		if host == h || strings.HasSuffix(host, "."+h) {
			return true
		}
	}
	return strings.HasSuffix(host, ".example") || strings.HasSuffix(host, ".invalid") || strings.HasSuffix(host, ".test")
}
