package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// DefaultTimeout is how long Open and CheckFile wait for the file lock when
// no timeout is given.
const DefaultTimeout = 2 * time.Second

var (
	// ErrLocked is returned (wrapped) when the database file stays locked by
	// another process, or by another open handle in this process, for longer
	// than the timeout.
	ErrLocked = errors.New("database is in use by another process")
	// ErrNotFound is returned (wrapped) when a record does not exist.
	ErrNotFound = errors.New("not found")
	// ErrSchemaTooNew is returned (wrapped) by Open for a file written by a
	// newer version of netday.
	ErrSchemaTooNew = errors.New("database was written by a newer version of netday")
)

// Options configure Open.
type Options struct {
	// Timeout bounds the wait for the file lock; zero or less means
	// DefaultTimeout.
	Timeout time.Duration
}

// Store is netday's database: one bbolt file plus the change subscribers.
// All methods are safe for concurrent use.
type Store struct {
	db   *bolt.DB
	path string

	mu     sync.Mutex // guards subs and closed
	subs   map[*subscriber]struct{}
	closed bool

	closeOnce sync.Once
	closeErr  error

	version atomic.Uint64 // bumped after every committed write
	dirMu   sync.Mutex    // guards dir
	dir     *Directory    // shared snapshot, rebuilt when version moves
}

// Open opens or creates the database at path. It creates the parent
// directory (mode 0700) and the file (mode 0600) if needed, waits at most
// opts.Timeout for the file lock (then returns an error wrapping ErrLocked),
// and brings the file to SchemaVersion. It refuses a file with a newer
// schema version (ErrSchemaTooNew). A damaged file that makes bbolt panic
// yields an error, not a panic (see fileCapture for what stays behind).
func Open(path string, opts Options) (*Store, error) {
	if path == "" {
		return nil, errors.New("open store: empty path")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	db, err := openBolt(path, bolt.Options{Timeout: opts.Timeout}, migrate)
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	removeSnapshots(filepath.Dir(path))
	return &Store{db: db, path: path, subs: make(map[*subscriber]struct{})}, nil
}

// openBolt opens a bbolt file (mode 0600, NoSync off, zero timeout meaning
// DefaultTimeout) and runs first on it. A lock timeout becomes ErrLocked; an
// error or a bbolt panic on a damaged file closes it again and becomes an
// error (see fileCapture for what stays behind).
func openBolt(path string, o bolt.Options, first func(*bolt.DB) error) (db *bolt.DB, err error) {
	var file fileCapture
	defer func() {
		if r := recover(); r != nil {
			if db != nil {
				_ = db.Close()
			}
			file.close()
			db, err = nil, fmt.Errorf("damaged database: %v", r)
		}
	}()
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	o.NoSync = false
	o.OpenFile = file.open
	db, err = bolt.Open(path, 0o600, &o)
	if errors.Is(err, berrors.ErrTimeout) {
		return nil, ErrLocked
	}
	if err != nil {
		return nil, err
	}
	if err := first(db); err != nil {
		_ = db.Close()
		return nil, err
	}
	return db, nil
}

// Close closes every subscriber channel and then the database file. It is
// safe to call more than once; later calls return the first result.
func (s *Store) Close() error {
	s.closeOnce.Do(func() {
		s.mu.Lock()
		s.closed = true
		for sub := range s.subs {
			close(sub.ch)
		}
		clear(s.subs)
		s.mu.Unlock()
		if err := s.db.Close(); err != nil {
			s.closeErr = fmt.Errorf("close store: %w", err)
		}
	})
	return s.closeErr
}

// Path returns the path of the database file as given to Open.
func (s *Store) Path() string { return s.path }

// update runs fn in one read-write transaction. Every write goes through it.
// fn must be short, do no I/O and send no notifications.
func (s *Store) update(fn func(tx *bolt.Tx) error) error {
	err := s.db.Update(fn)
	if err == nil {
		s.version.Add(1)
	}
	return err
}

// getJSON decodes the record key of bucket into v, or returns ErrNotFound.
func (s *Store) getJSON(bucket []byte, key string, v any) error {
	var data []byte
	err := s.view(func(tx *bolt.Tx) error {
		var err error
		data, err = getCopy(tx, bucket, key)
		return err
	})
	if err != nil {
		return err
	}
	if data == nil {
		return ErrNotFound
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("decode: %w", err)
	}
	return nil
}

// eachJSON decodes every value of bucket inside tx as a T and hands it to
// fn with its key (valid only during the call). what names the record kind
// in decode errors.
func eachJSON[T any](tx *bolt.Tx, bucket []byte, what string, fn func(key []byte, v T) error) error {
	b := tx.Bucket(bucket)
	if b == nil {
		return errNoBucket(bucket)
	}
	return b.ForEach(func(k, data []byte) error {
		var v T
		if err := json.Unmarshal(data, &v); err != nil {
			return fmt.Errorf("decode %s %q: %w", what, bytes.Clone(k), err)
		}
		return fn(k, v)
	})
}

// view runs fn in one read-only transaction. Slices from bbolt are valid only
// inside fn: copy them (bytes.Clone) before returning.
func (s *Store) view(fn func(tx *bolt.Tx) error) error {
	return s.db.View(fn)
}

// errNoBucket reports a bucket that should have been created by a migration.
func errNoBucket(name []byte) error {
	return fmt.Errorf("bucket %q is missing", name)
}

// fileCapture remembers the file bbolt opens, so that its descriptor can be
// closed when bolt.Open panics on a damaged file before it returns a handle.
// (If the panic came after bbolt mapped the file, the mapping keeps the file,
// and so its lock, alive in this process: such a file cannot be opened again
// until the process exits.)
type fileCapture struct{ f *os.File }

func (c *fileCapture) open(name string, flag int, perm os.FileMode) (*os.File, error) {
	f, err := os.OpenFile(name, flag, perm)
	c.f = f
	return f, err
}

func (c *fileCapture) close() {
	if c.f != nil {
		_ = c.f.Close()
	}
}
