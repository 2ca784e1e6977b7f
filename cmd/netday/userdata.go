package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/ssh"

	"netday/store"
	"netday/store/clean"
	"netday/store/event"
	"netday/tui"
)

// exportDoc is what `export` prints: everything stored about the key, with
// the key and the time of the export.
type exportDoc struct {
	Fingerprint string    `json:"fingerprint"`
	Exported    time.Time `json:"exported"`
	store.UserData
}

// cmdExport prints everything netday stores about the caller's key as JSON:
// ssh -p 23234 host export > my-netday-data.json.
func (s *server) cmdExport(sess ssh.Session, id tui.Identity, args []string) int {
	if len(args) > 0 {
		fmt.Fprintf(sess.Stderr(), "netday: export takes no arguments: %s export > my-netday-data.json\n", s.cfg.sshCommand())
		return 2
	}
	if id.Guest() {
		fmt.Fprintln(sess.Stderr(), guestCommandMessage)
		return 1
	}
	data, err := s.store.Export(id.Fingerprint)
	if err != nil {
		s.log.Error("export", "err", err)
		fmt.Fprintln(sess.Stderr(), "netday: could not read your data; please try again in a moment.")
		return 1
	}
	out, err := json.MarshalIndent(exportDoc{
		Fingerprint: id.Fingerprint,
		Exported:    time.Now().UTC().Truncate(time.Second),
		UserData:    data,
	}, "", "  ")
	if err != nil {
		s.log.Error("export: encode", "err", err)
		fmt.Fprintln(sess.Stderr(), "netday: could not encode your data.")
		return 1
	}
	out = clean.JSON(out) // planted C1/bidi runes stay data, not terminal commands
	if _, err := sess.Write(append(out, '\n')); err != nil {
		return 1
	}
	if storedItems(data) == nil {
		fmt.Fprintln(sess.Stderr(), "netday: nothing is stored about this key.")
	}
	return 0
}

// deleteWord is the word that confirms delete-me.
const deleteWord = "delete"

// cmdDeleteMe deletes everything stored about the caller's key, after the
// caller confirms with the word "delete": ssh -p 23234 host delete-me delete.
func (s *server) cmdDeleteMe(sess ssh.Session, id tui.Identity, args []string) int {
	stderr := sess.Stderr()
	if id.Guest() {
		fmt.Fprintln(stderr, guestCommandMessage)
		return 1
	}
	switch {
	case len(args) == 0:
		data, err := s.store.Export(id.Fingerprint)
		if err != nil {
			s.log.Error("delete-me: export", "err", err)
			fmt.Fprintln(stderr, "netday: could not read your data; please try again in a moment.")
			return 1
		}
		var b strings.Builder
		fmt.Fprintf(&b, "netday: delete-me removes everything netday stores about your key %s:\n", id.Fingerprint)
		for _, item := range storedItems(data) {
			b.WriteString("  - " + item + "\n")
		}
		b.WriteString("  - your key wherever it appears on other people's wish lists and in stored matching runs\n")
		b.WriteString("This cannot be undone. Backups the organisers took earlier keep their copy.\n")
		fmt.Fprintf(&b, "To confirm: %s delete-me %s\n", s.cfg.sshCommand(), deleteWord)
		fmt.Fprint(stderr, b.String())
		return 1
	case len(args) == 1 && args[0] == deleteWord:
		if err := s.store.DeleteUser(id.Fingerprint); err != nil {
			s.log.Error("delete-me", "err", err)
			fmt.Fprintln(stderr, "netday: could not delete your data; nothing was changed. Please try again in a moment.")
			return 1
		}
		s.log.Info("user deleted their data", "key", event.ShortID(id.Fingerprint))
		fmt.Fprintln(sess, "Deleted everything netday stored about your key.")
		return 0
	default:
		fmt.Fprintf(stderr, "netday: delete-me goes ahead only with the word %q; nothing was deleted. "+
			"To confirm: %s delete-me %s\n", deleteWord, s.cfg.sshCommand(), deleteWord)
		return 2
	}
}

// storedItems describes, one line each, what a UserData holds.
func storedItems(d store.UserData) []string {
	var items []string
	if d.Profile != nil {
		role := "profile"
		if d.Profile.Role != "" {
			role = string(d.Profile.Role) + " profile"
		}
		items = append(items, fmt.Sprintf("your %s (%s)", role, clean.Line(d.Profile.Name, store.MaxName)))
	}
	if d.Availability != nil {
		items = append(items, fmt.Sprintf("your availability (%d slots)", len(d.Availability.Seats)))
	}
	if d.WishList != nil {
		items = append(items, fmt.Sprintf("your wish list (%d experts)", len(d.WishList.Experts)))
	}
	if d.Expert {
		items = append(items, "your expert status from your invite code")
	}
	if n := len(d.Meetings); n > 0 {
		items = append(items, fmt.Sprintf("your %d meeting(s) in the published schedule", n))
	}
	return items
}
