package main

import (
	"strings"
	"sync"
	"testing"

	gossh "golang.org/x/crypto/ssh"
)

// Two people typing spaces into text fields at the same moment: bubbletea
// hands every space key the same rune slice and textinput cleans it in
// place, so without a copy per message the race detector reports a data
// race here (found by the crash test through the binary).
func TestSpacesTypedTogetherDoNotRace(t *testing.T) {
	srv := testServer(t, t.TempDir())
	var terms []*term
	for range 2 {
		tm := openTerm(t, dial(t, srv.addr(), gossh.PublicKeys(newKey(t))), 80, 24)
		tm.waitFor("This is your first visit")
		tm.send(keyEnter)
		tm.waitFor("How are you taking part?")
		tm.send(keyEnter)
		tm.waitFor("Your name")
		terms = append(terms, tm)
	}
	var wg sync.WaitGroup
	for _, tm := range terms {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 40 {
				if _, err := tm.in.Write([]byte("a ")); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	for _, tm := range terms {
		tm.waitFor(strings.Repeat("a ", 10))
	}
}
