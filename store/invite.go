package store

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Invite codes: single use, valid until they expire, stored only as hashes.
const (
	// MaxInvites is the most codes one CreateInvites call makes.
	MaxInvites = 500
	// InviteAlphabet holds the characters of an invite code: capital
	// letters and digits without the easily confused 0, O, 1, I and L.
	InviteAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
	// inviteGroups and inviteGroupLen give the form "XXXX-XXXX-XXXX".
	inviteGroups   = 3
	inviteGroupLen = 4
	// maxInviteInput bounds what RedeemInvite looks at.
	maxInviteInput = 64
)

// Invite is the stored record of one invite code. The code itself is never
// stored: Hash is the hex SHA-256 of its normalised form.
type Invite struct {
	Hash    string    `json:"hash"`
	Created time.Time `json:"created"`
	Expires time.Time `json:"expires"`
	UsedBy  string    `json:"used_by,omitempty"` // fingerprint of the key that redeemed it; "deleted" after DeleteUser
	UsedAt  time.Time `json:"used_at,omitzero"`
	// Import is the email of the imported expert the code was made for
	// (see ImportExperts); empty for codes from CreateInvites.
	Import string `json:"import,omitempty"`
}

// ErrInviteInvalid is the one error RedeemInvite returns (wrapped) for an
// unknown, used, expired or malformed code, so that an answer reveals
// nothing about which codes exist.
var ErrInviteInvalid = errors.New("this invite code is not valid")

// CreateInvites makes n (1..MaxInvites) new invite codes that expire ttl
// after now. The codes, like "7KQX-M2RD-HT9C", are returned in plain text
// this once; the file keeps only their hashes. Subscribers get a KindInvite
// Change.
func (s *Store) CreateInvites(n int, ttl time.Duration, now time.Time) ([]string, error) {
	if n < 1 || n > MaxInvites {
		return nil, fmt.Errorf("create invites: count %d must be between 1 and %d", n, MaxInvites)
	}
	if ttl <= 0 {
		return nil, fmt.Errorf("create invites: validity %v must be positive", ttl)
	}
	now = now.UTC().Round(0)
	codes := make([]string, 0, n)
	records := make([]Invite, 0, n)
	seen := make(map[string]bool, n)
	for len(codes) < n {
		code, err := newInviteCode()
		if err != nil {
			return nil, fmt.Errorf("create invites: %w", err)
		}
		h := inviteHash(normalizeInvite(code))
		if seen[h] {
			continue
		}
		seen[h] = true
		codes = append(codes, code)
		records = append(records, Invite{Hash: h, Created: now, Expires: now.Add(ttl)})
	}
	err := s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(invitesBucket)
		if b == nil {
			return errNoBucket(invitesBucket)
		}
		for _, inv := range records {
			if b.Get([]byte(inv.Hash)) != nil {
				// 59 random bits: a collision means something is badly wrong.
				return errors.New("duplicate invite code")
			}
			data, err := json.Marshal(inv)
			if err != nil {
				return err
			}
			if err := b.Put([]byte(inv.Hash), data); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("create invites: %w", err)
	}
	s.Notify(Change{Kind: KindInvite})
	return codes, nil
}

