package store

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Writes counts the writes committed through this Store since it was
// opened. Automatic backups compare it to skip a copy when nothing changed.
func (s *Store) Writes() uint64 { return s.version.Load() }

// Restore replaces the database file at dst with a copy of the backup src.
// It verifies src first (CheckFile) and refuses it if it does not verify.
// It refuses while another process (a running server) or another handle
// holds dst: it takes dst's lock itself, waiting at most timeout (zero
// means DefaultTimeout), then returns an error wrapping ErrLocked. The copy
// is written to dst+".restore.tmp" (mode 0600), synced and renamed over dst.
// The database it replaces is not deleted: it is moved to keepDir (created
// mode 0700 if needed) as "netday-before-restore-<UTC time>.db", whose path
// is returned ("" when dst did not exist).
func Restore(src, dst, keepDir string, timeout time.Duration) (kept string, err error) {
	if src == "" || dst == "" {
		return "", errors.New("restore: empty path")
	}
	si, err := os.Stat(src)
	if err != nil {
		return "", fmt.Errorf("restore: %w", err)
	}
	if di, err := os.Stat(dst); err == nil && os.SameFile(si, di) {
		return "", fmt.Errorf("restore: %s is the database itself", src)
	}
	if err := CheckFile(src, timeout); err != nil {
		return "", fmt.Errorf("restore: the backup does not verify, nothing was changed: %w", err)
	}
	dir := filepath.Dir(dst)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("restore: %w", err)
	}
	// Hold the live file's lock while it is replaced, so that no server
	// opens it halfway; a server already holding it makes this fail.
	if _, err := os.Stat(dst); err == nil {
		db, err := openBolt(dst, bolt.Options{Timeout: timeout, ReadOnly: true}, func(*bolt.DB) error { return nil })
		switch {
		case errors.Is(err, ErrLocked):
			return "", fmt.Errorf("restore: %w", ErrLocked)
		case err == nil:
			defer db.Close()
		}
		// Any other error is a damaged live file, which is what a restore
		// is for: go on.
		stamp := time.Now().UTC().Format("20060102T150405.000Z")
		kept = filepath.Join(keepDir, "netday-before-restore-"+stamp+".db")
	}
	tmp := dst + ".restore.tmp"
	if err := copyFile(src, tmp); err != nil {
		_ = os.Remove(tmp)
		return "", fmt.Errorf("restore: %w", err)
	}
	if kept != "" {
		if err := os.MkdirAll(keepDir, 0o700); err != nil {
			_ = os.Remove(tmp)
			return "", fmt.Errorf("restore: %w", err)
		}
		if err := os.Rename(dst, kept); err != nil {
			_ = os.Remove(tmp)
			return "", fmt.Errorf("restore: keep the current database: %w", err)
		}
		if err := syncDir(keepDir); err != nil {
			return "", fmt.Errorf("restore: %w", err)
		}
	}
	if err := os.Rename(tmp, dst); err != nil {
		return kept, fmt.Errorf("restore: %w", err)
	}
	if err := syncDir(dir); err != nil {
		return kept, fmt.Errorf("restore: %w", err)
	}
	return kept, nil
}

// copyFile copies src to a new file dst (mode 0600) and syncs it.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	_ = os.Remove(dst)
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return err
}
