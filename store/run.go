package store

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"netday/matching"
	"netday/store/clean"
)

// Limits of a stored run.
const (
	MaxWhy      = 2000   // Meeting.Why and each Run.Unplaced reason, in runes
	MaxMeetings = 100000 // meetings in one run
)

// Meeting is one meeting of a matching run.
type Meeting struct {
	Participant string `json:"participant"` // participant fingerprint
	Expert      string `json:"expert"`      // expert fingerprint
	Slot        string `json:"slot"`        // slot id, "s1"…
	Score       int    `json:"score"`       // 0..matching.MaxScore
	Why         string `json:"why"`         // plain-English explanation of the match
}

// Run is one matching run, stored with what it needs to be reproduced.
type Run struct {
	ID       int             `json:"id"`
	Created  time.Time       `json:"created"`
	Seed     int64           `json:"seed"`
	Input    json.RawMessage `json:"input"` // the matching.Instance as JSON
	Stats    json.RawMessage `json:"stats"` // matching.Stats as JSON
	Meetings []Meeting       `json:"meetings"`
	// Unplaced maps a participant fingerprint to the plain-English reason
	// they got no meeting.
	Unplaced map[string]string `json:"unplaced,omitempty"`
	// Published is when the run was last published; zero if never. Only the
	// run PublishedRun returns is the published schedule: an earlier
	// published run keeps its time after another one is published.
	Published time.Time `json:"published,omitzero"`

	// Engine is the matching engine's version that made the run.
	Engine string `json:"engine,omitempty"`
	// Mode says how the run was made: "solve" (nothing published yet),
	// "replan" (around the published schedule), "full" (a full re-solve)
	// or "edit" (an organiser's pin, move or cancel of run Parent).
	Mode string `json:"mode,omitempty"`
	// Base is the published run the run was planned against; 0 if none.
	Base int `json:"base,omitempty"`
	// Parent is the run an edit started from; 0 for a solved run.
	Parent int `json:"parent,omitempty"`
	// Note says in one line what an edit changed.
	Note string `json:"note,omitempty"`
	// Changes are the engine's reasons for changing published meetings,
	// keyed by MeetingKey.
	Changes map[string]string `json:"changes,omitempty"`
}

// MeetingKey identifies a pair in Run.Changes: "participant|expert".
func MeetingKey(participant, expert string) string { return participant + "|" + expert }

// ErrRunTaken is returned (wrapped) by SaveRunNumbered when the next run
// number is not the one the run was solved for.
var ErrRunTaken = errors.New("the run number was taken by another run")

// validate checks meetings and unplaced entries and that Input and Stats are
// JSON (or empty). Text is cleaned first (Why, reasons).
func (r *Run) validate() *ValidationError {
	e := &ValidationError{Record: "run"}
	for _, f := range []struct {
		name string
		raw  json.RawMessage
	}{{"input", r.Input}, {"stats", r.Stats}} {
		if len(f.raw) > 0 && !json.Valid(f.raw) {
			e.add(f.name, "must be JSON")
		}
	}
	if len(r.Meetings) > MaxMeetings {
		e.add("meetings", "must have at most %d meetings", MaxMeetings)
		return e
	}
	type pair struct{ p, e string }
	busy := make(map[pair]bool, len(r.Meetings)) // (participant, slot)
	met := make(map[pair]bool, len(r.Meetings))  // (participant, expert)
	for i := range r.Meetings {
		m := &r.Meetings[i]
		m.Why = clean.Line(m.Why, MaxWhy)
		switch {
		case !ValidFingerprint(m.Participant):
			e.add("meetings", "meeting %d: participant is not an SSH key fingerprint", i+1)
		case !ValidFingerprint(m.Expert):
			e.add("meetings", "meeting %d: expert is not an SSH key fingerprint", i+1)
		case m.Participant == m.Expert:
			e.add("meetings", "meeting %d: participant and expert are the same key", i+1)
		case !ValidSlotID(m.Slot):
			e.add("meetings", "meeting %d: slot %q is not a slot id", i+1, clean.Line(m.Slot, 10))
		case m.Score < 0 || m.Score > matching.MaxScore:
			e.add("meetings", "meeting %d: score %d out of range 0..%d", i+1, m.Score, matching.MaxScore)
		case busy[pair{m.Participant, m.Slot}]:
			e.add("meetings", "meeting %d: participant already has a meeting in slot %s", i+1, m.Slot)
		case met[pair{m.Participant, m.Expert}]:
			e.add("meetings", "meeting %d: participant and expert already meet", i+1)
		default:
			busy[pair{m.Participant, m.Slot}] = true
			met[pair{m.Participant, m.Expert}] = true
			continue
		}
		break
	}
	if len(r.Unplaced) > 0 {
		cleaned := make(map[string]string, len(r.Unplaced))
		for fp, why := range r.Unplaced {
			if !ValidFingerprint(fp) {
				e.add("unplaced", "has an entry that is not an SSH key fingerprint")
				break
			}
			cleaned[fp] = clean.Line(why, MaxWhy)
		}
		r.Unplaced = cleaned
	}
	r.Note = clean.Line(r.Note, MaxWhy)
	r.Engine = clean.Line(r.Engine, 40)
	r.Mode = clean.Line(r.Mode, 20)
	for k, why := range r.Changes {
		r.Changes[k] = clean.Line(why, MaxWhy)
	}
	if len(e.Fields) > 0 {
		return e
	}
	return nil
}

