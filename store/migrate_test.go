package store

import (
	"encoding/json"
	"errors"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// writeV1 writes a version 1 file the way the v1 code did: the meta and
// profiles buckets, schema "1", and the given profiles.
func writeV1(t *testing.T, path string, ps ...Profile) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Update(func(tx *bolt.Tx) error {
		if err := migrations[0].up(tx); err != nil {
			return err
		}
		b := tx.Bucket([]byte("profiles"))
		for _, p := range ps {
			data, err := json.Marshal(p)
			if err != nil {
				return err
			}
			if err := b.Put([]byte(p.Fingerprint), data); err != nil {
				return err
			}
		}
		return tx.Bucket([]byte("meta")).Put([]byte("schema"), []byte("1"))
	}); err != nil {
		t.Fatal(err)
	}
}

func TestOpenMigratesV1(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v1.db")
	p, e := participant(1), expert(101)
	p.Created = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	p.Updated = p.Created
	writeV1(t, path, p, e)
	if err := CheckFile(path, time.Second); err != nil {
		t.Fatalf("CheckFile(v1) = %v", err)
	}

	s := openTest(t, path)
	if v, err := s.SchemaVersion(); err != nil || v != 3 || SchemaVersion != 3 {
		t.Fatalf("after migration SchemaVersion = %d, %v", v, err)
	}
	got, err := s.Profile(p.Fingerprint)
	if err != nil || got.Name != p.Name || !got.Created.Equal(p.Created) {
		t.Fatalf("v1 profile after migration: %+v, %v", got, err)
	}
	if all, _ := s.Profiles(); len(all) != 2 {
		t.Errorf("%d profiles after migration", len(all))
	}
	if err := s.view(func(tx *bolt.Tx) error {
		for _, name := range requiredBuckets {
			if tx.Bucket(name) == nil {
				t.Errorf("bucket %s missing after migration", name)
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	// The new features work on the migrated file.
	if _, err := s.PutWishList(WishList{Fingerprint: p.Fingerprint, Experts: []string{e.Fingerprint}}, 3); err != nil {
		t.Errorf("wish list on migrated file: %v", err)
	}
	// A v1 expert has no grant: the next change needs an invite code.
	if ok, _ := s.IsExpert(e.Fingerprint); ok {
		t.Error("migration granted expert")
	}
	if _, err := s.PutProfile(e); !errors.Is(err, ErrNeedsInvite) {
		t.Errorf("v1 expert update without invite: %v", err)
	}
	if _, err := putProfile(s, e); err != nil {
		t.Errorf("v1 expert update with invite: %v", err)
	}
	// Reopening a v2 file changes nothing.
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := CheckFile(path, time.Second); err != nil {
		t.Errorf("CheckFile(v2) = %v", err)
	}
	s = openTest(t, path)
	if w, err := s.WishList(p.Fingerprint); err != nil || len(w.Experts) != 1 {
		t.Errorf("wish list after reopen: %+v, %v", w, err)
	}
}

func TestOpenRecreatesMissingV2Bucket(t *testing.T) {
	path := filepath.Join(t.TempDir(), "netday.db")
	s := openTest(t, path)
	if err := s.update(func(tx *bolt.Tx) error { return tx.DeleteBucket(runsBucket) }); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Runs(); err == nil {
		t.Fatal("Runs without bucket = nil error")
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := CheckFile(path, time.Second); err == nil {
		t.Error("CheckFile accepted a v2 file without its runs bucket")
	}
	s = openTest(t, path)
	if _, err := s.SaveRun(Run{}); err != nil {
		t.Fatalf("after reopen: %v", err)
	}
}

func TestCheckFileDecodesNewRecords(t *testing.T) {
	path := filepath.Join(t.TempDir(), "netday.db")
	s := openTest(t, path)
	if _, err := s.SaveRun(Run{}); err != nil {
		t.Fatal(err)
	}
	if err := s.update(func(tx *bolt.Tx) error {
		return tx.Bucket(wishListsBucket).Put([]byte(testFP(1)), []byte(`{"experts":"not a list"}`))
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := CheckFile(path, time.Second); err == nil || !contains(err.Error(), "wishlists") {
		t.Errorf("CheckFile = %v, want a wishlists error", err)
	}
}
