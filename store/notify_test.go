package store

import (
	"sync"
	"testing"
	"time"
)

func receive(t *testing.T, ch <-chan Change) Change {
	t.Helper()
	select {
	case c, ok := <-ch:
		if !ok {
			t.Fatal("channel closed")
		}
		return c
	case <-time.After(2 * time.Second):
		t.Fatal("no change delivered")
	}
	return Change{}
}

func TestNotifyAfterPutAndDelete(t *testing.T) {
	s := openTest(t, "")
	ch, cancel := s.Subscribe()
	defer cancel()
	p, err := s.PutProfile(participant(1))
	if err != nil {
		t.Fatal(err)
	}
	if c := receive(t, ch); c != (Change{Kind: KindProfile, Key: p.Fingerprint}) {
		t.Errorf("after put: %+v", c)
	}
	if err := s.DeleteProfile(p.Fingerprint); err != nil {
		t.Fatal(err)
	}
	if c := receive(t, ch); c != (Change{Kind: KindProfile, Key: p.Fingerprint, Deleted: true}) {
		t.Errorf("after delete: %+v", c)
	}
	// A refused write and a delete of nothing notify nobody.
	bad := participant(2)
	bad.Name = ""
	if _, err := s.PutProfile(bad); err == nil {
		t.Fatal("invalid profile accepted")
	}
	if err := s.DeleteProfile(p.Fingerprint); err != nil {
		t.Fatal(err)
	}
	select {
	case c := <-ch:
		t.Errorf("unexpected change %+v", c)
	case <-time.After(50 * time.Millisecond):
	}
}

func TestNotifyChangeVisibleToReader(t *testing.T) {
	// A subscriber that reads the store when notified sees the write.
	s := openTest(t, "")
	ch, cancel := s.Subscribe()
	defer cancel()
	done := make(chan error, 1)
	go func() {
		c := <-ch
		_, err := s.Profile(c.Key)
		done <- err
	}()
	if _, err := s.PutProfile(participant(1)); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Errorf("profile not readable when notified: %v", err)
	}
}

func TestSlowSubscriberDoesNotBlockWriters(t *testing.T) {
	s := openTest(t, "")
	slow, cancelSlow := s.Subscribe() // never read until the end
	defer cancelSlow()
	fast, cancelFast := s.Subscribe()
	defer cancelFast()
	var got []Change
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for c := range fast {
			got = append(got, c)
		}
	}()

	done := make(chan error, 1)
	go func() {
		for i := range 200 {
			if _, err := s.PutProfile(participant(i)); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("writers blocked by a subscriber that does not read")
	}
	if n := len(slow); n != SubscriberBuffer {
		t.Fatalf("slow subscriber holds %d changes, want %d", n, SubscriberBuffer)
	}
	for range SubscriberBuffer {
		if c := <-slow; c.Resync {
			t.Fatalf("buffered change %+v has Resync", c)
		}
	}
	if _, err := s.PutProfile(participant(500)); err != nil {
		t.Fatal(err)
	}
	if c := receive(t, slow); !c.Resync || c.Key != testFP(500) {
		t.Errorf("after drops: %+v, want Resync for the latest key", c)
	}
	if _, err := s.PutProfile(participant(501)); err != nil {
		t.Fatal(err)
	}
	if c := receive(t, slow); c.Resync {
		t.Errorf("Resync repeated: %+v", c)
	}
	cancelFast()
	wg.Wait()
	// A reader that keeps up gets every change, in commit order. (On a
	// starved machine it may fall 64 behind; then it must be told to resync.)
	resync := false
	for _, c := range got {
		resync = resync || c.Resync
	}
	if !resync && len(got) != 202 {
		t.Errorf("reading subscriber got %d changes, want 202", len(got))
	}
	if len(got) == 0 || got[len(got)-1].Key != testFP(501) {
		t.Errorf("reading subscriber missed the last change")
	}
}

func TestCancelIsIdempotentAndSafe(t *testing.T) {
	s := openTest(t, "")
	ch, cancel := s.Subscribe()
	cancel()
	cancel()
	if _, ok := <-ch; ok {
		t.Error("channel open after cancel")
	}
	if _, err := s.PutProfile(participant(1)); err != nil { // must not panic
		t.Fatal(err)
	}

	// Cancel racing with writers.
	var wg sync.WaitGroup
	for i := range 20 {
		ch, cancel := s.Subscribe()
		wg.Add(2)
		go func() { defer wg.Done(); s.Notify(Change{Kind: "test", Key: testFP(i)}) }()
		go func() {
			defer wg.Done()
			cancel()
			for range ch {
			}
			cancel()
		}()
	}
	wg.Wait()
}

func TestCloseClosesSubscribers(t *testing.T) {
	s := openTest(t, "")
	ch, cancel := s.Subscribe()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case _, ok := <-ch:
		if ok {
			t.Error("got a change, want closed channel")
		}
	case <-time.After(time.Second):
		t.Fatal("channel not closed by Close")
	}
	cancel() // after Close: no panic
	late, lateCancel := s.Subscribe()
	if _, ok := <-late; ok {
		t.Error("Subscribe after Close returned an open channel")
	}
	lateCancel()
	s.Notify(Change{Kind: "test"})
}
