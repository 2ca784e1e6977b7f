// Package event reads the networking day from its TOML file: date, time zone,
// slots, vocabularies, room-link template, quotas and score weights. The
// embedded default is the Next Generation Day of 4 February 2022.
package event

import (
	"crypto/sha256"
	_ "embed"
	"encoding/base32"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"netday/matching"
	"netday/store/clean"
)

//go:embed default-event.toml
var defaultEventTOML []byte

// Event limits shared by the event file and the screens.
const (
	MaxSlots       = 48
	MaxOptions     = 40
	MaxSlotMinutes = 240
	MaxWishLimit   = 20
)

// Event is the networking day as organisers define it: when it happens, its
// slots and the vocabularies people choose from. Slot times are kept in UTC.
type Event struct {
	Name         string // "Next Generation Day"
	Series       string // the academy or conference it belongs to
	About        string // what the networking day is, a short paragraph
	Venue        string // where it happens, e.g. "Online, on BigBlueButton"; optional
	Language     string // the language of the conversations; optional
	Contact      string // the organisers' contact address; optional
	Date         string // YYYY-MM-DD in the event's time zone
	TimeZone     string // IANA name of the event's zone
	Location     *time.Location
	Slots        []Slot           // in start order
	Areas        []string         // interest areas
	LookingFor   []string         // what participants look for; experts offer the same
	CareerStages []string         // participants' career stages
	RoomLink     string           // template with {slot} and {expert}
	WishLimit    int              // how many experts a participant may rank
	Quota        int              // meetings each participant is offered, 1..6
	PublishAt    time.Time        // when the schedule is planned to be published (UTC); zero = not announced
	InviteTTL    time.Duration    // how long an expert invite code stays valid
	Weights      matching.Weights // how a pair's score is built
	Warnings     []string         // what the file allows but should not (e.g. an http:// room link)
}

// Slot is one networking slot of the event.
type Slot struct {
	ID    string    // "s1", "s2", … in start order
	Start time.Time // UTC
	End   time.Time // UTC
}

// eventFile is the on-disk (TOML) form of an Event.
type eventFile struct {
	Name         string            `toml:"name"`
	Series       string            `toml:"series"`
	About        string            `toml:"about"`
	Venue        string            `toml:"venue"`
	Language     string            `toml:"language"`
	Contact      string            `toml:"contact"`
	Date         string            `toml:"date"`
	TimeZone     string            `toml:"time_zone"`
	SlotMinutes  int               `toml:"slot_minutes"`
	Slots        []slotFile        `toml:"slots"`
	Areas        []string          `toml:"areas"`
	LookingFor   []string          `toml:"looking_for"`
	CareerStages []string          `toml:"career_stages"`
	RoomLink     string            `toml:"room_link"`
	WishLimit    int               `toml:"wish_limit"`
	Quota        int               `toml:"meetings_per_participant"`
	PublishAt    string            `toml:"publish_at"`
	InviteDays   int               `toml:"invite_valid_days"`
	Weights      *matching.Weights `toml:"weights"`
}

type slotFile struct {
	Start   string `toml:"start"`
	Minutes int    `toml:"minutes"`
}

// Default returns the embedded Next Generation Day of 4 February 2022.
func Default() Event {
	ev, err := Parse(defaultEventTOML)
	if err != nil {
		panic(fmt.Sprintf("embedded default event: %v", err))
	}
	return ev
}

// DefaultTOML returns the text of the embedded default event file, a
// starting point for organisers who write their own.
func DefaultTOML() []byte { return append([]byte(nil), defaultEventTOML...) }

// Parse reads an event file (TOML). Name, date, time zone and slots are
// required; the lists and settings it leaves out keep the embedded default's
// values; unknown keys are refused so typos show up.
func Parse(data []byte) (Event, error) {
	var f eventFile
	md, err := toml.Decode(string(data), &f)
	if err != nil {
		return Event{}, fmt.Errorf("parse event file: %w", err)
	}
	if undecoded := md.Undecoded(); len(undecoded) > 0 {
		keys := make([]string, len(undecoded))
		for i, k := range undecoded {
			keys[i] = k.String()
		}
		return Event{}, fmt.Errorf("parse event file: unknown keys %s", strings.Join(keys, ", "))
	}
	var zeros []error
	checkZeros(md, f, func(format string, a ...any) { zeros = append(zeros, fmt.Errorf(format, a...)) })
	if err := errors.Join(zeros...); err != nil {
		return Event{}, fmt.Errorf("invalid event: %w", err)
	}
	return withDefaults(f).event()
}

