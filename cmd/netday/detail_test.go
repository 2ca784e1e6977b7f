package main

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"netday/store"
)

// A long explanation is stored whole and read whole, at the smallest
// window, in the meeting's detail view: every word once, none cut.
func TestLongExplanationReadWholeAt60x16(t *testing.T) {
	srv := testServer(t, t.TempDir())
	p := putPerson(t, srv.store, store.RoleParticipant, "Amina Yusuf", "Africa/Nairobi")
	e := putPerson(t, srv.store, store.RoleExpert, "Jonas Weber", "Europe/Vienna")
	var words []string
	for i := range 200 {
		words = append(words, fmt.Sprintf("word%03d", i))
	}
	why := "You both care about " + strings.Join(words, " ") + "."
	if len(why) < 1500 {
		t.Fatalf("explanation too short for the test: %d", len(why))
	}
	publish(t, srv.store, time.Now(), nil, store.Meeting{Participant: p.fp, Expert: e.fp, Slot: "s1", Score: 700, Why: why})

	tm := openTerm(t, dial(t, srv.addr(), gossh.PublicKeys(p.key)), 60, 16)
	tm.waitFor("Amina Yusuf")
	tm.send("4")
	tm.waitFor("Your meetings (1)", "Jonas Weber", "Why: You both care")
	tm.send(keyEnter)
	tm.waitFor("Jonas Weber", "more lines", "page down")

	token := regexp.MustCompile(`word\d*`)
	seen := map[string]bool{}
	for range 40 {
		s := tm.screen()
		if n := len(strings.Split(strings.TrimRight(s, "\n"), "\n")); n > 16 {
			t.Fatalf("frame taller than the window:\n%s", s)
		}
		for _, w := range token.FindAllString(s, -1) {
			if len(w) != len("word000") {
				t.Fatalf("a word was cut: %q in\n%s", w, s)
			}
			seen[w] = true
		}
		if strings.Contains(s, "end · ↑") {
			break
		}
		tm.send(" ")                              // page down
		tm.waitGone(s[strings.Index(s, "\n")+1:]) // wait for the page to move
	}
	for _, w := range words {
		if !seen[w] {
			t.Fatalf("%s never shown; last screen:\n%s", w, tm.screen())
		}
	}
	stored, err := srv.store.PublishedRun()
	if err != nil || stored.Meetings[0].Why != why {
		t.Fatalf("explanation not stored whole: %v", err)
	}
	tm.send(keyEsc)
	tm.waitFor("Your meetings (1)", "enter details")
}

// At 60×16 the expert's card keeps everything after the score: it
// scrolls to its end.
func TestExpertCardReadToItsEndAt60x16(t *testing.T) {
	srv := testServer(t, t.TempDir())
	p := putPerson(t, srv.store, store.RoleParticipant, "Amina Yusuf", "Africa/Nairobi")
	seedExpert(t, srv, newKey(t), "Jonas Weber", []string{"Gender equality"}, map[string]int{"s1": 1, "s2": 1, "s3": 1})
	tm := openTerm(t, dial(t, srv.addr(), gossh.PublicKeys(p.key)), 60, 16)
	tm.waitFor("Amina Yusuf")
	tm.send("2")
	tm.waitFor("Jonas Weber")
	tm.send(keyEnter)
	tm.waitFor("Jonas Weber · Researcher", "more lines")
	tm.send("G") // the end
	tm.waitFor("Free time:", "press w to add", "end · ↑")
	tm.send("w")
	tm.waitFor("Added Jonas Weber", "1st on your wish list") // the card is re-read
	tm.send("G")
	tm.waitFor("#1 on your wish list.")
	tm.send(keyEsc)
	tm.waitFor("#1", "enter details")
}
