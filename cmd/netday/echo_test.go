package main

import (
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"netday/store"
)

// Issue 9, defect 7: text fields took bidi overrides, zero-width characters
// and BOM as typed characters and echoed them (only the saved value was
// clean). Invisible runes never enter a field now: a paste padded with them
// keeps its visible text, within the field's limit.
func TestFieldsTakeNoInvisibleRunes(t *testing.T) {
	srv := testServer(t, t.TempDir())
	key := newKey(t)
	tm := openTerm(t, dial(t, srv.addr(), gossh.PublicKeys(key)), 80, 24)
	tm.waitFor("This is your first visit")
	tm.send(keyEnter)
	tm.waitFor("How are you taking part?")
	tm.send(keyEnter)
	tm.waitFor("Your name")
	invisible := strings.Repeat("\u200b", store.MaxName) + "\u202e\ufeff\u2066\u200d"
	tm.send("\x1b[200~" + invisible + "Rosa\u200b Li\ufeffma" + "\x1b[201~")
	tm.waitFor("> Rosa Lima")
	tm.send("\u202e", "\u200b", "\ufeff", "!")
	tm.waitFor("> Rosa Lima!")
	tm.send(keyEnter)
	tm.waitFor("Pronouns")
	for _, bad := range []string{"\u200b", "\u202e", "\ufeff", "\u2066", "\u200d"} {
		if strings.Contains(tm.rawOutput(), bad) {
			t.Fatalf("the field echoed %q", bad)
		}
	}
}
