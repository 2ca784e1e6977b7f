package tui

import (
	"context"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"netday/store"
)

// A session that has not read its mailbox yet must not lose an
// announcement or a change to its own profile behind a later change: the
// message it finally reads says to re-read everything.
func TestHubNewerChangeDoesNotHideAnAnnouncement(t *testing.T) {
	cases := []struct {
		name       string
		old        store.Change
		wantResync bool
	}{
		{"announcement", store.Change{Kind: store.KindAnnouncement, Key: "7"}, true},
		{"own profile", store.Change{Kind: store.KindProfile, Key: "SHA256:me"}, true},
		{"earlier resync", store.Change{Kind: store.KindRun, Resync: true}, true},
		{"someone else's profile", store.Change{Kind: store.KindProfile, Key: "SHA256:other"}, false},
		{"a run", store.Change{Kind: store.KindRun, Key: "3"}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := NewHub()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			release := make(chan struct{})
			got := make(chan store.Change, 4)
			first := true
			h.AttachAs(ctx, "SHA256:me", func(m tea.Msg) {
				if first { // hold the delivery goroutine so the mailbox fills
					first = false
					<-release
					return
				}
				got <- m.(ChangeMsg).Change
			})
			h.Publish(countMsg(0)) // taken by the goroutine, which then waits
			deadline := time.Now().Add(10 * time.Second)
			for len(h.boxes) == 0 || !mailboxEmpty(h) {
				if time.Now().After(deadline) {
					t.Fatal("the first message was never taken")
				}
				time.Sleep(time.Millisecond)
			}
			h.Publish(ChangeMsg{Change: c.old})
			h.Publish(ChangeMsg{Change: store.Change{Kind: "session"}})
			close(release)
			select {
			case ch := <-got:
				if ch.Kind != "session" || ch.Resync != c.wantResync {
					t.Fatalf("delivered %+v, want the session change with Resync=%v", ch, c.wantResync)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("nothing delivered")
			}
			select {
			case ch := <-got:
				t.Fatalf("a second message arrived: %+v (the mailbox holds one)", ch)
			case <-time.After(50 * time.Millisecond):
			}
		})
	}
}

func mailboxEmpty(h *Hub) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	for b := range h.boxes {
		if len(b.ch) != 0 {
			return false
		}
	}
	return true
}
