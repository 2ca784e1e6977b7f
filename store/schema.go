package store

import (
	"fmt"
	"strconv"

	bolt "go.etcd.io/bbolt"
)

// SchemaVersion is the version of the file layout this code reads and
// writes. It always equals len(migrations).
const SchemaVersion = 3

// Bucket names and keys.
var (
	metaBucket          = []byte("meta")
	profilesBucket      = []byte("profiles")
	invitesBucket       = []byte("invites")
	grantsBucket        = []byte("grants")
	availabilityBucket  = []byte("availability")
	wishListsBucket     = []byte("wishlists")
	settingsBucket      = []byte("settings")
	runsBucket          = []byte("runs")
	announcementsBucket = []byte("announcements")
	attendanceBucket    = []byte("attendance")    // participants' own slots and meetings wanted
	cancelBucket        = []byte("cancellations") // "I can't make it", per meeting and per day
	feedbackBucket      = []byte("feedback")      // after-meeting marks, ratings and comments
	calendarBucket      = []byte("calendar")      // meetings dropped by a re-publish, for calendars
	noticesBucket       = []byte("notices")       // "what changed" per person until acknowledged

	schemaKey    = []byte("schema")
	settingsKey  = []byte("organiser")     // in settingsBucket: Settings
	publishedKey = []byte("published_run") // in settingsBucket: the published run's id
	grantExpert  = []byte("expert")        // the value of an expert grant
)

// v2Buckets are the buckets the v1 → v2 step adds.
var v2Buckets = [][]byte{
	invitesBucket, grantsBucket, availabilityBucket, wishListsBucket,
	settingsBucket, runsBucket, announcementsBucket,
}

// requiredBuckets are the buckets of the current layout. Open creates any
// that is missing, also in a file already at SchemaVersion.
var requiredBuckets = append(append([][]byte{metaBucket, profilesBucket, importsBucket, dismissedBucket}, v2Buckets...), v3Buckets...)

// v3Buckets are the buckets the v2 → v3 step adds.
var v3Buckets = [][]byte{attendanceBucket, cancelBucket, feedbackBucket, calendarBucket, noticesBucket}

// migration turns a file at version n (its index in migrations) into n+1.
type migration struct {
	name string
	up   func(tx *bolt.Tx) error
}

// migrations[n] migrates version n to n+1. Append only; never edit a step
// that has shipped.
var migrations = []migration{
	{name: "create buckets", up: func(tx *bolt.Tx) error {
		for _, name := range [][]byte{metaBucket, profilesBucket} {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return fmt.Errorf("create bucket %s: %w", name, err)
			}
		}
		return nil
	}},
	{name: "invites, availability, wish lists, settings, runs, announcements", up: func(tx *bolt.Tx) error {
		for _, name := range v2Buckets {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return fmt.Errorf("create bucket %s: %w", name, err)
			}
		}
		return nil
	}},
	{name: "attendance, cancellations, feedback, calendar, notices", up: func(tx *bolt.Tx) error {
		for _, name := range v3Buckets {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return fmt.Errorf("create bucket %s: %w", name, err)
			}
		}
		return nil
	}},
}

// SchemaVersion returns the schema version recorded in the file.
func (s *Store) SchemaVersion() (int, error) {
	var v int
	err := s.view(func(tx *bolt.Tx) error {
		var err error
		v, err = readSchema(tx)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("schema version: %w", err)
	}
	return v, nil
}

// readSchema returns the version recorded in tx's file; 0 if none is.
func readSchema(tx *bolt.Tx) (int, error) {
	b := tx.Bucket(metaBucket)
	if b == nil {
		return 0, nil
	}
	raw := b.Get(schemaKey)
	if raw == nil {
		return 0, nil
	}
	v, err := strconv.Atoi(string(raw))
	if err != nil || v < 0 {
		return 0, fmt.Errorf("invalid schema version %q", raw)
	}
	return v, nil
}

// checkSchema refuses versions this code cannot read.
func checkSchema(v int) error {
	if v > SchemaVersion {
		return fmt.Errorf("%w: file schema version %d, this program knows up to %d; upgrade netday",
			ErrSchemaTooNew, v, SchemaVersion)
	}
	return nil
}

// migrate brings db to SchemaVersion: every missing step runs, with the new
// version number and any missing required bucket, in one write transaction.
// A file already at SchemaVersion with all its buckets is not written to.
func migrate(db *bolt.DB) error {
	var (
		v       int
		missing bool
	)
	if err := db.View(func(tx *bolt.Tx) error {
		var err error
		v, err = readSchema(tx)
		for _, name := range requiredBuckets {
			missing = missing || tx.Bucket(name) == nil
		}
		return err
	}); err != nil {
		return err
	}
	if err := checkSchema(v); err != nil {
		return err
	}
	if v == SchemaVersion && !missing {
		return nil
	}
	return db.Update(func(tx *bolt.Tx) error {
		v, err := readSchema(tx)
		if err != nil {
			return err
		}
		if err := checkSchema(v); err != nil {
			return err
		}
		for ; v < SchemaVersion; v++ {
			m := migrations[v]
			if err := m.up(tx); err != nil {
				return fmt.Errorf("migrate schema %d to %d (%s): %w", v, v+1, m.name, err)
			}
		}
		for _, name := range requiredBuckets {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return fmt.Errorf("create bucket %s: %w", name, err)
			}
		}
		return tx.Bucket(metaBucket).Put(schemaKey, []byte(strconv.Itoa(SchemaVersion)))
	})
}
