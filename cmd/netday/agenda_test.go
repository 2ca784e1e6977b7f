package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"
	bolt "go.etcd.io/bbolt"
	gossh "golang.org/x/crypto/ssh"

	"netday/store"
	"netday/store/event"
	"netday/store/service"
)

// unfold undoes RFC 5545 line folding and splits at CRLF, failing on a bare
// LF or CR or a physical line longer than 75 octets.
func unfold(t *testing.T, raw string) []string {
	t.Helper()
	if !strings.HasSuffix(raw, "\r\n") {
		t.Fatalf("calendar does not end with CRLF: %q", tail(raw, 20))
	}
	var lines []string
	for i, phys := range strings.Split(strings.TrimSuffix(raw, "\r\n"), "\r\n") {
		if strings.ContainsAny(phys, "\r\n") {
			t.Fatalf("physical line %d has a bare CR or LF: %q", i+1, phys)
		}
		if len(phys) > service.ICSLineOctets {
			t.Fatalf("physical line %d is %d octets: %q", i+1, len(phys), phys)
		}
		if !utf8.ValidString(phys) {
			t.Fatalf("physical line %d is not valid UTF-8 on its own (folded inside a character): %q", i+1, phys)
		}
		if rest, ok := strings.CutPrefix(phys, " "); ok && len(lines) > 0 {
			lines[len(lines)-1] += rest
			continue
		}
		lines = append(lines, phys)
	}
	return lines
}

// agendaEvent is an event file with a planned publication and a comma in
// its name.
const agendaEvent = `
name = "Next Generation Day, Vienna"
date = "2022-02-04"
time_zone = "Europe/Vienna"
publish_at = "2022-02-03 18:00"
slots = [{ start = "12:00" }, { start = "12:20" }, { start = "12:40" }]
room_link = "https://meet.example.org/ngd/{expert}?slot={slot}"
`

func withEvent(t *testing.T, toml string) func(*config) {
	path := filepath.Join(t.TempDir(), "event.toml")
	if err := os.WriteFile(path, []byte(toml), 0o600); err != nil {
		t.Fatal(err)
	}
	return func(c *config) { c.EventFile = path }
}

// person is a key with a stored profile.
type person struct {
	key  gossh.Signer
	fp   string
	name string // as stored (clean)
}

