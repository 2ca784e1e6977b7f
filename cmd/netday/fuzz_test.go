package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"netday/matching"
)

// FuzzSolveInput runs `netday solve` on arbitrary standard input: it must
// never panic, and either print a schedule (exit 0, nothing on stderr) or
// one line on stderr and nothing on stdout (exit 2).
// Longer: go test -run '^$' -fuzz '^FuzzSolveInput$' -fuzztime 10m ./cmd/netday
func FuzzSolveInput(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "solve", "*.json"))
	for _, name := range files {
		if data, err := os.ReadFile(name); err == nil && len(data) < 64<<10 {
			f.Add(data)
		}
	}
	f.Add([]byte(`{"slots":["a"],"participants":[{"id":"p","quota":1}],"experts":[{"id":"e","seats":{"a":1}}],"scores":[{"p":"p","e":"e","score":5}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var out, errOut bytes.Buffer
		code := runSolve(nil, bytes.NewReader(data), &out, &errOut)
		switch code {
		case 0:
			if errOut.Len() > 0 {
				t.Fatalf("exit 0 with stderr %q", errOut.String())
			}
			dec := json.NewDecoder(&out)
			dec.DisallowUnknownFields()
			var sch matching.Schedule
			if err := dec.Decode(&sch); err != nil {
				t.Fatalf("output is not a schedule: %v", err)
			}
		case 2:
			msg := errOut.String()
			if out.Len() > 0 || !strings.HasPrefix(msg, "netday solve: stdin: ") ||
				strings.Count(msg, "\n") != 1 || !strings.HasSuffix(msg, "\n") {
				t.Fatalf("refusal: stdout %d bytes, stderr %q", out.Len(), msg)
			}
		default:
			t.Fatalf("exit %d, stderr %q", code, errOut.String())
		}
	})
}

// FuzzAdminKeys feeds the organiser-keys parser arbitrary authorized_keys
// files with one real key line somewhere: it must never panic, refuse a
// file with a bad line (naming it), and when it accepts, hold the real key.
// Longer: go test -run '^$' -fuzz '^FuzzAdminKeys$' -fuzztime 10m ./cmd/netday
func FuzzAdminKeys(f *testing.F) {
	f.Add("", uint8(0))
	f.Add("# organisers\n\nssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHxUq2f6kH5HLrXx0V0nWn1cDq6d7cH1Wp5p1l3m0aYV x@y\n", uint8(1))
	f.Add("ssh-rsa AAAA\nnot a key\n", uint8(2))
	f.Add("command=\"rm -rf /\",no-pty ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHxUq2f6kH5HLrXx0V0nWn1cDq6d7cH1Wp5p1l3m0aYV\r\n", uint8(0))
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		f.Fatal(err)
	}
	pub, err := gossh.NewPublicKey(priv.Public())
	if err != nil {
		f.Fatal(err)
	}
	real, realFP := gossh.MarshalAuthorizedKey(pub), gossh.FingerprintSHA256(pub)
	f.Fuzz(func(t *testing.T, text string, at uint8) {
		lines := strings.Split(text, "\n")
		i := int(at) % (len(lines) + 1)
		withReal := strings.Join(append(lines[:i:i], append([]string{strings.TrimSpace(string(real))}, lines[i:]...)...), "\n")
		path := filepath.Join(t.TempDir(), "organisers")
		if err := os.WriteFile(path, []byte(withReal), 0o600); err != nil {
			t.Fatal(err)
		}
		admins, err := loadAdminKeys(path)
		if err != nil {
			if !strings.Contains(err.Error(), "organiser keys") {
				t.Fatalf("error does not say what it is about: %v", err)
			}
			return
		}
		if !admins[realFP] {
			t.Fatalf("accepted the file but lost the real key: %v", admins)
		}
		if len(admins) > strings.Count(withReal, "\n")+1 {
			t.Fatalf("%d keys from %d lines", len(admins), strings.Count(withReal, "\n")+1)
		}
	})
}
