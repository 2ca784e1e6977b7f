package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"netday/store"
)

// The server writes verified copies on its own, skips a copy when nothing
// changed, keeps the newest --backup-keep and never deletes other files.
func TestAutomaticBackups(t *testing.T) {
	dir := t.TempDir()
	srv := testServer(t, dir, func(c *config) { c.Backup = autoBackupConfig{Every: time.Second, Keep: 3} })
	backups := filepath.Join(dir, "backups")

	// The timer: a first copy appears by itself.
	deadline := time.Now().Add(waitTimeout)
	for {
		copies, _ := autoCopies(backups)
		if len(copies) > 0 {
			if err := store.CheckFile(copies[0], 0); err != nil {
				t.Fatalf("automatic copy does not verify: %v", err)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no automatic backup within the wait")
		}
		time.Sleep(50 * time.Millisecond)
	}

	// Rotation, driven directly with distinct times (the loop is stopped
	// first so that it cannot interleave).
	srv.backup.stop()
	manual := filepath.Join(backups, "before-the-day.db")
	if err := os.WriteFile(manual, []byte("kept"), 0o600); err != nil {
		t.Fatal(err)
	}
	t0 := time.Now().Add(24 * time.Hour) // after the timer's copy, so names sort after it
	var made []string
	for i := range 5 {
		if _, err := srv.store.CreateInvites(1, time.Hour, time.Now()); err != nil {
			t.Fatal(err)
		}
		path, err := srv.backup.backup(t0.Add(time.Duration(i) * time.Minute))
		if err != nil || path == "" {
			t.Fatalf("backup %d: %q %v", i, path, err)
		}
		made = append(made, path)
	}
	if path, err := srv.backup.backup(t0.Add(time.Hour)); err != nil || path != "" {
		t.Fatalf("a copy was made with nothing changed: %q %v", path, err)
	}
	copies, err := autoCopies(backups)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(copies, " ") != strings.Join(made[2:], " ") {
		t.Fatalf("kept %q, want the newest three %q", copies, made[2:])
	}
	for i, c := range copies {
		if err := store.CheckFile(c, 0); err != nil {
			t.Fatal(err)
		}
		cp, err := store.Open(c, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		open, _, _, err := cp.InviteCounts(time.Now())
		cp.Close()
		if err != nil || open != 3+i {
			t.Fatalf("%s holds %d invites (%v), want %d", c, open, err, 3+i)
		}
	}
	if _, err := os.Stat(manual); err != nil {
		t.Fatalf("rotation deleted a file it did not make: %v", err)
	}
}

func TestAutomaticBackupFlags(t *testing.T) {
	for _, bad := range [][]string{
		{"--backup-every", "-1s"},
		{"--backup-every", "10ms"},
		{"--backup-keep", "0"},
	} {
		cfg, _, code, done := commandFlags("netday", "", bad, &bytes.Buffer{}, &bytes.Buffer{}, nil)
		if done {
			t.Fatalf("%q: flags refused (%d)", bad, code)
		}
		if err := cfg.Backup.validate(); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	t.Setenv("NETDAY_BACKUP_EVERY", "1h")
	t.Setenv("NETDAY_BACKUP_KEEP", "5")
	cfg, _, _, _ := commandFlags("netday", "", []string{"--backup-dir", "/x"}, &bytes.Buffer{}, &bytes.Buffer{}, nil)
	if cfg.Backup != (autoBackupConfig{Every: time.Hour, Keep: 5, Dir: "/x"}) {
		t.Fatalf("backup config %+v", cfg.Backup)
	}
	if err := (autoBackupConfig{Every: time.Minute, Keep: 1, Dir: t.TempDir()}).validate(); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := startAutoBackup(autoBackupConfig{Every: time.Minute, Keep: 1, Dir: dir}, dir, nil, nil); err == nil {
		t.Fatal("automatic backups into the data directory itself were accepted")
	}
}

// netday restore refuses while the server runs and refuses a file that
// does not verify; with the server stopped it puts the backup in place and
// keeps the database it replaced.
func TestRestore(t *testing.T) {
	dir := t.TempDir()
	organiser := newKey(t)
	srv := testServer(t, dir, withAdmins(t, organiser))
	c := dial(t, srv.addr(), gossh.PublicKeys(organiser))
	if _, err := runCommand(t, c, "announce before the backup"); err != nil {
		t.Fatal(err)
	}
	copyPath := filepath.Join(t.TempDir(), "copy.db")
	var out, errOut bytes.Buffer
	if code := run([]string{"backup", copyPath, "--data", dir}, nil, &out, &errOut); code != 0 {
		t.Fatalf("backup: %d %s", code, errOut.String())
	}
	if _, err := runCommand(t, c, "announce after the backup"); err != nil {
		t.Fatal(err)
	}

	out.Reset()
	errOut.Reset()
	if code := run([]string{"restore", copyPath, "--data", dir}, nil, &out, &errOut); code != 1 ||
		!strings.Contains(errOut.String(), "stop it first") {
		t.Fatalf("restore while serving: exit %d, stderr %q", code, errOut.String())
	}
	if a, err := srv.store.LatestAnnouncement(); err != nil || a.Text != "after the backup" {
		t.Fatalf("latest announcement %q %v", a.Text, err)
	}
	if err := srv.shutdown(9 * time.Second); err != nil {
		t.Fatal(err)
	}

	junk := filepath.Join(t.TempDir(), "junk.db")
	if err := os.WriteFile(junk, bytes.Repeat([]byte("not a database "), 1000), 0o600); err != nil {
		t.Fatal(err)
	}
	errOut.Reset()
	if code := run([]string{"restore", "--data", dir, junk}, nil, &out, &errOut); code != 1 ||
		!strings.Contains(errOut.String(), "does not verify") {
		t.Fatalf("restore of junk: exit %d, stderr %q", code, errOut.String())
	}

	out.Reset()
	errOut.Reset()
	if code := run([]string{"restore", "--data", dir, copyPath}, nil, &out, &errOut); code != 0 {
		t.Fatalf("restore: exit %d: %s", code, errOut.String())
	}
	if !strings.Contains(out.String(), "verified") || !strings.Contains(out.String(), "netday-before-restore-") {
		t.Fatalf("restore said %q", out.String())
	}
	kept, _ := filepath.Glob(filepath.Join(dir, "backups", "netday-before-restore-*.db"))
	if len(kept) != 1 {
		t.Fatalf("kept copies %v", kept)
	}

	srv2 := testServer(t, dir)
	if a, err := srv2.store.LatestAnnouncement(); err != nil || a.Text != "before the backup" {
		t.Fatalf("after restore the latest announcement is %q (%v), want the backup's", a.Text, err)
	}
}