// SaveRun validates r and stores it as a new run: ID is the next run number
// (from 1), Created is now if zero, Published is cleared. Meetings need
// fingerprints, slot ids like "s3", scores in 0..matching.MaxScore, no
// participant twice in a slot and no pair twice; Why and reasons are cleaned
// (CleanLine, MaxWhy). Subscribers get a KindRun Change. It returns the
// stored run; a validation failure wraps a *ValidationError.
func (s *Store) SaveRun(r Run) (Run, error) {
	return s.saveRun(r, false)
}

func (s *Store) saveRun(r Run, numbered bool) (Run, error) {
	r.Meetings = slices.Clone(r.Meetings)
	r.Changes = maps.Clone(r.Changes)
	r.Input = bytes.Clone(r.Input)
	r.Stats = bytes.Clone(r.Stats)
	if e := r.validate(); e != nil {
		return Run{}, fmt.Errorf("save run: %w", e)
	}
	if r.Created.IsZero() {
		r.Created = time.Now()
	}
	r.Created = r.Created.UTC().Round(0)
	r.Published = time.Time{}
	err := s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(runsBucket)
		if b == nil {
			return errNoBucket(runsBucket)
		}
		seq, err := b.NextSequence()
		if err != nil {
			return err
		}
		if numbered && int64(seq) != r.Seed {
			return ErrRunTaken
		}
		r.ID = int(seq)
		return putRun(b, r)
	})
	if err != nil {
		return Run{}, fmt.Errorf("save run: %w", err)
	}
	s.Notify(Change{Kind: KindRun, Key: strconv.Itoa(r.ID)})
	return r, nil
}

// NextRunID returns the number the next saved run will get.
func (s *Store) NextRunID() (int, error) {
	var id int
	err := s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(runsBucket)
		if b == nil {
			return errNoBucket(runsBucket)
		}
		id = int(b.Sequence()) + 1
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("next run: %w", err)
	}
	return id, nil
}

// SaveRunNumbered is SaveRun for a run solved with seed = its own number:
// the number is allocated inside the saving transaction and must equal
// r.Seed, or nothing is written and the error wraps ErrRunTaken.
func (s *Store) SaveRunNumbered(r Run) (Run, error) {
	return s.saveRun(r, true)
}

// Run returns the run with the given id, or an error wrapping ErrNotFound.
func (s *Store) Run(id int) (Run, error) {
	var (
		r  Run
		ok bool
	)
	err := s.view(func(tx *bolt.Tx) error {
		var err error
		r, ok, err = runIn(tx, id)
		return err
	})
	if err == nil && !ok {
		err = ErrNotFound
	}
	if err != nil {
		return Run{}, fmt.Errorf("get run %d: %w", id, err)
	}
	return r, nil
}

// Runs returns every stored run, newest first.
func (s *Store) Runs() ([]Run, error) {
	var out []Run
	err := s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(runsBucket)
		if b == nil {
			return errNoBucket(runsBucket)
		}
		c := b.Cursor()
		for k, v := c.Last(); k != nil; k, v = c.Prev() {
			var r Run
			if err := json.Unmarshal(v, &r); err != nil {
				return fmt.Errorf("decode run %d: %w", runID(k), err)
			}
			out = append(out, r)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list runs: %w", err)
	}
	return out, nil
}

// LatestRun returns the newest stored run, or an error wrapping ErrNotFound
// when there is none. It decodes only that run.
func (s *Store) LatestRun() (Run, error) {
	var r Run
	err := s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(runsBucket)
		if b == nil {
			return errNoBucket(runsBucket)
		}
		k, v := b.Cursor().Last()
		if k == nil {
			return ErrNotFound
		}
		if err := json.Unmarshal(v, &r); err != nil {
			return fmt.Errorf("decode run %d: %w", runID(k), err)
		}
		return nil
	})
	if err != nil {
		return Run{}, fmt.Errorf("latest run: %w", err)
	}
	return r, nil
}