func putPerson(t *testing.T, st *store.Store, role store.Role, name, zone string) person {
	t.Helper()
	key := newKey(t)
	fp := gossh.FingerprintSHA256(key.PublicKey())
	p := store.Profile{
		Fingerprint: fp, Role: role, Name: name, Organisation: "Uni", City: "Graz", Country: "Austria",
		TimeZone: zone, CareerStage: "Student", Languages: []string{"English"},
		Areas: []string{"Gender equality"}, Bio: "Hello.",
	}
	if role == store.RoleExpert {
		codes, err := st.CreateInvites(1, time.Hour, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if err := st.RedeemInvite(codes[0], fp, time.Now()); err != nil {
			t.Fatal(err)
		}
		p.Offers = []string{"Mentoring"}
	} else {
		p.LookingFor = []string{"Mentoring"}
	}
	saved, err := st.PutProfile(p)
	if err != nil {
		t.Fatalf("put %s profile: %v", role, err)
	}
	return person{key: key, fp: fp, name: saved.Name}
}

// publish saves a run with the given meetings and publishes it at the time given.
func publish(t *testing.T, st *store.Store, at time.Time, unplaced map[string]string, ms ...store.Meeting) store.Run {
	t.Helper()
	r, err := st.SaveRun(store.Run{Seed: 1, Meetings: ms, Unplaced: unplaced})
	if err != nil {
		t.Fatalf("save run: %v", err)
	}
	if err := st.PublishRun(r.ID, at); err != nil {
		t.Fatalf("publish run: %v", err)
	}
	return r
}

// agenda fetches agenda.ics over SSH and parses it.
func agenda(t *testing.T, c *gossh.Client) (raw string, cal *ics.Calendar, stderr string) {
	t.Helper()
	raw, stderr, code := sshRun(t, c, "agenda.ics")
	if code != 0 {
		t.Fatalf("agenda.ics: exit %d: %s", code, stderr)
	}
	unfold(t, raw) // CRLF and 75-octet lines
	cal, err := ics.ParseCalendar(strings.NewReader(raw))
	if err != nil {
		t.Fatalf("agenda.ics does not parse: %v\n%s", err, raw)
	}
	return raw, cal, stderr
}

func prop(e *ics.VEvent, p ics.ComponentProperty) string {
	if v := e.GetProperty(p); v != nil {
		return v.Value
	}
	return ""
}

func seq(t *testing.T, e *ics.VEvent) int {
	t.Helper()
	n, err := strconv.Atoi(prop(e, ics.ComponentPropertySequence))
	if err != nil {
		t.Fatalf("SEQUENCE: %v", err)
	}
	return n
}

func TestAgendaICS(t *testing.T) {
	srv := testServer(t, t.TempDir(), withEvent(t, agendaEvent))
	st, ev := srv.store, srv.event
	hostileName := "Dr. Ana, María; \x1b]52;c;ZXZpbA==\x07\x1b[31mRed\x1b[0m\nTwo\\Lines\u202e"
	ana := putPerson(t, st, store.RoleParticipant, "Ana Lima", "America/New_York")
	ben := putPerson(t, st, store.RoleParticipant, hostileName, "Europe/Vienna")
	cem := putPerson(t, st, store.RoleParticipant, "Cem Kaya", "Europe/Istanbul")
	exp := putPerson(t, st, store.RoleExpert, hostileName, "Europe/Berlin")
	if _, err := st.PutAvailability(store.Availability{Fingerprint: exp.fp, Seats: map[string]int{"s1": 1, "s2": 1, "s3": 1}}); err != nil {
		t.Fatal(err)
	}
	anaC := dial(t, srv.addr(), gossh.PublicKeys(ana.key))

	// Nothing published: exit 1, nothing on stdout, the planned time.
	out, errOut, code := sshRun(t, anaC, "agenda.ics")
	if code != 1 || out != "" || !strings.Contains(errOut, "the schedule is not published yet (planned: Thu 3 Feb 2022 18:00 CET") {
		t.Fatalf("unpublished: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	// Guests have no agenda.
	guest := dial(t, srv.addr(), gossh.KeyboardInteractive(noPrompts))
	if out, errOut, code := sshRun(t, guest, "agenda.ics"); code != 1 || out != "" || !strings.Contains(errOut, "guest") {
		t.Fatalf("guest: exit %d, stdout %q, stderr %q", code, out, errOut)
	}

	t0 := time.Date(2022, 2, 3, 17, 0, 0, 0, time.UTC)
	publish(t, st, t0, map[string]string{cem.fp: "No expert had a free seat in your slots."},
		store.Meeting{Participant: ana.fp, Expert: exp.fp, Slot: "s1", Score: 50, Why: "You both work on gender equality; she offers mentoring."},
		store.Meeting{Participant: ben.fp, Expert: exp.fp, Slot: "s2", Score: 40, Why: "Shared area, common language"},
	)
	s1, _ := ev.SlotByID("s1")
	s3, _ := ev.SlotByID("s3")

	raw1, cal, _ := agenda(t, anaC)
	raw2, _, _ := agenda(t, anaC)
	if raw1 != raw2 {
		t.Fatalf("two fetches differ:\n%s\n---\n%s", raw1, raw2)
	}
	for _, want := range []string{"VERSION:2.0", "PRODID:-//netday//Next Generation Day//EN", "METHOD:PUBLISH",
		"CALSCALE:GREGORIAN", `X-WR-CALNAME:Next Generation Day\, Vienna`, "X-WR-TIMEZONE:America/New_York",
		"DTSTART:" + s1.Start.UTC().Format("20060102T150405Z"), "DTSTAMP:20220203T170000Z"} {
		if !strings.Contains(raw1, want+"\r\n") {
			t.Errorf("agenda lacks %q:\n%s", want, raw1)
		}
	}
	evs := cal.Events()
	if len(evs) != 1 {
		t.Fatalf("ana has %d events, want 1:\n%s", len(evs), raw1)
	}
	e := evs[0]
	uid := prop(e, ics.ComponentPropertyUniqueId)
	if want := event.ShortID(ana.fp) + "-" + event.ShortID(exp.fp) + "-20220204@netday"; uid != want {
		t.Fatalf("UID %q, want %q", uid, want)
	}
	if start, err := e.GetStartAt(); err != nil || !start.Equal(s1.Start) {
		t.Fatalf("DTSTART %v (%v), want %v", start, err, s1.Start)
	}
	if end, err := e.GetEndAt(); err != nil || !end.Equal(s1.End) {
		t.Fatalf("DTEND %v (%v), want %v", end, err, s1.End)
	}
	room := ev.Room(exp.fp, "s1")
	if got := prop(e, ics.ComponentPropertySummary); got != "netday: meeting with "+exp.name {
		t.Fatalf("SUMMARY %q, want the expert's clean name %q", got, exp.name)
	}
	if prop(e, ics.ComponentPropertyLocation) != room || prop(e, ics.ComponentPropertyUrl) != room {
		t.Fatalf("LOCATION %q URL %q, want %q", prop(e, ics.ComponentPropertyLocation), prop(e, ics.ComponentPropertyUrl), room)
	}
	desc := prop(e, ics.ComponentPropertyDescription)
	for _, want := range []string{"gender equality", "Event time: Fri 4 Feb 2022, 12:00–12:15 CET",
		"Your time: Fri 4 Feb 2022, 06:00–06:15 EST (America/New_York)", "Room: " + room} {
		if !strings.Contains(desc, want) {
			t.Errorf("DESCRIPTION lacks %q:\n%s", want, desc)
		}
	}
	seq1 := seq(t, e)

	// The hostile name: escaped for iCalendar, and nothing unsafe left.
	if !strings.Contains(exp.name, ",") || !strings.Contains(exp.name, ";") || !strings.Contains(exp.name, `\`) {
		t.Fatalf("test name lost its commas, semicolons or backslash: %q", exp.name)
	}
	if !strings.Contains(raw1, `Dr. Ana\, María\; `) || !strings.Contains(raw1, `Two\\Lines`) {
		t.Errorf("hostile name not escaped:\n%s", raw1)
	}
	for _, bad := range []string{"\x1b", "\x07", "\u202e", "]52;"} {
		if strings.Contains(raw1, bad) {
			t.Fatalf("agenda carries %q raw:\n%q", bad, raw1)
		}
	}

	// The expert sees both meetings, with both participants' names, one
	// event per slot (their tables).
	expC := dial(t, srv.addr(), gossh.PublicKeys(exp.key))
	_, ecal, _ := agenda(t, expC)
	eevs := ecal.Events()
	if len(eevs) != 2 {
		t.Fatalf("expert has %d events, want 2", len(eevs))
	}
	if prop(eevs[0], ics.ComponentPropertyUniqueId) != service.TableUID(exp.fp, "s1", ev.Date) ||
		prop(eevs[0], ics.ComponentPropertySummary) != "netday: meeting with Ana Lima" ||
		prop(eevs[1], ics.ComponentPropertySummary) != "netday: meeting with "+ben.name ||
		prop(eevs[1], ics.ComponentPropertyUniqueId) != service.TableUID(exp.fp, "s2", ev.Date) {
		t.Fatalf("expert's events: %q %q / %q %q", prop(eevs[0], ics.ComponentPropertyUniqueId), prop(eevs[0], ics.ComponentPropertySummary),
			prop(eevs[1], ics.ComponentPropertyUniqueId), prop(eevs[1], ics.ComponentPropertySummary))
	}

	// Someone without a meeting: a valid, empty calendar and the reason.
	_, ccal, note := agenda(t, dial(t, srv.addr(), gossh.PublicKeys(cem.key)))
	if len(ccal.Events()) != 0 || !strings.Contains(note, "no meetings") || !strings.Contains(note, "No expert had a free seat") {
		t.Fatalf("no meetings: %d events, stderr %q", len(ccal.Events()), note)
	}

	// Re-published with the meeting moved: same UID, new time, higher SEQUENCE.
	publish(t, st, t0.Add(time.Minute), nil,
		store.Meeting{Participant: ana.fp, Expert: exp.fp, Slot: "s3", Score: 50, Why: "Moved."},
		store.Meeting{Participant: ben.fp, Expert: exp.fp, Slot: "s2", Score: 40},
	)
	raw3, cal3, _ := agenda(t, anaC)
	if len(cal3.Events()) != 1 {
		t.Fatalf("after re-publishing: %d events", len(cal3.Events()))
	}
	e3 := cal3.Events()[0]
	if got := prop(e3, ics.ComponentPropertyUniqueId); got != uid {
		t.Fatalf("UID changed on re-publication: %q → %q", uid, got)
	}
	if start, err := e3.GetStartAt(); err != nil || !start.Equal(s3.Start) {
		t.Fatalf("moved DTSTART %v (%v), want %v", start, err, s3.Start)
	}
	if seq3 := seq(t, e3); seq3 <= seq1 {
		t.Fatalf("SEQUENCE %d after re-publication, was %d:\n%s", seq3, seq1, raw3)
	}
	if prop(e3, ics.ComponentPropertyLocation) != ev.Room(exp.fp, "s3") {
		t.Fatalf("room after the move: %q", prop(e3, ics.ComponentPropertyLocation))
	}

	// The expert's s1 table moved away: it stays, cancelled, with a
	// higher SEQUENCE; the s3 one is new.
	_, ecal, _ = agenda(t, expC)
	byUID := map[string]*ics.VEvent{}
	for _, e := range ecal.Events() {
		byUID[prop(e, ics.ComponentPropertyUniqueId)] = e
	}
	old1 := byUID[service.TableUID(exp.fp, "s1", ev.Date)]
	if len(byUID) != 3 || old1 == nil || prop(old1, ics.ComponentPropertyStatus) != "CANCELLED" || seq(t, old1) <= seq(t, eevs[0]) ||
		byUID[service.TableUID(exp.fp, "s3", ev.Date)] == nil {
		t.Fatalf("expert after the move: %d events, s1 %v", len(byUID), old1)
	}

	// Re-published without Ben's meeting: it stays in his calendar as
	// cancelled, same UID, higher SEQUENCE; and in the next publication too.
	benC := dial(t, srv.addr(), gossh.PublicKeys(ben.key))
	_, bcal, _ := agenda(t, benC)
	if len(bcal.Events()) != 1 || prop(bcal.Events()[0], ics.ComponentPropertyStatus) != "CONFIRMED" {
		t.Fatalf("ben before: %d events", len(bcal.Events()))
	}
	benUID, benSeq := prop(bcal.Events()[0], ics.ComponentPropertyUniqueId), seq(t, bcal.Events()[0])
	for i := 2; i <= 3; i++ {
		publish(t, st, t0.Add(time.Duration(i)*time.Minute), nil,
			store.Meeting{Participant: ana.fp, Expert: exp.fp, Slot: "s3", Score: 50})
		_, bcal, _ = agenda(t, benC)
		if len(bcal.Events()) != 1 {
			t.Fatalf("ben after publication %d: %d events", i, len(bcal.Events()))
		}
		be := bcal.Events()[0]
		if prop(be, ics.ComponentPropertyUniqueId) != benUID || prop(be, ics.ComponentPropertyStatus) != "CANCELLED" || seq(t, be) <= benSeq {
			t.Fatalf("ben's dropped meeting after publication %d: UID %q status %q seq %d (was %d)", i,
				prop(be, ics.ComponentPropertyUniqueId), prop(be, ics.ComponentPropertyStatus), seq(t, be), benSeq)
		}
	}

	if _, errOut, code := sshRun(t, anaC, "agenda.ics extra"); code != 2 || !strings.Contains(errOut, "no arguments") {
		t.Fatalf("agenda.ics extra: exit %d, %q", code, errOut)
	}
}

// A name that reached the file without PutProfile's cleaning (an old
// record, a hand edit) is cleaned again on its way into the calendar.
func TestAgendaCleansStoredNamesAgain(t *testing.T) {
	dir := t.TempDir()
	st, err := store.Open(filepath.Join(dir, dbFile), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	participant, expert := newKey(t), newKey(t)
	pfp, efp := gossh.FingerprintSHA256(participant.PublicKey()), gossh.FingerprintSHA256(expert.PublicKey())
	raw, _ := json.Marshal(store.Profile{Fingerprint: efp, Role: store.RoleExpert, Name: "Mallory\x1b]52;c;ZXZpbA==\x07\r\nEvil\u202e", TimeZone: "UTC"})
	db, err := bolt.Open(filepath.Join(dir, dbFile), 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(func(tx *bolt.Tx) error { return tx.Bucket([]byte("profiles")).Put([]byte(efp), raw) }); err != nil {
		t.Fatal(err)
	}
	db.Close()

	srv := testServer(t, dir)
	publish(t, srv.store, time.Now(), nil, store.Meeting{Participant: pfp, Expert: efp, Slot: "s2", Score: 1})
	out, _, _ := agenda(t, dial(t, srv.addr(), gossh.PublicKeys(participant)))
	for _, bad := range []string{"\x1b", "\x07", "\u202e", "]52;"} {
		if strings.Contains(out, bad) {
			t.Fatalf("agenda carries %q raw:\n%q", bad, out)
		}
	}
	if !strings.Contains(out, "SUMMARY:netday: meeting with Mallory Evil\r\n") {
		t.Fatalf("agenda summary:\n%s", out)
	}
}
