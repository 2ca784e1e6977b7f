package store

import (
	"cmp"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"netday/store/clean"

	_ "time/tzdata" // time zones load the same on every machine

	bolt "go.etcd.io/bbolt"
)

// Role says whether a person takes part as a participant or as an expert.
type Role string

// The known roles.
const (
	RoleParticipant Role = "participant"
	RoleExpert      Role = "expert"
)

// Limits of the profile fields, in runes (and in terminal cells: a field may
// be neither longer nor wider than its limit). The screens use the same
// numbers for their input limits.
const (
	MaxFingerprint  = 64  // "SHA256:" and 43 base64 characters
	MaxName         = 60  // Profile.Name
	MaxPronouns     = 30  // Profile.Pronouns
	MaxTitle        = 80  // Profile.Title
	MaxOrganisation = 80  // Profile.Organisation
	MaxCity         = 60  // Profile.City
	MaxCountry      = 60  // Profile.Country
	MaxTimeZone     = 64  // Profile.TimeZone
	MaxCareerStage  = 40  // Profile.CareerStage
	MaxLanguages    = 8   // number of Profile.Languages
	MaxLanguage     = 30  // one language
	MaxAreas        = 12  // number of Profile.Areas
	MaxArea         = 60  // one interest area
	MaxLookingFor   = 8   // number of Profile.LookingFor
	MaxLookingItem  = 40  // one Profile.LookingFor item
	MaxOffers       = 8   // number of Profile.Offers
	MaxOffer        = 40  // one Profile.Offers item
	MaxStages       = 8   // number of Profile.Stages
	MaxBio          = 500 // Profile.Bio, line breaks included
	MaxLink         = 200 // Profile.Link
)

// Profile is one person's record, keyed by the SHA-256 fingerprint of their
// SSH key. Use Normalize before Validate; PutProfile does both.
type Profile struct {
	Fingerprint  string    `json:"fingerprint"`
	Role         Role      `json:"role"`
	Name         string    `json:"name"`                  // required, ≤ MaxName
	Pronouns     string    `json:"pronouns,omitempty"`    // optional, ≤ MaxPronouns
	Title        string    `json:"title,omitempty"`       // experts, ≤ MaxTitle
	Organisation string    `json:"organisation"`          // organisation or studies, ≤ MaxOrganisation
	City         string    `json:"city"`                  // ≤ MaxCity
	Country      string    `json:"country"`               // ≤ MaxCountry
	TimeZone     string    `json:"time_zone"`             // IANA name, e.g. "Europe/Berlin"
	CareerStage  string    `json:"career_stage"`          // ≤ MaxCareerStage
	Languages    []string  `json:"languages"`             // ≤ MaxLanguages items of ≤ MaxLanguage
	Areas        []string  `json:"areas"`                 // ≤ MaxAreas items of ≤ MaxArea
	LookingFor   []string  `json:"looking_for,omitempty"` // participants, ≤ MaxLookingFor items of ≤ MaxLookingItem
	Offers       []string  `json:"offers,omitempty"`      // experts, ≤ MaxOffers items of ≤ MaxOffer
	Stages       []string  `json:"stages,omitempty"`      // experts: career stages they welcome; empty = every stage
	Bio          string    `json:"bio"`                   // ≤ MaxBio, may contain line breaks
	Link         string    `json:"link,omitempty"`        // experts, optional http(s) URL, ≤ MaxLink
	Created      time.Time `json:"created"`
	Updated      time.Time `json:"updated"`
}

