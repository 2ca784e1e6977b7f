package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/ssh"

	"netday/store"
	"netday/store/clean"
	"netday/store/service"
	"netday/tui"
)

// cmdInvite makes expert invite codes: ssh -p 23234 host invite [N].
// Organisers only (checked by command and again here).
func (s *server) cmdInvite(sess ssh.Session, id tui.Identity, args []string) int {
	if !id.Organiser {
		fmt.Fprintln(sess.Stderr(), "netday: invite is for organisers only.")
		return 1
	}
	n := 1
	if len(args) > 1 {
		fmt.Fprintf(sess.Stderr(), "netday: invite takes at most one number: %s invite 10\n", s.cfg.sshCommand())
		return 2
	}
	if len(args) == 1 {
		var err error
		if n, err = parseInviteCount(args[0]); err != nil {
			fmt.Fprintf(sess.Stderr(), "netday: %v: %s invite 10\n", err, s.cfg.sshCommand())
			return 2
		}
	}
	codes, expires, err := s.svc.Invites(n)
	if err != nil {
		s.log.Error("invite codes over ssh", "err", err)
		fmt.Fprintln(sess.Stderr(), "netday: could not make invite codes; the server log has the details.")
		return 1
	}
	for _, c := range codes {
		fmt.Fprintln(sess, c)
	}
	fmt.Fprint(sess.Stderr(), inviteNote(len(codes), expires, s.event.Location, s.cfg.sshCommand()))
	s.log.Info("invite codes made over ssh", "count", len(codes), "by", id.Fingerprint)
	return 0
}

// parseInviteCount reads how many codes to make: 1..store.MaxInvites.
func parseInviteCount(arg string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(arg))
	if err != nil || n < 1 || n > store.MaxInvites {
		return 0, fmt.Errorf("the number of codes must be between 1 and %d, not %q",
			store.MaxInvites, clean.Line(arg, 20))
	}
	return n, nil
}

// inviteNote tells organisers how long the codes last and how experts use them.
func inviteNote(n int, expires time.Time, loc *time.Location, sshCmd string) string {
	if loc == nil {
		loc = time.UTC
	}
	what := "1 invite code, good for one expert"
	if n != 1 {
		what = fmt.Sprintf("%d invite codes, each good for one expert", n)
	}
	return fmt.Sprintf("netday: %s, valid until %s.\n"+
		"An expert connects with ssh (%s) and chooses 'Expert, with an invite code', then types the code.\n",
		what, expires.In(loc).Format("Mon 2 Jan 2006 15:04 MST"), sshCmd)
}

// runInvite is `netday invite [--data DIR] [--count N]`: codes from the
// running server through its control socket, or straight from the database
// when the server is stopped. Codes go to stdout, one a line.
func runInvite(args []string, stdout, stderr io.Writer) int {
	var count *int
	cfg, fs, code, done := commandFlags("netday invite", "Usage: netday invite [--data DIR] [--count N]", args, stdout, stderr,
		func(fs *flag.FlagSet) {
			count = fs.Int("count", 1, fmt.Sprintf("how many invite codes to make (1 to %d)", store.MaxInvites))
		})
	if done {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "netday invite: unexpected argument %q; say how many codes with --count N\n",
			clean.Line(fs.Arg(0), 40))
		return 2
	}
	if *count < 1 || *count > store.MaxInvites {
		fmt.Fprintf(stderr, "netday invite: --count must be between 1 and %d\n", store.MaxInvites)
		return 2
	}
	ev, evErr := loadEvent(cfg.EventFile)

	how := "made by the running server"
	codes, expires, listen, err := inviteThroughServer(cfg.Data, *count)
	if err == nil {
		cfg.Listen = listen // the note names where the server really listens
	}
	if errors.Is(err, errNoServer) {
		how = "written to the stopped database"
		if evErr != nil {
			fmt.Fprintf(stderr, "netday invite: %v\n", evErr)
			return 1
		}
		err = withStopped(filepath.Join(cfg.Data, dbFile), fmt.Sprintf("%s invite %d", cfg.sshCommand(), *count),
			func(st *store.Store) error {
				var err error
				codes, expires, err = service.New(st, ev, nil).Invites(*count)
				return err
			})
	}
	if err != nil {
		fmt.Fprintf(stderr, "netday invite: %v\n", err)
		return 1
	}
	for _, c := range codes {
		fmt.Fprintln(stdout, c)
	}
	loc := ev.Location
	if evErr != nil {
		loc = time.UTC
	}
	fmt.Fprintf(stderr, "netday invite: codes %s.\n", how)
	fmt.Fprint(stderr, inviteNote(len(codes), expires, loc, cfg.sshCommand()))
	return 0
}

// inviteThroughServer asks a running server for n codes, and returns them
// with their expiry and the address the server listens on; errNoServer
// means none answers on the control socket.
func inviteThroughServer(dataDir string, n int) (codes []string, expires time.Time, listen string, err error) {
	lines, err := askControlLines(dataDir, fmt.Sprintf("invite %d", n))
	if err != nil {
		return nil, time.Time{}, "", err
	}
	// Reply: "ok N EXPIRES ADDR" (ADDR: where the server listens) then N codes.
	f := strings.Fields(lines[0])
	if len(f) != 4 || f[0] != "ok" {
		return nil, time.Time{}, "", fmt.Errorf("control socket: unexpected reply %q", clean.Line(lines[0], 80))
	}
	got, err := strconv.Atoi(f[1])
	if err != nil || got != n || len(lines)-1 != n {
		return nil, time.Time{}, "", fmt.Errorf("control socket: asked for %d codes, got %d", n, len(lines)-1)
	}
	expires, err = time.Parse(time.RFC3339, f[2])
	if err != nil {
		return nil, time.Time{}, "", fmt.Errorf("control socket: bad expiry %q", clean.Line(f[2], 40))
	}
	return lines[1:], expires, f[3], nil
}

// controlInvite answers the control request "invite N".
func (s *server) controlInvite(w io.Writer, arg string) {
	n, err := parseInviteCount(arg)
	if err != nil {
		fmt.Fprintf(w, "error: %v\n", err)
		return
	}
	codes, expires, err := s.svc.Invites(n)
	if err != nil {
		fmt.Fprintf(w, "error: %v\n", err)
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, "ok %d %s %s\n", len(codes), expires.UTC().Format(time.RFC3339), s.cfg.Listen)
	for _, c := range codes {
		b.WriteString(c + "\n")
	}
	_, _ = io.WriteString(w, b.String())
	s.log.Info("invite codes made through the control socket", "count", len(codes))
}
