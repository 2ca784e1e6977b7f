package main

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/ssh"

	"netday/store/clean"
	"netday/tui"
)

// sshCommand is a command run over SSH without a terminal:
// ssh -p 23234 host NAME.
type sshCommand struct {
	name, about string
	args        string // what follows the name in help, e.g. "[N]"
	organiser   bool
	run         func(s *server, sess ssh.Session, id tui.Identity, args []string) int
}

func sshCommands() []sshCommand {
	return append([]sshCommand{
		{name: "help", about: "list these commands", run: (*server).cmdHelp},
		{name: "agenda.ics", about: "your meetings as a calendar file (agenda.ics > netday.ics)", run: (*server).cmdAgenda},
		{name: "export", about: "everything netday stores about your key, as JSON", run: (*server).cmdExport},
		{name: "delete-me", args: "[delete]", about: "delete everything netday stores about your key (asks first)", run: (*server).cmdDeleteMe},
		{name: "day.ics", about: "the whole published day as a calendar, one event per table (day.ics > day.ics)", organiser: true, run: (*server).cmdDayICS},
		{name: "feedback.csv", about: "every meeting's feedback (met, rating, comment) as CSV", organiser: true, run: (*server).cmdFeedbackCSV},
		{name: "backup", about: "write a consistent copy of the database to stdout", organiser: true, run: (*server).cmdBackup},
		{name: "invite", args: "[N]", about: "make N expert invite codes (default 1), one a line", organiser: true, run: (*server).cmdInvite},
		{name: "announce", args: "TEXT…", about: "show TEXT in every open session", organiser: true, run: (*server).cmdAnnounce},
	}, sshOrgCommands()...)
}

// command runs an SSH command and returns its exit status.
func (s *server) command(sess ssh.Session, id tui.Identity, argv []string) int {
	name := argv[0]
	for _, c := range sshCommands() {
		if c.name != name {
			continue
		}
		if c.organiser && !id.Organiser {
			fmt.Fprintf(sess.Stderr(), "netday: not allowed: %q is for organisers only.\n", name)
			return 1
		}
		if c.name != "backup" { // a binary file; every other output may meet a terminal
			sess = cleanOutput{sess}
		}
		return c.run(s, sess, id, argv[1:])
	}
	fmt.Fprintf(sess.Stderr(), "netday: unknown command %q. Try: %s help\n", clean.Line(name, 40), s.cfg.sshCommand())
	return 2
}

func (s *server) cmdHelp(sess ssh.Session, id tui.Identity, _ []string) int {
	if id.Guest() { // every command needs a key: one line, as for the others
		fmt.Fprintf(sess.Stderr(), "netday: you are connected as a guest (without an SSH key), so there are no commands for you; "+
			"look around with a terminal (%s), or connect with your key (make one with: ssh-keygen -t ed25519).\n",
			strings.Replace(s.cfg.sshCommand(), "ssh", "ssh -t", 1))
		return 1
	}
	w := sess
	fmt.Fprintf(w, "netday: connect with a terminal for the app (%s), or run:\n", strings.Replace(s.cfg.sshCommand(), "ssh", "ssh -t", 1))
	for _, c := range sshCommands() {
		if c.organiser && !id.Organiser {
			continue
		}
		if use := strings.TrimSpace(c.name + " " + c.args); len(use) > 19 {
			fmt.Fprintf(w, "  %s\n  %-19s %s\n", use, "", c.about)
		} else {
			fmt.Fprintf(w, "  %-19s %s\n", use, c.about)
		}
	}
	return 0
}

func (s *server) cmdBackup(sess ssh.Session, _ tui.Identity, args []string) int {
	if len(args) > 0 {
		fmt.Fprintf(sess.Stderr(), "netday: backup takes no arguments: %s backup > netday-backup.db\n", s.cfg.sshCommand())
		return 2
	}
	n, err := s.store.WriteBackup(sess)
	if err != nil {
		fmt.Fprintf(sess.Stderr(), "netday: backup failed: %v\n", err)
		return 1
	}
	s.log.Info("backup sent over ssh", "bytes", n)
	return 0
}