// Normalize cleans every text field in place with CleanLine, CleanText or
// CleanList and the limits above. A link without a scheme ("example.org")
// gets "https://".
func (p *Profile) Normalize() {
	p.Fingerprint = clean.Line(p.Fingerprint, MaxFingerprint)
	p.Role = Role(strings.ToLower(clean.Line(string(p.Role), 20)))
	p.Name = clean.Line(p.Name, MaxName)
	p.Pronouns = clean.Line(p.Pronouns, MaxPronouns)
	p.Title = clean.Line(p.Title, MaxTitle)
	p.Organisation = clean.Line(p.Organisation, MaxOrganisation)
	p.City = clean.Line(p.City, MaxCity)
	p.Country = clean.Line(p.Country, MaxCountry)
	p.TimeZone = clean.Line(p.TimeZone, MaxTimeZone)
	p.CareerStage = clean.Line(p.CareerStage, MaxCareerStage)
	p.Languages = clean.List(p.Languages, MaxLanguages, MaxLanguage)
	p.Areas = clean.List(p.Areas, MaxAreas, MaxArea)
	p.LookingFor = clean.List(p.LookingFor, MaxLookingFor, MaxLookingItem)
	p.Offers = clean.List(p.Offers, MaxOffers, MaxOffer)
	p.Stages = clean.List(p.Stages, MaxStages, MaxCareerStage)
	p.Bio = clean.Text(p.Bio, MaxBio)
	link := clean.Line(p.Link, MaxLink)
	if link != "" && !strings.Contains(link, ":") {
		link = clean.Line("https://"+link, MaxLink)
	}
	p.Link = link
}

// FieldError is one problem with one field. Field is the JSON name of the
// field ("name", "time_zone"); Msg is short, lower-case and meant for people
// ("is required", "must be at most 60 characters").
type FieldError struct {
	Field string
	Msg   string
}

// ValidationError lists every bad field of a record, in field order.
type ValidationError struct {
	// Record names the kind of record ("availability", "wish list"); empty
	// means "profile".
	Record string
	Fields []FieldError
}

// Error returns all problems in one line, for example
// "invalid profile: name is required; time_zone: unknown time zone "Mars/Olympus"".
func (e *ValidationError) Error() string {
	var b strings.Builder
	b.WriteString("invalid ")
	b.WriteString(cmp.Or(e.Record, "profile"))
	b.WriteString(": ")
	for i, f := range e.Fields {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(f.Field)
		if startsWithVerb(f.Msg) {
			b.WriteString(" ")
		} else {
			b.WriteString(": ")
		}
		b.WriteString(f.Msg)
	}
	return b.String()
}

// startsWithVerb reports whether msg reads as a predicate ("is required"), so
// that Error can write "name is required" rather than "name: is required".
func startsWithVerb(msg string) bool {
	for _, v := range []string{"is ", "must ", "has ", "contains "} {
		if strings.HasPrefix(msg, v) {
			return true
		}
	}
	return false
}

// For returns the message for one field ("" if the field is fine), for
// inline errors in forms.
func (e *ValidationError) For(field string) string {
	if e == nil {
		return ""
	}
	var msgs []string
	for _, f := range e.Fields {
		if f.Field == field {
			msgs = append(msgs, f.Msg)
		}
	}
	return strings.Join(msgs, "; ")
}

func (e *ValidationError) add(field, format string, args ...any) {
	e.Fields = append(e.Fields, FieldError{Field: field, Msg: fmt.Sprintf(format, args...)})
}

// checkLine records a problem if s is longer or wider than limit or is not in
// its cleaned form. It reports whether s is fine.
func (e *ValidationError) checkLine(field, s string, limit int) bool {
	if utf8.RuneCountInString(s) > limit || clean.Width(s) > limit {
		e.add(field, "must be at most %d characters", limit)
		return false
	}
	if clean.Line(s, limit) != s {
		e.add(field, "contains control characters, escape sequences or extra spaces")
		return false
	}
	return true
}

// checkList is checkLine for every item of a list plus a limit on the count
// and a check for duplicates.
func (e *ValidationError) checkList(field string, items []string, maxItems, limit int) {
	if len(items) > maxItems {
		e.add(field, "must have at most %d items", maxItems)
		return
	}
	seen := make(map[string]bool, len(items))
	for i, it := range items {
		switch {
		case it == "":
			e.add(field, "item %d is empty", i+1)
		case utf8.RuneCountInString(it) > limit || clean.Width(it) > limit:
			e.add(field, "item %d must be at most %d characters", i+1, limit)
		case clean.Line(it, limit) != it:
			e.add(field, "item %d contains control characters, escape sequences or extra spaces", i+1)
		case seen[clean.FoldKey(it)]:
			e.add(field, "item %d repeats %q", i+1, it)
		default:
			seen[clean.FoldKey(it)] = true
			continue
		}
		return
	}
}

