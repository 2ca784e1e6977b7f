package service

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"netday/store"
	"netday/store/clean"
	"netday/store/event"
)

// Agenda is one person's calendar with what the front end should tell them
// besides the file.
type Agenda struct {
	Calendar Calendar
	// Unplaced is why the engine could not place them ("" when it did or
	// they are not in the run).
	Unplaced string
	// BadSlots are slot ids of meetings the event does not have (left out).
	BadSlots []string
}

// Agenda returns fingerprint's meetings in the published schedule as a
// calendar, in UTC, with the other side's name, the room link and why the
// match was made, in event time and the person's own zone. A participant
// gets one event per meeting (UID: the pair and the date); an expert one
// event per slot with every participant at their table (UID: expert, slot
// and date). Meetings cancelled with "I can't make it", and meetings or
// tables that an earlier publication had and a later one dropped, stay in
// the file with STATUS:CANCELLED and a higher SEQUENCE, so calendars that
// imported them take them out. Before publication the error wraps
// ErrNotPublished.
func (s *Service) Agenda(fingerprint string) (Agenda, error) {
	run, err := s.st.PublishedRun()
	if errors.Is(err, store.ErrNotFound) {
		return Agenda{}, fmt.Errorf("agenda: %w", ErrNotPublished)
	}
	if err != nil {
		return Agenda{}, fmt.Errorf("agenda: %w", err)
	}
	cancels, err := s.st.Cancellations()
	if err != nil {
		return Agenda{}, fmt.Errorf("agenda: %w", err)
	}
	dropped, err := s.st.DroppedFor(fingerprint)
	if err != nil {
		return Agenda{}, fmt.Errorf("agenda: %w", err)
	}
	me, err := s.st.Profile(fingerprint)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return Agenda{}, fmt.Errorf("agenda: %w", err)
	}
	w := s.calendarWriter(me.TimeZone)
	a := Agenda{Calendar: Calendar{Name: clean.Line(s.ev.Name, 80), TimeZone: w.zone}}

	var asParticipant []store.Meeting
	tables := map[string][]store.Meeting{} // my tables as the expert, by slot
	for _, m := range run.Meetings {
		switch fingerprint {
		case m.Participant:
			asParticipant = append(asParticipant, m)
		case m.Expert:
			tables[m.Slot] = append(tables[m.Slot], m)
		}
	}
	store.SortMeetings(asParticipant)
	for _, m := range asParticipant {
		slot, ok := s.ev.SlotByID(m.Slot)
		if !ok {
			a.BadSlots = append(a.BadSlots, m.Slot)
			continue
		}
		ev := w.meeting(m, slot, run, cancels)
		a.Calendar.Events = append(a.Calendar.Events, ev)
	}
	for _, id := range store.SortSlotIDs(mapsKeys(tables)) {
		slot, ok := s.ev.SlotByID(id)
		if !ok {
			a.BadSlots = append(a.BadSlots, id)
			continue
		}
		a.Calendar.Events = append(a.Calendar.Events, w.table(fingerprint, slot, tables[id], run, cancels, true))
	}
	for _, d := range dropped {
		slot, ok := s.ev.SlotByID(d.Slot)
		if !ok {
			continue
		}
		a.Calendar.Events = append(a.Calendar.Events, w.dropped(d, slot, fingerprint))
	}
	sortEvents(a.Calendar.Events)
	if len(a.Calendar.Events) == 0 {
		a.Unplaced = clean.Line(run.Unplaced[fingerprint], store.MaxWhy)
	}
	return a, nil
}

// DayCalendar is the organisers' calendar of the whole day: one event per
// table (an expert in a slot, with every participant), with the same UIDs
// as the experts' own calendars; cancelled and dropped tables stay as
// STATUS:CANCELLED. Before publication the error wraps ErrNotPublished.
func (s *Service) DayCalendar() (Calendar, error) {
	run, err := s.st.PublishedRun()
	if errors.Is(err, store.ErrNotFound) {
		return Calendar{}, fmt.Errorf("day calendar: %w", ErrNotPublished)
	}
	if err != nil {
		return Calendar{}, fmt.Errorf("day calendar: %w", err)
	}
	cancels, err := s.st.Cancellations()
	if err != nil {
		return Calendar{}, fmt.Errorf("day calendar: %w", err)
	}
	dropped, err := s.st.DroppedTables()
	if err != nil {
		return Calendar{}, fmt.Errorf("day calendar: %w", err)
	}
	w := s.calendarWriter("")
	c := Calendar{Name: clean.Line(s.ev.Name, 80) + " (organisers)", TimeZone: w.zone}
	tables := map[string][]store.Meeting{}
	for _, m := range run.Meetings {
		k := m.Expert + "|" + m.Slot
		tables[k] = append(tables[k], m)
	}
	for _, k := range mapsKeys(tables) {
		ms := tables[k]
		slot, ok := s.ev.SlotByID(ms[0].Slot)
		if !ok {
			continue
		}
		c.Events = append(c.Events, w.table(ms[0].Expert, slot, ms, run, cancels, false))
	}
	for _, d := range dropped {
		if slot, ok := s.ev.SlotByID(d.Slot); ok {
			c.Events = append(c.Events, w.dropped(d, slot, ""))
		}
	}
	sortEvents(c.Events)
	return c, nil
}

