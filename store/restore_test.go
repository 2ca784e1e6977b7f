package store

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestRestore(t *testing.T) {
	dir := t.TempDir()
	live := filepath.Join(dir, "data", "netday.db")
	keep := filepath.Join(dir, "data", "backups")
	s := openTest(t, live)
	if _, err := s.PutProfile(participant(1)); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(dir, "copy.db")
	if err := s.BackupFile(backup); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutProfile(participant(2)); err != nil {
		t.Fatal(err)
	}

	// Refused while the database is open.
	if _, err := Restore(backup, live, keep, 100*time.Millisecond); !errors.Is(err, ErrLocked) {
		t.Fatalf("restore over an open database: %v, want ErrLocked", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	// A file that does not verify changes nothing.
	bad := filepath.Join(dir, "bad.db")
	data, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}
	for i := 4096; i < len(data); i++ {
		data[i] ^= 0x5a
	}
	if err := os.WriteFile(bad, data, 0o600); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(live)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Restore(bad, live, keep, 0); err == nil {
		t.Fatal("a damaged backup was restored")
	}
	if after, _ := os.ReadFile(live); string(after) != string(before) {
		t.Fatal("a refused restore changed the database")
	}
	if _, err := Restore(live, live, keep, 0); err == nil {
		t.Fatal("restored the database over itself")
	}

	kept, err := Restore(backup, live, keep, 0)
	if err != nil {
		t.Fatalf("restore: %v", err)
	}
	if got, _ := os.ReadFile(kept); string(got) != string(before) {
		t.Fatalf("the replaced database was not kept as %s", kept)
	}
	if fi, err := os.Stat(live); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("restored file: %v %v", fi, err)
	}
	r := openTest(t, live)
	if _, err := r.Profile(participant(1).Fingerprint); err != nil {
		t.Fatalf("restored database lacks the backup's profile: %v", err)
	}
	if _, err := r.Profile(participant(2).Fingerprint); !errors.Is(err, ErrNotFound) {
		t.Fatalf("restored database has a profile written after the backup: %v", err)
	}
	if left, _ := filepath.Glob(live + ".restore.tmp"); len(left) > 0 {
		t.Fatalf("temporary file left: %v", left)
	}
}
