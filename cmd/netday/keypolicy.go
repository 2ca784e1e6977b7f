package main

import (
	"crypto/rsa"
	"fmt"
	"strings"

	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// minRSABits is the smallest RSA key netday accepts.
const minRSABits = 2048

// publicKeyAlgorithms are the signature algorithms netday accepts from
// clients: ed25519, ECDSA (plain and security keys) and RSA with SHA-2.
// SHA-1 "ssh-rsa" signatures are not among them.
var publicKeyAlgorithms = []string{
	gossh.KeyAlgoED25519, gossh.KeyAlgoSKED25519,
	gossh.KeyAlgoECDSA256, gossh.KeyAlgoECDSA384, gossh.KeyAlgoECDSA521, gossh.KeyAlgoSKECDSA256,
	gossh.KeyAlgoRSASHA512, gossh.KeyAlgoRSASHA256,
}

// keyAdvice ends every key refusal: what to do instead.
const keyAdvice = "netday accepts ed25519, ECDSA, or RSA keys of at least 2048 bits with SHA-2 signatures.\n" +
	"Make a key with: ssh-keygen -t ed25519   (to look around as a guest: ssh -o PubkeyAuthentication=no …)\n"

// keyRefusal says why a key is not accepted, "" when it is.
func keyRefusal(key gossh.PublicKey) string {
	switch key.Type() {
	case gossh.KeyAlgoED25519, gossh.KeyAlgoSKED25519,
		gossh.KeyAlgoECDSA256, gossh.KeyAlgoECDSA384, gossh.KeyAlgoECDSA521, gossh.KeyAlgoSKECDSA256:
		return ""
	case gossh.KeyAlgoRSA:
		ck, ok := key.(gossh.CryptoPublicKey)
		if !ok {
			return "netday: skipped an RSA key it cannot read.\n"
		}
		pk, ok := ck.CryptoPublicKey().(*rsa.PublicKey)
		if !ok {
			return "netday: skipped an RSA key it cannot read.\n"
		}
		if bits := pk.N.BitLen(); bits < minRSABits {
			return fmt.Sprintf("netday: skipped your RSA key: it has %d bits, too few.\n", bits)
		}
		return ""
	case "ssh-dss": // gossh.KeyAlgoDSA, deprecated since x/crypto dropped DSA
		return "netday: skipped your DSA key: DSA is no longer safe.\n"
	}
	if strings.Contains(key.Type(), "-cert-") {
		return "netday: skipped a certificate: netday takes plain keys.\n"
	}
	return fmt.Sprintf("netday: skipped a key of type %q.\n", key.Type())
}

// serverConfig adds netday's key policy to the SSH library's
// configuration of one connection: the accepted signature algorithms, and
// the banners that tell a client why its key was skipped.
func (s *server) serverConfig(ctx ssh.Context) *gossh.ServerConfig {
	g := guardOf(ctx)
	return &gossh.ServerConfig{
		PublicKeyAuthAlgorithms: publicKeyAlgorithms,
		PreAuthConnCallback: func(c gossh.ServerPreAuthConn) {
			if g != nil {
				g.mu.Lock()
				g.preauth = c
				g.mu.Unlock()
			}
		},
		AuthLogCallback: func(_ gossh.ConnMetadata, method string, err error) {
			if g != nil && method == "publickey" && err != nil &&
				strings.Contains(err.Error(), `"`+gossh.KeyAlgoRSA+`" not accepted`) {
				g.refuseKey("netday: skipped your RSA key: it signed with SHA-1 (ssh-rsa), which is no longer safe.\n")
			}
		},
	}
}

// acceptKey is the public-key callback: yes or no, nothing else is
// decided here. A refused key is explained once per connection.
func (s *server) acceptKey(ctx ssh.Context, key ssh.PublicKey) bool {
	why := keyRefusal(key)
	if why == "" {
		return true
	}
	if g := guardOf(ctx); g != nil {
		g.refuseKey(why)
	}
	return false
}

// guestNote is shown to a visitor let in without a key (OpenSSH prints it
// before the session starts): a client whose only key netday refuses
// silently (OpenSSH skips an ssh-rsa key the server does not list) learns
// why it is a guest.
const guestNote = "netday: signed in as a guest (no SSH key that netday accepts was offered). " +
	"Your key is your account: ed25519, ECDSA, or RSA of at least 2048 bits."

// acceptKeyboardInteractive lets a visitor without a key in as a guest,
// unless the connection offered a key netday refused: that person meant to
// sign in, and turning them into a guest would hide why.
func (s *server) acceptKeyboardInteractive(ctx ssh.Context, challenge gossh.KeyboardInteractiveChallenge) bool {
	g := guardOf(ctx)
	if g == nil {
		return false
	}
	g.mu.Lock()
	refused := g.keyRefused
	g.mu.Unlock()
	if refused {
		return false
	}
	_, err := challenge("", guestNote, nil, nil)
	return err == nil
}

// refuseKey notes that the connection offered a refused key and tells the
// client why, once, in an authentication banner (OpenSSH prints it).
func (g *connGuard) refuseKey(why string) {
	g.mu.Lock()
	g.keyRefused = true
	c, told := g.preauth, g.toldKey
	g.toldKey = true
	g.mu.Unlock()
	if c != nil && !told {
		_ = c.SendAuthBanner(why + keyAdvice)
	}
}
