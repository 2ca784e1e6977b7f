package store

import (
	"errors"
	"testing"
	"time"
)

func TestAnnouncementsListNewestFirstAndDismissPerKey(t *testing.T) {
	s := openTest(t, "")
	now := time.Date(2022, 2, 4, 11, 0, 0, 0, time.UTC)
	var ids []int
	for i, text := range []string{"first", "second", "third"} {
		a, err := s.Announce(text, "org", now.Add(time.Duration(i)*time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, a.ID)
	}
	list, err := s.Announcements(2)
	if err != nil || len(list) != 2 || list[0].Text != "third" || list[1].Text != "second" {
		t.Fatalf("Announcements(2) = %+v, %v", list, err)
	}
	if err := s.DismissAnnouncement(testFP(1), ids[2], true); err != nil {
		t.Fatal(err)
	}
	if err := s.DismissAnnouncement(testFP(1), 99, true); !errors.Is(err, ErrNotFound) {
		t.Fatalf("dismissing an unknown announcement: %v", err)
	}
	mine, _ := s.DismissedAnnouncements(testFP(1))
	other, _ := s.DismissedAnnouncements(testFP(2))
	if !mine[ids[2]] || len(mine) != 1 || len(other) != 0 {
		t.Fatalf("dismissed: mine %v, other %v", mine, other)
	}
	if d, err := s.Export(testFP(1)); err != nil || len(d.DismissedAnnouncements) != 1 {
		t.Fatalf("export lacks the dismissal: %+v, %v", d.DismissedAnnouncements, err)
	}
	if err := s.DismissAnnouncement(testFP(1), ids[2], false); err != nil {
		t.Fatal(err)
	}
	if mine, _ := s.DismissedAnnouncements(testFP(1)); len(mine) != 0 {
		t.Fatalf("brought back, still dismissed: %v", mine)
	}
	if err := s.DismissAnnouncement(testFP(1), ids[0], true); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteUser(testFP(1)); err != nil {
		t.Fatal(err)
	}
	if mine, _ := s.DismissedAnnouncements(testFP(1)); len(mine) != 0 {
		t.Fatalf("delete-me left dismissals: %v", mine)
	}
}
