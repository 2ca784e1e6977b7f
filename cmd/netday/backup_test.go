package main

import (
	"bytes"
	"flag"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"netday/store"
)

// within runs fn and fails the test if it has not returned after d: a hang
// is what these tests look for.
func within(t *testing.T, d time.Duration, what string, fn func() error) {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- fn() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	case <-time.After(d):
		t.Fatalf("%s did not finish within %v: the server is frozen", what, d)
	}
}

// fillInvites makes invite codes straight in a stopped database until its
// file is at least size bytes, and returns how many it made.
func fillInvites(t *testing.T, dbPath string, size int64) int {
	t.Helper()
	st, err := store.Open(dbPath, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	n := 0
	for {
		fi, err := os.Stat(dbPath)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Size() >= size {
			return n
		}
		codes, err := st.CreateInvites(store.MaxInvites, 24*time.Hour, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		n += len(codes)
	}
}

// A client that starts `ssh … backup` and then stops reading must not hold
// up anyone: writes that grow the file, other people's reads and new
// sessions all go on, and the backup, read at last, holds what was there
// when it started. (Issue 9, defect 1: the copy used to stream from inside
// one read transaction, so the first write that had to grow the file
// blocked, and every read after it.)
func TestStalledBackupDoesNotFreezeServer(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, dbFile)
	// Several times the 2 MB an SSH channel lets through unread.
	before := fillInvites(t, dbPath, 8<<20)
	fi, err := os.Stat(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	startSize := fi.Size()

	organiser, other := newKey(t), newKey(t)
	srv := testServer(t, dir, withAdmins(t, organiser))

	stalled := dial(t, srv.addr(), gossh.PublicKeys(organiser))
	sess, err := stalled.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	out, err := sess.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.Start("backup"); err != nil {
		t.Fatal(err)
	}
	head := make([]byte, 64<<10)
	within(t, waitTimeout, "first bytes of the backup", func() error {
		_, err := io.ReadFull(out, head)
		return err
	})
	// From here on the client reads nothing: the server's writes to it stall.

	writer := dial(t, srv.addr(), gossh.PublicKeys(organiser))
	reader := dial(t, srv.addr(), gossh.PublicKeys(other))
	for grown := int64(0); grown < 2*startSize; {
		within(t, waitTimeout, "invite 500 during a stalled backup", func() error {
			_, err := runCommand(t, writer, "invite 500")
			return err
		})
		within(t, waitTimeout, "another user's export during a stalled backup", func() error {
			_, err := runCommand(t, reader, "export")
			return err
		})
		fi, err := os.Stat(dbPath)
		if err != nil {
			t.Fatal(err)
		}
		grown = fi.Size()
	}
	tm := openTerm(t, dial(t, srv.addr(), gossh.PublicKeys(newKey(t))), 80, 24)
	tm.waitFor("This is your first visit")

	// The stalled client reads on: it gets the whole copy as it was.
	var rest bytes.Buffer
	within(t, waitTimeout, "rest of the backup", func() error {
		if _, err := io.Copy(&rest, out); err != nil {
			return err
		}
		return sess.Wait()
	})
	copyPath := filepath.Join(t.TempDir(), "copy.db")
	if err := os.WriteFile(copyPath, append(head, rest.Bytes()...), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := store.CheckFile(copyPath, 0); err != nil {
		t.Fatalf("the streamed backup does not verify: %v", err)
	}
	cp, err := store.Open(copyPath, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer cp.Close()
	open, _, _, err := cp.InviteCounts(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if open != before {
		t.Fatalf("backup holds %d invites, want the %d made before it started", open, before)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".netday-snapshot-*")); len(left) > 0 {
		t.Fatalf("temporary copies left in the data directory: %v", left)
	}
}

// `netday backup` refuses every file of the data directory, running server
// or not: writing a backup over the host key changed the server's identity
// (issue 9, defect 8). The flags may follow the file (defect 10).
func TestBackupRefusesDataDirectoryFiles(t *testing.T) {
	dir := t.TempDir()
	srv := testServer(t, dir)
	keyPath := filepath.Join(dir, hostKeyFile)
	keyBefore, err := os.ReadFile(keyPath)
	if err != nil {
		t.Fatal(err)
	}
	targets := []string{
		keyPath,
		filepath.Join(dir, dbFile),
		filepath.Join(dir, controlFile),
		filepath.Join(dir, "new-backup.db"),
		filepath.Join(dir, "sub", "..", "other.db"),
	}
	check := func(state string) {
		t.Helper()
		for _, target := range targets {
			var out, errOut bytes.Buffer
			code := run([]string{"backup", target, "--data", dir}, nil, &out, &errOut)
			if code != 2 || !bytes.Contains(errOut.Bytes(), []byte("data directory")) {
				t.Errorf("%s: backup to %s: exit %d, stderr %q; want a refusal naming the data directory",
					state, target, code, errOut.String())
			}
		}
		if got, err := os.ReadFile(keyPath); err != nil || !bytes.Equal(got, keyBefore) {
			t.Fatalf("%s: the host key changed (err %v)", state, err)
		}
		for _, name := range []string{"new-backup.db", "other.db"} {
			if _, err := os.Stat(filepath.Join(dir, name)); !os.IsNotExist(err) {
				t.Errorf("%s: %s was written into the data directory", state, name)
			}
		}
		// A subdirectory of the data directory is fine, flags after the file too.
		sub := filepath.Join(dir, "backups", state+".db")
		var out, errOut bytes.Buffer
		if code := run([]string{"backup", sub, "--data", dir}, nil, &out, &errOut); code != 0 {
			t.Fatalf("%s: backup to %s: exit %d: %s", state, sub, code, errOut.String())
		}
		if err := store.CheckFile(sub, 0); err != nil {
			t.Fatal(err)
		}
	}
	check("running")
	// The control socket guards itself too, whoever asks it.
	if _, err := askControl(dir, "backup "+keyPath); err == nil {
		t.Fatal("the control socket wrote a backup over the host key")
	}
	if err := srv.shutdown(9 * time.Second); err != nil {
		t.Fatal(err)
	}
	check("stopped")
}

func TestFlagsMayFollowArguments(t *testing.T) {
	for _, tc := range []struct {
		args []string
		data string
		rest []string
	}{
		{[]string{"f.db", "--data", "D"}, "D", []string{"f.db"}},
		{[]string{"--data", "D", "f.db"}, "D", []string{"f.db"}},
		{[]string{"a", "--data=D", "b"}, "D", []string{"a", "b"}},
		{[]string{"a", "--", "--data", "D"}, "./netday-data", []string{"a", "--data", "D"}},
		{[]string{"-", "--data", "D"}, "D", []string{"-"}},
		{nil, "./netday-data", nil},
	} {
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		var cfg config
		serveFlags(fs, &cfg)
		if err := parseInterspersed(fs, tc.args); err != nil {
			t.Fatalf("%q: %v", tc.args, err)
		}
		if cfg.Data != tc.data || !slices.Equal(fs.Args(), tc.rest) {
			t.Errorf("%q: data %q args %q; want %q %q", tc.args, cfg.Data, fs.Args(), tc.data, tc.rest)
		}
	}
}
