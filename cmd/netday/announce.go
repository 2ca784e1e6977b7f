package main

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/ssh"

	"netday/store"
	"netday/store/clean"
	"netday/tui"
)

const announceUsage = "netday: say what to announce: %s announce The next round starts in 5 minutes\n"

// cmdAnnounce sends an announcement to every open session:
// ssh -p 23234 host announce TEXT…  Organisers only (checked by command and
// again here).
func (s *server) cmdAnnounce(sess ssh.Session, id tui.Identity, args []string) int {
	stderr := sess.Stderr()
	if !id.Organiser {
		fmt.Fprintln(stderr, "netday: announce is for organisers only.")
		return 1
	}
	text := strings.Join(args, " ")
	// Measured in full (an SSH command line is bounded by the protocol), so
	// the message gives the real length.
	cleaned := clean.Text(text, len(text)+1)
	if cleaned == "" {
		fmt.Fprintf(stderr, announceUsage, s.cfg.sshCommand())
		return 2
	}
	if n := utf8.RuneCountInString(cleaned); n > store.MaxAnnouncement {
		fmt.Fprintf(stderr, "netday: an announcement has at most %d characters; this one has %d.\n", store.MaxAnnouncement, n)
		return 2
	}
	a, err := s.svc.Announce(text, id.Fingerprint)
	var verr *store.ValidationError
	if errors.As(err, &verr) {
		fmt.Fprintf(stderr, "netday: %v\n", err)
		return 2
	}
	if err != nil {
		s.log.Error("announce", "err", err)
		fmt.Fprintln(stderr, "netday: could not send the announcement; please try again in a moment.")
		return 1
	}
	s.log.Info("announcement", "id", a.ID, "by", id.Fingerprint)
	fmt.Fprintf(sess, "Announcement %d sent to %s: %s\n", a.ID, openSessions(s.hub.Sessions()), clean.Line(a.Text, store.MaxAnnouncement))
	return 0
}

func openSessions(n int) string {
	if n == 1 {
		return "1 open session"
	}
	return fmt.Sprintf("%d open sessions", n)
}
