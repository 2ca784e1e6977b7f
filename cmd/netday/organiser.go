package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/charmbracelet/ssh"

	"netday/store/clean"
	"netday/store/service"
	"netday/tui"
)

// orgCmd is an organiser command. The same code runs over SSH against the
// live server and as `netday NAME --data DIR` against a stopped database.
type orgCmd struct {
	name, args, about string
	run               func(c *orgCtx, args []string) int
}

// orgCtx is what an organiser command works with.
type orgCtx struct {
	svc     *service.Service
	ctx     context.Context
	in      io.Reader
	out     io.Writer
	err     io.Writer
	name    string // the command's name, for messages
	example string // how to call it: "ssh -p 23234 host" or "netday"
}

func orgCommands() []orgCmd {
	return []orgCmd{
		{name: "run", args: "[--full]", about: "run the matching as a preview and print its figures (--full: re-solve everything)", run: cmdRun},
		{name: "diff", args: "[N]", about: "how run N (default: the newest) differs from the published schedule", run: cmdDiff},
		{name: "publish", args: "[N] --yes", about: "publish run N (default: the newest); refused if the run is stale", run: cmdPublish},
		{name: "at-risk", about: "who is at risk of no meeting now, and published meetings that need a new place", run: cmdAtRisk},
		{name: "pin", args: "PARTICIPANT EXPERT [SLOT]", about: "fix a meeting (every later run keeps it)", run: cmdPin},
		{name: "unpin", args: "PARTICIPANT EXPERT", about: "let later runs place the pair freely again", run: cmdUnpin},
		{name: "move", args: "PARTICIPANT EXPERT SLOT|- [NEW-EXPERT]", about: "move a meeting to another slot and/or expert, and pin it", run: cmdMove},
		{name: "cancel", args: "PARTICIPANT EXPERT", about: "remove a meeting from the newest run", run: cmdCancel},
		{name: "runs", about: "every stored run with its figures", run: cmdRuns},
		{name: "show-run", args: "N", about: "run N's figures and meetings", run: cmdShowRun},
		{name: "reproduce", args: "N", about: "solve run N again from its stored inputs and seed, and compare", run: cmdReproduce},
		{name: "import-experts", args: "< experts.csv", about: "import experts from CSV; prints email,code for each", run: cmdImportExperts},
		{name: "matches.csv", args: "[N]", about: "the published schedule (or run N) as CSV", run: cmdMatchesCSV},
		{name: "people.csv", about: "every person (and imported expert) as CSV", run: cmdPeopleCSV},
	}
}

// sshOrgCommands wraps the organiser commands for the SSH command list.
func sshOrgCommands() []sshCommand {
	var out []sshCommand
	for _, c := range orgCommands() {
		c := c
		out = append(out, sshCommand{name: c.name, args: c.args, about: c.about, organiser: true,
			run: func(s *server, sess ssh.Session, id tui.Identity, args []string) int {
				if !id.Organiser { // checked again where the action is
					fmt.Fprintf(sess.Stderr(), "netday: not allowed: %q is for organisers only.\n", c.name)
					return 1
				}
				code := c.run(&orgCtx{svc: s.svc, ctx: sess.Context(), in: sess, out: sess, err: sess.Stderr(),
					name: c.name, example: s.cfg.sshCommand()}, args)
				s.log.Info("organiser command", "command", c.name, "by", id.Fingerprint, "status", code)
				return code
			}})
	}
	return out
}

// fail prints a one-line error and returns status 1.
func (c *orgCtx) fail(format string, args ...any) int {
	fmt.Fprintf(c.err, "netday: "+format+"\n", args...)
	return 1
}

// usage prints how to call the command and returns status 2.
func (c *orgCtx) usage(args string) int {
	fmt.Fprintf(c.err, "netday: usage: %s %s %s\n", c.example, c.name, args)
	return 2
}

// failErr reports err in one line (the service's errors are written for
// organisers) and returns status 1.
func (c *orgCtx) failErr(err error) int {
	if errors.Is(err, service.ErrRunning) {
		return c.fail("a matching run is already in progress; try again when it has finished")
	}
	return c.fail("%s", clean.Line(err.Error(), 400))
}

// runNumber reads an optional run number argument (0: none given).
func (c *orgCtx) runNumber(args []string, usage string) (int, bool) {
	if len(args) == 0 {
		return 0, true
	}
	n, err := strconv.Atoi(strings.TrimPrefix(args[0], "#"))
	if len(args) > 1 || err != nil || n < 1 {
		c.usage(usage)
		return 0, false
	}
	return n, true
}

// lines prints lines to stdout.
func (c *orgCtx) lines(ls []string) {
	fmt.Fprintln(c.out, strings.Join(ls, "\n"))
}
