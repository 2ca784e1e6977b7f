package store

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// putProfile stores p; for an expert it first redeems a fresh invite code
// for p's key, as the invite screen does.
func putProfile(s *Store, p Profile) (Profile, error) {
	if p.Role == RoleExpert {
		if err := grant(s, p.Fingerprint); err != nil {
			return Profile{}, err
		}
	}
	return s.PutProfile(p)
}

// grant gives fingerprint an expert grant through a fresh invite code.
func grant(s *Store, fingerprint string) error {
	now := time.Now()
	codes, err := s.CreateInvites(1, time.Hour, now)
	if err != nil {
		return err
	}
	return s.RedeemInvite(codes[0], fingerprint, now)
}

var t0 = time.Date(2022, 2, 3, 18, 0, 0, 0, time.UTC)

func TestCreateInvites(t *testing.T) {
	s := openTest(t, "")
	ch, cancel := s.Subscribe()
	defer cancel()
	codes, err := s.CreateInvites(50, 24*time.Hour, t0)
	if err != nil {
		t.Fatal(err)
	}
	if c := receive(t, ch); c.Kind != KindInvite {
		t.Errorf("change %+v", c)
	}
	form := regexp.MustCompile(`^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$`)
	seen := map[string]bool{}
	for _, c := range codes {
		if !form.MatchString(c) || strings.ContainsAny(c, "0O1IL") {
			t.Errorf("code %q has the wrong form", c)
		}
		seen[c] = true
	}
	if len(codes) != 50 || len(seen) != 50 {
		t.Fatalf("%d codes, %d distinct", len(codes), len(seen))
	}
	// Only hashes are stored: no code appears in the file's invites bucket.
	var stored int
	if err := s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(invitesBucket).ForEach(func(k, v []byte) error {
			stored++
			for _, c := range codes {
				for _, form := range []string{c, strings.ReplaceAll(c, "-", "")} {
					if strings.Contains(string(k), form) || strings.Contains(string(v), form) {
						t.Errorf("code %s stored in plain text", c)
					}
				}
			}
			return nil
		})
	}); err != nil {
		t.Fatal(err)
	}
	if stored != 50 {
		t.Errorf("%d invites stored", stored)
	}
	if open, used, expired, err := s.InviteCounts(t0); err != nil || open != 50 || used != 0 || expired != 0 {
		t.Errorf("InviteCounts = %d %d %d %v", open, used, expired, err)
	}
	if open, used, expired, _ := s.InviteCounts(t0.Add(24 * time.Hour)); open != 0 || used != 0 || expired != 50 {
		t.Errorf("InviteCounts at expiry = %d %d %d", open, used, expired)
	}
	for _, n := range []int{0, -1, MaxInvites + 1} {
		if _, err := s.CreateInvites(n, time.Hour, t0); err == nil {
			t.Errorf("CreateInvites(%d) accepted", n)
		}
	}
	if _, err := s.CreateInvites(1, 0, t0); err == nil {
		t.Error("CreateInvites with zero validity accepted")
	}
}