// withDefaults fills the vocabularies and settings an organiser's file leaves
// out from the embedded default; name, date, time zone and slots are the
// organiser's to give.
func withDefaults(f eventFile) eventFile {
	var d eventFile
	if _, err := toml.Decode(string(defaultEventTOML), &d); err != nil {
		panic(fmt.Sprintf("embedded default event: %v", err))
	}
	if strings.TrimSpace(f.RoomLink) == "" {
		f.RoomLink = d.RoomLink
	}
	if f.SlotMinutes == 0 {
		f.SlotMinutes = d.SlotMinutes
	}
	if len(f.Areas) == 0 {
		f.Areas = d.Areas
	}
	if len(f.LookingFor) == 0 {
		f.LookingFor = d.LookingFor
	}
	if len(f.CareerStages) == 0 {
		f.CareerStages = d.CareerStages
	}
	if f.WishLimit == 0 {
		f.WishLimit = d.WishLimit
	}
	if f.Quota == 0 {
		f.Quota = d.Quota
	}
	if f.InviteDays == 0 {
		f.InviteDays = d.InviteDays
	}
	if f.Weights == nil {
		w := matching.DefaultWeights()
		f.Weights = &w
	}
	return f
}

// event validates the file form and converts it, naming every bad entry.
func (f eventFile) event() (Event, error) {
	var errs []error
	bad := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }

	ev := Event{
		Name:      clean.Line(f.Name, 80),
		Series:    clean.Line(f.Series, 120),
		About:     clean.Text(f.About, 600),
		Venue:     clean.Line(f.Venue, 120),
		Language:  clean.Line(f.Language, 60),
		Contact:   clean.Line(f.Contact, 120),
		Date:      strings.TrimSpace(f.Date),
		TimeZone:  strings.TrimSpace(f.TimeZone),
		RoomLink:  clean.Line(f.RoomLink, 200),
		WishLimit: f.WishLimit,
	}
	if ev.Name == "" {
		bad("name is required")
	}
	if ev.Contact != "" && !validContact(ev.Contact) {
		bad("contact %q must be an e-mail address or an https:// link", f.Contact)
	}
	loc, err := time.LoadLocation(ev.TimeZone)
	if err != nil || ev.TimeZone == "" || ev.TimeZone == "Local" {
		bad("time_zone %q is not an IANA time zone", f.TimeZone)
		loc = time.UTC
	}
	ev.Location = loc
	day, err := time.ParseInLocation("2006-01-02", ev.Date, loc)
	if err != nil {
		bad("date %q must look like 2022-02-04", f.Date)
	}
	if f.SlotMinutes < 0 || f.SlotMinutes > MaxSlotMinutes {
		bad("slot_minutes %d must be between 1 and %d", f.SlotMinutes, MaxSlotMinutes)
	}
	if len(f.Slots) == 0 || len(f.Slots) > MaxSlots {
		bad("slots: need between 1 and %d slots, have %d", MaxSlots, len(f.Slots))
	}
	for i, s := range f.Slots {
		if i >= MaxSlots {
			break
		}
		minutes := s.Minutes
		if minutes == 0 {
			minutes = f.SlotMinutes
		}
		if minutes < 1 || minutes > MaxSlotMinutes {
			bad("slot %d: minutes %d must be between 1 and %d", i+1, minutes, MaxSlotMinutes)
			continue
		}
		clock, err := time.Parse("15:04", strings.TrimSpace(s.Start))
		if err != nil {
			bad("slot %d: start %q must look like 13:20", i+1, s.Start)
			continue
		}
		start := time.Date(day.Year(), day.Month(), day.Day(), clock.Hour(), clock.Minute(), 0, 0, loc).UTC()
		slot := Slot{ID: fmt.Sprintf("s%d", i+1), Start: start, End: start.Add(time.Duration(minutes) * time.Minute)}
		if n := len(ev.Slots); n > 0 && slot.Start.Before(ev.Slots[n-1].End) {
			bad("slot %d (%s) starts before slot %d ends", i+1, s.Start, n)
		}
		ev.Slots = append(ev.Slots, slot)
	}
	if w := checkRoomLink(ev.RoomLink, bad); w != "" {
		ev.Warnings = append(ev.Warnings, w)
	}
	ev.Areas = eventList(f.Areas, "areas", bad)
	ev.LookingFor = eventList(f.LookingFor, "looking_for", bad)
	ev.CareerStages = eventList(f.CareerStages, "career_stages", bad)
	if ev.WishLimit < 1 || ev.WishLimit > MaxWishLimit {
		bad("wish_limit %d must be between 1 and %d", f.WishLimit, MaxWishLimit)
	}
	ev.Quota = f.Quota
	if ev.Quota < 1 || ev.Quota > matching.MaxQuota {
		bad("meetings_per_participant %d must be between 1 and %d", f.Quota, matching.MaxQuota)
	}
	if f.InviteDays < 1 || f.InviteDays > 365 {
		bad("invite_valid_days %d must be between 1 and 365", f.InviteDays)
	}
	ev.InviteTTL = time.Duration(f.InviteDays) * 24 * time.Hour
	if f.PublishAt != "" {
		at, err := time.ParseInLocation("2006-01-02 15:04", strings.TrimSpace(f.PublishAt), loc)
		if err != nil {
			bad("publish_at %q must look like \"2022-02-03 18:00\" (event time)", f.PublishAt)
		}
		ev.PublishAt = at.UTC()
	}
	if f.Weights != nil {
		if err := f.Weights.Validate(); err != nil {
			bad("%v", err)
		}
		ev.Weights = *f.Weights
	}
	if err := errors.Join(errs...); err != nil {
		return Event{}, fmt.Errorf("invalid event: %w", err)
	}
	return ev, nil
}

