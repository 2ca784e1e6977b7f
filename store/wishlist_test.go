package store

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// people stores participants 1..np and experts 101..100+ne (with grants).
func people(t *testing.T, s *Store, np, ne int) {
	t.Helper()
	for i := 1; i <= np; i++ {
		if _, err := s.PutProfile(participant(i)); err != nil {
			t.Fatal(err)
		}
	}
	for i := 101; i <= 100+ne; i++ {
		if _, err := putProfile(s, expert(i)); err != nil {
			t.Fatal(err)
		}
	}
}

func TestPutWishList(t *testing.T) {
	s := openTest(t, "")
	people(t, s, 2, 4)
	ch, cancel := s.Subscribe()
	defer cancel()
	w := WishList{Fingerprint: testFP(1), Experts: []string{testFP(103), testFP(101)}}
	got, err := s.PutWishList(w, 3)
	if err != nil {
		t.Fatalf("PutWishList: %v", err)
	}
	if c := receive(t, ch); c != (Change{Kind: KindWishList, Key: testFP(1)}) {
		t.Errorf("change %+v", c)
	}
	if got.Updated.IsZero() || !reflect.DeepEqual(got.Experts, w.Experts) {
		t.Errorf("stored %+v", got)
	}
	back, err := s.WishList(testFP(1))
	if err != nil || !reflect.DeepEqual(back.Experts, w.Experts) {
		t.Errorf("WishList = %+v, %v", back, err)
	}
	if _, err := s.WishList(testFP(2)); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing: %v", err)
	}
	// Order is kept; a new list replaces the old one; an empty one is fine.
	if _, err := s.PutWishList(WishList{Fingerprint: testFP(2), Experts: []string{testFP(101), testFP(102), testFP(103)}}, 3); err != nil {
		t.Fatal(err)
	}
	counts, err := s.RequestCounts()
	want := map[string]int{testFP(101): 2, testFP(102): 1, testFP(103): 2}
	if err != nil || !reflect.DeepEqual(counts, want) {
		t.Errorf("RequestCounts = %v, %v; want %v", counts, err, want)
	}
	if _, err := s.PutWishList(WishList{Fingerprint: testFP(2)}, 3); err != nil {
		t.Fatalf("empty list: %v", err)
	}
	lists, err := s.WishLists()
	if err != nil || len(lists) != 2 {
		t.Fatalf("WishLists = %v, %v", lists, err)
	}
	if counts, _ := s.RequestCounts(); !reflect.DeepEqual(counts, map[string]int{testFP(101): 1, testFP(103): 1}) {
		t.Errorf("RequestCounts after emptying = %v", counts)
	}
}

func TestPutWishListRefuses(t *testing.T) {
	s := openTest(t, "")
	people(t, s, 2, 4)
	me := testFP(1)
	tests := []struct {
		name  string
		w     WishList
		limit int
		is    error  // errors.Is target, or nil for a *ValidationError
		msg   string // substring of the experts (or fingerprint) message
	}{
		{"over the limit", WishList{Fingerprint: me, Experts: []string{testFP(101), testFP(102), testFP(103)}}, 2, nil, "at most 2 experts"},
		{"unknown expert", WishList{Fingerprint: me, Experts: []string{testFP(101), testFP(999)}}, 3, nil, "item 2 is not an expert"},
		{"a participant", WishList{Fingerprint: me, Experts: []string{testFP(2)}}, 3, nil, "item 1 is not an expert"},
		{"duplicate", WishList{Fingerprint: me, Experts: []string{testFP(101), testFP(102), testFP(101)}}, 3, nil, "item 3 repeats item 1"},
		{"oneself", WishList{Fingerprint: me, Experts: []string{me}}, 3, nil, "must not include yourself"},
		{"not a fingerprint", WishList{Fingerprint: me, Experts: []string{"bob"}}, 3, nil, "item 1 is not an SSH key fingerprint"},
		{"bad owner", WishList{Fingerprint: "me", Experts: nil}, 3, nil, "SSH key fingerprint"},
		{"owner without profile", WishList{Fingerprint: testFP(50), Experts: []string{testFP(101)}}, 3, ErrNotParticipant, ""},
		{"expert owner", WishList{Fingerprint: testFP(102), Experts: []string{testFP(101)}}, 3, ErrNotParticipant, ""},
		{"zero limit", WishList{Fingerprint: me}, 0, nil, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.PutWishList(tc.w, tc.limit)
			if err == nil {
				t.Fatal("accepted")
			}
			if tc.is != nil {
				if !errors.Is(err, tc.is) {
					t.Fatalf("error %v, want %v", err, tc.is)
				}
				return
			}
			if tc.msg == "" {
				return
			}
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("error %v, want *ValidationError", err)
			}
			if got := ve.For("experts") + ve.For("fingerprint"); !strings.Contains(got, tc.msg) {
				t.Errorf("message %q, want %q", got, tc.msg)
			}
			if !strings.Contains(err.Error(), "invalid wish list: ") {
				t.Errorf("Error() = %q", err)
			}
		})
	}
	if lists, _ := s.WishLists(); len(lists) != 0 {
		t.Errorf("refused lists stored: %v", lists)
	}
}

func TestRequestsLocked(t *testing.T) {
	s := openTest(t, "")
	people(t, s, 1, 2)
	if v, err := s.Settings(); err != nil || v != (Settings{}) {
		t.Fatalf("Settings before = %+v, %v", v, err)
	}
	w := WishList{Fingerprint: testFP(1), Experts: []string{testFP(101)}}
	if _, err := s.PutWishList(w, 3); err != nil {
		t.Fatal(err)
	}
	ch, cancel := s.Subscribe()
	defer cancel()
	set, err := s.PutSettings(Settings{RequestsLocked: true})
	if err != nil || !set.RequestsLocked || set.Updated.IsZero() {
		t.Fatalf("PutSettings = %+v, %v", set, err)
	}
	if c := receive(t, ch); c.Kind != KindSettings {
		t.Errorf("change %+v", c)
	}
	if v, _ := s.Settings(); !v.RequestsLocked || !v.Updated.Equal(set.Updated) {
		t.Errorf("Settings = %+v", v)
	}
	w.Experts = []string{testFP(102)}
	_, err = s.PutWishList(w, 3)
	if !errors.Is(err, ErrRequestsLocked) {
		t.Fatalf("locked: %v", err)
	}
	if got, _ := s.WishList(testFP(1)); !reflect.DeepEqual(got.Experts, []string{testFP(101)}) {
		t.Errorf("list changed while locked: %v", got.Experts)
	}
	if _, err := s.PutSettings(Settings{}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutWishList(w, 3); err != nil {
		t.Errorf("unlocked: %v", err)
	}
}
