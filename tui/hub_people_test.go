package tui

import (
	"context"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

func TestHubCountsPeopleNotSessions(t *testing.T) {
	h := NewHub()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	send := func(tea.Msg) {}
	a1 := h.AttachAs(ctx, "SHA256:a", send)
	h.AttachAs(ctx, "SHA256:a", send) // a second window with the same key
	h.AttachAs(ctx, "SHA256:b", send)
	h.AttachAs(ctx, "", send) // two guests
	h.AttachAs(ctx, "", send)
	if got := h.People(); got != 4 {
		t.Fatalf("People() = %d, want 4 (a, b and two guests)", got)
	}
	if got := h.Sessions(); got != 5 {
		t.Fatalf("Sessions() = %d, want 5", got)
	}
	a1()
	if got := h.People(); got != 4 {
		t.Fatalf("after one of a's sessions left: People() = %d, want 4", got)
	}
}
