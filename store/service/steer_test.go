package service

import (
	"context"
	"errors"
	"strings"
	"testing"

	"netday/store"
)

func TestPublishRefusesAStaleRun(t *testing.T) {
	svc := newDay(t, 2, 2, "s1", "s2")
	r, err := svc.RunMatching(context.Background(), ModeAuto)
	if err != nil {
		t.Fatal(err)
	}
	addParticipant(t, svc.Store(), "late")                                             // 1: a new participant
	if _, err := svc.Store().PutAvailability(store.Availability{Fingerprint: fp("e1"), // 2: availability
		Seats: map[string]int{"s1": 1}}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Store().PutWishList(store.WishList{Fingerprint: fp("p1"), // 3: a wish list
		Experts: []string{fp("e2")}}, 5); err != nil {
		t.Fatal(err)
	}
	_, err = svc.Publish(r.ID)
	var stale *StaleError
	if !errors.As(err, &stale) || err.Error() != "the run is stale: 3 changes since; run again" {
		t.Fatalf("publishing a stale run: %v", err)
	}
	if _, err := svc.Store().PublishedRun(); !errors.Is(err, store.ErrNotFound) {
		t.Fatal("a stale run was published")
	}
	r2, err := svc.RunMatching(context.Background(), ModeAuto)
	if err != nil {
		t.Fatal(err)
	}
	if n, err := svc.Changes(r2); err != nil || n != 0 {
		t.Fatalf("fresh run: %d changes, %v", n, err)
	}
	if _, err := svc.Publish(r2.ID); err != nil {
		t.Fatalf("publishing a fresh run: %v", err)
	}
}

func TestPinMoveCancelFollowTheRules(t *testing.T) {
	svc := newDay(t, 2, 2, "s1", "s2", "s3")
	st := svc.Store()
	// e2 is away at s3 and sees at most 2 people a day.
	two := 2
	if _, err := st.PutAvailability(store.Availability{Fingerprint: fp("e2"), Seats: map[string]int{"s1": 1, "s2": 1}, DailyMax: two}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Move("Participant p1", "Expert e1", "s2", ""); !errors.Is(err, ErrNoRun) {
		t.Fatalf("move before any run: %v", err)
	}
	if _, err := svc.RunMatching(context.Background(), ModeAuto); err != nil {
		t.Fatal(err)
	}
	r, _ := st.LatestRun()
	var m store.Meeting
	for _, x := range r.Meetings {
		if x.Participant == fp("p1") && x.Expert == fp("e1") {
			m = x
		}
	}
	if m.Slot == "" {
		t.Fatalf("p1 does not meet e1 in %+v", r.Meetings)
	}
	other := ""
	for _, x := range r.Meetings {
		if x.Participant == fp("p1") && x.Expert != fp("e1") {
			other = x.Slot
		}
	}
	for _, tc := range []struct{ slot, to, want string }{
		{"s3", "Expert e2", "Expert e2 is away at " + svc.SlotLabel("s3")},
		{other, "", "Participant p1 already has a meeting at " + svc.SlotLabel(other)},
		{"s9", "", `no slot "s9"`},
		{"", "Expert e9", `no expert called "Expert e9"`},
	} {
		_, err := svc.Move("Participant p1", "Expert e1", tc.slot, tc.to)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("move p1 to %q/%q: %v, want %q", tc.slot, tc.to, err, tc.want)
		}
	}
	// A free place: p1 has no other meeting there and e1 has a seat.
	free := ""
	for _, sl := range []string{"s1", "s2", "s3"} {
		busy := false
		for _, x := range r.Meetings {
			if (x.Participant == fp("p1") && x.Slot == sl) || (x.Expert == fp("e1") && x.Slot == sl) {
				busy = true
			}
		}
		if !busy {
			free = sl
		}
	}
	if free == "" {
		t.Fatalf("p1 and e1 have no common free slot in %+v", r.Meetings)
	}
	moved, err := svc.Move("participant P1", "expert e1", free, "")
	if err != nil {
		t.Fatalf("move to a free place: %v", err)
	}
	if moved.Mode != "edit" || moved.Parent != r.ID || !strings.Contains(moved.Note, "Moved by the organisers") {
		t.Fatalf("edit run: mode %q parent %d (want %d) note %q", moved.Mode, moved.Parent, r.ID, moved.Note)
	}
	pins, _ := st.Pins()
	if len(pins) != 1 || pins[0].Slot != free {
		t.Fatalf("pins after move: %+v", pins)
	}
	// Pinning or moving it again to where it is changes nothing and makes no run.
	for _, again := range []func() (store.Run, error){
		func() (store.Run, error) { return svc.Pin("Participant p1", "Expert e1", "") },
		func() (store.Run, error) { return svc.Move("Participant p1", "Expert e1", free, "") },
	} {
		if _, err := again(); err == nil || !strings.Contains(err.Error(), "already pinned there") {
			t.Fatalf("pin again in place: %v", err)
		}
	}
	if latest, _ := st.LatestRun(); latest.ID != moved.ID {
		t.Fatalf("a pin that changes nothing stored run %d", latest.ID)
	}
	d, err := svc.DiffRun(0)
	if err != nil || len(d.Entries) != len(moved.Meetings) {
		t.Fatalf("diff with nothing published: %+v, %v", d, err)
	}
	if n, err := svc.Changes(moved); err != nil || n != 0 {
		t.Fatalf("an edit is not stale by its own pin: %d, %v", n, err)
	}
	if _, err := svc.Publish(moved.ID); err != nil {
		t.Fatal(err)
	}
	// The next run keeps the pin.
	next, err := svc.RunMatching(context.Background(), ModeFull)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, x := range next.Meetings {
		found = found || (x.Participant == fp("p1") && x.Expert == fp("e1") && x.Slot == free)
	}
	if !found {
		t.Fatal("a re-run lost the pin")
	}
	if _, err := svc.Publish(next.ID); err != nil {
		t.Fatal(err)
	}
	// An edit of the published schedule itself can be published.
	cancelled, err := svc.Cancel("Participant p1", "Expert e1")
	if err != nil {
		t.Fatal(err)
	}
	if cancelled.Base != next.ID {
		t.Fatalf("edit of published run %d has base %d", next.ID, cancelled.Base)
	}
	if n, err := svc.Changes(cancelled); err != nil || n != 0 {
		t.Fatalf("edit of the published run counts %d changes, %v", n, err)
	}
	d = DiffOf(cancelled, &next)
	_, _, removed := d.Counts()
	if removed < 1 {
		t.Fatalf("cancel not in the diff: %+v", d)
	}
	if pins, _ := st.Pins(); len(pins) != 0 {
		t.Fatalf("cancel kept the pin: %+v", pins)
	}
	if _, err := svc.Cancel("Participant p1", "Expert e1"); err == nil || !strings.Contains(err.Error(), "has no meeting with") {
		t.Fatalf("cancel twice: %v", err)
	}
}

func TestAtRiskNeedsANewPlace(t *testing.T) {
	svc := newDay(t, 1, 1, "s1", "s2")
	st := svc.Store()
	addParticipant(t, st, "mute")
	p, _ := st.Profile(fp("mute"))
	p.Languages = []string{"Quechua"}
	if _, err := st.PutProfile(p); err != nil {
		t.Fatal(err)
	}
	risks, err := svc.AtRisk()
	if err != nil {
		t.Fatal(err)
	}
	if len(risks) != 1 || risks[0].Participant != fp("mute") || !strings.Contains(risks[0].Reason, "can meet them: they have no language in common") {
		t.Fatalf("before any run: %+v", risks)
	}
	r, err := svc.RunMatching(context.Background(), ModeAuto)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Publish(r.ID); err != nil {
		t.Fatal(err)
	}
	m := r.MeetingsOf(fp("p1"))[0]
	seats := map[string]int{"s1": 1, "s2": 1}
	seats[m.Slot] = 0
	if _, err := st.PutAvailability(store.Availability{Fingerprint: fp("e1"), Seats: seats}); err != nil {
		t.Fatal(err)
	}
	risks, err = svc.AtRisk()
	if err != nil {
		t.Fatal(err)
	}
	if len(risks) == 0 || risks[0].Kind != RiskNewPlace || risks[0].Slot != m.Slot || !strings.Contains(risks[0].Reason, "away") {
		t.Fatalf("after the expert left a booked slot: %+v", risks)
	}
}

func TestFiguresMatchTheEngine(t *testing.T) {
	svc := newDay(t, 3, 2, "s1", "s2")
	if _, err := svc.Store().PutWishList(store.WishList{Fingerprint: fp("p1"), Experts: []string{fp("e2"), fp("e1")}}, 5); err != nil {
		t.Fatal(err)
	}
	r, f := runFigures(t, svc)
	st, _ := runStats(r)
	if f.Meetings != st.Meetings || f.TotalScore != st.TotalScore || f.WithAtLeast[0] != st.WithAtLeast[0] ||
		f.WithAtLeast[1] != st.WithAtLeast[1] || f.ScoreBound != st.ScoreBound || f.CoverageBound != st.CoverageBound {
		t.Fatalf("figures %+v differ from the engine's %+v", f, st)
	}
	if f.Wishers != 1 || f.WishesTotal != 2 || f.AnyChoice != 1 || f.ExpertsUsed != 2 {
		t.Fatalf("wishes and load: %+v", f)
	}
	if same, differ, err := svc.Reproduce(context.Background(), r.ID); err != nil || !same {
		t.Fatalf("reproduce run %d: same %v, %d differ, %v", r.ID, same, differ, err)
	}
}
