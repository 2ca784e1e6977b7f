package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"
)

// WriteBackup writes a consistent, verified copy of the whole database to w
// while the store stays in use. The copy is first written to a temporary
// file beside the database in one short read transaction and checked with
// CheckFile; only then is it streamed to w, with no transaction open. A
// slow or stalled reader (a backup piped over SSH) therefore never holds up
// writers: a read transaction kept open would stop the file from growing,
// and every later read would queue behind the blocked writer. The copy holds
// exactly what was committed when it started. The temporary file is
// unlinked before streaming, so nothing stays behind even after a crash of
// the reader; one left by a crash of this process is removed by Open.
func (s *Store) WriteBackup(w io.Writer) (int64, error) {
	f, err := s.snapshot()
	if err != nil {
		return 0, fmt.Errorf("write backup: %w", err)
	}
	defer f.Close()
	n, err := io.Copy(w, f)
	if err != nil {
		return n, fmt.Errorf("write backup: %w", err)
	}
	return n, nil
}

// snapshotPattern names the temporary copies WriteBackup makes beside the
// database.
const snapshotPattern = ".netday-snapshot-*.tmp"

// snapshot writes a copy of the database to a temporary file in its
// directory, verifies it, and returns it open for reading at offset 0,
// already unlinked.
func (s *Store) snapshot() (*os.File, error) {
	f, err := os.CreateTemp(filepath.Dir(s.path), snapshotPattern)
	if err != nil {
		return nil, err
	}
	name := f.Name()
	defer os.Remove(name) // an open file stays readable once unlinked
	err = s.view(func(tx *bolt.Tx) error {
		_, err := tx.WriteTo(f)
		return err
	})
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	if err := CheckFile(name, 0); err != nil {
		return nil, fmt.Errorf("the copy does not verify: %w", err)
	}
	return os.Open(name)
}

// removeSnapshots deletes temporary copies that a crash left in dir. Only
// the holder of the database lock calls it, so no copy is in use.
func removeSnapshots(dir string) {
	names, _ := filepath.Glob(filepath.Join(dir, snapshotPattern))
	for _, n := range names {
		_ = os.Remove(n)
	}
}

// BackupFile writes a consistent copy of the database to path: first to
// path+".tmp" (mode 0600), which is synced and then renamed over path, and
// then the directory is synced. It refuses to write over the live database
// file. The parent directory is created (mode 0700) if needed.
func (s *Store) BackupFile(path string) error {
	if path == "" {
		return errors.New("backup: empty path")
	}
	tmp := path + ".tmp"
	for _, p := range []string{path, tmp} {
		if same, err := s.isLiveFile(p); err != nil {
			return fmt.Errorf("backup %s: %w", path, err)
		} else if same {
			return fmt.Errorf("backup %s: refusing to overwrite the live database", path)
		}
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("backup %s: %w", path, err)
	}
	if err := os.Remove(tmp); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("backup %s: %w", path, err)
	}
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("backup %s: %w", path, err)
	}
	_, err = s.WriteBackup(f)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("backup %s: %w", path, err)
	}
	if err := syncDir(dir); err != nil {
		return fmt.Errorf("backup %s: %w", path, err)
	}
	return nil
}

// isLiveFile reports whether p names the open database file (by path or, if
// p exists, as the same file).
func (s *Store) isLiveFile(p string) (bool, error) {
	a, err := filepath.Abs(p)
	if err != nil {
		return false, err
	}
	b, err := filepath.Abs(s.path)
	if err != nil {
		return false, err
	}
	if a == b {
		return true, nil
	}
	pi, err := os.Stat(p)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	} else if err != nil {
		return false, err
	}
	li, err := os.Stat(s.path)
	if err != nil {
		return false, err
	}
	return os.SameFile(pi, li), nil
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// CheckFile verifies a database file that no process has open, such as a
// backup: it opens it read-only (waiting at most timeout for the lock, then
// failing with ErrLocked; zero means DefaultTimeout), runs bbolt's
// consistency check, checks the schema version is one this code reads and
// that every record (profiles, invites, availability, wish lists, settings,
// runs, announcements) decodes. A damaged file that makes bbolt panic
// yields an error, not a panic.
func CheckFile(path string, timeout time.Duration) error {
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("check %s: %w", path, err)
	}
	db, err := openBolt(path, bolt.Options{ReadOnly: true, Timeout: timeout}, checkDB)
	if err != nil {
		return fmt.Errorf("check %s: %w", path, err)
	}
	return db.Close()
}

// checkDB runs bbolt's consistency check and reads every record.
func checkDB(db *bolt.DB) error {
	return db.View(func(tx *bolt.Tx) error {
		var errs []error
		for err := range tx.Check() { // drain: Check's goroutine reads the tx
			if len(errs) < 10 {
				errs = append(errs, err)
			}
		}
		if len(errs) > 0 {
			return errors.Join(errs...)
		}
		v, err := readSchema(tx)
		if err != nil {
			return err
		}
		if err := checkSchema(v); err != nil {
			return err
		}
		for _, c := range recordChecks {
			b := tx.Bucket(c.bucket)
			if b == nil {
				if v < c.since {
					continue
				}
				return errNoBucket(c.bucket)
			}
			if err := b.ForEach(func(k, val []byte) error {
				if err := c.check(k, val); err != nil {
					return fmt.Errorf("%s %q: %w", c.bucket, bytes.Clone(k), err)
				}
				return nil
			}); err != nil {
				return err
			}
		}
		return nil
	})
}

// recordChecks say how checkDB reads the records of each bucket, and from
// which schema version on the bucket must exist.
var recordChecks = []struct {
	bucket []byte
	since  int
	check  func(k, v []byte) error
}{
	{profilesBucket, 1, decodes[Profile]},
	{invitesBucket, 2, decodes[Invite]},
	{grantsBucket, 2, func(_, v []byte) error {
		if !bytes.Equal(v, grantExpert) {
			return fmt.Errorf("unknown grant %q", v)
		}
		return nil
	}},
	{availabilityBucket, 2, decodes[Availability]},
	{wishListsBucket, 2, decodes[WishList]},
	{settingsBucket, 2, func(k, v []byte) error {
		switch {
		case bytes.Equal(k, settingsKey):
			return decodes[Settings](k, v)
		case bytes.Equal(k, publishedKey):
			_, err := strconv.Atoi(string(v))
			return err
		}
		return nil
	}},
	{runsBucket, 2, decodes[Run]},
	{announcementsBucket, 2, decodes[Announcement]},
}

// decodes checks that v is the JSON of a T.
func decodes[T any](_, v []byte) error {
	var x T
	return json.Unmarshal(v, &x)
}
