package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"netday/store/event"

	bolt "go.etcd.io/bbolt"
)

// fullStore stores participants 1, 2 and experts 101, 102 with availability,
// wish lists, an announcement by participant 1, and two runs (the first
// published) that mention all four.
func fullStore(t *testing.T) *Store {
	t.Helper()
	s := openTest(t, "")
	people(t, s, 2, 2)
	for _, fp := range []string{testFP(101), testFP(102)} {
		if _, err := s.PutAvailability(Availability{Fingerprint: fp, Seats: map[string]int{"s1": 1, "s2": 2}, DailyMax: 2}); err != nil {
			t.Fatal(err)
		}
	}
	for _, w := range []WishList{
		{Fingerprint: testFP(1), Experts: []string{testFP(101), testFP(102)}},
		{Fingerprint: testFP(2), Experts: []string{testFP(102), testFP(101)}},
	} {
		if _, err := s.PutWishList(w, 5); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Announce("Welcome", testFP(1), time.Now()); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		in, err := s.MatchingInstance(event.Default(), 7)
		if err != nil {
			t.Fatal(err)
		}
		input, _ := json.Marshal(in)
		r := Run{
			Seed: 7, Input: input, Stats: json.RawMessage(`{"participants":2}`),
			Meetings: []Meeting{
				{Participant: testFP(1), Expert: testFP(101), Slot: "s1", Score: 900, Why: "1st on your wish list"},
				{Participant: testFP(1), Expert: testFP(102), Slot: "s2", Score: 800},
				{Participant: testFP(2), Expert: testFP(102), Slot: "s1", Score: 800},
				{Participant: testFP(2), Expert: testFP(101), Slot: "s2", Score: 700},
			},
			Unplaced: map[string]string{testFP(1): "test entry", testFP(2): "test entry"},
		}
		if _, err := s.SaveRun(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.PublishRun(1, time.Now()); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestExport(t *testing.T) {
	s := fullStore(t)
	d, err := s.Export(testFP(1))
	if err != nil {
		t.Fatal(err)
	}
	if d.Profile == nil || d.Profile.Name != "Participant 001" || d.Availability != nil || d.Expert {
		t.Errorf("participant export: %+v", d)
	}
	if d.WishList == nil || len(d.WishList.Experts) != 2 || d.WishList.Experts[0] != testFP(101) {
		t.Errorf("wish list: %+v", d.WishList)
	}
	if len(d.Meetings) != 2 || d.Meetings[0].Slot != "s1" || d.Meetings[1].Expert != testFP(102) {
		t.Errorf("meetings: %+v", d.Meetings)
	}
	e, err := s.Export(testFP(101))
	if err != nil {
		t.Fatal(err)
	}
	if e.Profile == nil || e.Profile.Role != RoleExpert || e.Availability == nil || e.Availability.Seats["s2"] != 2 ||
		e.WishList != nil || !e.Expert || len(e.Meetings) != 2 {
		t.Errorf("expert export: %+v", e)
	}
	data, err := json.Marshal(e)
	if err != nil || !bytes.Contains(data, []byte(`"expert_invite_used":true`)) || !bytes.Contains(data, []byte(`"availability":{`)) {
		t.Errorf("export JSON %s, %v", data, err)
	}
	none, err := s.Export(testFP(55))
	if err != nil || none.Profile != nil || none.Meetings != nil || none.Expert {
		t.Errorf("unknown key: %+v, %v", none, err)
	}
}

// scanFor reports every bucket, key and value of s's file that contains
// needle.
func scanFor(t *testing.T, s *Store, needle string) []string {
	t.Helper()
	var found []string
	n := []byte(needle)
	if err := s.view(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			if bytes.Contains(name, n) {
				found = append(found, "bucket name "+string(name))
			}
			return b.ForEach(func(k, v []byte) error {
				if bytes.Contains(k, n) || bytes.Contains(v, n) {
					found = append(found, string(name)+"/"+string(k)+" = "+string(v))
				}
				return nil
			})
		})
	}); err != nil {
		t.Fatal(err)
	}
	return found
}