// PublishRun makes run id the published schedule: it sets the run's
// Published to now and records it as the one PublishedRun returns. In the
// same transaction it keeps the meetings it drops for calendars and gives
// everyone whose meetings changed a notice (see recordPublication).
// Subscribers get a KindRun Change.
func (s *Store) PublishRun(id int, now time.Time) error {
	now = now.UTC().Round(0)
	err := s.update(func(tx *bolt.Tx) error {
		r, ok, err := runIn(tx, id)
		if err != nil {
			return err
		}
		if !ok {
			return ErrNotFound
		}
		st := tx.Bucket(settingsBucket)
		if st == nil {
			return errNoBucket(settingsBucket)
		}
		prev, had, err := publishedIn(tx)
		if err != nil {
			return err
		}
		r.Published = now
		if err := putRun(tx.Bucket(runsBucket), r); err != nil {
			return err
		}
		var last *Run
		if had {
			last = &prev
		}
		if err := recordPublication(tx, last, r, now); err != nil {
			return err
		}
		return st.Put(publishedKey, []byte(strconv.Itoa(id)))
	})
	if err != nil {
		return fmt.Errorf("publish run %d: %w", id, err)
	}
	s.Notify(Change{Kind: KindRun, Key: strconv.Itoa(id)})
	return nil
}

// PublishedRun returns the published run, or an error wrapping ErrNotFound
// if none was published.
func (s *Store) PublishedRun() (Run, error) {
	var (
		r  Run
		ok bool
	)
	err := s.view(func(tx *bolt.Tx) error {
		var err error
		r, ok, err = publishedIn(tx)
		return err
	})
	if err == nil && !ok {
		err = ErrNotFound
	}
	if err != nil {
		return Run{}, fmt.Errorf("published run: %w", err)
	}
	return r, nil
}

// MeetingsFor returns the meetings of the published run in which fingerprint
// is the participant or the expert, in slot order (then expert,
// participant). It returns an error wrapping ErrNotFound if no run is
// published, and an empty slice if the key has no meeting in it.
func (s *Store) MeetingsFor(fingerprint string) ([]Meeting, error) {
	r, err := s.PublishedRun()
	if err != nil {
		return nil, fmt.Errorf("meetings for %s: %w", fingerprint, err)
	}
	return r.MeetingsOf(fingerprint), nil
}

// MeetingsOf returns the meetings of r in which fingerprint is the
// participant or the expert, sorted with SortMeetings; an empty, non-nil
// slice if there is none. It is the one place that answers "my meetings".
func (r Run) MeetingsOf(fingerprint string) []Meeting {
	out := []Meeting{}
	for _, m := range r.Meetings {
		if fingerprint != "" && (m.Participant == fingerprint || m.Expert == fingerprint) {
			out = append(out, m)
		}
	}
	SortMeetings(out)
	return out
}

// SortMeetings sorts meetings by slot in day order ("s2" before "s10"),
// then expert, then participant.
func SortMeetings(ms []Meeting) {
	slices.SortFunc(ms, func(a, b Meeting) int {
		return cmp.Or(
			compareSlotIDs(a.Slot, b.Slot),
			strings.Compare(a.Expert, b.Expert),
			strings.Compare(a.Participant, b.Participant),
		)
	})
}

// runKey is the key of run id: its number as 8 big-endian bytes, so that
// keys sort by id.
func runKey(id int) []byte {
	return binary.BigEndian.AppendUint64(nil, uint64(id))
}

// runID is the inverse of runKey (0 for a malformed key).
func runID(k []byte) int {
	if len(k) != 8 {
		return 0
	}
	return int(binary.BigEndian.Uint64(k))
}

// putRun stores r under its id.
func putRun(b *bolt.Bucket, r Run) error {
	data, err := json.Marshal(r)
	if err != nil {
		return err
	}
	return b.Put(runKey(r.ID), data)
}

// runIn decodes run id inside tx; ok is false if there is none.
func runIn(tx *bolt.Tx, id int) (r Run, ok bool, err error) {
	b := tx.Bucket(runsBucket)
	if b == nil {
		return Run{}, false, errNoBucket(runsBucket)
	}
	if id < 1 {
		return Run{}, false, nil
	}
	raw := b.Get(runKey(id))
	if raw == nil {
		return Run{}, false, nil
	}
	if err := json.Unmarshal(raw, &r); err != nil {
		return Run{}, false, fmt.Errorf("decode run %d: %w", id, err)
	}
	return r, true, nil
}

// publishedIn decodes the published run inside tx; ok is false if none.
func publishedIn(tx *bolt.Tx) (Run, bool, error) {
	st := tx.Bucket(settingsBucket)
	if st == nil {
		return Run{}, false, errNoBucket(settingsBucket)
	}
	raw := st.Get(publishedKey)
	if raw == nil {
		return Run{}, false, nil
	}
	id, err := strconv.Atoi(string(raw))
	if err != nil {
		return Run{}, false, fmt.Errorf("invalid published run id %q", raw)
	}
	return runIn(tx, id)
}
