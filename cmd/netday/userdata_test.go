package main

import (
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"netday/store"
)

func TestExportAndDeleteMe(t *testing.T) {
	srv := testServer(t, t.TempDir())
	st := srv.store
	part := putPerson(t, st, store.RoleParticipant, "Lena Berg", "Europe/Berlin")
	exp := putPerson(t, st, store.RoleExpert, "Dr. Omar Haddad", "Europe/Vienna")
	other := putPerson(t, st, store.RoleExpert, "Ines Roth", "Europe/Vienna")
	if _, err := st.PutAvailability(store.Availability{Fingerprint: exp.fp, Seats: map[string]int{"s1": 2, "s2": 1}, DailyMax: 3}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.PutWishList(store.WishList{Fingerprint: part.fp, Experts: []string{exp.fp, other.fp}}, srv.event.WishLimit); err != nil {
		t.Fatal(err)
	}
	publish(t, st, time.Now(), nil, store.Meeting{Participant: part.fp, Expert: exp.fp, Slot: "s1", Score: 10, Why: "Shared area."})
	ec := dial(t, srv.addr(), gossh.PublicKeys(exp.key))

	// Export: indented JSON with the key, the time and every record.
	out, errOut, code := sshRun(t, ec, "export")
	if code != 0 {
		t.Fatalf("export: exit %d: %s", code, errOut)
	}
	var doc struct {
		Fingerprint  string              `json:"fingerprint"`
		Exported     time.Time           `json:"exported"`
		Profile      *store.Profile      `json:"profile"`
		Availability *store.Availability `json:"availability"`
		Meetings     []store.Meeting     `json:"meetings"`
		Expert       bool                `json:"expert_invite_used"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("export is not JSON: %v\n%s", err, out)
	}
	if !strings.Contains(out, "\n  \"") {
		t.Errorf("export is not indented:\n%s", out)
	}
	if doc.Fingerprint != exp.fp || time.Since(doc.Exported) > time.Minute || doc.Profile == nil ||
		doc.Profile.Name != "Dr. Omar Haddad" || doc.Availability == nil || doc.Availability.Seats["s1"] != 2 ||
		len(doc.Meetings) != 1 || !doc.Expert {
		t.Fatalf("export = %+v\n%s", doc, out)
	}

	// delete-me without the word: what would go, how to confirm, nothing deleted.
	out, errOut, code = sshRun(t, ec, "delete-me")
	if code != 1 || out != "" || !strings.Contains(errOut, "expert profile (Dr. Omar Haddad)") ||
		!strings.Contains(errOut, "availability") ||
		!strings.Contains(errOut, "To confirm: ssh -p "+port(t, srv.addr())+" <host> delete-me delete") {
		t.Fatalf("delete-me: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	for _, cmd := range []string{"delete-me yes", "delete-me DELETE", "delete-me delete now"} {
		if out, errOut, code := sshRun(t, ec, cmd); code != 2 || out != "" || !strings.Contains(errOut, "nothing was deleted") {
			t.Fatalf("%s: exit %d, stdout %q, stderr %q", cmd, code, out, errOut)
		}
	}
	if _, err := st.Profile(exp.fp); err != nil {
		t.Fatalf("the profile went without confirmation: %v", err)
	}

	// Confirmed.
	out, errOut, code = sshRun(t, ec, "delete-me delete")
	if code != 0 || out != "Deleted everything netday stored about your key.\n" {
		t.Fatalf("delete-me delete: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if d, err := st.Export(exp.fp); err != nil || !reflect.DeepEqual(d, store.UserData{}) {
		t.Fatalf("after delete-me, export = %+v, %v", d, err)
	}
	if _, err := st.Profile(exp.fp); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("after delete-me, profile: %v", err)
	}
	w, err := st.WishList(part.fp)
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(w.Experts, exp.fp) || !slices.Contains(w.Experts, other.fp) {
		t.Fatalf("participant's wish list after the expert's delete-me: %q", w.Experts)
	}
	if ms, err := st.MeetingsFor(part.fp); err != nil || len(ms) != 0 {
		t.Fatalf("participant's meetings after the expert's delete-me: %v, %v", ms, err)
	}
	// The participant is untouched.
	if _, err := st.Profile(part.fp); err != nil {
		t.Fatalf("the participant's profile went too: %v", err)
	}

	// Export of the now unknown key: valid JSON with nothing in it.
	out, errOut, code = sshRun(t, ec, "export")
	if code != 0 || !json.Valid([]byte(out)) || strings.Contains(out, `"profile"`) || !strings.Contains(errOut, "nothing is stored") {
		t.Fatalf("export after delete: exit %d, stdout %q, stderr %q", code, out, errOut)
	}

	// Guests have nothing to export or delete.
	guest := dial(t, srv.addr(), gossh.KeyboardInteractive(noPrompts))
	for _, cmd := range []string{"export", "delete-me", "delete-me delete"} {
		if out, errOut, code := sshRun(t, guest, cmd); code != 1 || out != "" || !strings.Contains(errOut, "guest") {
			t.Fatalf("guest %s: exit %d, stdout %q, stderr %q", cmd, code, out, errOut)
		}
	}
}