// ValidFingerprint reports whether fp has the form of an OpenSSH SHA-256
// fingerprint: "SHA256:" and the unpadded base64 of 32 bytes.
func ValidFingerprint(fp string) bool {
	rest, ok := strings.CutPrefix(fp, "SHA256:")
	if !ok || len(rest) != 43 {
		return false
	}
	b, err := base64.RawStdEncoding.Strict().DecodeString(rest)
	return err == nil && len(b) == 32
}

// Validate checks every field and returns a *ValidationError listing all bad
// fields, or nil. Text must already be clean (equal to its Normalize form):
// raw escape sequences, control characters and extra spaces are refused.
func (p Profile) Validate() error {
	e := &ValidationError{}
	if p.Fingerprint == "" {
		e.add("fingerprint", "is required")
	} else if !ValidFingerprint(p.Fingerprint) {
		e.add("fingerprint", "must be an SSH key fingerprint (SHA256:…)")
	}
	switch p.Role {
	case RoleParticipant, RoleExpert:
	case "":
		e.add("role", "is required")
	default:
		e.add("role", "unknown role %q", clean.Line(string(p.Role), 20))
	}
	if p.Name == "" {
		e.add("name", "is required")
	} else {
		e.checkLine("name", p.Name, MaxName)
	}
	e.checkLine("pronouns", p.Pronouns, MaxPronouns)
	e.checkLine("title", p.Title, MaxTitle)
	e.checkLine("organisation", p.Organisation, MaxOrganisation)
	e.checkLine("city", p.City, MaxCity)
	e.checkLine("country", p.Country, MaxCountry)
	if p.TimeZone == "" {
		e.add("time_zone", "is required")
	} else if e.checkLine("time_zone", p.TimeZone, MaxTimeZone) {
		if err := checkTimeZone(p.TimeZone); err != nil {
			e.add("time_zone", "%v", err)
		}
	}
	e.checkLine("career_stage", p.CareerStage, MaxCareerStage)
	if len(p.Languages) == 0 {
		e.add("languages", "must have at least one language")
	} else {
		e.checkList("languages", p.Languages, MaxLanguages, MaxLanguage)
	}
	if len(p.Areas) == 0 {
		e.add("areas", "must have at least one interest area")
	} else {
		e.checkList("areas", p.Areas, MaxAreas, MaxArea)
	}
	e.checkList("looking_for", p.LookingFor, MaxLookingFor, MaxLookingItem)
	e.checkList("offers", p.Offers, MaxOffers, MaxOffer)
	e.checkList("stages", p.Stages, MaxStages, MaxCareerStage)
	if utf8.RuneCountInString(p.Bio) > MaxBio || clean.Width(p.Bio) > MaxBio {
		e.add("bio", "must be at most %d characters", MaxBio)
	} else if clean.Text(p.Bio, MaxBio) != p.Bio {
		e.add("bio", "contains control characters, escape sequences or extra spaces")
	}
	if p.Link != "" && e.checkLine("link", p.Link, MaxLink) {
		if err := checkLink(p.Link); err != nil {
			e.add("link", "%v", err)
		}
	}
	if len(e.Fields) > 0 {
		return e
	}
	return nil
}

// checkTimeZone accepts IANA names that load with time.LoadLocation, except
// "Local", which would mean the server's own zone.
func checkTimeZone(tz string) error {
	if tz == "Local" {
		return fmt.Errorf("unknown time zone %q", tz)
	}
	if _, err := time.LoadLocation(tz); err != nil {
		return fmt.Errorf("unknown time zone %q", tz)
	}
	return nil
}

// checkLink accepts absolute http and https URLs with a host and without user
// information or spaces.
func checkLink(link string) error {
	lower := strings.ToLower(link)
	if !strings.HasPrefix(lower, "https://") && !strings.HasPrefix(lower, "http://") {
		return errors.New("must be a web address starting with https://")
	}
	if strings.ContainsAny(link, " \t") {
		return errors.New("must be one web address, without spaces")
	}
	u, err := url.Parse(link)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return errors.New("must be a web address starting with https://")
	}
	if u.Host == "" || u.User != nil {
		return errors.New("must be a web address like https://example.org")
	}
	return nil
}

