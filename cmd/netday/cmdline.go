package main

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/ssh"

	"netday/store"
	"netday/store/clean"
	"netday/tui"
)

// maxCommandBytes bounds an SSH command line. The SSH library splits a
// command line into words in time quadratic in its length (100 kB took 8 s
// of CPU), so longer lines are answered before they are split.
const maxCommandBytes = 4096

// commandTooLong answers a command line over maxCommandBytes and returns
// the exit status. An announcement is measured, so the message says by how
// much it is too long.
func (s *server) commandTooLong(sess ssh.Session, id tui.Identity, raw string) int {
	stderr := sess.Stderr()
	name, rest, _ := strings.Cut(strings.TrimSpace(raw), " ")
	if name == "announce" && id.Organiser {
		n := utf8.RuneCountInString(clean.Text(rest, len(rest)+1))
		fmt.Fprintf(stderr, "netday: an announcement has at most %d characters; this one has %d.\n", store.MaxAnnouncement, n)
		return 2
	}
	fmt.Fprintf(stderr, "netday: this command line has %d bytes; netday takes at most %d.\n", len(raw), maxCommandBytes)
	return 2
}
