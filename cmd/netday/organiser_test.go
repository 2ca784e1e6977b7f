package main

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"netday/store"
)

// sshRunIn is sshRun with stdin.
func sshRunIn(t *testing.T, c *gossh.Client, cmd, stdin string) (stdout, stderr string, code int) {
	t.Helper()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatalf("new session: %v", err)
	}
	defer sess.Close()
	var out, errOut bytes.Buffer
	sess.Stdout, sess.Stderr, sess.Stdin = &out, &errOut, strings.NewReader(stdin)
	err = sess.Run(cmd)
	var exit *gossh.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit):
		code = exit.ExitStatus()
	default:
		t.Fatalf("ssh %s: %v", cmd, err)
	}
	return out.String(), errOut.String(), code
}

// seedParticipant writes a complete participant straight to the store.
func seedParticipant(t *testing.T, srv *server, key gossh.Signer, name string) string {
	t.Helper()
	fp := gossh.FingerprintSHA256(key.PublicKey())
	if _, err := srv.store.PutProfile(store.Profile{
		Fingerprint: fp, Role: store.RoleParticipant, Name: name, Organisation: "Uni " + name, City: "Lima",
		Country: "Peru", TimeZone: "America/Lima", CareerStage: "Student", Languages: []string{"English"},
		Areas: []string{"Gender equality"}, LookingFor: []string{"Research contacts"}, Bio: "Hi.",
	}); err != nil {
		t.Fatal(err)
	}
	return fp
}

func TestNonOrganisersAreNotAllowedAnyOrganiserCommand(t *testing.T) {
	srv := testServer(t, t.TempDir(), withAdmins(t, newKey(t)))
	c := dial(t, srv.addr(), gossh.PublicKeys(newKey(t)))
	for _, cmd := range sshCommands() {
		if !cmd.organiser {
			continue
		}
		out, errOut, code := sshRunIn(t, c, cmd.name+" 1 --yes", "name,email\n")
		if code != 1 || out != "" || !strings.Contains(errOut, "not allowed") || strings.Count(errOut, "\n") != 1 {
			t.Errorf("%s by a participant: status %d, stdout %q, stderr %q", cmd.name, code, out, errOut)
		}
	}
}

