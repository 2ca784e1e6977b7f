package store

import (
	"testing"
	"time"
)

func TestDirectoryIsSharedAndFollowsWrites(t *testing.T) {
	s := openTest(t, "")
	d1, err := s.Directory()
	if err != nil {
		t.Fatal(err)
	}
	d2, _ := s.Directory()
	if d1 != d2 {
		t.Fatal("without writes the snapshot should be shared")
	}
	if len(d1.Experts) != 0 || d1.Published != nil {
		t.Fatalf("empty store: %+v", d1)
	}
	fp := testFP(7)
	codes, err := s.CreateInvites(1, time.Hour, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := s.RedeemInvite(codes[0], fp, time.Now()); err != nil {
		t.Fatal(err)
	}
	e := Profile{Fingerprint: fp, Role: RoleExpert, Name: "Lena", Organisation: "ETC", Country: "Austria",
		TimeZone: "Europe/Vienna", Languages: []string{"English"}, Areas: []string{"Housing"}, Offers: []string{"Mentoring"}, Bio: "Bio."}
	if _, err := s.PutProfile(e); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutAvailability(Availability{Fingerprint: fp, Seats: map[string]int{"s2": 3}}); err != nil {
		t.Fatal(err)
	}
	d3, err := s.Directory()
	if err != nil {
		t.Fatal(err)
	}
	if d3 == d1 || len(d3.Experts) != 1 || d3.Availability[fp].Seats["s2"] != 3 {
		t.Fatalf("snapshot did not follow the writes: %+v", d3)
	}
}
