package store

import (
	"errors"
	"strings"
	"testing"
)

func TestValidateAcceptsGoodProfiles(t *testing.T) {
	for _, p := range []Profile{participant(1), expert(2)} {
		if err := p.Validate(); err != nil {
			t.Errorf("%s: %v", p.Role, err)
		}
		if !p.Complete() {
			t.Errorf("%s not complete", p.Role)
		}
	}
}

func TestValidateRefuses(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(p *Profile)
		field string
		msg   string // substring of the field's message
	}{
		{"empty name", func(p *Profile) { p.Name = "" }, "name", "is required"},
		{"bad time zone", func(p *Profile) { p.TimeZone = "Mars/Olympus" }, "time_zone", `unknown time zone "Mars/Olympus"`},
		{"empty time zone", func(p *Profile) { p.TimeZone = "" }, "time_zone", "is required"},
		{"local time zone", func(p *Profile) { p.TimeZone = "Local" }, "time_zone", "unknown time zone"},
		{"path time zone", func(p *Profile) { p.TimeZone = "../../etc/passwd" }, "time_zone", "unknown time zone"},
		{"long name", func(p *Profile) { p.Name = strings.Repeat("n", MaxName+1) }, "name", "must be at most 60 characters"},
		{"wide name", func(p *Profile) { p.Name = strings.Repeat("名", 31) }, "name", "must be at most 60 characters"},
		{"long bio", func(p *Profile) { p.Bio = strings.Repeat("b", MaxBio+1) }, "bio", "must be at most 500 characters"},
		{"long organisation", func(p *Profile) { p.Organisation = strings.Repeat("o", MaxOrganisation+1) }, "organisation", "at most 80"},
		{"too many languages", func(p *Profile) {
			p.Languages = strings.Split("a b c d e f g h i", " ")
		}, "languages", "at most 8 items"},
		{"long area", func(p *Profile) { p.Areas = []string{strings.Repeat("a", MaxArea+1)} }, "areas", "item 1 must be at most 60"},
		{"no language", func(p *Profile) { p.Languages = nil }, "languages", "at least one"},
		{"no area", func(p *Profile) { p.Areas = []string{} }, "areas", "at least one"},
		{"duplicate area", func(p *Profile) { p.Areas = []string{"Law", "law"} }, "areas", "item 2 repeats"},
		{"empty fingerprint", func(p *Profile) { p.Fingerprint = "" }, "fingerprint", "is required"},
		{"md5 fingerprint", func(p *Profile) { p.Fingerprint = "MD5:aa:bb" }, "fingerprint", "SHA256:"},
		{"short fingerprint", func(p *Profile) { p.Fingerprint = "SHA256:abc" }, "fingerprint", "SHA256:"},
		{"fingerprint not base64", func(p *Profile) { p.Fingerprint = "SHA256:" + strings.Repeat("!", 43) }, "fingerprint", "SHA256:"},
		{"fingerprint with escape", func(p *Profile) { p.Fingerprint = testFP(1)[:40] + "\x1b[0m" }, "fingerprint", "SHA256:"},
		{"unknown role", func(p *Profile) { p.Role = "organiser" }, "role", `unknown role "organiser"`},
		{"empty role", func(p *Profile) { p.Role = "" }, "role", "is required"},
		{"javascript link", func(p *Profile) { p.Link = "javascript:alert(1)" }, "link", "https://"},
		{"data link", func(p *Profile) { p.Link = "data:text/html,hi" }, "link", "https://"},
		{"userinfo link", func(p *Profile) { p.Link = "https://bank.example@evil.example/" }, "link", "example.org"},
		{"hostless link", func(p *Profile) { p.Link = "https:///path" }, "link", "example.org"},
		{"long link", func(p *Profile) { p.Link = "https://example.org/" + strings.Repeat("x", MaxLink) }, "link", "at most 200"},
		{"raw csi in name", func(p *Profile) { p.Name = "Ada\x1b[31m" }, "name", "escape sequences"},
		{"raw osc in city", func(p *Profile) { p.City = "a\x1b]52;c;eA==\x07" }, "city", "escape sequences"},
		{"bidi in country", func(p *Profile) { p.Country = "\u202eaidnI" }, "country", "escape sequences"},
		{"newline in name", func(p *Profile) { p.Name = "Ada\nLovelace" }, "name", "escape sequences"},
		{"padded name", func(p *Profile) { p.Name = " Ada " }, "name", "extra spaces"},
		{"escape in list", func(p *Profile) { p.Languages = []string{"English", "\x1b[5mGerman"} }, "languages", "item 2 contains"},
		{"empty list item", func(p *Profile) { p.LookingFor = []string{""} }, "looking_for", "item 1 is empty"},
		{"escape in bio", func(p *Profile) { p.Bio = "hi\x1b[2J" }, "bio", "escape sequences"},
		{"three newlines in bio", func(p *Profile) { p.Bio = "a\n\n\nb" }, "bio", "extra spaces"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := expert(1)
			tc.edit(&p)
			err := p.Validate()
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("Validate = %v, want *ValidationError", err)
			}
			msg := ve.For(tc.field)
			if !strings.Contains(msg, tc.msg) {
				t.Fatalf("For(%q) = %q, want it to contain %q (error: %v)", tc.field, msg, tc.msg, err)
			}
			if len(ve.Fields) != 1 {
				t.Errorf("want only %s reported, got %v", tc.field, ve.Fields)
			}
			if !strings.HasPrefix(err.Error(), "invalid profile: "+tc.field) {
				t.Errorf("Error() = %q does not name %s first", err, tc.field)
			}
			for _, r := range err.Error() {
				if r < 0x20 || (r >= 0x7f && r <= 0x9f) {
					t.Errorf("error message contains control rune %U: %q", r, err)
				}
			}
		})
	}
}

