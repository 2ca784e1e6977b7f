package store

import "testing"

func TestCounts(t *testing.T) {
	s := openTest(t, "")
	if c, err := s.Counts(); err != nil || c != (Counts{}) {
		t.Fatalf("empty store: %+v, %v", c, err)
	}
	incomplete := expert(3)
	incomplete.Offers = nil
	for _, p := range []Profile{participant(1), participant(2), expert(4), incomplete} {
		if _, err := putProfile(s, p); err != nil {
			t.Fatal(err)
		}
	}
	if c, _ := s.Counts(); c != (Counts{Participants: 2, Experts: 2, Complete: 3}) {
		t.Errorf("Counts = %+v", c)
	}
	if err := s.DeleteProfile(testFP(1)); err != nil {
		t.Fatal(err)
	}
	if c, _ := s.Counts(); c != (Counts{Participants: 1, Experts: 2, Complete: 2}) {
		t.Errorf("after delete Counts = %+v", c)
	}
}
