package main

import (
	"regexp"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"netday/store"
)

var inviteCode = regexp.MustCompile(`New invite code ([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})`)

// joinAsExpert types an expert's first visit: invite code, profile, and
// returns on the availability tab.
func joinAsExpert(t *testing.T, tm *term, code, name string) {
	t.Helper()
	tm.waitFor("This is your first visit")
	tm.send(keyEnter)
	tm.waitFor("How are you taking part?")
	tm.send(keyDown, keyEnter)
	tm.waitFor("Your invite code")
	tm.send("WRON-GCOD-EXXX", keyEnter)
	tm.waitFor("This invite code is not valid")
	tm.erase("WRON-GCOD-EXXX")
	tm.send(strings.ToLower(code), keyEnter)
	tm.waitFor("question 1 of 11", "Your name")
	tm.send(name, keyEnter)
	tm.waitFor("Title or role")
	tm.send("Human Rights Officer", keyEnter)
	tm.waitFor("question 3 of 11", "Organisation")
	tm.send("UN-Habitat", keyEnter)
	tm.waitFor("Country")
	tm.send("Kenya", keyEnter)
	tm.waitFor("Time zone")
	tm.send("Africa/Nairobi", keyEnter)
	tm.waitFor("Languages")
	tm.send(", French", keyEnter)
	tm.waitFor("Interest areas")
	// Housing and the right to the city (7th) and Migration (6th).
	tm.send(keyDown, keyDown, keyDown, keyDown, keyDown, " ", keyDown, " ", keyEnter)
	tm.waitFor("What you offer")
	tm.send(" ", keyDown, " ", keyEnter) // Mentoring, Career advice
	tm.waitFor("Career stages you welcome")
	tm.send(keyDown, " ", keyEnter) // Recent graduates
	tm.waitFor("Short bio")
	tm.send("I work on inclusive cities and housing rights.", keyEnter)
	tm.waitFor("Public link")
	tm.send("javascript:alert(1)", keyEnter)
	tm.waitFor("✗ ")
	tm.erase("javascript:alert(1)")
	tm.send("https://unhabitat.org", keyEnter)
	tm.waitFor("review your profile", "UN-Habitat")
	tm.send("s")
	tm.waitFor("Profile saved.", "Availability")
}

