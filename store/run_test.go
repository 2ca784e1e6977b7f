package store

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

func testRun() Run {
	return Run{
		Seed:  42,
		Input: json.RawMessage(`{"slots":["s1","s2"],"participants":[{"id":"` + testFP(1) + `","quota":2}]}`),
		Stats: json.RawMessage(`{"meetings":3}`),
		Meetings: []Meeting{
			{Participant: testFP(1), Expert: testFP(101), Slot: "s10", Score: 700, Why: "1st on your wish list"},
			{Participant: testFP(1), Expert: testFP(102), Slot: "s2", Score: 500, Why: "shared areas:\x1b[31m Law"},
			{Participant: testFP(2), Expert: testFP(101), Slot: "s2", Score: 300},
		},
		Unplaced: map[string]string{testFP(3): "no language in common\n"},
	}
}

func TestSaveAndPublishRuns(t *testing.T) {
	s := openTest(t, "")
	if _, err := s.PublishedRun(); !errors.Is(err, ErrNotFound) {
		t.Fatalf("PublishedRun before = %v", err)
	}
	if _, err := s.MeetingsFor(testFP(1)); !errors.Is(err, ErrNotFound) {
		t.Fatalf("MeetingsFor before = %v", err)
	}
	ch, cancel := s.Subscribe()
	defer cancel()
	r := testRun()
	r.ID, r.Published = 77, time.Now() // ignored
	first, err := s.SaveRun(r)
	if err != nil {
		t.Fatalf("SaveRun: %v", err)
	}
	if c := receive(t, ch); c != (Change{Kind: KindRun, Key: "1"}) {
		t.Errorf("change %+v", c)
	}
	if first.ID != 1 || first.Created.IsZero() || !first.Published.IsZero() {
		t.Errorf("first run: id %d created %v published %v", first.ID, first.Created, first.Published)
	}
	if first.Meetings[1].Why != "shared areas: Law" || first.Unplaced[testFP(3)] != "no language in common" {
		t.Errorf("text not cleaned: %q %q", first.Meetings[1].Why, first.Unplaced[testFP(3)])
	}
	r2 := testRun()
	r2.Created = time.Date(2022, 2, 3, 12, 0, 0, 0, time.FixedZone("CET", 3600))
	r2.Meetings = r2.Meetings[:1]
	second, err := s.SaveRun(r2)
	if err != nil || second.ID != 2 || !second.Created.Equal(r2.Created) || second.Created.Location() != time.UTC {
		t.Fatalf("second run %d %v, %v", second.ID, second.Created, err)
	}
	receive(t, ch)
	got, err := s.Run(1)
	if err != nil || !reflect.DeepEqual(got, first) {
		t.Errorf("Run(1) =\n%+v, %v\nwant\n%+v", got, err, first)
	}
	if _, err := s.Run(3); !errors.Is(err, ErrNotFound) {
		t.Errorf("Run(3) = %v", err)
	}
	if _, err := s.Run(0); !errors.Is(err, ErrNotFound) {
		t.Errorf("Run(0) = %v", err)
	}
	runs, err := s.Runs()
	if err != nil || len(runs) != 2 || runs[0].ID != 2 || runs[1].ID != 1 {
		t.Fatalf("Runs = %v, %v", runs, err)
	}

	// Publish run 1, then run 2.
	at := time.Date(2022, 2, 3, 18, 0, 0, 0, time.UTC)
	if err := s.PublishRun(1, at); err != nil {
		t.Fatal(err)
	}
	if c := receive(t, ch); c != (Change{Kind: KindRun, Key: "1"}) {
		t.Errorf("change %+v", c)
	}
	pub, err := s.PublishedRun()
	if err != nil || pub.ID != 1 || !pub.Published.Equal(at) {
		t.Fatalf("PublishedRun = %d %v, %v", pub.ID, pub.Published, err)
	}
	ms, err := s.MeetingsFor(testFP(1))
	if err != nil || len(ms) != 2 || ms[0].Slot != "s2" || ms[1].Slot != "s10" {
		t.Errorf("MeetingsFor(participant) = %+v, %v", ms, err)
	}
	ms, err = s.MeetingsFor(testFP(101))
	if err != nil || len(ms) != 2 || ms[0].Participant != testFP(2) || ms[1].Participant != testFP(1) {
		t.Errorf("MeetingsFor(expert) = %+v, %v", ms, err)
	}
	if ms, err := s.MeetingsFor(testFP(3)); err != nil || ms == nil || len(ms) != 0 {
		t.Errorf("MeetingsFor(unplaced) = %v, %v", ms, err)
	}
	if err := s.PublishRun(2, at.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if pub, _ := s.PublishedRun(); pub.ID != 2 {
		t.Errorf("published %d, want 2", pub.ID)
	}
	if ms, _ := s.MeetingsFor(testFP(1)); len(ms) != 1 || ms[0].Expert != testFP(101) {
		t.Errorf("MeetingsFor after republish = %+v", ms)
	}
	if err := s.PublishRun(9, at); !errors.Is(err, ErrNotFound) {
		t.Errorf("PublishRun(9) = %v", err)
	}
	if pub, _ := s.PublishedRun(); pub.ID != 2 {
		t.Errorf("failed publish changed the published run to %d", pub.ID)
	}
}

func TestSaveRunRefuses(t *testing.T) {
	s := openTest(t, "")
	tests := []struct {
		name string
		edit func(r *Run)
		msg  string
	}{
		{"bad participant", func(r *Run) { r.Meetings[0].Participant = "p1" }, "meeting 1: participant is not"},
		{"bad expert", func(r *Run) { r.Meetings[2].Expert = "" }, "meeting 3: expert is not"},
		{"same key", func(r *Run) { r.Meetings[0].Expert = r.Meetings[0].Participant }, "same key"},
		{"bad slot", func(r *Run) { r.Meetings[1].Slot = "slot 2" }, `slot "slot 2" is not a slot id`},
		{"score too high", func(r *Run) { r.Meetings[0].Score = 1001 }, "score 1001 out of range"},
		{"two meetings in a slot", func(r *Run) { r.Meetings[0].Slot = "s2" }, "meeting 2: participant already has a meeting in slot s2"},
		{"pair twice", func(r *Run) { r.Meetings[1].Expert = testFP(101) }, "meeting 2: participant and expert already meet"},
		{"bad unplaced", func(r *Run) { r.Unplaced["nobody"] = "x" }, "unplaced has an entry"},
		{"bad input", func(r *Run) { r.Input = json.RawMessage(`{"slots":`) }, "input must be JSON"},
		{"bad stats", func(r *Run) { r.Stats = json.RawMessage(`nope`) }, "stats must be JSON"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := testRun()
			tc.edit(&r)
			_, err := s.SaveRun(r)
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("SaveRun = %v, want *ValidationError", err)
			}
			if !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("error %q, want %q", err, tc.msg)
			}
		})
	}
	if runs, _ := s.Runs(); len(runs) != 0 {
		t.Errorf("%d refused runs stored", len(runs))
	}
	// Empty input and stats are fine.
	if r, err := s.SaveRun(Run{}); err != nil || r.ID != 1 {
		t.Errorf("empty run: %+v, %v", r, err)
	}
}

