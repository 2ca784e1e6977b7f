package service

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"netday/store"
	"netday/store/event"
)

// benchDay stores a day of p participants and e experts (every expert with
// one seat in each of the event's slots; every fifth participant wishes for
// two experts), in one store per benchmark.
func benchDay(b *testing.B, p, e int) *Service {
	b.Helper()
	st, err := store.Open(filepath.Join(b.TempDir(), "netday.db"), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	ev := event.Default()
	areas := ev.Areas
	codes, err := st.CreateInvites(min(e, store.MaxInvites), 24*time.Hour, time.Now())
	if err != nil {
		b.Fatal(err)
	}
	for i := range e {
		name := fmt.Sprintf("expert%d", i)
		if err := st.RedeemInvite(codes[i], fp(name), time.Now()); err != nil {
			b.Fatal(err)
		}
		seats := map[string]int{}
		for _, sl := range ev.Slots {
			seats[sl.ID] = 1 + i%2
		}
		if _, err := st.PutProfile(store.Profile{Fingerprint: fp(name), Role: store.RoleExpert, Name: "Expert " + name,
			Organisation: "Org " + name, Country: "Austria", TimeZone: "Europe/Vienna", Languages: []string{"English"},
			Areas: []string{areas[i%len(areas)], areas[(i+3)%len(areas)]}, Offers: []string{"Mentoring"}, Bio: "Expert."}); err != nil {
			b.Fatal(err)
		}
		if _, err := st.PutAvailability(store.Availability{Fingerprint: fp(name), Seats: seats}); err != nil {
			b.Fatal(err)
		}
	}
	for i := range p {
		name := fmt.Sprintf("p%d", i)
		if _, err := st.PutProfile(store.Profile{Fingerprint: fp(name), Role: store.RoleParticipant, Name: "Participant " + name,
			Organisation: "Uni", City: "Lima", Country: "Peru", TimeZone: "America/Lima", CareerStage: "Student",
			Languages: []string{"English"}, Areas: []string{areas[i%len(areas)]}, LookingFor: []string{"Mentoring"}, Bio: "Hi."}); err != nil {
			b.Fatal(err)
		}
		if i%5 == 0 {
			if _, err := st.PutWishList(store.WishList{Fingerprint: fp(name),
				Experts: []string{fp(fmt.Sprintf("expert%d", i%e)), fp(fmt.Sprintf("expert%d", (i+1)%e))}}, 5); err != nil {
				b.Fatal(err)
			}
		}
	}
	return New(st, ev, nil)
}

// BenchmarkServiceDay measures the organiser operations on a 1,000 × 100
// day: a run (read inputs, solve, store), the at-risk list, the stale check
// and the diff.
func BenchmarkServiceDay(b *testing.B) {
	svc := benchDay(b, 1000, 100)
	ctx := context.Background()
	r, err := svc.RunMatching(ctx, ModeAuto)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("run", func(b *testing.B) {
		for b.Loop() {
			if _, err := svc.RunMatching(ctx, ModeAuto); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("at-risk", func(b *testing.B) {
		for b.Loop() {
			if _, err := svc.atRisk(); err != nil { // uncached
				b.Fatal(err)
			}
		}
	})
	b.Run("stale-check", func(b *testing.B) {
		for b.Loop() {
			if _, err := svc.Changes(r); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("diff", func(b *testing.B) {
		for b.Loop() {
			if _, err := svc.DiffRun(r.ID); err != nil {
				b.Fatal(err)
			}
		}
	})
}