func TestTheNetworkingDay(t *testing.T) {
	organiser := newKey(t)
	srv := testServer(t, t.TempDir(), withAdmins(t, organiser))

	// The organiser makes an invite code on their screen.
	org := openTerm(t, dial(t, srv.addr(), gossh.PublicKeys(organiser)), 100, 30)
	org.waitFor("ORGANISER", "Invite codes: 0 open")
	org.send("i")
	m := inviteCode.FindStringSubmatch(org.waitFor("New invite code", "Invite codes: 1 open"))
	if m == nil {
		t.Fatalf("no invite code on the organiser's screen:\n%s", org.screen())
	}

	// The expert joins with it and publishes availability.
	expertKey := newKey(t)
	ex := openTerm(t, dial(t, srv.addr(), gossh.PublicKeys(expertKey)), 100, 30)
	joinAsExpert(t, ex, m[1], "Wanjiru Kamau")
	ex.send("2")
	ex.waitFor("0 participants have you on their wish list", "away")
	ex.send(" ")                    // slot 1: one-to-one
	ex.send(keyDown, "+", "+", "+") // slot 2: a table of 3
	ex.waitFor("3 small table", "Saved.")
	ex.send(keyDown, " ")
	ex.waitFor("Saved.")
	org.waitFor("Experts 1", "Invite codes: 0 open, 1 used")

	// The code is single use.
	other := openTerm(t, dial(t, srv.addr(), gossh.PublicKeys(newKey(t))), 100, 30)
	other.waitFor("first visit")
	other.send(keyEnter, keyDown, keyEnter)
	other.waitFor("Your invite code")
	other.send(m[1], keyEnter)
	other.waitFor("This invite code is not valid")

	// A second expert, seeded straight into the store, who should not
	// match the filters below.
	seedExpert(t, srv, newKey(t), "Jonas Weber", []string{"Digital rights and smart cities"}, map[string]int{"s1": 1})

	// A participant finds the expert by area and by fuzzy search.
	pkey := newKey(t)
	pt := openTerm(t, dial(t, srv.addr(), gossh.PublicKeys(pkey)), 100, 30)
	onboard(t, pt, "Amina Yusuf")
	pt.send("2")
	pt.waitFor("Wanjiru Kamau", "Jonas Weber", "3 free slots")
	pt.send("a")
	pt.waitFor("Show experts by area")
	for range 6 { // "All areas", then the sixth area: Migration
		pt.send(keyDown)
	}
	pt.send(keyEnter)
	s := pt.waitFor("Area: Migration, refugees and inclusion", "Wanjiru Kamau")
	if strings.Contains(s, "Jonas Weber") {
		t.Fatalf("the area filter let Jonas through:\n%s", s)
	}
	pt.send(keyEsc)
	pt.waitFor("Jonas Weber")
	pt.send("/", "wnjr kmu") // fuzzy: letters of the name in order
	pt.waitFor("/ wnjr kmu")
	pt.waitGone("Jonas Weber")
	s = pt.waitFor("Wanjiru Kamau")
	if strings.Contains(s, "Jonas Weber") {
		t.Fatalf("fuzzy search let Jonas through:\n%s", s)
	}
	pt.send(keyEnter, keyEnter) // leave the search, open the details
	pt.waitFor("Why this expert", "Human Rights Officer", "Free time:", "Welcomes", "likes to meet people at your career stage")
	pt.send("w")
	pt.waitFor("#1 on your wish list")
	pt.send(keyEsc)
	pt.waitFor("/ wnjr kmu")
	pt.send(keyEsc)
	pt.waitFor("Jonas Weber")
	pt.send(keyDown, "w") // Jonas second
	pt.waitFor("Added Jonas Weber to your wish list (#2)")

	// The expert sees the request count change by itself.
	ex.waitFor("1 participant has you on their wish list")

	// Reorder: Jonas first.
	pt.send("3")
	pt.waitFor("1. Wanjiru Kamau", "2. Jonas Weber")
	pt.send(keyDown, "u")
	pt.waitFor("1. Jonas Weber", "2. Wanjiru Kamau")

	// Live: the expert closes a slot, the participant's browse view follows.
	pt.send("2")
	pt.waitFor("3 free slots")
	ex.send(keyUp, keyUp, " ") // slot 1 away again
	ex.waitFor("Saved.")
	pt.waitFor("2 free slots")

	// Reconnect: the wish list is kept.
	pt.send("q")
	_ = pt.waitExit()
	pt = openTerm(t, dial(t, srv.addr(), gossh.PublicKeys(pkey)), 100, 30)
	pt.waitFor("Amina Yusuf")
	pt.send("3")
	pt.waitFor("1. Jonas Weber", "2. Wanjiru Kamau")
	pt.send("4")
	pt.waitFor("The matching is not published yet", "planned for Thursday 3 February 18:00", "(20:00 EAT your")

	// The organiser locks wish lists, runs the matching and publishes; the
	// participant's open schedule fills in by itself.
	org.send("l")
	org.waitFor("Wish lists are locked.")
	org.send("m")
	org.waitFor("Preview run 1 ready", "With ≥1 meeting: 1 of 1 participants")
	org.send("p")
	org.waitFor("Publish run 1 with", "y publish")
	org.send("y")
	org.waitFor("Run 1 published")
	s = pt.waitFor("Your meetings (2)", "Jonas Weber", "Wanjiru Kamau", "Room: https://bbb.example.org/rooms/netday-", "Why:")
	if !strings.Contains(s, "12:00–12:15 CET (14:00–14:15 EAT your time)") {
		t.Fatalf("meeting time not shown in both zones:\n%s", s)
	}
	pt.send("3", "d")
	pt.waitFor("Wish lists are closed")

	// The expert's schedule shows who they meet.
	ex.send("3")
	ex.waitFor("Your meetings (1)", "Amina Yusuf", "Interests: Migration, refugees and inclusion", "I study how cities")

	// An announcement reaches every open session.
	org.send("a")
	org.waitFor("Announcement")
	org.send("Coffee break at 13:00 in the lobby", keyEnter)
	org.waitFor("Announcement sent")
	for _, tm := range []*term{pt, ex, other} {
		tm.waitFor("ANNOUNCEMENT", "Coffee break at 13:00")
	}

	got, err := srv.store.WishList(gossh.FingerprintSHA256(pkey.PublicKey()))
	if err != nil || len(got.Experts) != 2 {
		t.Fatalf("stored wish list %+v, %v", got, err)
	}
}