// Complete reports whether the profile has everything matching needs: name,
// organisation, country, time zone, at least one language and one area, a
// bio; for a participant also city, career stage and at least one thing they
// are looking for; for an expert at least one offer.
func (p Profile) Complete() bool {
	if p.Name == "" || p.Organisation == "" || p.Country == "" || p.TimeZone == "" ||
		len(p.Languages) == 0 || len(p.Areas) == 0 || p.Bio == "" {
		return false
	}
	switch p.Role {
	case RoleParticipant:
		return p.City != "" && p.CareerStage != "" && len(p.LookingFor) > 0
	case RoleExpert:
		return len(p.Offers) > 0
	}
	return false
}

// ErrNeedsInvite is returned (wrapped) by PutProfile for an expert profile
// whose key has not redeemed an invite code (see RedeemInvite).
var ErrNeedsInvite = errors.New("expert profiles need an invite code")

// PutProfile normalises and validates p, then stores it under its
// fingerprint. Created is kept from the stored record (now for a new one);
// Updated is now, in UTC. Subscribers get a "profile" Change after the
// commit. It returns the stored value. A validation failure wraps a
// *ValidationError (use errors.As). An expert profile is refused with
// ErrNeedsInvite unless the key has an expert grant, checked in the same
// transaction as the write.
func (s *Store) PutProfile(p Profile) (Profile, error) {
	p.Normalize()
	if err := p.Validate(); err != nil {
		return Profile{}, fmt.Errorf("put profile %s: %w", p.Fingerprint, err)
	}
	now := time.Now().UTC().Round(0)
	p.Updated = now
	p.Created = now
	err := s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(profilesBucket)
		if b == nil {
			return errNoBucket(profilesBucket)
		}
		if p.Role == RoleExpert && !hasGrant(tx, p.Fingerprint) {
			return ErrNeedsInvite
		}
		if old := b.Get([]byte(p.Fingerprint)); old != nil {
			var prev struct {
				Created time.Time `json:"created"`
			}
			if err := json.Unmarshal(old, &prev); err == nil && !prev.Created.IsZero() {
				p.Created = prev.Created
			}
		}
		data, err := json.Marshal(p)
		if err != nil {
			return err
		}
		return b.Put([]byte(p.Fingerprint), data)
	})
	if err != nil {
		return Profile{}, fmt.Errorf("put profile %s: %w", p.Fingerprint, err)
	}
	s.Notify(Change{Kind: KindProfile, Key: p.Fingerprint})
	return p, nil
}

// Profile returns the profile stored under fingerprint, or an error wrapping
// ErrNotFound.
func (s *Store) Profile(fingerprint string) (Profile, error) {
	var p Profile
	if err := s.getJSON(profilesBucket, fingerprint, &p); err != nil {
		return Profile{}, fmt.Errorf("get profile %s: %w", fingerprint, err)
	}
	return p, nil
}

// Profiles returns every stored profile, sorted by name (ignoring case), then
// fingerprint.
func (s *Store) Profiles() ([]Profile, error) {
	var out []Profile
	err := s.view(func(tx *bolt.Tx) error {
		var err error
		out, err = profilesIn(tx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("list profiles: %w", err)
	}
	return out, nil
}

// profilesIn decodes every profile inside tx, sorted like Profiles.
func profilesIn(tx *bolt.Tx) ([]Profile, error) {
	var out []Profile
	if err := eachJSON(tx, profilesBucket, "profile", func(_ []byte, p Profile) error {
		out = append(out, p)
		return nil
	}); err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b Profile) int {
		return cmp.Or(
			strings.Compare(clean.FoldKey(a.Name), clean.FoldKey(b.Name)),
			strings.Compare(a.Name, b.Name),
			strings.Compare(a.Fingerprint, b.Fingerprint),
		)
	})
	return out, nil
}

// DeleteProfile removes the profile stored under fingerprint. Deleting a
// missing profile is not an error. Subscribers get a Change with Deleted set
// when a profile was removed.
func (s *Store) DeleteProfile(fingerprint string) error {
	deleted := false
	err := s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(profilesBucket)
		if b == nil {
			return errNoBucket(profilesBucket)
		}
		if fingerprint == "" || b.Get([]byte(fingerprint)) == nil {
			return nil
		}
		deleted = true
		return b.Delete([]byte(fingerprint))
	})
	if err != nil {
		return fmt.Errorf("delete profile %s: %w", fingerprint, err)
	}
	if deleted {
		s.Notify(Change{Kind: KindProfile, Key: fingerprint, Deleted: true})
	}
	return nil
}
