package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"netday/store"
	"netday/store/service"
)

// orgCommand finds an organiser command by name.
func orgCommand(name string) (orgCmd, bool) {
	for _, c := range orgCommands() {
		if c.name == name {
			return c, true
		}
	}
	return orgCmd{}, false
}

// runLocalOrganiser runs an organiser command against a stopped server's
// database: netday NAME [--data DIR] [--event FILE] [ARGS…]. A running
// server holds the database; the message then says to use ssh.
func runLocalOrganiser(c orgCmd, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cfg, _, code, done := commandFlags("netday "+c.name, "", nil, stdout, stderr, nil)
	if done {
		return code
	}
	var rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		for _, f := range []struct {
			name string
			dst  *string
		}{{"--data", &cfg.Data}, {"--event", &cfg.EventFile}} {
			switch {
			case a == f.name || a == "-"+strings.TrimPrefix(f.name, "--"):
				if i+1 >= len(args) {
					fmt.Fprintf(stderr, "netday %s: %s needs a value\n", c.name, f.name)
					return 2
				}
				*f.dst, i, a = args[i+1], i+1, ""
			case strings.HasPrefix(a, f.name+"="):
				*f.dst, a = strings.TrimPrefix(a, f.name+"="), ""
			}
		}
		if a == "-h" || a == "--help" {
			fmt.Fprintf(stdout, "Usage: netday %s [--data DIR] [--event FILE] %s\n  %s\n(on a stopped server; while it runs: %s %s)\n",
				c.name, c.args, c.about, cfg.sshCommand(), c.name)
			return 0
		}
		if a != "" || (i < len(args) && args[i] == "") {
			rest = append(rest, args[i])
		}
	}
	ev, err := loadEvent(cfg.EventFile)
	if err != nil {
		fmt.Fprintf(stderr, "netday %s: %v\n", c.name, err)
		return 1
	}
	status := 0
	err = withStopped(filepath.Join(cfg.Data, dbFile), cfg.sshCommand()+" "+c.name, func(st *store.Store) error {
		status = c.run(&orgCtx{svc: service.New(st, ev, nil), ctx: context.Background(), in: stdin, out: stdout,
			err: stderr, name: c.name, example: "netday"}, rest)
		return nil
	})
	if err != nil {
		fmt.Fprintf(stderr, "netday %s: %v\n", c.name, err)
		return 1
	}
	return status
}
