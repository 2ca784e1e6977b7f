package main

import (
	"fmt"
	"sync"
)

// connLimits counts connections (in total and per remote address) and
// sessions (in total and for guests). The per-address cap is generous: a
// venue's Wi-Fi puts everyone behind one address. Every refusal is a line a
// person can read.
type connLimits struct {
	mu       sync.Mutex
	conns    int
	byIP     map[string]int
	sessions int
	guests   int

	maxConns, maxPerIP, maxSessions, maxGuests int
}

func newConnLimits(cfg config) *connLimits {
	return &connLimits{
		byIP:     map[string]int{},
		maxConns: cfg.MaxSessions, maxPerIP: cfg.MaxPerIP,
		maxSessions: cfg.MaxSessions, maxGuests: cfg.MaxGuests,
	}
}

// acquireConn takes a connection slot for ip, or says why there is none.
func (l *connLimits) acquireConn(ip string) (refusal string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch {
	case l.conns >= l.maxConns:
		return fmt.Sprintf("netday is full (%s); please try again in a few minutes.", countOf(l.maxConns, "connection"))
	case l.byIP[ip] >= l.maxPerIP:
		return fmt.Sprintf("netday: too many connections from your address (limit %d); close one and try again.", l.maxPerIP)
	}
	l.conns++
	l.byIP[ip]++
	return ""
}

func (l *connLimits) releaseConn(ip string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.conns--
	if l.byIP[ip]--; l.byIP[ip] <= 0 {
		delete(l.byIP, ip)
	}
}

// acquireSession takes a session slot (a guest one for a visitor without a
// key), or says why there is none.
func (l *connLimits) acquireSession(guest bool) (refusal string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch {
	case l.sessions >= l.maxSessions:
		return fmt.Sprintf("netday is full (%s); please try again in a few minutes.", countOf(l.maxSessions, "session"))
	case guest && l.maxGuests == 0:
		return "netday: this server takes no guests; connect with your key (make one with: ssh-keygen -t ed25519)."
	case guest && l.guests >= l.maxGuests:
		return fmt.Sprintf("netday: too many guests right now (limit %d); connect with a key "+
			"(make one with: ssh-keygen -t ed25519) or try again later.", l.maxGuests)
	}
	l.sessions++
	if guest {
		l.guests++
	}
	return ""
}

func (l *connLimits) releaseSession(guest bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sessions--
	if guest {
		l.guests--
	}
}

// keySessions counts the sessions open per key, so that one key cannot
// take the server's sessions for itself.
type keySessions struct {
	mu  sync.Mutex
	n   map[string]int
	max int
}

func (k *keySessions) acquire(fp string) bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.n[fp] >= k.max {
		return false
	}
	k.n[fp]++
	return true
}

func (k *keySessions) release(fp string) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.n[fp]--; k.n[fp] <= 0 {
		delete(k.n, fp)
	}
}