func TestAnnouncements(t *testing.T) {
	s := openTest(t, "")
	if _, err := s.LatestAnnouncement(); !errors.Is(err, ErrNotFound) {
		t.Fatalf("before: %v", err)
	}
	ch, cancel := s.Subscribe()
	defer cancel()
	at := time.Date(2022, 2, 4, 11, 0, 0, 0, time.UTC)
	a, err := s.Announce("  Lunch is\x1b[2J ready \u202e\n\n\n\nin room B  ", "Organisers", at)
	if err != nil {
		t.Fatal(err)
	}
	if a.ID != 1 || a.Text != "Lunch is ready\n\nin room B" || a.By != "Organisers" || !a.Created.Equal(at) {
		t.Errorf("Announce = %+v", a)
	}
	if c := receive(t, ch); c != (Change{Kind: KindAnnouncement, Key: "1"}) {
		t.Errorf("change %+v", c)
	}
	long, err := s.Announce(strings.Repeat("x", 1000), testFP(1), at.Add(time.Minute))
	if err != nil || long.ID != 2 || len(long.Text) != MaxAnnouncement {
		t.Errorf("long: id %d len %d, %v", long.ID, len(long.Text), err)
	}
	latest, err := s.LatestAnnouncement()
	if err != nil || latest != long {
		t.Errorf("LatestAnnouncement = %+v, %v", latest, err)
	}
	var ve *ValidationError
	if _, err := s.Announce(" \x1b[0m\u200b ", "x", at); !errors.As(err, &ve) || ve.For("text") != "is required" {
		t.Errorf("empty: %v", err)
	}
	if latest, _ := s.LatestAnnouncement(); latest.ID != 2 {
		t.Errorf("empty announcement stored")
	}
}

func TestLatestRun(t *testing.T) {
	s := openTest(t, "")
	if _, err := s.LatestRun(); !errors.Is(err, ErrNotFound) {
		t.Fatalf("empty store: %v", err)
	}
	for range 3 {
		if _, err := s.SaveRun(Run{Seed: 1}); err != nil {
			t.Fatal(err)
		}
	}
	r, err := s.LatestRun()
	if err != nil || r.ID != 3 {
		t.Fatalf("latest = %d, %v; want run 3", r.ID, err)
	}
}
