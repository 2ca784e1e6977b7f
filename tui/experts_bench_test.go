package tui

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
	"path/filepath"
	"testing"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"netday/store"
	"netday/store/event"
)

// BenchmarkLoadExperts measures what one participant's Experts section
// costs to re-read after a change: 600 participants, 200 experts.
//
//	go test -run ^$ -bench LoadExperts -benchmem ./tui/
func BenchmarkLoadExperts(b *testing.B) {
	st, err := store.Open(filepath.Join(b.TempDir(), "b.db"), store.Options{Timeout: time.Second})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	ev := event.Default()
	fp := func(i int) string {
		sum := sha256.Sum256([]byte(fmt.Sprint(i)))
		return "SHA256:" + base64.RawStdEncoding.EncodeToString(sum[:])
	}
	codes, err := st.CreateInvites(200, time.Hour, time.Now())
	if err != nil {
		b.Fatal(err)
	}
	for i := range 800 {
		p := store.Profile{Fingerprint: fp(i), Role: store.RoleParticipant, Name: fmt.Sprintf("Person %d", i),
			Organisation: fmt.Sprintf("Org %d", i%50), City: "Graz", Country: "Austria", TimeZone: "Europe/Vienna",
			CareerStage: ev.CareerStages[i%len(ev.CareerStages)], Languages: []string{"English"},
			Areas: []string{ev.Areas[i%len(ev.Areas)], ev.Areas[(i*7)%len(ev.Areas)]}, LookingFor: []string{ev.LookingFor[i%len(ev.LookingFor)]},
			Bio: "A short bio."}
		if i < 200 {
			if err := st.RedeemInvite(codes[i], fp(i), time.Now()); err != nil {
				b.Fatal(err)
			}
			p.Role, p.Offers, p.LookingFor, p.City, p.CareerStage = store.RoleExpert, []string{"Mentoring"}, nil, "", ""
		}
		if _, err := st.PutProfile(p); err != nil {
			b.Fatal(err)
		}
		if i < 200 {
			if _, err := st.PutAvailability(store.Availability{Fingerprint: fp(i), Seats: map[string]int{"s1": 1, "s2": 2, "s5": 1}}); err != nil {
				b.Fatal(err)
			}
		}
	}
	me, err := st.Profile(fp(500))
	if err != nil {
		b.Fatal(err)
	}
	r := lipgloss.NewRenderer(io.Discard, termenv.WithProfile(termenv.Ascii))
	s := &session{Options: Options{Store: st, Event: ev, Identity: Identity{Fingerprint: me.Fingerprint}, Now: time.Now}, st: NewStyles(r), profile: &me}
	b.ResetTimer()
	for b.Loop() {
		d := loadExperts(s)
		if d.err != nil || len(d.rows) != 200 {
			b.Fatalf("%d rows, %v", len(d.rows), d.err)
		}
	}
}
