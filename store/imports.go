package store

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Imported experts: organisers import experts from CSV before they have an
// SSH key. Each row gets an invite code; the expert's profile form starts
// from the imported data when they redeem it.
var (
	importsBucket = []byte("imports")       // lower-case email → ImportedExpert
	importKey     = []byte("import_secret") // in settingsBucket: HMAC key for import codes
)

// MaxEmail is the longest email address an import accepts.
const MaxEmail = 254

// ImportedExpert is one expert imported from CSV, keyed by email. The email
// stays private: it is never shown to other people.
type ImportedExpert struct {
	Email   string    `json:"email"`
	Profile Profile   `json:"profile"` // Role is expert; no Fingerprint
	Created time.Time `json:"created"`
	Updated time.Time `json:"updated"`
}

// ImportResult is what ImportExperts did with one row.
type ImportResult struct {
	Email  string // as stored (lower case)
	Code   string // the row's invite code
	New    bool   // the email was not imported before
	Joined string // the fingerprint that redeemed the code, if any
}

// ValidEmail reports whether s is one plain address ("name@example.org").
func ValidEmail(s string) bool {
	if len(s) > MaxEmail || strings.ContainsAny(s, " <>\",;") {
		return false
	}
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && strings.Contains(s[strings.LastIndex(s, "@")+1:], ".")
}

