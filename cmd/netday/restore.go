package main

import (
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"time"

	"netday/store"
)

// runRestore is `netday restore [--data DIR] FILE`: it replaces the
// database of a stopped server with a backup, after verifying the backup.
// The database it replaces is kept in the backups folder.
func runRestore(args []string, stdout, stderr io.Writer) int {
	cfg, fs, code, done := commandFlags("netday restore", "Usage: netday restore [--data DIR] FILE", args, stdout, stderr, nil)
	if done {
		return code
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "netday restore: name the backup to restore, e.g. netday restore netday-data/backups/netday-auto-20220204T120000Z.db")
		return 2
	}
	src, err := filepath.Abs(fs.Arg(0))
	if err != nil {
		fmt.Fprintf(stderr, "netday restore: %v\n", err)
		return 2
	}
	if serverAnswers(cfg.Data) {
		fmt.Fprintf(stderr, "netday restore: a server is running with the data directory %s; stop it first, then restore\n", cfg.Data)
		return 1
	}
	dst := filepath.Join(cfg.Data, dbFile)
	kept, err := store.Restore(src, dst, cfg.Backup.dir(cfg.Data), 2*time.Second)
	if errors.Is(err, store.ErrLocked) {
		fmt.Fprintf(stderr, "netday restore: the database %s is in use by a running server; stop it first, then restore\n", dst)
		return 1
	}
	if err != nil {
		fmt.Fprintf(stderr, "netday restore: %v\n", err)
		return 1
	}
	info, err := os.Stat(dst)
	if err != nil {
		fmt.Fprintf(stderr, "netday restore: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "restored %s into %s (%d bytes, verified)\n", src, dst, info.Size())
	if kept != "" {
		fmt.Fprintf(stdout, "the database it replaced is kept as %s\n", kept)
	}
	return 0
}

// serverAnswers reports whether a server listens on the control socket of
// the data directory.
func serverAnswers(dataDir string) bool {
	conn, err := net.DialTimeout("unix", filepath.Join(dataDir, controlFile), 2*time.Second)
	if err != nil {
		return false
	}
	conn.Close()
	return true
}