// RedeemInvite uses code for the key fingerprint: in one transaction it marks
// the invite used and records an expert grant for the key. Case, spaces and
// dashes in code do not matter. An unknown, used, expired or malformed code
// yields an error wrapping ErrInviteInvalid. A key that already has a grant
// redeems nothing: RedeemInvite returns nil and leaves code unused.
// Subscribers get a KindInvite Change when a code was used.
func (s *Store) RedeemInvite(code, fingerprint string, now time.Time) error {
	if !ValidFingerprint(fingerprint) {
		return errors.New("redeem invite: not an SSH key fingerprint")
	}
	norm := normalizeInvite(code)
	if !validInvite(norm) {
		return fmt.Errorf("redeem invite: %w", ErrInviteInvalid)
	}
	h := inviteHash(norm)
	now = now.UTC().Round(0)
	used := false
	err := s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(invitesBucket)
		if b == nil {
			return errNoBucket(invitesBucket)
		}
		g := tx.Bucket(grantsBucket)
		if g == nil {
			return errNoBucket(grantsBucket)
		}
		if g.Get([]byte(fingerprint)) != nil {
			return nil
		}
		raw := b.Get([]byte(h))
		if raw == nil {
			return ErrInviteInvalid
		}
		var inv Invite
		if err := json.Unmarshal(raw, &inv); err != nil {
			return fmt.Errorf("decode invite: %w", err)
		}
		if subtle.ConstantTimeCompare([]byte(inv.Hash), []byte(h)) != 1 ||
			inv.UsedBy != "" || !now.Before(inv.Expires) {
			return ErrInviteInvalid
		}
		inv.UsedBy, inv.UsedAt = fingerprint, now
		data, err := json.Marshal(inv)
		if err != nil {
			return err
		}
		if err := b.Put([]byte(h), data); err != nil {
			return err
		}
		used = true
		return g.Put([]byte(fingerprint), grantExpert)
	})
	if err != nil {
		return fmt.Errorf("redeem invite: %w", err)
	}
	if used {
		s.Notify(Change{Kind: KindInvite})
	}
	return nil
}

// IsExpert reports whether fingerprint has an expert grant, that is, has
// redeemed an invite code.
func (s *Store) IsExpert(fingerprint string) (bool, error) {
	var ok bool
	err := s.view(func(tx *bolt.Tx) error {
		if tx.Bucket(grantsBucket) == nil {
			return errNoBucket(grantsBucket)
		}
		ok = hasGrant(tx, fingerprint)
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("is expert %s: %w", fingerprint, err)
	}
	return ok, nil
}

// InviteCounts counts the stored invites: open (unused and valid at now),
// used, and expired (unused and no longer valid at now).
func (s *Store) InviteCounts(now time.Time) (open, used, expired int, err error) {
	err = s.view(func(tx *bolt.Tx) error {
		return eachJSON(tx, invitesBucket, "invite", func(_ []byte, inv Invite) error {
			switch {
			case inv.UsedBy != "":
				used++
			case now.Before(inv.Expires):
				open++
			default:
				expired++
			}
			return nil
		})
	})
	if err != nil {
		return 0, 0, 0, fmt.Errorf("invite counts: %w", err)
	}
	return open, used, expired, nil
}

// hasGrant reports whether fingerprint has an expert grant in tx.
func hasGrant(tx *bolt.Tx, fingerprint string) bool {
	g := tx.Bucket(grantsBucket)
	return g != nil && fingerprint != "" && g.Get([]byte(fingerprint)) != nil
}

// newInviteCode returns a random code "XXXX-XXXX-XXXX" over InviteAlphabet.
func newInviteCode() (string, error) {
	const n = inviteGroups * inviteGroupLen
	// Rejection sampling: bytes ≥ limit would favour the first letters.
	limit := byte(256 - 256%len(InviteAlphabet))
	var b strings.Builder
	buf := make([]byte, 2*n)
	for chars := 0; chars < n; {
		if _, err := rand.Read(buf); err != nil {
			return "", err
		}
		for _, c := range buf {
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
	return b.String(), nil
}

// normalizeInvite upper-cases code and drops spaces and dashes. Input longer
// than maxInviteInput bytes normalises to "" (invalid).
func normalizeInvite(code string) string {
	if len(code) > maxInviteInput {
		return ""
	}
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '-', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2212':
			return -1
		}
		return r
	}, strings.ToUpper(code))
}

// validInvite reports whether a normalised code has the length and the
// characters of an invite code.
func validInvite(norm string) bool {
	if len(norm) != inviteGroups*inviteGroupLen {
		return false
	}
	for i := 0; i < len(norm); i++ {
		if strings.IndexByte(InviteAlphabet, norm[i]) < 0 {
			return false
		}
	}
	return true
}

// inviteHash is the key an invite is stored under: the hex SHA-256 of its
// normalised code.
func inviteHash(norm string) string {
	sum := sha256.Sum256([]byte("netday invite:" + norm))
	return hex.EncodeToString(sum[:])
}
