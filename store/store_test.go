package store

import (
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// testFP returns a valid, distinct fingerprint for every i.
func testFP(i int) string {
	sum := sha256.Sum256([]byte(strconv.Itoa(i)))
	return "SHA256:" + base64.RawStdEncoding.EncodeToString(sum[:])
}

func participant(i int) Profile {
	return Profile{
		Fingerprint:  testFP(i),
		Role:         RoleParticipant,
		Name:         fmt.Sprintf("Participant %03d", i),
		Pronouns:     "she/her",
		Organisation: "University of Vienna",
		City:         "Vienna",
		Country:      "Austria",
		TimeZone:     "Europe/Vienna",
		CareerStage:  "Master's student",
		Languages:    []string{"English", "German"},
		Areas:        []string{"Refugee rights", "Digital rights"},
		LookingFor:   []string{"Mentoring", "Internships"},
		Bio:          "Studying human rights law.\n\nInterested in asylum procedures.",
	}
}

func expert(i int) Profile {
	return Profile{
		Fingerprint:  testFP(i),
		Role:         RoleExpert,
		Name:         fmt.Sprintf("Expert %03d", i),
		Title:        "Senior Legal Adviser",
		Organisation: "Human Rights Watch",
		City:         "Geneva",
		Country:      "Switzerland",
		TimeZone:     "Europe/Zurich",
		CareerStage:  "Senior",
		Languages:    []string{"English", "French"},
		Areas:        []string{"Digital rights"},
		Offers:       []string{"Mentoring", "Career advice"},
		Bio:          "Twenty years of litigation.",
		Link:         "https://example.org/expert",
	}
}

// openTest opens a store at path (a new file in a temporary directory if
// path is "") and closes it when the test ends.
func openTest(t *testing.T, path string) *Store {
	t.Helper()
	if path == "" {
		path = filepath.Join(t.TempDir(), "netday.db")
	}
	s, err := Open(path, Options{Timeout: time.Second})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func TestOpenCreatesFileAndDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data", "sub")
	path := filepath.Join(dir, "netday.db")
	s := openTest(t, path)
	if s.Path() != path {
		t.Errorf("Path = %q, want %q", s.Path(), path)
	}
	for p, want := range map[string]os.FileMode{dir: 0o700, path: 0o600} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got&^want != 0 {
			t.Errorf("%s mode %v, want at most %v", p, got, want)
		}
	}
	v, err := s.SchemaVersion()
	if err != nil || v != SchemaVersion {
		t.Errorf("SchemaVersion = %d, %v; want %d", v, err, SchemaVersion)
	}
}

func TestSchemaVersionMatchesMigrations(t *testing.T) {
	if len(migrations) != SchemaVersion {
		t.Fatalf("len(migrations) = %d, SchemaVersion = %d", len(migrations), SchemaVersion)
	}
}

func TestRoundTripAndReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "netday.db")
	s := openTest(t, path)
	before := time.Now().UTC()
	stored := map[string]Profile{}
	for _, p := range []Profile{participant(1), expert(2)} {
		got, err := putProfile(s, p)
		if err != nil {
			t.Fatalf("PutProfile(%s): %v", p.Role, err)
		}
		if got.Created.Before(before) || !got.Created.Equal(got.Updated) || got.Created.Location() != time.UTC {
			t.Errorf("%s: Created %v Updated %v", p.Role, got.Created, got.Updated)
		}
		p.Created, p.Updated = got.Created, got.Updated
		if !reflect.DeepEqual(got, p) {
			t.Errorf("PutProfile returned\n%+v\nwant\n%+v", got, p)
		}
		stored[p.Fingerprint] = got
	}
	check := func(s *Store) {
		t.Helper()
		for fp, want := range stored {
			got, err := s.Profile(fp)
			if err != nil {
				t.Fatalf("Profile: %v", err)
			}
			if !got.Created.Equal(want.Created) || !got.Updated.Equal(want.Updated) {
				t.Errorf("times changed: %v/%v, want %v/%v", got.Created, got.Updated, want.Created, want.Updated)
			}
			got.Created, got.Updated = want.Created, want.Updated
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Profile(%s) =\n%+v\nwant\n%+v", fp, got, want)
			}
		}
		all, err := s.Profiles()
		if err != nil || len(all) != 2 || all[0].Name != "Expert 002" || all[1].Name != "Participant 001" {
			t.Errorf("Profiles = %v, %v", all, err)
		}
		if v, err := s.SchemaVersion(); err != nil || v != SchemaVersion {
			t.Errorf("SchemaVersion = %d, %v", v, err)
		}
	}
	check(s)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	check(openTest(t, path))
}

