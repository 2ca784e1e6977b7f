package store

// SubscriberBuffer is the capacity of every channel returned by Subscribe.
const SubscriberBuffer = 64

// Change kinds: what Change.Kind says was written.
const (
	// KindProfile: a profile was written or deleted (DeleteUser too); Key is
	// the fingerprint.
	KindProfile = "profile"
	// KindAvailability: an expert's availability; Key is the fingerprint.
	KindAvailability = "availability"
	// KindWishList: a participant's wish list; Key is the fingerprint.
	KindWishList = "wishlist"
	// KindSettings: the organiser settings; Key is empty.
	KindSettings = "settings"
	// KindRun: a matching run was saved, published or rewritten; Key is
	// the run id in decimal.
	KindRun = "run"
	// KindAnnouncement: an organiser announcement; Key is its id in decimal.
	KindAnnouncement = "announcement"
	// KindInvite: invite codes were created or one was redeemed; Key is
	// empty.
	KindInvite = "invite"
)

// Change tells subscribers that a record was written or deleted.
type Change struct {
	Kind    string // what changed: KindProfile, KindRun, … (see the Kind constants)
	Key     string // which record (for a profile, the fingerprint)
	Deleted bool   // the record was deleted
	// Resync is true when changes were dropped for this subscriber because its
	// buffer was full: re-read everything, not only Key.
	Resync bool
}

type subscriber struct {
	ch     chan Change
	missed bool // a change was dropped; the next delivered one has Resync
}

// Subscribe returns a channel of changes (capacity SubscriberBuffer) and a
// cancel function. Changes arrive only after their transaction committed. A
// subscriber that does not keep up never blocks writers: when its buffer is
// full, new changes are dropped and the next delivered Change has Resync set.
// cancel closes the channel and may be called any number of times; Close of
// the Store closes it too. After Close, Subscribe returns a closed channel.
func (s *Store) Subscribe() (<-chan Change, func()) {
	sub := &subscriber{ch: make(chan Change, SubscriberBuffer)}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		close(sub.ch)
		return sub.ch, func() {}
	}
	s.subs[sub] = struct{}{}
	cancel := func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if _, ok := s.subs[sub]; ok {
			delete(s.subs, sub)
			close(sub.ch)
		}
	}
	return sub.ch, cancel
}

// Notify sends c to every subscriber without blocking. Code that writes other
// record kinds calls it after its transaction committed, never inside one.
func (s *Store) Notify(c Change) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for sub := range s.subs {
		d := c
		if sub.missed {
			d.Resync = true
		}
		select {
		case sub.ch <- d:
			sub.missed = false
		default:
			sub.missed = true
		}
	}
}
