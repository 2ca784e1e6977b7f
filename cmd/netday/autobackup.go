package main

import (
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"netday/store"
)

// autoBackupConfig says how the server backs itself up while it runs.
type autoBackupConfig struct {
	Every time.Duration // 0 = never
	Keep  int           // automatic copies kept; older ones are deleted
	Dir   string        // "" = DATA/backups
}

// autoBackupFlags declares the automatic backup flags on fs.
func autoBackupFlags(fs *flag.FlagSet, c *autoBackupConfig) {
	fs.DurationVar(&c.Every, "backup-every", 10*time.Minute, "write a verified copy of the database this often while serving (0 = never)")
	fs.IntVar(&c.Keep, "backup-keep", 36, "automatic copies to keep; the oldest are deleted")
	fs.StringVar(&c.Dir, "backup-dir", "", "folder of the automatic copies (default: backups/ in the data directory)")
}

func (c autoBackupConfig) validate() error {
	switch {
	case c.Every < 0:
		return errors.New("--backup-every must not be negative")
	case c.Every > 0 && c.Every < time.Second:
		return errors.New("--backup-every must be at least 1s (or 0 for never)")
	case c.Every > 0 && c.Keep < 1:
		return errors.New("--backup-keep must be at least 1")
	}
	return nil
}

// dir is the folder of the automatic copies for data directory data.
func (c autoBackupConfig) dir(data string) string {
	if c.Dir != "" {
		return c.Dir
	}
	return filepath.Join(data, "backups")
}

// Automatic copies are named autoPrefix + UTC time + ".db", so that names
// sort by age; only such files are ever deleted by the rotation.
const (
	autoPrefix = "netday-auto-"
	autoStamp  = "20060102T150405Z"
)

// autoBackup writes a verified copy of the database every interval and
// keeps the newest few.
type autoBackup struct {
	cfg   autoBackupConfig
	dir   string
	store *store.Store
	log   *slog.Logger

	stopCh chan struct{}
	done   chan struct{}
	once   sync.Once
	last   uint64 // store.Writes() at the last copy
	copied bool   // a copy was made since start
}

// startAutoBackup starts the backup loop; it returns nil when automatic
// backups are off.
func startAutoBackup(cfg autoBackupConfig, data string, st *store.Store, log *slog.Logger) (*autoBackup, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	if cfg.Every == 0 {
		return nil, nil
	}
	dir, err := filepath.Abs(cfg.dir(data))
	if err != nil {
		return nil, fmt.Errorf("backup folder: %w", err)
	}
	if err := checkBackupTarget(data, filepath.Join(dir, autoPrefix+"x.db")); err != nil {
		return nil, fmt.Errorf("--backup-dir: %w", err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("backup folder: %w", err)
	}
	// A copy interrupted by a crash leaves its temporary file behind.
	leftovers, _ := filepath.Glob(filepath.Join(dir, autoPrefix+"*.db.tmp"))
	for _, f := range leftovers {
		_ = os.Remove(f)
	}
	a := &autoBackup{cfg: cfg, dir: dir, store: st, log: log, stopCh: make(chan struct{}), done: make(chan struct{})}
	go a.loop()
	return a, nil
}

func (a *autoBackup) loop() {
	defer close(a.done)
	defer func() {
		if r := recover(); r != nil {
			a.log.Error("automatic backup panic; automatic backups stopped", "panic", r)
		}
	}()
	t := time.NewTicker(a.cfg.Every)
	defer t.Stop()
	for {
		select {
		case <-a.stopCh:
			return
		case now := <-t.C:
			if _, err := a.backup(now); err != nil {
				a.log.Error("automatic backup", "err", err)
			}
		}
	}
}

// backup writes one copy unless nothing was written since the last one,
// verifies it and deletes the oldest automatic copies beyond Keep. It
// returns the copy's path ("" when skipped).
func (a *autoBackup) backup(now time.Time) (string, error) {
	writes := a.store.Writes()
	if a.copied && writes == a.last {
		return "", nil
	}
	path := filepath.Join(a.dir, autoPrefix+now.UTC().Format(autoStamp)+".db")
	if err := a.store.BackupFile(path); err != nil {
		return "", err
	}
	if err := store.CheckFile(path, 0); err != nil {
		_ = os.Remove(path)
		return "", fmt.Errorf("the copy %s does not verify, deleted it: %w", path, err)
	}
	a.copied, a.last = true, writes
	a.log.Info("automatic backup written", "file", path)
	return path, a.rotate()
}

// rotate deletes the oldest automatic copies beyond Keep.
func (a *autoBackup) rotate() error {
	copies, err := autoCopies(a.dir)
	if err != nil {
		return err
	}
	var errs []error
	for len(copies) > a.cfg.Keep {
		if err := os.Remove(copies[0]); err != nil {
			errs = append(errs, err)
		}
		copies = copies[1:]
	}
	return errors.Join(errs...)
}

// autoCopies lists the automatic copies in dir, oldest first.
func autoCopies(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("backup folder: %w", err)
	}
	var names []string
	for _, e := range entries {
		n := e.Name()
		stamp, ok := strings.CutPrefix(n, autoPrefix)
		if !ok || !e.Type().IsRegular() || !strings.HasSuffix(stamp, ".db") {
			continue
		}
		if _, err := time.Parse(autoStamp, strings.TrimSuffix(stamp, ".db")); err != nil {
			continue
		}
		names = append(names, filepath.Join(dir, n))
	}
	slices.Sort(names)
	return names, nil
}

// stop ends the loop and waits for a copy in progress. Safe on nil.
func (a *autoBackup) stop() {
	if a == nil {
		return
	}
	a.once.Do(func() { close(a.stopCh) })
	<-a.done
}
