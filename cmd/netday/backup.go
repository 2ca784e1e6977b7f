package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"netday/store"
)

// runBackup writes a consistent copy of the database to FILE: through the
// running server's control socket when one is running (a hot backup), or
// straight from the file when the server is stopped. FILE may not be in
// the data directory itself.
func runBackup(args []string, stdout, stderr io.Writer) int {
	cfg, fs, code, done := commandFlags("netday backup", "Usage: netday backup [--data DIR] FILE", args, stdout, stderr, nil)
	if done {
		return code
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "netday backup: name the file to write, e.g. netday backup netday-2022-02-04.db")
		return 2
	}
	target, err := filepath.Abs(fs.Arg(0))
	if err != nil {
		fmt.Fprintf(stderr, "netday backup: %v\n", err)
		return 2
	}
	if err := checkBackupTarget(cfg.Data, target); err != nil {
		fmt.Fprintf(stderr, "netday backup: %v\n", err)
		return 2
	}
	how := "from the running server"
	_, err = askControl(cfg.Data, "backup "+target)
	if errors.Is(err, errNoServer) {
		how = "from the stopped database"
		err = withStopped(filepath.Join(cfg.Data, dbFile), cfg.sshCommand()+" backup > "+target,
			func(st *store.Store) error { return st.BackupFile(target) })
	}
	if err != nil {
		fmt.Fprintf(stderr, "netday backup: %v\n", err)
		return 1
	}
	if err := store.CheckFile(target, 2*time.Second); err != nil {
		fmt.Fprintf(stderr, "netday backup: the copy does not verify: %v\n", err)
		return 1
	}
	info, err := os.Stat(target)
	if err != nil {
		fmt.Fprintf(stderr, "netday backup: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "backup written %s: %s (%d bytes, verified)\n", how, target, info.Size())
	return 0
}

// checkBackupTarget refuses a backup target inside the data directory
// itself: every file there (the live database, the host key, the control
// socket) is the server's, and a backup written over one destroys it.
// Subdirectories, such as the automatic backups' folder, are allowed.
func checkBackupTarget(dataDir, target string) error {
	dataAbs, err := filepath.Abs(dataDir)
	if err != nil {
		return err
	}
	parent := filepath.Dir(target)
	same := parent == dataAbs
	if !same {
		pi, perr := os.Stat(parent)
		di, derr := os.Stat(dataAbs)
		same = perr == nil && derr == nil && os.SameFile(pi, di)
	}
	if same || target == dataAbs {
		return fmt.Errorf("refusing to write %s: it is in the data directory %s, whose files "+
			"(the live database, the host key) belong to the server; choose a file outside it", target, dataAbs)
	}
	return nil
}

// withStopped opens the database of a stopped server (never creating one),
// runs fn on it and closes it. When a server holds the file, the error says
// to go through it over ssh instead: instead is the command to show.
func withStopped(dbPath, instead string, fn func(*store.Store) error) error {
	if _, err := os.Stat(dbPath); err != nil {
		return fmt.Errorf("no database at %s (start the server once, or name its directory with --data)", dbPath)
	}
	st, err := store.Open(dbPath, store.Options{Timeout: time.Second})
	if errors.Is(err, store.ErrLocked) {
		return fmt.Errorf("the database is in use by a server that does not answer on its control socket; "+
			"go through it instead: %s", instead)
	}
	if err != nil {
		return err
	}
	err = fn(st)
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	return err
}
