package main

import (
	"fmt"

	"github.com/charmbracelet/ssh"

	"netday/tui"
)

// cmdFeedbackCSV prints every feedback as CSV for the organisers:
// ssh -p 23234 host feedback.csv > feedback.csv.
func (s *server) cmdFeedbackCSV(sess ssh.Session, _ tui.Identity, args []string) int {
	if len(args) > 0 {
		fmt.Fprintf(sess.Stderr(), "netday: feedback.csv takes no arguments: %s feedback.csv > feedback.csv\n", s.cfg.sshCommand())
		return 2
	}
	if err := s.svc.FeedbackCSV(sess); err != nil {
		s.log.Error("feedback.csv", "err", err)
		fmt.Fprintln(sess.Stderr(), "netday: could not write the feedback; please try again in a moment.")
		return 1
	}
	return 0
}
