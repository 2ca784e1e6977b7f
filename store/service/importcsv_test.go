package service

import (
	"bytes"
	"encoding/csv"
	"errors"
	"strings"
	"testing"

	"netday/store"
)

const expertsCSV = `name,email,title,organisation,country,time_zone,languages,areas,offers,bio
Jonas Weber,jonas@example.org,Researcher,ETC Graz,Austria,Europe/Vienna,English; German,Gender equality,Mentoring,"Works on local
human rights."
Amira Haddad,AMIRA@example.org,Director,"Cities, Rights & Co",Jordan,Asia/Amman,Arabic; English,Housing and the right to the city,Career advice; Mentoring,=cmd|' /C calc'!A0
`

func TestImportExpertsAndReimport(t *testing.T) {
	svc := newDay(t, 0, 0)
	sum, err := svc.ImportExperts(strings.NewReader(expertsCSV))
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.Results) != 2 || !sum.Results[0].New || sum.Results[1].Email != "amira@example.org" {
		t.Fatalf("results: %+v", sum.Results)
	}
	again, err := svc.ImportExperts(strings.NewReader(expertsCSV))
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range again.Results {
		if r.New || r.Code != sum.Results[i].Code {
			t.Fatalf("re-import row %d: %+v, first %+v", i, r, sum.Results[i])
		}
	}
	imports, _, err := svc.Store().ImportedExperts()
	if err != nil || len(imports) != 2 {
		t.Fatalf("imported experts after two imports: %d, %v", len(imports), err)
	}
	// The code opens the expert's profile, prefilled.
	p, ok, err := svc.Store().ImportedProfile(strings.ToLower(sum.Results[0].Code))
	if err != nil || !ok || p.Name != "Jonas Weber" || p.Bio != "Works on local\nhuman rights." {
		t.Fatalf("imported profile: %+v %v %v", p, ok, err)
	}
	if err := svc.Store().RedeemInvite(sum.Results[0].Code, fp("jonas"), svc.Now()); err != nil {
		t.Fatalf("redeem an import code: %v", err)
	}
	var out bytes.Buffer
	if err := WriteCodes(&out, sum); err != nil || !strings.HasPrefix(out.String(), "email,code\njonas@example.org,") {
		t.Fatalf("codes csv: %q, %v", out.String(), err)
	}
}

func TestImportErrorsNameLineAndColumnAndWriteNothing(t *testing.T) {
	svc := newDay(t, 0, 0)
	bad := `name,email,time_zone,languages,areas,offers,bio,country,organisation
Good Row,good@example.org,Europe/Vienna,English,Gender equality,Mentoring,Hi,Austria,Org
Bad Zone,bad@example.org,Mars/Olympus,English,Gender equality,Mentoring,Hi,Austria,Org
,noname@example.org,Europe/Vienna,English,Knitting,Mentoring,Hi,Austria,Org
Mail,not-an-email,Europe/Vienna,English,Gender equality,Mentoring,Hi,Austria,Org
`
	_, err := svc.ImportExperts(strings.NewReader(bad))
	var ie *ImportError
	if !errors.As(err, &ie) {
		t.Fatalf("bad file: %v", err)
	}
	want := []string{
		`line 3, column 3 (time_zone) unknown time zone "Mars/Olympus"`,
		`line 4, column 5 (areas): "Knitting" is not one of the event's areas`,
		`line 4, column 1 (name) is required`,
		`line 5, column 2 (email): "not-an-email" is not an email address`,
	}
	got := strings.Join(ie.Problems, "\n")
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("problems lack %q:\n%s", w, got)
		}
	}
	if imports, _, _ := svc.Store().ImportedExperts(); len(imports) != 0 {
		t.Fatalf("a failed import wrote %d rows", len(imports))
	}
	_, err = svc.ImportExperts(strings.NewReader("name,email\n\"unclosed,x@example.org\n"))
	if !errors.As(err, &ie) || !strings.Contains(ie.Problems[0], "line 2, column") {
		t.Fatalf("broken quoting: %v", err)
	}
}

func TestPeopleCSVReimportsIntoAnEmptyStore(t *testing.T) {
	a := newDay(t, 1, 0)
	if _, err := a.ImportExperts(strings.NewReader(expertsCSV)); err != nil {
		t.Fatal(err)
	}
	var first bytes.Buffer
	if err := a.PeopleCSV(&first); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(first.String(), "'=cmd|") {
		t.Fatalf("formula not guarded:\n%s", first.String())
	}
	b := newDay(t, 0, 0)
	sum, err := b.ImportExperts(bytes.NewReader(first.Bytes()))
	if err != nil {
		t.Fatalf("re-import of people.csv: %v", err)
	}
	if len(sum.Results) != 2 || sum.Skipped != 1 {
		t.Fatalf("re-import: %d experts, %d skipped", len(sum.Results), sum.Skipped)
	}
	var second bytes.Buffer
	if err := b.PeopleCSV(&second); err != nil {
		t.Fatal(err)
	}
	experts := func(data string) [][]string {
		rows, err := csv.NewReader(strings.NewReader(data)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		var out [][]string
		for _, r := range rows[1:] {
			if r[0] == string(store.RoleExpert) {
				out = append(out, r)
			}
		}
		return out
	}
	x, y := experts(first.String()), experts(second.String())
	if len(x) != 2 || len(x) != len(y) {
		t.Fatalf("expert rows: %d then %d", len(x), len(y))
	}
	for i := range x {
		if strings.Join(x[i], "|") != strings.Join(y[i], "|") {
			t.Errorf("row %d differs:\n%q\n%q", i, x[i], y[i])
		}
	}
}
