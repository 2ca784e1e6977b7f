package service

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"netday/store"
	"netday/store/event"
)

// fp makes a valid SSH key fingerprint from a name.
func fp(name string) string {
	sum := sha256.Sum256([]byte(name))
	return "SHA256:" + base64.RawStdEncoding.EncodeToString(sum[:])
}

// newDay opens a fresh store with participants p1…pN and experts e1…eM,
// every expert with one seat in each of the first slots given.
func newDay(t *testing.T, participants, experts int, slots ...string) *Service {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "netday.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	for i := 1; i <= experts; i++ {
		addExpert(t, st, fmt.Sprintf("e%d", i), slots...)
	}
	for i := 1; i <= participants; i++ {
		addParticipant(t, st, fmt.Sprintf("p%d", i))
	}
	return New(st, event.Default(), nil)
}

func addExpert(t *testing.T, st *store.Store, name string, slots ...string) {
	t.Helper()
	codes, err := st.CreateInvites(1, time.Hour, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := st.RedeemInvite(codes[0], fp(name), time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := st.PutProfile(store.Profile{
		Fingerprint: fp(name), Role: store.RoleExpert, Name: "Expert " + name, Title: "Researcher",
		Organisation: "Org " + name, City: "Graz", Country: "Austria", TimeZone: "Europe/Vienna",
		Languages: []string{"English"}, Areas: []string{"Gender equality"}, Offers: []string{"Mentoring"},
		Bio: "Expert.",
	}); err != nil {
		t.Fatal(err)
	}
	seats := map[string]int{}
	for _, s := range slots {
		seats[s] = 1
	}
	if _, err := st.PutAvailability(store.Availability{Fingerprint: fp(name), Seats: seats}); err != nil {
		t.Fatal(err)
	}
}

func addParticipant(t *testing.T, st *store.Store, name string) {
	t.Helper()
	if _, err := st.PutProfile(store.Profile{
		Fingerprint: fp(name), Role: store.RoleParticipant, Name: "Participant " + name,
		Organisation: "Uni " + name, City: "Lima", Country: "Peru", TimeZone: "America/Lima",
		CareerStage: "Student", Languages: []string{"English"}, Areas: []string{"Gender equality"},
		LookingFor: []string{"Mentoring"}, Bio: "Hi.",
	}); err != nil {
		t.Fatal(err)
	}
}

// runFigures runs the matching and returns the run with its figures.
func runFigures(t *testing.T, svc *Service) (store.Run, Figures) {
	t.Helper()
	r, err := svc.RunMatching(context.Background(), ModeAuto)
	if err != nil {
		t.Fatal(err)
	}
	f, err := FiguresOf(r)
	if err != nil {
		t.Fatal(err)
	}
	return r, f
}
