package service

import (
	"context"
	"errors"
	"testing"

	"netday/store"
)

func TestRunsAreNumberedSeededAndReplanned(t *testing.T) {
	svc := newDay(t, 3, 2, "s1", "s2")
	r1, err := svc.RunMatching(context.Background(), ModeAuto)
	if err != nil {
		t.Fatal(err)
	}
	if r1.ID != 1 || r1.Seed != 1 || r1.Mode != "solve" || r1.Base != 0 {
		t.Fatalf("first run: id %d seed %d mode %q base %d", r1.ID, r1.Seed, r1.Mode, r1.Base)
	}
	if len(r1.Meetings) != 4 || len(r1.Unplaced) != 0 { // 4 seats for 3 participants
		t.Fatalf("first run: %d meetings, unplaced %v", len(r1.Meetings), r1.Unplaced)
	}
	if _, err := svc.Publish(r1.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Publish(r1.ID); !errors.Is(err, ErrAlreadyPublished) {
		t.Fatalf("publishing twice: %v", err)
	}
	addParticipant(t, svc.Store(), "late")
	r2, err := svc.RunMatching(context.Background(), ModeAuto)
	if err != nil {
		t.Fatal(err)
	}
	if r2.ID != 2 || r2.Seed != 2 || r2.Mode != "replan" || r2.Base != 1 {
		t.Fatalf("re-plan: id %d seed %d mode %q base %d", r2.ID, r2.Seed, r2.Mode, r2.Base)
	}
	kept := map[store.Meeting]bool{}
	for _, m := range r2.Meetings {
		m.Why = ""
		kept[m] = true
	}
	changed := 0
	for _, m := range r1.Meetings {
		m.Why = ""
		if !kept[m] {
			changed++
			if r2.Changes[store.MeetingKey(m.Participant, m.Expert)] == "" {
				t.Errorf("re-plan changed published meeting %+v without a reason", m)
			}
		}
	}
	// Every seat was taken: the late joiner's first meeting costs exactly
	// one published second meeting.
	if changed != 1 || !hasMeeting(r2, fp("late")) {
		t.Errorf("re-plan changed %d published meetings; late joiner placed: %v", changed, hasMeeting(r2, fp("late")))
	}
	if r2.Engine == "" {
		t.Error("run without the engine's version")
	}
	r3, err := svc.RunMatching(context.Background(), ModeFull)
	if err != nil || r3.Mode != "full" || r3.Seed != 3 {
		t.Fatalf("full re-solve: %+v, %v", r3.Mode, err)
	}
}

func TestOneRunAtATime(t *testing.T) {
	svc := newDay(t, 1, 1, "s1")
	svc.runMu.Lock() // a run in progress
	_, err := svc.RunMatching(context.Background(), ModeAuto)
	svc.runMu.Unlock()
	if !errors.Is(err, ErrRunning) {
		t.Fatalf("second run at once: %v", err)
	}
	if _, err := svc.RunMatching(context.Background(), ModeAuto); err != nil {
		t.Fatalf("run after the first ended: %v", err)
	}
}

func TestCancelledRunStoresNothing(t *testing.T) {
	svc := newDay(t, 2, 1, "s1")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := svc.RunMatching(ctx, ModeAuto); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled run: %v", err)
	}
	if _, err := svc.Store().LatestRun(); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("a cancelled run was stored: %v", err)
	}
}

func TestNoParticipantsNoRun(t *testing.T) {
	svc := newDay(t, 0, 1, "s1")
	if _, err := svc.RunMatching(context.Background(), ModeAuto); !errors.Is(err, ErrNoParticipants) {
		t.Fatalf("run without participants: %v", err)
	}
}

func TestSeedIsTheNumberTheSaveAllocates(t *testing.T) {
	svc := newDay(t, 1, 1, "s1")
	if _, err := svc.Store().SaveRunNumbered(store.Run{Seed: 5}); !errors.Is(err, store.ErrRunTaken) {
		t.Fatalf("run 1 saved with seed 5: %v", err)
	}
	if r, err := svc.Store().SaveRunNumbered(store.Run{Seed: 1}); err != nil || r.ID != 1 {
		t.Fatalf("numbered save: %+v, %v", r.ID, err)
	}
}

func TestMyMeetings(t *testing.T) {
	svc := newDay(t, 2, 1, "s1", "s2")
	if _, _, err := svc.MyMeetings(fp("p1")); !errors.Is(err, ErrNotPublished) {
		t.Fatalf("before publication: %v", err)
	}
	r, err := svc.RunMatching(context.Background(), ModeAuto)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Publish(r.ID); err != nil {
		t.Fatal(err)
	}
	run, mine, err := svc.MyMeetings(fp("e1"))
	if err != nil || run.ID != r.ID || len(mine) != 2 || mine[0].Slot != "s1" || mine[1].Slot != "s2" {
		t.Fatalf("expert's meetings: %+v, %v", mine, err)
	}
	_, mine, err = svc.MyMeetings(fp("p2"))
	if err != nil || len(mine) != 1 || mine[0].Participant != fp("p2") {
		t.Fatalf("participant's meetings: %+v, %v", mine, err)
	}
}

func TestInvitesAndAnnouncements(t *testing.T) {
	svc := newDay(t, 0, 0)
	codes, expires, err := svc.Invites(3)
	if err != nil || len(codes) != 3 || !expires.After(svc.Now()) {
		t.Fatalf("invites: %v, %v, %v", codes, expires, err)
	}
	if _, _, err := svc.Invites(0); err == nil {
		t.Fatal("0 invites accepted")
	}
	a, err := svc.Announce("Round 2 starts", fp("org"))
	if err != nil || a.Text != "Round 2 starts" {
		t.Fatalf("announce: %+v, %v", a, err)
	}
	var verr *store.ValidationError
	if _, err := svc.Announce("", fp("org")); !errors.As(err, &verr) {
		t.Fatalf("empty announcement: %v", err)
	}
}

func hasMeeting(r store.Run, who string) bool {
	return len(r.MeetingsOf(who)) > 0
}