// calWriter turns meetings into calendar events for one reader.
type calWriter struct {
	s         *Service
	eventLoc  *time.Location
	readerLoc *time.Location
	zone      string // the reader's zone name
	names     map[string]string
}

func (s *Service) calendarWriter(zone string) *calWriter {
	loc := s.ev.Location
	if loc == nil {
		loc = time.UTC
	}
	w := &calWriter{s: s, eventLoc: loc, readerLoc: loc, zone: s.ev.TimeZone, names: map[string]string{}}
	if zone != "" && zone != "Local" {
		if l, err := time.LoadLocation(zone); err == nil {
			w.readerLoc, w.zone = l, zone
		}
	}
	return w
}

// name is fp's clean name, or the role when unknown.
func (w *calWriter) name(fp, role string) string {
	if n, ok := w.names[fp]; ok {
		return n
	}
	n := role
	if p, err := w.s.st.Profile(fp); err == nil && clean.Line(p.Name, store.MaxName) != "" {
		n = clean.Line(p.Name, store.MaxName)
	}
	w.names[fp] = n
	return n
}

// PairUID is a participant's meeting's UID: the same for a pair on a day
// however often the schedule is re-published (a pair meets at most once a
// day), revealing nothing about either key.
func PairUID(participant, expert, date string) string {
	return fmt.Sprintf("%s-%s-%s@netday", event.ShortID(participant), event.ShortID(expert), strings.ReplaceAll(date, "-", ""))
}

// TableUID is the UID of an expert's table in a slot, in the expert's
// calendar and the organisers' day calendar.
func TableUID(expert, slot, date string) string {
	return fmt.Sprintf("table-%s-%s-%s@netday", event.ShortID(expert), slot, strings.ReplaceAll(date, "-", ""))
}

// meeting is a participant's event for m.
func (w *calWriter) meeting(m store.Meeting, slot event.Slot, run store.Run, cancels store.Cancellations) CalendarEvent {
	expert := w.name(m.Expert, "an expert")
	room := w.s.ev.Room(m.Expert, m.Slot)
	others := 0
	for _, o := range run.Meetings {
		if o.Expert == m.Expert && o.Slot == m.Slot && o.Participant != m.Participant {
			if _, off := cancels.Cancelled(o); !off {
				others++
			}
		}
	}
	var b strings.Builder
	b.WriteString("Meeting with " + expert + ".")
	if others > 0 {
		b.WriteString(fmt.Sprintf(" A small table: you and %d other participant%s.", others, plural(others)))
	}
	if why := clean.Line(m.Why, store.MaxWhy); why != "" {
		b.WriteString("\nWhy this match: " + why)
	}
	b.WriteString(w.times(slot, room))
	ev := CalendarEvent{
		UID: PairUID(m.Participant, m.Expert, w.s.ev.Date), Stamp: run.Published,
		Sequence: icsSequence(run.Published), Start: slot.Start, End: slot.End,
		Summary: "netday: meeting with " + expert, Location: room, URL: room, Description: b.String(),
	}
	if c, off := cancels.Cancelled(m); off {
		ev.Cancelled, ev.Stamp, ev.Sequence = true, c.At, max(icsSequence(c.At), ev.Sequence+1)
		ev.Summary = "Cancelled: " + ev.Summary
		who := "You cancelled it"
		if c.By == m.Expert {
			who = expert + " cannot make it"
		}
		ev.Description = who + ".\n\n" + ev.Description
	}
	return ev
}