// ImportExperts stores experts in one transaction: all or nothing. Each
// profile is normalised and must validate as an expert profile (without a
// fingerprint); each email must be valid and appear once. Every row gets an
// invite code derived from its email and a secret kept in the database, so
// importing the same email again gives the same code and makes no
// duplicate (an unused code's validity is renewed to ttl from now).
// Subscribers get a KindInvite Change.
func (s *Store) ImportExperts(rows []ImportedExpert, ttl time.Duration, now time.Time) ([]ImportResult, error) {
	now = now.UTC().Round(0)
	seen := map[string]int{}
	for i := range rows {
		r := &rows[i]
		r.Email = strings.ToLower(strings.TrimSpace(r.Email))
		if !ValidEmail(r.Email) {
			return nil, fmt.Errorf("import experts: row %d: %q is not an email address", i+1, r.Email)
		}
		if j, ok := seen[r.Email]; ok {
			return nil, fmt.Errorf("import experts: row %d: email %s is already in row %d", i+1, r.Email, j+1)
		}
		seen[r.Email] = i
		r.Profile.Role, r.Profile.Fingerprint = RoleExpert, ""
		r.Profile.Normalize()
		if err := r.Profile.ValidateImported(); err != nil {
			return nil, fmt.Errorf("import experts: row %d: %w", i+1, err)
		}
	}
	out := make([]ImportResult, len(rows))
	err := s.update(func(tx *bolt.Tx) error {
		secret, err := importSecret(tx)
		if err != nil {
			return err
		}
		ib, inv := tx.Bucket(importsBucket), tx.Bucket(invitesBucket)
		if ib == nil || inv == nil {
			return errNoBucket(importsBucket)
		}
		for i, r := range rows {
			code := importCode(secret, r.Email)
			h := inviteHash(normalizeInvite(code))
			res := ImportResult{Email: r.Email, Code: code, New: ib.Get([]byte(r.Email)) == nil}
			var old ImportedExpert
			if !res.New {
				if err := json.Unmarshal(ib.Get([]byte(r.Email)), &old); err != nil {
					return fmt.Errorf("decode import %s: %w", r.Email, err)
				}
				r.Created = old.Created
			} else {
				r.Created = now
			}
			r.Updated = now
			rec := Invite{Hash: h, Created: now, Expires: now.Add(ttl), Import: r.Email}
			if raw := inv.Get([]byte(h)); raw != nil {
				var cur Invite
				if err := json.Unmarshal(raw, &cur); err != nil {
					return fmt.Errorf("decode invite: %w", err)
				}
				rec = cur
				if cur.UsedBy == "" {
					rec.Expires = now.Add(ttl)
				}
				res.Joined = cur.UsedBy
			}
			for bucket, v := range map[*bolt.Bucket]struct {
				key string
				val any
			}{inv: {h, rec}, ib: {r.Email, r}} {
				data, err := json.Marshal(v.val)
				if err != nil {
					return err
				}
				if err := bucket.Put([]byte(v.key), data); err != nil {
					return err
				}
			}
			out[i] = res
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("import experts: %w", err)
	}
	s.Notify(Change{Kind: KindInvite})
	return out, nil
}

// ImportedExperts returns every imported expert with the fingerprint that
// redeemed their code ("" if none yet), in email order.
func (s *Store) ImportedExperts() ([]ImportedExpert, map[string]string, error) {
	var out []ImportedExpert
	joined := map[string]string{}
	err := s.view(func(tx *bolt.Tx) error {
		secret := settingsGet(tx, importKey)
		return eachJSON(tx, importsBucket, "import", func(_ []byte, r ImportedExpert) error {
			out = append(out, r)
			if secret != nil {
				if raw := getRaw(tx, invitesBucket, inviteHash(normalizeInvite(importCode(secret, r.Email)))); raw != nil {
					var inv Invite
					if json.Unmarshal(raw, &inv) == nil && inv.UsedBy != "" {
						joined[r.Email] = inv.UsedBy
					}
				}
			}
			return nil
		})
	})
	if err != nil {
		return nil, nil, fmt.Errorf("imported experts: %w", err)
	}
	return out, joined, nil
}

// ImportedProfile returns the imported profile an invite code was made for;
// ok is false for any other code (unknown, or from CreateInvites).
func (s *Store) ImportedProfile(code string) (p Profile, ok bool, err error) {
	norm := normalizeInvite(code)
	if !validInvite(norm) {
		return Profile{}, false, nil
	}
	err = s.view(func(tx *bolt.Tx) error {
		raw := getRaw(tx, invitesBucket, inviteHash(norm))
		if raw == nil {
			return nil
		}
		var inv Invite
		if err := json.Unmarshal(raw, &inv); err != nil || inv.Import == "" {
			return err
		}
		rec := getRaw(tx, importsBucket, inv.Import)
		if rec == nil {
			return nil
		}
		var r ImportedExpert
		if err := json.Unmarshal(rec, &r); err != nil {
			return err
		}
		p, ok = r.Profile, true
		return nil
	})
	if err != nil {
		return Profile{}, false, fmt.Errorf("imported profile: %w", err)
	}
	return p, ok, nil
}

// ValidateImported validates an expert profile that has no key yet (an
// import row): like Validate, without the fingerprint.
func (p Profile) ValidateImported() error {
	p.Fingerprint = "SHA256:" + strings.Repeat("A", 43)
	err := p.Validate()
	var ve *ValidationError
	if errors.As(err, &ve) {
		return ve
	}
	return err
}

// importSecret returns the HMAC key of import codes, creating it once.
func importSecret(tx *bolt.Tx) ([]byte, error) {
	b := tx.Bucket(settingsBucket)
	if b == nil {
		return nil, errNoBucket(settingsBucket)
	}
	if k := b.Get(importKey); len(k) == 32 {
		return append([]byte(nil), k...), nil
	}
	k := make([]byte, 32)
	if _, err := rand.Read(k); err != nil {
		return nil, err
	}
	return k, b.Put(importKey, k)
}

// importCode derives the invite code of an imported email.
func importCode(secret []byte, email string) string {
	const n = inviteGroups * inviteGroupLen
	limit := byte(256 - 256%len(InviteAlphabet))
	var b strings.Builder
	chars := 0
	for round := 0; chars < n; round++ {
		m := hmac.New(sha256.New, secret)
		fmt.Fprintf(m, "netday import %d:%s", round, email)
		for _, c := range m.Sum(nil) {
			if c >= limit || chars == n {
				continue
			}
			if chars > 0 && chars%inviteGroupLen == 0 {
				b.WriteByte('-')
			}
			b.WriteByte(InviteAlphabet[int(c)%len(InviteAlphabet)])
			chars++
		}
	}
	return b.String()
}

// settingsGet copies a value of the settings bucket; nil if absent.
func settingsGet(tx *bolt.Tx, key []byte) []byte {
	return getRaw(tx, settingsBucket, string(key))
}

// getRaw copies the value of key in bucket; nil if absent.
func getRaw(tx *bolt.Tx, bucket []byte, key string) []byte {
	b := tx.Bucket(bucket)
	if b == nil {
		return nil
	}
	v := b.Get([]byte(key))
	if v == nil {
		return nil
	}
	return append([]byte(nil), v...)
}
