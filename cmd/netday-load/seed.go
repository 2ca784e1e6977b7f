package main

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"time"

	"netday/store"
	"netday/store/event"
)

// seedFingerprint makes a valid SSH key fingerprint for a made-up person.
func seedFingerprint(name string) string {
	sum := sha256.Sum256([]byte(name))
	return "SHA256:" + base64.RawStdEncoding.EncodeToString(sum[:])
}

// seedDay writes a day with participants and experts (complete profiles,
// availability, wish lists) into the stopped database of data, so that the
// organiser's matching has real work: each participant wishes for a few
// experts who share an area.
func seedDay(data string, participants, experts int) error {
	st, err := store.Open(filepath.Join(data, "netday.db"), store.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	ev := event.Default()
	rng := rand.New(rand.NewPCG(1, 2))
	pick := func(list []string, n int) []string {
		out := []string{}
		for _, i := range rng.Perm(len(list))[:min(n, len(list))] {
			out = append(out, list[i])
		}
		return out
	}
	now := time.Now()
	codes, err := st.CreateInvites(min(experts, store.MaxInvites), ev.InviteTTL, now)
	for len(codes) < experts && err == nil {
		var more []string
		more, err = st.CreateInvites(min(experts-len(codes), store.MaxInvites), ev.InviteTTL, now)
		codes = append(codes, more...)
	}
	if err != nil {
		return err
	}
	var expertFPs []string
	for i := range experts {
		fp := seedFingerprint(fmt.Sprintf("expert-%d", i))
		if err := st.RedeemInvite(codes[i], fp, now); err != nil {
			return err
		}
		if _, err := st.PutProfile(store.Profile{
			Fingerprint: fp, Role: store.RoleExpert, Name: fmt.Sprintf("Expert %d", i), Title: "Researcher",
			Organisation: "Load Institute", City: "Graz", Country: "Austria", TimeZone: "Europe/Vienna",
			Languages: []string{"English"}, Areas: pick(ev.Areas, 3), Offers: pick(ev.LookingFor, 2),
			Bio: "Made up for the load test.",
		}); err != nil {
			return err
		}
		seats := map[string]int{}
		for _, s := range ev.Slots {
			if rng.IntN(4) > 0 {
				seats[s.ID] = 1 + rng.IntN(2)
			}
		}
		if _, err := st.PutAvailability(store.Availability{Fingerprint: fp, Seats: seats}); err != nil {
			return err
		}
		expertFPs = append(expertFPs, fp)
	}
	for i := range participants {
		fp := seedFingerprint(fmt.Sprintf("participant-%d", i))
		if _, err := st.PutProfile(store.Profile{
			Fingerprint: fp, Role: store.RoleParticipant, Name: fmt.Sprintf("Participant %d", i),
			Organisation: "Load University", City: "Lima", Country: "Peru", TimeZone: "America/Lima",
			CareerStage: ev.CareerStages[rng.IntN(len(ev.CareerStages))], Languages: []string{"English"},
			Areas: pick(ev.Areas, 2), LookingFor: pick(ev.LookingFor, 2), Bio: "Made up for the load test.",
		}); err != nil {
			return err
		}
		if len(expertFPs) > 0 {
			var wish []string
			for _, j := range rng.Perm(len(expertFPs))[:min(ev.WishLimit, 5, len(expertFPs))] {
				wish = append(wish, expertFPs[j])
			}
			if _, err := st.PutWishList(store.WishList{Fingerprint: fp, Experts: wish}, ev.WishLimit); err != nil {
				return err
			}
		}
	}
	return nil
}
