package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"strings"
	"sync"
	"testing"

	gossh "golang.org/x/crypto/ssh"
)

func rsaKey(t *testing.T, bits int) gossh.Signer {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, bits)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(k)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// tryLogin logs in with auth and returns the error and every auth banner
// the server sent.
func tryLogin(t *testing.T, addr string, auth ...gossh.AuthMethod) (*gossh.Client, string, error) {
	t.Helper()
	var mu sync.Mutex
	var banners strings.Builder
	c, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{
		User: "x", Auth: auth, HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: waitTimeout,
		BannerCallback: func(msg string) error {
			mu.Lock()
			defer mu.Unlock()
			banners.WriteString(msg)
			return nil
		},
	})
	if c != nil {
		t.Cleanup(func() { c.Close() })
	}
	mu.Lock()
	defer mu.Unlock()
	return c, banners.String(), err
}

// Defect 4: 1024-bit RSA keys and SHA-1 ssh-rsa signatures were accepted.
func TestKeyPolicy(t *testing.T) {
	srv := testServer(t, t.TempDir())

	// Accepted: ed25519, ECDSA, RSA 2048 with SHA-2; the key is the identity.
	ec, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	ecSigner, err := gossh.NewSignerFromKey(ec)
	if err != nil {
		t.Fatal(err)
	}
	rsa2048 := rsaKey(t, 2048)
	for name, k := range map[string]gossh.Signer{"ed25519": newKey(t), "ecdsa": ecSigner, "rsa-2048": rsa2048} {
		c, banner, err := tryLogin(t, srv.addr(), gossh.PublicKeys(k))
		if err != nil {
			t.Fatalf("%s key refused: %v (banner %q)", name, err, banner)
		}
		if banner != "" {
			t.Errorf("%s key got a banner: %q", name, banner)
		}
		out, err := runCommand(t, c, "export")
		if err != nil || !strings.Contains(string(out), gossh.FingerprintSHA256(k.PublicKey())) {
			t.Fatalf("%s key: export = %q, %v", name, out, err)
		}
	}

	// Refused: RSA-1024, with a message, and no guest login behind it.
	_, banner, err := tryLogin(t, srv.addr(), gossh.PublicKeys(rsaKey(t, 1024)), gossh.KeyboardInteractive(noPrompts))
	if err == nil {
		t.Fatal("a 1024-bit RSA key (then keyboard-interactive) was let in")
	}
	if !strings.Contains(banner, "1024 bits") || !strings.Contains(banner, "ssh-keygen -t ed25519") {
		t.Fatalf("RSA-1024 banner = %q", banner)
	}

	// Refused: ssh-rsa (SHA-1) signatures, even from a 2048-bit key.
	sha1Only, err := gossh.NewSignerWithAlgorithms(rsa2048.(gossh.AlgorithmSigner), []string{gossh.KeyAlgoRSA})
	if err != nil {
		t.Fatal(err)
	}
	_, banner, err = tryLogin(t, srv.addr(), gossh.PublicKeys(sha1Only))
	if err == nil {
		t.Fatal("an ssh-rsa (SHA-1) signature was accepted")
	}
	if !strings.Contains(banner, "SHA-1") {
		t.Fatalf("SHA-1 banner = %q", banner)
	}

	// A guest is told it is one, and why.
	var note string
	if _, _, err := tryLogin(t, srv.addr(), gossh.KeyboardInteractive(
		func(_, instruction string, _ []string, _ []bool) ([]string, error) {
			note = instruction
			return nil, nil
		})); err != nil {
		t.Fatalf("guest login: %v", err)
	}
	if !strings.Contains(note, "signed in as a guest") || !strings.Contains(note, "2048") {
		t.Fatalf("guest note = %q", note)
	}

	// A refused key followed by a good one logs in with the good one.
	good := newKey(t)
	c, _, err := tryLogin(t, srv.addr(), gossh.PublicKeys(rsaKey(t, 1024), good))
	if err != nil {
		t.Fatalf("weak key then good key: %v", err)
	}
	if out, err := runCommand(t, c, "export"); err != nil || !strings.Contains(string(out), gossh.FingerprintSHA256(good.PublicKey())) {
		t.Fatalf("weak then good: export = %q, %v", out, err)
	}
}