func TestUpdateKeepsCreated(t *testing.T) {
	s := openTest(t, "")
	first, err := s.PutProfile(participant(1))
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(5 * time.Millisecond)
	p := first
	p.Name = "Renamed"
	p.Created = time.Time{} // callers cannot reset Created
	second, err := s.PutProfile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !second.Created.Equal(first.Created) || !second.Updated.After(first.Updated) {
		t.Errorf("Created %v→%v, Updated %v→%v", first.Created, second.Created, first.Updated, second.Updated)
	}
	got, _ := s.Profile(p.Fingerprint)
	if got.Name != "Renamed" || !got.Created.Equal(first.Created) {
		t.Errorf("stored %q created %v", got.Name, got.Created)
	}
}

func TestPutProfileNormalizes(t *testing.T) {
	s := openTest(t, "")
	p := participant(1)
	p.Name = "  \x1b[31mAda\x1b[0m   \u202eLovelace\u200b "
	p.Languages = []string{"English", " english", "", "German"}
	got, err := s.PutProfile(p)
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != "Ada Lovelace" || len(got.Languages) != 2 {
		t.Errorf("stored name %q languages %q", got.Name, got.Languages)
	}
}

func TestNotFoundAndDelete(t *testing.T) {
	s := openTest(t, "")
	if _, err := s.Profile(testFP(9)); !errors.Is(err, ErrNotFound) {
		t.Errorf("Profile(missing) error = %v, want ErrNotFound", err)
	}
	if _, err := s.Profile(""); !errors.Is(err, ErrNotFound) {
		t.Errorf("Profile(\"\") error = %v, want ErrNotFound", err)
	}
	if _, err := s.PutProfile(participant(9)); err != nil {
		t.Fatal(err)
	}
	for range 2 { // idempotent
		if err := s.DeleteProfile(testFP(9)); err != nil {
			t.Fatalf("DeleteProfile: %v", err)
		}
	}
	if _, err := s.Profile(testFP(9)); !errors.Is(err, ErrNotFound) {
		t.Errorf("after delete: %v", err)
	}
}

func TestSecondOpenIsLocked(t *testing.T) {
	path := filepath.Join(t.TempDir(), "netday.db")
	openTest(t, path)
	start := time.Now()
	s2, err := Open(path, Options{Timeout: 100 * time.Millisecond})
	if err == nil {
		s2.Close()
		t.Fatal("second Open succeeded")
	}
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("error %v does not wrap ErrLocked", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("second Open took %v", d)
	}
	if err := CheckFile(path, 100*time.Millisecond); !errors.Is(err, ErrLocked) {
		t.Errorf("CheckFile on live file: %v, want ErrLocked", err)
	}
}

func TestOpenMigratesV0(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	// A version 0 file: profiles written before the schema was recorded.
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	p := participant(3)
	p.Created = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	p.Updated = p.Created
	if err := db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket([]byte("profiles"))
		if err != nil {
			return err
		}
		return b.Put([]byte(p.Fingerprint), []byte(`{"fingerprint":"`+p.Fingerprint+`","role":"participant","name":"Old Record","time_zone":"UTC","languages":["English"],"areas":["Law"],"created":"2026-01-02T03:04:05Z"}`))
	}); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	s := openTest(t, path)
	if v, err := s.SchemaVersion(); err != nil || v != SchemaVersion {
		t.Fatalf("after migration SchemaVersion = %d, %v; want %d", v, err, SchemaVersion)
	}
	got, err := s.Profile(p.Fingerprint)
	if err != nil || got.Name != "Old Record" {
		t.Fatalf("old record after migration: %+v, %v", got, err)
	}
	put, err := s.PutProfile(participant(4))
	if err != nil {
		t.Fatalf("write after migration: %v", err)
	}
	if n, _ := s.Profiles(); len(n) != 2 || put.Fingerprint != testFP(4) {
		t.Errorf("profiles after migration: %d", len(n))
	}
}

