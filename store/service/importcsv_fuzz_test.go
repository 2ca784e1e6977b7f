package service

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"netday/store"
	"netday/store/event"
)

// FuzzImportExperts feeds import-experts arbitrary CSV: it must never
// panic; a refused file changes nothing and says why line by line; an
// accepted one stores valid, clean profiles, each with an invite code.
// Longer: go test -run '^$' -fuzz '^FuzzImportExperts$' -fuzztime 10m ./store/service
func FuzzImportExperts(f *testing.F) {
	f.Add([]byte(expertsCSV))
	f.Add([]byte("\ufeffName,E-Mail,Timezone,Language,Area\nA,a@b.org,UTC,English,Gender equality\n"))
	f.Add([]byte("name,email\n\"unterminated,x@y.z\n"))
	f.Add([]byte("name,email,name\n"))
	f.Add([]byte("name,email,role,time_zone,languages,areas\nP,p@q.org,participant,,,\n\x1b]52;c;aGk=\x07,e@x.org,expert,Europe/Vienna,English,Gender equality\n"))
	st, err := store.Open(filepath.Join(f.TempDir(), "netday.db"), store.Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { st.Close() })
	svc := New(st, event.Default(), nil)
	f.Fuzz(func(t *testing.T, data []byte) {
		before, _, err := st.ImportedExperts()
		if err != nil {
			t.Fatal(err)
		}
		sum, err := svc.ImportExperts(strings.NewReader(string(data)))
		after, _, aerr := st.ImportedExperts()
		if aerr != nil {
			t.Fatal(aerr)
		}
		if err != nil {
			var ie *ImportError
			if !errors.As(err, &ie) || len(ie.Problems) == 0 {
				t.Fatalf("refusal is not a list of problems: %v", err)
			}
			if len(after) != len(before) {
				t.Fatalf("a refused import changed the stored experts: %d → %d", len(before), len(after))
			}
			return
		}
		if len(sum.Results) == 0 {
			t.Fatal("accepted with no result")
		}
		stored := map[string]store.ImportedExpert{}
		for _, e := range after {
			stored[e.Email] = e
		}
		for _, r := range sum.Results {
			e, ok := stored[r.Email]
			if !ok || r.Code == "" {
				t.Fatalf("result %+v not stored or without a code", r)
			}
			if err := e.Profile.ValidateImported(); err != nil {
				t.Fatalf("stored profile does not validate: %v", err)
			}
			for _, s := range append([]string{e.Email, e.Profile.Name, e.Profile.Title, e.Profile.Organisation,
				e.Profile.City, e.Profile.Country, e.Profile.TimeZone, e.Profile.Bio}, e.Profile.Languages...) {
				if strings.ContainsFunc(s, func(r rune) bool { return unicode.IsControl(r) && r != '\n' || unicode.Is(unicode.Cf, r) }) {
					t.Fatalf("stored text %q holds control or format characters", s)
				}
			}
		}
	})
}
