// Command netday serves the networking assistant over SSH, and holds its
// local commands: backup, invite, solve and event.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"
	_ "time/tzdata" // SSH carries no TZ: every machine must know every zone

	"netday/store/event"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

const synopsis = `netday — the networking assistant of the Next Generation Day, served over SSH.

Usage:
  netday [serve] [flags]     run the SSH server (default)
  netday backup FILE         write a consistent copy of the database, even while the server runs
  netday restore FILE        put a backup back in place of the database (server stopped)
  netday invite [--count N]  make expert invite codes (one a line), even while the server runs
  netday solve [FILE|-]      schedule meetings for a JSON instance (see README)
  netday event               print the embedded default event file (TOML)
  netday run|diff|publish|at-risk|pin|unpin|move|cancel|runs|show-run|reproduce|
         import-experts|matches.csv|people.csv [--data DIR] [ARGS]
                             the organisers' ssh commands, on a stopped server's database
  netday help                this text`

// run dispatches a subcommand and returns the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	name := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, args = args[0], args[1:]
	}
	switch name {
	case "serve":
		return runServe(args, stdout, stderr)
	case "backup":
		return runBackup(args, stdout, stderr)
	case "restore":
		return runRestore(args, stdout, stderr)
	case "invite":
		return runInvite(args, stdout, stderr)
	case "solve":
		return runSolve(args, stdin, stdout, stderr)
	case "event":
		_, _ = stdout.Write(event.DefaultTOML())
		return 0
	case "help":
		fs := flag.NewFlagSet("netday", flag.ContinueOnError)
		serveFlags(fs, &config{})
		usageFor(fs, stdout, synopsis)()
		return 0
	default:
		if c, ok := orgCommand(name); ok {
			return runLocalOrganiser(c, args, stdin, stdout, stderr)
		}
		fmt.Fprintf(stderr, "netday: unknown command %q\n\n%s\n", name, synopsis)
		return 2
	}
}

func runServe(args []string, stdout, stderr io.Writer) int {
	cfg, fs, code, done := commandFlags("netday", synopsis, args, stdout, stderr, nil)
	if done {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "netday: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	srv, err := newServer(*cfg, log)
	if err != nil {
		fmt.Fprintf(stderr, "netday: %v\n", err)
		return 1
	}
	if err := srv.start(); err != nil {
		srv.store.Close()
		fmt.Fprintf(stderr, "netday: %v\n", err)
		return 1
	}
	log.Info("netday is listening", "addr", srv.addr(), "host_key", srv.hostFP,
		"event", srv.event.Name, "organisers", len(srv.admins), "data", cfg.Data)
	<-ctx.Done()
	stop()
	log.Info("shutting down")
	if err := srv.shutdown(9 * time.Second); err != nil {
		log.Error("shutdown", "err", err)
		return 1
	}
	log.Info("stopped")
	return 0
}
