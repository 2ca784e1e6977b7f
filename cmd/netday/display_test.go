package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
	gossh "golang.org/x/crypto/ssh"

	"netday/store"
)

// plantOrganisation rewrites a stored profile's organisation without the
// store's cleaning, the way an old file or an edited backup could hold it.
func plantOrganisation(t *testing.T, path, fp, org string) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("profiles"))
		var p map[string]any
		if err := json.Unmarshal(b.Get([]byte(fp)), &p); err != nil {
			return err
		}
		p["organisation"] = org
		raw, err := json.Marshal(p)
		if err != nil {
			return err
		}
		return b.Put([]byte(fp), raw)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Issue 9, defect 5: the engine's "same organisation" reason embedded the
// raw organisation, and text planted in the database reached the terminal
// as OSC 52 and ESC[2J.
func TestPlantedTextNeverReachesTheTerminal(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, dbFile)
	st, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	exp := putPerson(t, st, store.RoleExpert, "Jonas Weber", "Europe/Vienna")
	if _, err := st.PutAvailability(store.Availability{Fingerprint: exp.fp, Seats: map[string]int{"s1": 1}}); err != nil {
		t.Fatal(err)
	}
	part := putPerson(t, st, store.RoleParticipant, "Rosa Lima", "Europe/Vienna")
	st.Close()
	const planted = "Uni\x1b]52;c;ZXZpbA==\x07\x1b[2JEvil\u202e\u009b31m"
	plantOrganisation(t, path, exp.fp, planted)
	plantOrganisation(t, path, part.fp, planted)

	organiser := newKey(t)
	srv := testServer(t, dir, withAdmins(t, organiser))
	tm := openTerm(t, dial(t, srv.addr(), gossh.PublicKeys(part.key)), 100, 30)
	tm.send("2")
	tm.waitFor("Jonas Weber", "same organisation (UniEvil")
	raw := tm.rawOutput()
	for _, bad := range []string{"\x1b]52", "\x1b[2JEvil", "\u202e", "\u009b", "\x07"} {
		if strings.Contains(raw, bad) {
			t.Fatalf("the terminal received %q raw", bad)
		}
	}

	// export gives the data back as it is stored, escaped, never raw.
	out, err := runCommand(t, dial(t, srv.addr(), gossh.PublicKeys(part.key)), "export")
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"\x1b", "\u202e", "\u009b", "\x07"} {
		if strings.Contains(string(out), bad) {
			t.Fatalf("export printed %q raw", bad)
		}
	}
	if !strings.Contains(string(out), `\u009b31m`) {
		t.Fatalf("export lost the planted text:\n%s", out)
	}

	// Command output is a display boundary too: people.csv printed to a
	// terminal carries the planted organisation without its escapes.
	csv, errOut, code := sshRun(t, dial(t, srv.addr(), gossh.PublicKeys(organiser)), "people.csv")
	if code != 0 {
		t.Fatalf("people.csv: exit %d: %s", code, errOut)
	}
	for _, bad := range []string{"\x1b", "\u202e", "\u009b", "\x07"} {
		if strings.Contains(csv, bad) {
			t.Fatalf("people.csv printed %q raw", bad)
		}
	}
	if !strings.Contains(csv, "UniEvil") || !strings.Contains(csv, "\r\n") {
		t.Fatalf("people.csv lost its text or its CRLF:\n%q", csv)
	}
}
