package main

import (
	"bytes"
	"fmt"
	"os"
	"strings"

	gossh "golang.org/x/crypto/ssh"
)

// loadAdminKeys returns the fingerprints of the organiser keys. spec is an
// authorized_keys file, or (when it is not a file and starts like a key) the
// key lines themselves, separated by newlines or semicolons.
func loadAdminKeys(spec string) (map[string]bool, error) {
	admins := map[string]bool{}
	if strings.TrimSpace(spec) == "" {
		return admins, nil
	}
	data, err := os.ReadFile(spec)
	if err != nil {
		if !looksLikeKey(spec) {
			return nil, fmt.Errorf("organiser keys: %w", err)
		}
		data = []byte(strings.ReplaceAll(spec, ";", "\n"))
	}
	for n, line := range bytes.Split(data, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		key, _, _, _, err := gossh.ParseAuthorizedKey(line)
		if err != nil {
			return nil, fmt.Errorf("organiser keys line %d: %w", n+1, err)
		}
		admins[gossh.FingerprintSHA256(key)] = true
	}
	return admins, nil
}

func looksLikeKey(s string) bool {
	s = strings.TrimSpace(s)
	return strings.HasPrefix(s, "ssh-") || strings.HasPrefix(s, "ecdsa-") || strings.HasPrefix(s, "sk-")
}
