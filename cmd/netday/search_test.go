package main

import (
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"netday/store"
)

// The expert search: a fuzzy word does not match everyone, an exact
// organisation comes first.
func TestExpertSearchRanksAndDoesNotMatchEveryone(t *testing.T) {
	srv := testServer(t, t.TempDir())
	for _, e := range []struct{ name, org string }{
		{"Wanjiru Kamau", "UN-Habitat"},
		{"Priya Raman", "Office of the High Commissioner for Human Rights"},
		{"Jonas Weber", "OHCHR"},
	} {
		fp := seedExpert(t, srv, newKey(t), e.name, []string{"Gender equality"}, map[string]int{"s1": 1})
		p, err := srv.store.Profile(fp)
		if err != nil {
			t.Fatal(err)
		}
		p.Organisation = e.org
		if _, err := srv.store.PutProfile(p); err != nil {
			t.Fatal(err)
		}
	}
	p := putPerson(t, srv.store, store.RoleParticipant, "Amina Yusuf", "Africa/Nairobi")
	tm := openTerm(t, dial(t, srv.addr(), gossh.PublicKeys(p.key)), 80, 24)
	tm.waitFor("Amina Yusuf")
	tm.send("2")
	tm.waitFor("Wanjiru Kamau", "Priya Raman", "Jonas Weber")
	tm.send("/", "prya")
	tm.waitFor("/ prya", "Priya Raman")
	tm.waitGone("Jonas Weber")
	if s := tm.screen(); strings.Contains(s, "Wanjiru Kamau") {
		t.Fatalf("prya matched everyone:\n%s", s)
	}
	tm.send(keyEsc)
	tm.waitFor("Wanjiru Kamau", "Jonas Weber")
	tm.send("/", "ohchr", keyEnter)
	s := tm.waitFor("/ ohchr", "Jonas Weber", "Priya Raman")
	if strings.Index(s, "Jonas Weber") > strings.Index(s, "Priya Raman") {
		t.Fatalf("the OHCHR expert is not first:\n%s", s)
	}
	if strings.Contains(s, "Wanjiru Kamau") {
		t.Fatalf("ohchr matched an expert with neither the name nor the initials:\n%s", s)
	}
	// The first row is selected: enter opens the OHCHR expert.
	tm.send(keyEnter)
	tm.waitFor("Jonas Weber", "Why this expert")
}