func TestOrganiserRunsTheDayFromAShell(t *testing.T) {
	organiser := newKey(t)
	dir := t.TempDir()
	srv := testServer(t, dir, withAdmins(t, organiser))
	org := dial(t, srv.addr(), gossh.PublicKeys(organiser))

	// Import experts: errors name the line, nothing is written.
	_, errOut, code := sshRunIn(t, org, "import-experts", "name,email,time_zone\nX,x@example.org,Mars/Olympus\n")
	if code != 1 || !strings.Contains(errOut, `line 2, column 3 (time_zone) unknown time zone "Mars/Olympus"`) {
		t.Fatalf("bad import: %d %q", code, errOut)
	}
	csvIn := "name,email,title,organisation,country,time_zone,languages,areas,offers,bio\n" +
		"Nadia Rahman,nadia@example.org,Lawyer,Rights Org,Austria,Europe/Vienna,English,Gender equality,Research contacts,Helps.\n"
	out, errOut, code := sshRunIn(t, org, "import-experts", csvIn)
	rows, _ := csv.NewReader(strings.NewReader(out)).ReadAll()
	if code != 0 || len(rows) != 2 || rows[1][0] != "nadia@example.org" || !codeRE.MatchString(rows[1][1]) {
		t.Fatalf("import: %d %q %q", code, out, errOut)
	}
	again, _, _ := sshRunIn(t, org, "import-experts", csvIn)
	if again != out {
		t.Fatalf("re-import printed %q, first %q", again, out)
	}
	// The imported expert redeems the code and finds the profile filled in.
	nadia := openTerm(t, dial(t, srv.addr(), gossh.PublicKeys(newKey(t))), 80, 24)
	nadia.waitFor("This is your first visit")
	nadia.send(keyEnter)
	nadia.waitFor("How are you taking part?")
	nadia.send(keyDown, keyEnter)
	nadia.waitFor("Your invite code")
	nadia.send(rows[1][1], keyEnter)
	nadia.waitFor("Your name", "Nadia Rahman")

	jonas, rosa, inti := newKey(t), newKey(t), newKey(t)
	seedExpert(t, srv, jonas, "Jonas Weber", []string{"Gender equality"}, map[string]int{"s1": 1, "s2": 1})
	seedParticipant(t, srv, rosa, "Rosa Lima")
	seedParticipant(t, srv, inti, "Inti Quispe")

	// A participant's open Schedule updates when the organiser publishes.
	pt := openTerm(t, dial(t, srv.addr(), gossh.PublicKeys(rosa)), 80, 24)
	pt.waitFor("Rosa Lima")
	pt.send("4")
	pt.waitFor("not published yet")

	out, errOut, code = sshRunIn(t, org, "run", "")
	if code != 0 || !strings.Contains(out, "Run 1: solved") || !strings.Contains(out, "With ≥1 meeting: 2 of 2 participants") {
		t.Fatalf("run: %d %q %q", code, out, errOut)
	}
	if _, errOut, code = sshRunIn(t, org, "publish", ""); code != 1 || !strings.Contains(errOut, "publish 1 --yes") {
		t.Fatalf("publish without --yes: %d %q", code, errOut)
	}
	// Move Rosa's meeting to the other slot, then publish.
	r1, _ := srv.store.LatestRun()
	rosaSlot := r1.MeetingsOf(gossh.FingerprintSHA256(rosa.PublicKey()))[0].Slot
	other := map[string]string{"s1": "12:20", "s2": "12:00"}[rosaSlot]
	_, errOut, code = sshRunIn(t, org, fmt.Sprintf("move 'Rosa Lima' 'Jonas Weber' %s", other), "")
	if code != 1 || !strings.Contains(errOut, "Jonas Weber has 1 seat at "+other+" and it is taken") {
		t.Fatalf("move onto a taken seat: %d %q", code, errOut)
	}
	out, errOut, code = sshRunIn(t, org, "pin rosa jonas", "")
	if code != 0 || !strings.Contains(out, "Pinned by the organisers: Rosa Lima with Jonas Weber") || !strings.Contains(out, "publish 2 --yes") {
		t.Fatalf("pin: %d %q %q", code, out, errOut)
	}
	if out, errOut, code = sshRunIn(t, org, "publish 2 --yes", ""); code != 0 || !strings.Contains(out, "Run 2 published") {
		t.Fatalf("publish: %d %q %q", code, out, errOut)
	}
	pt.waitFor("Jonas Weber")

	// A late change makes the newest run stale.
	out, _, _ = sshRunIn(t, org, "run", "")
	if !strings.Contains(out, "Run 3: re-planned") {
		t.Fatalf("re-plan: %q", out)
	}
	seedParticipant(t, srv, newKey(t), "Lena Late")
	if _, errOut, code = sshRunIn(t, org, "publish 3 --yes", ""); code != 1 || errOut != "netday: the run is stale: 1 change since; run again\n" {
		t.Fatalf("stale publish: %d %q", code, errOut)
	}

	// The expert sets a booked slot away: the meeting needs a new place.
	if _, err := srv.store.PutAvailability(store.Availability{Fingerprint: gossh.FingerprintSHA256(jonas.PublicKey()),
		Seats: map[string]int{rosaSlot: 0, map[string]string{"s1": "s2", "s2": "s1"}[rosaSlot]: 1}}); err != nil {
		t.Fatal(err)
	}
	out, errOut, code = sshRunIn(t, org, "at-risk", "")
	if code != 0 || !strings.Contains(out, "needs a new place: Rosa Lima with Jonas Weber") || !strings.Contains(out, "set this slot to away") {
		t.Fatalf("at-risk: %d %q %q", code, out, errOut)
	}

	out, _, code = sshRunIn(t, org, "matches.csv", "")
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || code != 0 || len(rows) != 3 || rows[0][3] != "participant" {
		t.Fatalf("matches.csv: %d %q %v", code, out, err)
	}
	if out, _, code = sshRunIn(t, org, "diff 3", ""); code != 0 || !strings.Contains(out, "Run 3 against published run 2") {
		t.Fatalf("diff: %d %q", code, out)
	}
	if out, _, code = sshRunIn(t, org, "reproduce 1", ""); code != 0 || !strings.Contains(out, "Run 1 reproduced") {
		t.Fatalf("reproduce: %d %q", code, out)
	}

	// people.csv re-imports into an empty server with the same expert data.
	exported, _, code := sshRunIn(t, org, "people.csv", "")
	if code != 0 {
		t.Fatalf("people.csv: %d", code)
	}
	srv2 := testServer(t, t.TempDir(), withAdmins(t, organiser))
	org2 := dial(t, srv2.addr(), gossh.PublicKeys(organiser))
	if _, errOut, code := sshRunIn(t, org2, "import-experts", exported); code != 0 ||
		!strings.Contains(errOut, "1 expert imported") || !strings.Contains(errOut, "1 expert without an email skipped") {
		t.Fatalf("re-import of people.csv: %d %q", code, errOut)
	}
	again2, _, _ := sshRunIn(t, org2, "people.csv", "")
	expertRows := func(data string) []string {
		rows, err := csv.NewReader(strings.NewReader(data)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, r := range rows[1:] {
			if r[0] == "expert" && r[2] != "" {
				out = append(out, strings.Join(r[:16], "|")) // all but status and id
			}
		}
		return out
	}
	if a, b := expertRows(exported), expertRows(again2); len(a) != 1 || strings.Join(a, "\n") != strings.Join(b, "\n") {
		t.Fatalf("expert rows differ after a round trip:\n%q\n%q", a, b)
	}

	// On a stopped server the same commands read the database directly.
	if err := srv.shutdown(5 * 1e9); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"runs", "--data", dir}, strings.NewReader(""), &stdout, &stderr); code != 0 ||
		!strings.Contains(stdout.String(), "run 2 ") || !strings.Contains(stdout.String(), "PUBLISHED") {
		t.Fatalf("netday runs --data: %d %q %q", code, stdout.String(), stderr.String())
	}
}