func eventList(items []string, key string, bad func(string, ...any)) []string {
	out := make([]string, 0, len(items))
	seen := map[string]bool{}
	for i, raw := range items {
		item := clean.Line(raw, 60)
		switch {
		case item == "":
			bad("%s %d is empty", key, i+1)
		case seen[strings.ToLower(item)]:
			bad("%s %d %q is listed twice", key, i+1, item)
		default:
			seen[strings.ToLower(item)] = true
			out = append(out, item)
		}
	}
	if len(out) == 0 || len(items) > MaxOptions {
		bad("%s: need between 1 and %d entries, have %d", key, MaxOptions, len(items))
	}
	return out
}

// SlotByID returns the slot with the given id.
func (ev Event) SlotByID(id string) (Slot, bool) {
	for _, s := range ev.Slots {
		if s.ID == id {
			return s, true
		}
	}
	return Slot{}, false
}

// Day returns the event's date in its own zone, e.g. "Friday 4 February 2022".
func (ev Event) Day() string {
	if len(ev.Slots) == 0 {
		return ev.Date
	}
	return ev.Slots[0].Start.In(ev.Location).Format("Monday 2 January 2006")
}

// Hours returns the span of the slots in the event's zone, e.g. "12:00–14:35 CET".
func (ev Event) Hours() string {
	if len(ev.Slots) == 0 {
		return ""
	}
	first := ev.Slots[0].Start.In(ev.Location)
	last := ev.Slots[len(ev.Slots)-1].End.In(ev.Location)
	return first.Format("15:04") + "–" + last.Format("15:04 MST")
}

// Room returns the room link of a meeting from the event's template:
// {expert} becomes a short stable id of the expert's key, {slot} the slot id.
func (ev Event) Room(expertFP, slotID string) string {
	return strings.NewReplacer("{expert}", ShortID(expertFP), "{slot}", slotID).Replace(ev.RoomLink)
}

// ShortID is a short, stable, URL-safe id for a key fingerprint, for room
// links and calendar UIDs; it reveals nothing about the key.
func ShortID(fingerprint string) string {
	sum := sha256.Sum256([]byte("netday:" + fingerprint))
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(sum[:])[:10])
}