// seedExpert writes a complete expert with availability straight to the store.
func seedExpert(t *testing.T, srv *server, key gossh.Signer, name string, areas []string, seats map[string]int) string {
	t.Helper()
	fp := gossh.FingerprintSHA256(key.PublicKey())
	codes, err := srv.store.CreateInvites(1, time.Hour, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.store.RedeemInvite(codes[0], fp, time.Now()); err != nil {
		t.Fatal(err)
	}
	_, err = srv.store.PutProfile(store.Profile{
		Fingerprint: fp, Role: store.RoleExpert, Name: name, Title: "Researcher", Organisation: "ETC Graz",
		Country: "Austria", TimeZone: "Europe/Vienna", Languages: []string{"English", "German"}, Areas: areas,
		Offers: []string{"Research contacts"}, Bio: "Works on local human rights.",
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.store.PutAvailability(store.Availability{Fingerprint: fp, Seats: seats}); err != nil {
		t.Fatal(err)
	}
	return fp
}

func TestDeleteMeClosesTheOpenSession(t *testing.T) {
	srv := testServer(t, t.TempDir())
	key := newKey(t)
	c := dial(t, srv.addr(), gossh.PublicKeys(key))
	tm := openTerm(t, c, 80, 24)
	onboard(t, tm, "Rosa Lima")
	if _, err := runCommand(t, c, "delete-me delete"); err != nil {
		t.Fatalf("delete-me: %v", err)
	}
	if err := tm.waitExit(); err != nil {
		t.Fatalf("session end: %v", err)
	}
	if !strings.Contains(tm.rawOutput(), "has been deleted") {
		t.Fatalf("no goodbye after delete-me: %q", tail(tm.rawOutput(), 200))
	}
	if _, err := srv.store.Profile(gossh.FingerprintSHA256(key.PublicKey())); err == nil {
		t.Fatal("profile still stored")
	}
}

func TestUnplacedParticipantIsToldWhy(t *testing.T) {
	organiser := newKey(t)
	srv := testServer(t, t.TempDir(), withAdmins(t, organiser))
	seedExpert(t, srv, newKey(t), "Jonas Weber", []string{"Gender equality"}, map[string]int{"s1": 1})
	pkey := newKey(t)
	_, err := srv.store.PutProfile(store.Profile{
		Fingerprint: gossh.FingerprintSHA256(pkey.PublicKey()), Role: store.RoleParticipant, Name: "Inti Quispe",
		Organisation: "PUCP", City: "Lima", Country: "Peru", TimeZone: "America/Lima", CareerStage: "Student",
		Languages: []string{"Quechua"}, Areas: []string{"Gender equality"}, LookingFor: []string{"Mentoring"}, Bio: "Hi.",
	})
	if err != nil {
		t.Fatal(err)
	}
	pt := openTerm(t, dial(t, srv.addr(), gossh.PublicKeys(pkey)), 80, 24)
	pt.send("4")
	pt.waitFor("not published yet")
	org := openTerm(t, dial(t, srv.addr(), gossh.PublicKeys(organiser)), 80, 24)
	org.waitFor("Matching: not run yet")
	org.send("m")
	org.waitFor("Preview run 1 ready", "With ≥1 meeting: 0 of 1 participants")
	org.send("p")
	org.waitFor("Publish run 1 with 0 meetings?")
	org.send("y")
	org.waitFor("Run 1 published")
	pt.waitFor("The matching could not place you", "can meet you: you have no language", "What you can do")
}
