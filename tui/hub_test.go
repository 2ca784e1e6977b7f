package tui

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

type countMsg int

func TestHubStalledSessionDoesNotHoldUpOthers(t *testing.T) {
	h := NewHub()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	stalled := make(chan struct{})
	h.Attach(ctx, func(tea.Msg) { <-stalled }) // never returns until the end

	var last atomic.Int64
	got := make(chan struct{}, 1)
	h.Attach(ctx, func(m tea.Msg) {
		last.Store(int64(m.(countMsg)))
		select {
		case got <- struct{}{}:
		default:
		}
	})
	for h.Sessions() != 2 {
		time.Sleep(time.Millisecond)
	}

	done := make(chan struct{})
	go func() {
		for i := 1; i <= 10_000; i++ {
			h.Publish(countMsg(i))
		}
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Publish blocked behind a stalled session")
	}
	deadline := time.Now().Add(10 * time.Second)
	for last.Load() != 10_000 { // latest state wins: the last message arrives
		if time.Now().After(deadline) {
			t.Fatalf("reading session saw %d, want the latest (10000)", last.Load())
		}
		select {
		case <-got:
		case <-time.After(10 * time.Millisecond):
		}
	}
	close(stalled)
}

func TestHubCloseMessageIsNotReplaced(t *testing.T) {
	h := NewHub()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	block := make(chan struct{})
	entered := make(chan struct{}, 10)
	msgs := make(chan tea.Msg, 10)
	h.Attach(ctx, func(m tea.Msg) { entered <- struct{}{}; <-block; msgs <- m })
	for h.Sessions() != 1 {
		time.Sleep(time.Millisecond)
	}
	h.Publish(countMsg(1))
	<-entered // the pump took it and is blocked delivering it
	h.Close(GoodbyeMsg{Reason: "bye"})
	h.Publish(countMsg(2)) // after Close: dropped
	close(block)
	var seen []tea.Msg
	for len(seen) < 2 {
		select {
		case m := <-msgs:
			seen = append(seen, m)
		case <-time.After(5 * time.Second):
			t.Fatalf("got %v", seen)
		}
	}
	if _, ok := seen[1].(GoodbyeMsg); !ok {
		t.Fatalf("last message = %#v, want the goodbye", seen[1])
	}
	select {
	case m := <-msgs:
		t.Fatalf("message after Close delivered: %#v", m)
	case <-time.After(50 * time.Millisecond):
	}
	cancel()
	for h.Sessions() != 0 {
		time.Sleep(time.Millisecond)
	}
}