func TestRedeemInvite(t *testing.T) {
	s := openTest(t, "")
	codes, err := s.CreateInvites(3, time.Hour, t0)
	if err != nil {
		t.Fatal(err)
	}
	a, b := testFP(1), testFP(2)
	if ok, err := s.IsExpert(a); ok || err != nil {
		t.Fatalf("IsExpert before = %v, %v", ok, err)
	}
	// Case, spaces and dashes do not matter.
	typed := "  " + strings.ToLower(strings.ReplaceAll(codes[0], "-", " - ")) + " "
	if err := s.RedeemInvite(typed, a, t0.Add(time.Minute)); err != nil {
		t.Fatalf("RedeemInvite: %v", err)
	}
	if ok, err := s.IsExpert(a); !ok || err != nil {
		t.Fatalf("IsExpert after = %v, %v", ok, err)
	}
	// The code is single use.
	err = s.RedeemInvite(codes[0], b, t0.Add(2*time.Minute))
	if !errors.Is(err, ErrInviteInvalid) {
		t.Fatalf("second use: %v, want ErrInviteInvalid", err)
	}
	if ok, _ := s.IsExpert(b); ok {
		t.Error("second use granted expert")
	}
	// An expert redeems nothing more: the code stays open.
	if err := s.RedeemInvite(codes[1], a, t0.Add(3*time.Minute)); err != nil {
		t.Fatalf("redeem by an expert: %v", err)
	}
	if open, used, expired, _ := s.InviteCounts(t0.Add(4 * time.Minute)); open != 2 || used != 1 || expired != 0 {
		t.Errorf("InviteCounts = %d %d %d, want 2 1 0", open, used, expired)
	}
	// The invite records who used it and when.
	if err := s.view(func(tx *bolt.Tx) error {
		sum := sha256.Sum256([]byte("netday invite:" + strings.ReplaceAll(codes[0], "-", "")))
		raw := tx.Bucket(invitesBucket).Get([]byte(hex.EncodeToString(sum[:])))
		if !strings.Contains(string(raw), `"used_by":"`+a+`"`) || !strings.Contains(string(raw), `"used_at":"2022-02-03T18:01:00Z"`) {
			t.Errorf("used invite = %s", raw)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	// Expired: the same error as every other bad code.
	if err := s.RedeemInvite(codes[2], b, t0.Add(time.Hour)); !errors.Is(err, ErrInviteInvalid) {
		t.Errorf("expired: %v", err)
	}
	// Still usable before expiry by a new key.
	if err := s.RedeemInvite(codes[1], b, t0.Add(59*time.Minute)); err != nil {
		t.Errorf("open code: %v", err)
	}
}

func TestRedeemInviteRefusesBadCodesAlike(t *testing.T) {
	s := openTest(t, "")
	codes, err := s.CreateInvites(1, time.Hour, t0)
	if err != nil {
		t.Fatal(err)
	}
	other := []byte(codes[0])
	other[0] = InviteAlphabet[(strings.IndexByte(InviteAlphabet, other[0])+1)%len(InviteAlphabet)]
	for _, code := range []string{
		"", "   ", "-", string(other), codes[0][:13], codes[0] + "A",
		"0000-0000-0000", "IIII-LLLL-OOOO", "ABCD-EFGH-JKM\x1b", strings.Repeat(codes[0], 10),
		"ÄBCD-EFGH-JKMN", "ABCD-EFGH-JKMN",
	} {
		err := s.RedeemInvite(code, testFP(1), t0)
		if !errors.Is(err, ErrInviteInvalid) {
			t.Errorf("RedeemInvite(%q) = %v, want ErrInviteInvalid", code, err)
		} else if !strings.HasSuffix(err.Error(), ErrInviteInvalid.Error()) {
			t.Errorf("error %q says more than ErrInviteInvalid", err)
		}
	}
	if err := s.RedeemInvite(codes[0], "alice", t0); err == nil || errors.Is(err, ErrInviteInvalid) {
		t.Errorf("bad fingerprint: %v", err)
	}
	if ok, _ := s.IsExpert(testFP(1)); ok {
		t.Error("a bad code granted expert")
	}
	if open, _, _, _ := s.InviteCounts(t0); open != 1 {
		t.Errorf("open = %d after bad attempts", open)
	}
}

func TestExpertProfileNeedsInvite(t *testing.T) {
	s := openTest(t, "")
	p := expert(1)
	_, err := s.PutProfile(p)
	if !errors.Is(err, ErrNeedsInvite) || !strings.Contains(err.Error(), "expert profiles need an invite code") {
		t.Fatalf("PutProfile(expert) without grant = %v", err)
	}
	if _, err := s.Profile(p.Fingerprint); !errors.Is(err, ErrNotFound) {
		t.Fatalf("refused expert stored: %v", err)
	}
	// A participant cannot turn into an expert either.
	q := participant(1)
	if _, err := s.PutProfile(q); err != nil {
		t.Fatal(err)
	}
	q.Role = RoleExpert
	if _, err := s.PutProfile(q); !errors.Is(err, ErrNeedsInvite) {
		t.Fatalf("participant → expert without grant = %v", err)
	}
	codes, err := s.CreateInvites(1, time.Hour, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := s.RedeemInvite(codes[0], p.Fingerprint, time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutProfile(p); err != nil {
		t.Fatalf("PutProfile(expert) with grant = %v", err)
	}
	// The grant is per key.
	if _, err := s.PutProfile(expert(2)); !errors.Is(err, ErrNeedsInvite) {
		t.Errorf("other key's expert profile = %v", err)
	}
}