func TestValidationErrorListsEveryField(t *testing.T) {
	p := Profile{Fingerprint: testFP(1), Role: RoleParticipant, TimeZone: "Mars/Olympus", Languages: []string{"English"}, Areas: []string{"Law"}}
	err := p.Validate()
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("Validate = %v", err)
	}
	want := `invalid profile: name is required; time_zone: unknown time zone "Mars/Olympus"`
	if err.Error() != want {
		t.Errorf("Error() = %q, want %q", err, want)
	}
	if ve.For("name") != "is required" || ve.For("bio") != "" {
		t.Errorf("For: name %q bio %q", ve.For("name"), ve.For("bio"))
	}
	var nilVE *ValidationError
	if nilVE.For("name") != "" {
		t.Error("nil For not empty")
	}
}

func TestPutProfileRefusesInvalid(t *testing.T) {
	s := openTest(t, "")
	p := participant(1)
	p.TimeZone = "Nowhere/Atlantis"
	p.Name = "\x1b[0m \u200b"
	_, err := s.PutProfile(p)
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("PutProfile = %v, want a *ValidationError", err)
	}
	if ve.For("name") != "is required" || !strings.Contains(ve.For("time_zone"), "Nowhere/Atlantis") {
		t.Errorf("fields: %v", ve.Fields)
	}
	if !strings.HasPrefix(err.Error(), "put profile "+p.Fingerprint+": invalid profile: ") {
		t.Errorf("error = %q", err)
	}
	if all, _ := s.Profiles(); len(all) != 0 {
		t.Errorf("invalid profile stored: %v", all)
	}
}

func TestNormalize(t *testing.T) {
	p := Profile{
		Fingerprint: "  " + testFP(1) + "\n",
		Role:        " Expert ",
		Name:        "\x1b[1mAda\x1b[0m\tLovelace",
		TimeZone:    " Europe/Berlin ",
		Languages:   []string{"English", "ENGLISH", " ", "German"},
		Areas:       []string{strings.Repeat("a", 100)},
		Bio:         "Hello\r\n\r\n\r\nWorld\x07  ",
		Link:        "example.org/me",
	}
	p.Normalize()
	if p.Fingerprint != testFP(1) || p.Role != RoleExpert || p.Name != "Ada Lovelace" || p.TimeZone != "Europe/Berlin" {
		t.Errorf("normalized: %q %q %q %q", p.Fingerprint, p.Role, p.Name, p.TimeZone)
	}
	if len(p.Languages) != 2 || len(p.Areas[0]) != MaxArea || p.Bio != "Hello\n\nWorld" || p.Link != "https://example.org/me" {
		t.Errorf("normalized: %q %q %q %q", p.Languages, p.Areas, p.Bio, p.Link)
	}
	q := p
	q.Normalize()
	if q.Name != p.Name || q.Bio != p.Bio || q.Link != p.Link {
		t.Error("Normalize not idempotent")
	}
	js := Profile{Link: "javascript:alert(1)"}
	js.Normalize()
	if js.Link != "javascript:alert(1)" {
		t.Errorf("javascript link rewritten to %q", js.Link)
	}
}

func TestComplete(t *testing.T) {
	tests := []struct {
		name string
		edit func(p *Profile)
		want bool
	}{
		{"full", func(p *Profile) {}, true},
		{"no bio", func(p *Profile) { p.Bio = "" }, false},
		{"no city", func(p *Profile) { p.City = "" }, false},
		{"no country", func(p *Profile) { p.Country = "" }, false},
		{"no organisation", func(p *Profile) { p.Organisation = "" }, false},
		{"no career stage", func(p *Profile) { p.CareerStage = "" }, false},
		{"no time zone", func(p *Profile) { p.TimeZone = "" }, false},
		{"no languages", func(p *Profile) { p.Languages = nil }, false},
		{"no areas", func(p *Profile) { p.Areas = nil }, false},
		{"participant without looking for", func(p *Profile) { p.LookingFor = nil }, false},
		{"pronouns optional", func(p *Profile) { p.Pronouns = "" }, true},
	}
	for _, tc := range tests {
		p := participant(1)
		tc.edit(&p)
		if got := p.Complete(); got != tc.want {
			t.Errorf("%s: Complete = %v", tc.name, got)
		}
	}
	e := expert(2)
	e.Offers = nil
	if e.Complete() {
		t.Error("expert without offers complete")
	}
	e.Offers, e.Role = []string{"Mentoring"}, "other"
	if e.Complete() {
		t.Error("unknown role complete")
	}
}
