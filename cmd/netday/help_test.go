package main

import (
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"netday/store"
)

// The help line comes from the screen's key bindings, and ? opens every
// key of the screen, at 80×24 and at the smallest size.
func TestQuestionMarkShowsEveryKeyOfTheScreen(t *testing.T) {
	srv := testServer(t, t.TempDir())
	p := putPerson(t, srv.store, store.RoleParticipant, "Amina Yusuf", "Africa/Nairobi")
	seedExpert(t, srv, newKey(t), "Jonas Weber", []string{"Gender equality"}, map[string]int{"s1": 1})
	c := dial(t, srv.addr(), gossh.PublicKeys(p.key))

	tm := openTerm(t, c, 80, 24)
	tm.waitFor("Amina Yusuf", "e edit profile", "1–6 sections", "? all keys")
	tm.send("2")
	s := tm.waitFor("Jonas Weber", "enter details", "w wish", "? all keys")
	if strings.Contains(s, "previous section") {
		t.Fatalf("the short help already lists every key:\n%s", s)
	}
	tm.send("?")
	// Full help: columns of keys and what they do.
	tm.waitFor("search", "language", "clear", "next section", "shift+tab", "previous section", "close help", "ctrl+c")
	tm.send(keyDown) // keys still act while the help is open
	tm.send("?")
	tm.waitGone("previous section")
	tm.waitFor("? all keys")

	// While typing a search, ? is text, not help.
	tm.send("/", "?")
	tm.waitFor("/ ?", "enter done")
	tm.waitGone("? all keys")
	tm.send(keyEsc)
	tm.waitFor("? all keys")

	// 60×16: the full help still lists every key, the frame still fits.
	small := openTerm(t, c, 60, 16)
	small.waitFor("Amina Yusuf", "? all keys")
	small.send("2", "w")
	small.waitFor("Added Jonas Weber")
	small.send("3", "?")
	s = small.waitFor("1. Jonas Weber", "remove", "sections", "shift+tab", "previous section", "ctrl+c")
	if strings.Contains(s, "move up") {
		t.Fatalf("a list of one offers to move it:\n%s", s)
	}
	if n := len(strings.Split(strings.TrimRight(s, "\n"), "\n")); n > 16 {
		t.Fatalf("frame taller than the window (%d lines):\n%s", n, s)
	}
}

// Once wish lists are locked, no screen offers to change one.
func TestLockedWishListsAreNotOfferedAnywhere(t *testing.T) {
	srv := testServer(t, t.TempDir())
	p := putPerson(t, srv.store, store.RoleParticipant, "Amina Yusuf", "Africa/Nairobi")
	e := seedExpert(t, srv, newKey(t), "Jonas Weber", []string{"Gender equality"}, map[string]int{"s1": 1})
	if _, err := srv.store.PutWishList(store.WishList{Fingerprint: p.fp, Experts: []string{e}}, srv.event.WishLimit); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.store.PutSettings(store.Settings{RequestsLocked: true}); err != nil {
		t.Fatal(err)
	}
	tm := openTerm(t, dial(t, srv.addr(), gossh.PublicKeys(p.key)), 80, 24)
	tm.waitFor("Amina Yusuf")
	tm.send("4")
	s := tm.waitFor("not published yet", "Wish lists are closed")
	if strings.Contains(s, "change your wish list") {
		t.Fatalf("Schedule still offers to change the wish list:\n%s", s)
	}
	tm.send("3")
	s = tm.waitFor("Locked", "1. Jonas Weber")
	if strings.Contains(s, "remove") || strings.Contains(s, "move") {
		t.Fatalf("the locked list offers move/remove:\n%s", s)
	}
	tm.send("d")
	tm.waitFor("Wish lists are closed")
	tm.send("2")
	s = tm.waitFor("Jonas Weber", "enter details")
	if strings.Contains(s, "w wish") {
		t.Fatalf("Experts offers w while locked:\n%s", s)
	}
	tm.send(keyEnter)
	s = tm.waitFor("Why this expert")
	if strings.Contains(s, "press w") || strings.Contains(s, "add/remove wish") {
		t.Fatalf("the card offers w while locked:\n%s", s)
	}
}
