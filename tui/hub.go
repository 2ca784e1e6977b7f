package tui

import (
	"context"
	"sync"

	tea "github.com/charmbracelet/bubbletea"

	"netday/store"
)

// Hub fans store changes out to every open session. Each session has a
// mailbox of one message: a newer message replaces an unread older one
// (latest state wins, screens re-read the store), so a session that does not
// read never holds up the hub or the others.
type Hub struct {
	mu     sync.Mutex
	boxes  map[*mailbox]struct{}
	closed bool
}

type mailbox struct {
	ch  chan tea.Msg
	key string // the session's key fingerprint, "" for a guest
}

// NewHub returns an empty hub.
func NewHub() *Hub { return &Hub{boxes: map[*mailbox]struct{}{}} }

// Publish offers msg to every session without blocking. After Close it
// does nothing.
func (h *Hub) Publish(msg tea.Msg) { h.publish(msg, false) }

// Close offers a last message (a goodbye) to every session; it is never
// replaced, since nothing is published after it.
func (h *Hub) Close(last tea.Msg) { h.publish(last, true) }

func (h *Hub) publish(msg tea.Msg, last bool) {
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		return
	}
	h.closed = last
	boxes := make([]*mailbox, 0, len(h.boxes))
	for b := range h.boxes {
		boxes = append(boxes, b)
	}
	h.mu.Unlock()
	for _, b := range boxes {
		b.offer(msg)
	}
}

func (b *mailbox) offer(msg tea.Msg) {
	for {
		select {
		case b.ch <- msg:
			return
		default:
		}
		select {
		case old := <-b.ch: // the unread older message gives way
			msg = b.merge(old, msg)
		default:
		}
	}
}

// merge is the one message that stands for an unread old and a newer msg.
// Every change makes the main screen re-read its tabs, but two kinds are
// acted on by what they are: an announcement (the banner and the News
// count) and a change to this session's own profile. When the newer
// message would hide one of those, the merged change is a Resync, which
// re-reads everything.
func (b *mailbox) merge(old, msg tea.Msg) tea.Msg {
	o, ok := old.(ChangeMsg)
	n, nok := msg.(ChangeMsg)
	if !ok || !nok || o.Change == n.Change || n.Change.Resync {
		return msg
	}
	oc := o.Change
	if oc.Resync || oc.Kind == store.KindAnnouncement || (oc.Kind == store.KindProfile && oc.Key == b.key) {
		n.Change.Resync = true
	}
	return n
}

// Attach delivers the hub's messages to a program until ctx ends or the
// returned detach is called; detach removes the session from the hub at once.
// Send is called from this session's own goroutine only, never under the
// hub's lock, and returns when the program's context (the SSH session's) is
// done.
func (h *Hub) Attach(ctx context.Context, send func(tea.Msg)) (detach func()) {
	return h.AttachAs(ctx, "", send)
}

// AttachAs is Attach for a session of the key fingerprint ("" for a
// guest), so that People counts people rather than sessions.
func (h *Hub) AttachAs(ctx context.Context, fingerprint string, send func(tea.Msg)) (detach func()) {
	b := &mailbox{ch: make(chan tea.Msg, 1), key: fingerprint}
	h.mu.Lock()
	h.boxes[b] = struct{}{}
	h.mu.Unlock()
	ctx, cancel := context.WithCancel(ctx)
	remove := func() {
		cancel()
		h.mu.Lock()
		delete(h.boxes, b)
		h.mu.Unlock()
	}
	go func() {
		defer remove()
		for {
			select {
			case <-ctx.Done():
				return
			case msg := <-b.ch:
				send(msg)
			}
		}
	}()
	return remove
}

// Sessions returns how many sessions are attached.
func (h *Hub) Sessions() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.boxes)
}

// People returns how many people have a session open: distinct keys, and
// each guest session (guests have no key) as one.
func (h *Hub) People() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	keys := make(map[string]bool, len(h.boxes))
	n := 0
	for b := range h.boxes {
		switch {
		case b.key == "":
			n++
		case !keys[b.key]:
			keys[b.key] = true
			n++
		}
	}
	return n
}
