package main

import (
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"netday/store"
)

// The time-zone question finds zones by city and country as people type,
// and times show with abbreviations people know.
func TestTimeZoneFoundByCityAndShownWithItsAbbreviation(t *testing.T) {
	srv := testServer(t, t.TempDir())
	p := putPerson(t, srv.store, store.RoleParticipant, "Lucía Pérez", "Europe/Vienna")
	tm := openTerm(t, dial(t, srv.addr(), gossh.PublicKeys(p.key)), 80, 24)
	tm.waitFor("Lucía Pérez", "Europe/Vienna")
	tm.send("e")
	tm.waitFor("Review your profile")
	for range 5 { // name, pronouns, organisation, city, country, time zone
		tm.send(keyDown)
	}
	tm.send(keyEnter)
	tm.waitFor("Time zone", "Europe/Vienna")
	tm.erase("Europe/Vienna")
	tm.send("graz")
	tm.waitFor("Europe/Vienna · Graz, Austria · CE") // CET or CEST
	tm.erase("graz")
	tm.send("delhi")
	tm.waitFor("Asia/Kolkata · Delhi, India · IST")
	tm.erase("delhi")
	tm.send("argentina")
	tm.waitFor("America/Argentina/Buenos_Aires · Argentina · ART (UTC-3)")
	tm.send(keyEnter)
	tm.waitFor("Review your profile", "America/Argentina/Buenos_Aires")
	tm.send("s")
	// Her day in her own time, with the abbreviation people know.
	tm.waitFor("Profile saved.", "ART your time")
}