func TestOpenEmptyV0File(t *testing.T) {
	path := filepath.Join(t.TempDir(), "empty.db")
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	s := openTest(t, path)
	if v, err := s.SchemaVersion(); err != nil || v != SchemaVersion {
		t.Fatalf("SchemaVersion = %d, %v", v, err)
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new.db")
	s := openTest(t, path)
	if err := s.update(func(tx *bolt.Tx) error {
		return tx.Bucket(metaBucket).Put(schemaKey, []byte(strconv.Itoa(SchemaVersion+1)))
	}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s2, err := Open(path, Options{Timeout: time.Second})
	if err == nil {
		s2.Close()
		t.Fatal("Open accepted a newer schema")
	}
	if !errors.Is(err, ErrSchemaTooNew) {
		t.Errorf("error %v does not wrap ErrSchemaTooNew", err)
	}
	want := fmt.Sprintf("file schema version %d, this program knows up to %d", SchemaVersion+1, SchemaVersion)
	if !contains(err.Error(), want) {
		t.Errorf("error %q does not say %q", err, want)
	}
	// The refused file is left as it was.
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_ = db.View(func(tx *bolt.Tx) error {
		if v, _ := readSchema(tx); v != SchemaVersion+1 {
			t.Errorf("file rewritten to version %d", v)
		}
		return nil
	})
}

func TestOpenRecreatesMissingBucket(t *testing.T) {
	path := filepath.Join(t.TempDir(), "netday.db")
	s := openTest(t, path)
	if err := s.update(func(tx *bolt.Tx) error { return tx.DeleteBucket(profilesBucket) }); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Profiles(); err == nil {
		t.Fatal("Profiles without bucket = nil error")
	}
	s.Close()
	s = openTest(t, path)
	if _, err := s.PutProfile(participant(1)); err != nil {
		t.Fatalf("after reopen: %v", err)
	}
}

func TestOpenRefusesGarbage(t *testing.T) {
	path := filepath.Join(t.TempDir(), "garbage.db")
	if err := os.WriteFile(path, []byte("this is not a database, but it is long enough to look like a page header maybe"), 0o600); err != nil {
		t.Fatal(err)
	}
	if s, err := Open(path, Options{Timeout: time.Second}); err == nil {
		s.Close()
		t.Fatal("Open accepted a non-database file")
	}
	if err := CheckFile(path, time.Second); err == nil {
		t.Fatal("CheckFile accepted a non-database file")
	}
}

func TestConcurrentWriters(t *testing.T) {
	s := openTest(t, "")
	const writers, each = 8, 50
	errs := make(chan error, writers)
	for w := range writers {
		go func() {
			for i := range each {
				n := w*each + i
				p := participant(n)
				if n%2 == 1 {
					p = expert(n)
					p.Bio = "" // incomplete
				}
				if _, err := putProfile(s, p); err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range writers {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	c, err := s.Counts()
	if err != nil {
		t.Fatal(err)
	}
	want := Counts{Participants: writers * each / 2, Experts: writers * each / 2, Complete: writers * each / 2}
	if c != want {
		t.Errorf("Counts = %+v, want %+v", c, want)
	}
	all, err := s.Profiles()
	if err != nil || len(all) != writers*each {
		t.Fatalf("Profiles: %d, %v", len(all), err)
	}
	seen := map[string]bool{}
	for i, p := range all {
		seen[p.Fingerprint] = true
		if i > 0 && all[i-1].Name > p.Name {
			t.Errorf("not sorted: %q before %q", all[i-1].Name, p.Name)
		}
	}
	if len(seen) != writers*each {
		t.Errorf("%d distinct fingerprints", len(seen))
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
