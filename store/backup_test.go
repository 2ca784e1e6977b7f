package store

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestBackupWhileWriting(t *testing.T) {
	dir := t.TempDir()
	s := openTest(t, filepath.Join(dir, "live.db"))
	for i := range 30 {
		if _, err := s.PutProfile(participant(i)); err != nil {
			t.Fatal(err)
		}
	}
	var stop atomic.Bool
	var wg sync.WaitGroup
	var written atomic.Int64
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 1000; !stop.Load(); i++ {
			if _, err := putProfile(s, expert(i)); err != nil {
				t.Error(err)
				return
			}
			written.Add(1)
		}
	}()
	for written.Load() < 5 {
		time.Sleep(time.Millisecond)
	}
	before, err := s.Profiles() // committed before the backup started
	if err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(dir, "backups", "netday-backup.db")
	if err := s.BackupFile(backup); err != nil {
		t.Fatalf("BackupFile: %v", err)
	}
	for n := written.Load(); written.Load() < n+5; {
		time.Sleep(time.Millisecond) // writes continue after the backup
	}
	stop.Store(true)
	wg.Wait()

	fi, err := os.Stat(backup)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("backup mode %v", fi.Mode().Perm())
	}
	if _, err := os.Stat(backup + ".tmp"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("temporary file left: %v", err)
	}
	if err := CheckFile(backup, time.Second); err != nil {
		t.Fatalf("CheckFile(backup): %v", err)
	}
	b := openTest(t, backup)
	after, err := b.Profiles()
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, p := range after {
		have[p.Fingerprint] = true
	}
	for _, p := range before {
		if !have[p.Fingerprint] {
			t.Errorf("backup lacks %s (%s)", p.Name, p.Fingerprint)
		}
	}
	if len(after) < len(before) || len(after) >= 30+int(written.Load()) {
		t.Errorf("backup has %d profiles; %d before, %d at the end", len(after), len(before), 30+written.Load())
	}
}

func TestBackupRefusesLiveFile(t *testing.T) {
	dir := t.TempDir()
	live := filepath.Join(dir, "live.db")
	s := openTest(t, live)
	if _, err := s.PutProfile(participant(1)); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.db")
	if err := os.Symlink(live, link); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{live, filepath.Join(dir, ".", "live.db"), link} {
		if err := s.BackupFile(p); err == nil {
			t.Errorf("BackupFile(%s) overwrote the live database", p)
		}
	}
	if _, err := s.Profile(testFP(1)); err != nil {
		t.Fatalf("live database damaged: %v", err)
	}
}

func TestWriteBackup(t *testing.T) {
	dir := t.TempDir()
	s := openTest(t, filepath.Join(dir, "live.db"))
	if _, err := putProfile(s, expert(7)); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	n, err := s.WriteBackup(&buf)
	if err != nil || n != int64(buf.Len()) || n == 0 {
		t.Fatalf("WriteBackup = %d, %v (buffer %d)", n, err, buf.Len())
	}
	copyPath := filepath.Join(dir, "copy.db")
	if err := os.WriteFile(copyPath, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := CheckFile(copyPath, 0); err != nil {
		t.Fatal(err)
	}
	if p, err := openTest(t, copyPath).Profile(testFP(7)); err != nil || p.Name != "Expert 007" {
		t.Errorf("copy: %+v, %v", p, err)
	}
}

func TestCheckFileFindsDamage(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "live.db")
	s := openTest(t, path)
	for i := range 50 {
		if _, err := s.PutProfile(participant(i)); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	if err := CheckFile(path, 0); err != nil {
		t.Fatalf("CheckFile(good) = %v", err)
	}
	if err := CheckFile(filepath.Join(dir, "missing.db"), 0); err == nil {
		t.Error("CheckFile(missing) = nil")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// Overwrite every page after the two meta pages and the freelist.
	pages := bytes.Clone(data)
	for i := 4 * 4096; i < len(pages); i++ {
		pages[i] = 0xA5
	}
	// Overwrite both meta pages.
	meta := bytes.Clone(data)
	for i := 0; i < 2*4096; i++ {
		meta[i] = 0x5A
	}
	for name, damaged := range map[string][]byte{"pages": pages, "meta": meta} {
		bad := filepath.Join(dir, name+".db")
		if err := os.WriteFile(bad, damaged, 0o600); err != nil {
			t.Fatal(err)
		}
		// Neither may panic. (A panic inside bolt.Open leaves the file
		// mapped and locked in this process, so test Open last.)
		err := CheckFile(bad, 200*time.Millisecond)
		if err == nil {
			t.Errorf("CheckFile(damaged %s) = nil", name)
		}
		t.Logf("damaged %s: CheckFile: %v", name, err)
		s, err := Open(bad, Options{Timeout: 200 * time.Millisecond})
		if err == nil {
			s.Close()
			t.Errorf("Open(damaged %s) = nil", name)
		}
		t.Logf("damaged %s: Open: %v", name, err)
	}
}
