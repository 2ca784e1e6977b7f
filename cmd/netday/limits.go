package main

import (
	"context"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/charmbracelet/ssh"
)

// connLimits caps connections in total and per remote address. The per-
// address cap is generous: a venue's Wi-Fi puts everyone behind one address.
type connLimits struct {
	mu     sync.Mutex
	total  int
	byIP   map[string]int
	max    int
	maxPer int
}

func newConnLimits(max, maxPer int) *connLimits {
	return &connLimits{byIP: map[string]int{}, max: max, maxPer: maxPer}
}

func (l *connLimits) acquire(ip string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.total >= l.max || l.byIP[ip] >= l.maxPer {
		return false
	}
	l.total++
	l.byIP[ip]++
	return true
}

func (l *connLimits) release(ip string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.total--
	if l.byIP[ip]--; l.byIP[ip] <= 0 {
		delete(l.byIP, ip)
	}
}

// guardConn is a connection that must open a session within the login
// timeout, or it is closed (the SSH library has no handshake timeout). It
// gives its slot back when closed.
type guardConn struct {
	net.Conn
	active  atomic.Bool
	once    sync.Once
	release func()

	mu    sync.Mutex
	timer *time.Timer
}

func (g *guardConn) Close() error {
	g.once.Do(func() {
		g.mu.Lock()
		if g.timer != nil {
			g.timer.Stop()
		}
		g.mu.Unlock()
		g.release()
	})
	return g.Conn.Close()
}

type guardKey struct{}

// onConn admits a new TCP connection within the limits and arms its login
// timer. It runs before any authentication.
func (s *server) onConn(ctx ssh.Context, c net.Conn) net.Conn {
	ip, _, err := net.SplitHostPort(c.RemoteAddr().String())
	if err != nil {
		ip = c.RemoteAddr().String()
	}
	if !s.limits.acquire(ip) {
		s.log.Warn("connection refused: too many connections", "remote", ip)
		return nil
	}
	g := &guardConn{Conn: c, release: func() { s.limits.release(ip) }}
	g.mu.Lock()
	g.timer = time.AfterFunc(s.cfg.LoginTimeout, func() {
		if !g.active.Load() {
			_ = g.Close()
		}
	})
	g.mu.Unlock()
	ctx.SetValue(guardKey{}, g)
	return g
}

// markActive tells the connection's guard that a session has opened.
func markActive(ctx context.Context) {
	if g, ok := ctx.Value(guardKey{}).(*guardConn); ok {
		g.active.Store(true)
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