func TestDeleteUserLeavesNoTrace(t *testing.T) {
	s := fullStore(t)
	for _, fp := range []string{testFP(1), testFP(101)} {
		if len(scanFor(t, s, fp)) < 4 {
			t.Fatalf("the test data does not mention %s enough", fp)
		}
	}
	ch, cancel := s.Subscribe()
	defer cancel()

	// The participant.
	if err := s.DeleteUser(testFP(1)); err != nil {
		t.Fatal(err)
	}
	if found := scanFor(t, s, testFP(1)); len(found) > 0 {
		t.Errorf("after DeleteUser(participant):\n%s", found)
	}
	if c := receive(t, ch); c != (Change{Kind: KindProfile, Key: testFP(1), Deleted: true}) {
		t.Errorf("change %+v", c)
	}
	if a, err := s.LatestAnnouncement(); err != nil || a.By != DeletedKey || a.Text != "Welcome" {
		t.Errorf("announcement after delete: %+v, %v", a, err)
	}

	// The expert: on the other participant's wish list, with an invite.
	if err := s.DeleteUser(testFP(101)); err != nil {
		t.Fatal(err)
	}
	if found := scanFor(t, s, testFP(101)); len(found) > 0 {
		t.Errorf("after DeleteUser(expert):\n%s", found)
	}
	if ok, _ := s.IsExpert(testFP(101)); ok {
		t.Error("grant kept")
	}
	if _, used, _, _ := s.InviteCounts(time.Now()); used != 2 {
		t.Errorf("used invites %d, want 2 (the records stay)", used)
	}

	// What remains of the others is intact and consistent.
	w, err := s.WishList(testFP(2))
	if err != nil || len(w.Experts) != 1 || w.Experts[0] != testFP(102) {
		t.Errorf("other wish list: %+v, %v", w, err)
	}
	if counts, _ := s.RequestCounts(); counts[testFP(101)] != 0 || counts[testFP(102)] != 1 {
		t.Errorf("RequestCounts = %v", counts)
	}
	for id := 1; id <= 2; id++ {
		r, err := s.Run(id)
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Meetings) != 1 || r.Meetings[0].Participant != testFP(2) || r.Meetings[0].Expert != testFP(102) {
			t.Errorf("run %d meetings %+v", id, r.Meetings)
		}
		if len(r.Unplaced) != 1 || r.Unplaced[testFP(2)] == "" || !json.Valid(r.Input) {
			t.Errorf("run %d unplaced %v, input valid %v", id, r.Unplaced, json.Valid(r.Input))
		}
		if !bytes.Contains(r.Input, []byte(`"id":"deleted"`)) || !bytes.Contains(r.Input, []byte(testFP(2))) {
			t.Errorf("run %d input %s", id, r.Input)
		}
	}
	if ms, err := s.MeetingsFor(testFP(2)); err != nil || len(ms) != 1 {
		t.Errorf("MeetingsFor(other) = %v, %v", ms, err)
	}
	for _, fp := range []string{testFP(1), testFP(101)} {
		if d, err := s.Export(fp); err != nil || d.Profile != nil || d.WishList != nil || d.Availability != nil || d.Meetings != nil || d.Expert {
			t.Errorf("export after delete: %+v, %v", d, err)
		}
	}
	// The file is still consistent.
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := CheckFile(s.Path(), time.Second); err != nil {
		t.Errorf("CheckFile after delete: %v", err)
	}
}

func TestDeleteUserEdgeCases(t *testing.T) {
	s := openTest(t, "")
	ch, cancel := s.Subscribe()
	defer cancel()
	for _, fp := range []string{"", `"`, "SHA256:short"} {
		if err := s.DeleteUser(fp); err == nil {
			t.Errorf("DeleteUser(%q) accepted", fp)
		}
	}
	if err := s.DeleteUser(testFP(5)); err != nil {
		t.Errorf("unknown key: %v", err)
	}
	select {
	case c := <-ch:
		t.Errorf("change %+v for deleting nothing", c)
	case <-time.After(20 * time.Millisecond):
	}
	if _, err := s.Profile(testFP(5)); !errors.Is(err, ErrNotFound) {
		t.Error(err)
	}
}