// table is the event of expert's table in slot with meetings ms; mine says
// the reader is the expert (else the organisers).
func (w *calWriter) table(expert string, slot event.Slot, ms []store.Meeting, run store.Run, cancels store.Cancellations, mine bool) CalendarEvent {
	store.SortMeetings(ms)
	room := w.s.ev.Room(expert, slot.ID)
	var names, gone []string
	seq, stamp := icsSequence(run.Published), run.Published
	for _, m := range ms {
		n := w.name(m.Participant, "a participant")
		if c, off := cancels.Cancelled(m); off {
			gone = append(gone, n)
			if c.At.After(stamp) {
				stamp = c.At
			}
			seq = max(seq, icsSequence(c.At))
			continue
		}
		names = append(names, n)
	}
	ev := CalendarEvent{UID: TableUID(expert, slot.ID, w.s.ev.Date), Stamp: stamp, Sequence: seq,
		Start: slot.Start, End: slot.End, Location: room, URL: room}
	who := "netday: "
	if !mine {
		who += w.name(expert, "an expert") + " with "
	} else if len(names) > 1 {
		who += "table with "
	} else {
		who += "meeting with "
	}
	all := names
	if len(all) == 0 {
		all = gone
		ev.Cancelled = true
		who = "Cancelled: " + who
	}
	ev.Summary = who + joinNames(all)
	var b strings.Builder
	if len(names) > 1 {
		b.WriteString(fmt.Sprintf("A small table of %d participants: %s.", len(names), strings.Join(names, "; ")))
	} else if len(names) == 1 {
		b.WriteString("Meeting with " + names[0] + ".")
	}
	if len(gone) > 0 {
		if b.Len() > 0 {
			b.WriteString("\n")
		}
		b.WriteString("Cancelled (cannot make it): " + strings.Join(gone, "; ") + ".")
	}
	if len(ms) == 1 && len(names) == 1 {
		if why := clean.Line(ms[0].Why, store.MaxWhy); why != "" {
			b.WriteString("\nWhy this match (as the participant sees it): " + why)
		}
	}
	b.WriteString(w.times(slot, room))
	ev.Description = b.String()
	return ev
}

// dropped is the cancelled event of a meeting or table a publication
// dropped; reader is the participant or expert reading it ("" for the
// organisers).
func (w *calWriter) dropped(d store.Dropped, slot event.Slot, reader string) CalendarEvent {
	ev := CalendarEvent{Stamp: d.At, Sequence: icsSequence(d.At), Start: slot.Start, End: slot.End, Cancelled: true,
		Description: "Cancelled: the organisers re-published the schedule without this meeting. " +
			"Open netday (Schedule) to see what changed and why."}
	if d.Participant != "" {
		ev.UID = PairUID(d.Participant, d.Expert, w.s.ev.Date)
		ev.Summary = "Cancelled: netday: meeting with " + w.name(d.Expert, "an expert")
	} else {
		ev.UID = TableUID(d.Expert, d.Slot, w.s.ev.Date)
		ev.Summary = "Cancelled: netday: meeting"
		if reader == "" {
			ev.Summary = "Cancelled: netday: " + w.name(d.Expert, "an expert")
		}
	}
	return ev
}

// times is the description's tail: when in event time and the reader's
// time, and the room.
func (w *calWriter) times(slot event.Slot, room string) string {
	span := func(loc *time.Location) string {
		start, end := slot.Start.In(loc), slot.End.In(loc)
		s := start.Format("Mon 2 Jan 2006, 15:04") + "–"
		if end.YearDay() != start.YearDay() {
			s += end.Format("Mon 2 Jan 15:04 MST")
		} else {
			s += end.Format("15:04 MST")
		}
		return s
	}
	out := "\n\nEvent time: " + span(w.eventLoc) + " (" + w.eventLoc.String() + ")"
	if w.readerLoc.String() != w.eventLoc.String() {
		out += "\nYour time: " + span(w.readerLoc) + " (" + w.readerLoc.String() + ")"
	}
	if room != "" {
		out += "\nRoom: " + room
	}
	return out
}

// joinNames is "A", "A and B" or "A, B and C".
func joinNames(ns []string) string {
	switch len(ns) {
	case 0:
		return ""
	case 1:
		return ns[0]
	}
	return strings.Join(ns[:len(ns)-1], ", ") + " and " + ns[len(ns)-1]
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// sortEvents orders events by start, then UID.
func sortEvents(es []CalendarEvent) {
	slices.SortFunc(es, func(a, b CalendarEvent) int {
		if c := a.Start.Compare(b.Start); c != 0 {
			return c
		}
		return strings.Compare(a.UID, b.UID)
	})
}

func mapsKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
