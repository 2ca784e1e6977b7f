package service

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"netday/store"
	"netday/store/clean"
	"netday/store/event"
)

// MatchesCSVHeader is the first row of MatchesCSV.
var MatchesCSVHeader = []string{"slot", "start_event_time", "start_utc", "participant", "participant_id",
	"expert", "expert_id", "room_link", "score", "reason"}

// MatchesCSV writes the meetings of run id (0: the published schedule) as
// CSV (RFC 4180, CRLF), one meeting a row in slot order, cells guarded
// against formula injection.
func (s *Service) MatchesCSV(w io.Writer, id int) error {
	var (
		r   store.Run
		err error
	)
	if id == 0 {
		r, err = s.st.PublishedRun()
		if errors.Is(err, store.ErrNotFound) {
			return ErrNotPublished
		}
	} else {
		r, err = s.runOrLatest(id)
	}
	if err != nil {
		return fmt.Errorf("matches csv: %w", err)
	}
	names, err := s.Names()
	if err != nil {
		return fmt.Errorf("matches csv: %w", err)
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	_ = cw.Write(MatchesCSVHeader)
	for _, m := range Sorted(r.Meetings) {
		local, utc := "", ""
		if sl, ok := s.ev.SlotByID(m.Slot); ok {
			local = sl.Start.In(s.loc()).Format("2006-01-02 15:04")
			utc = sl.Start.UTC().Format(time.RFC3339)
		}
		_ = cw.Write(CSVRow([]string{m.Slot, local, utc, names[m.Participant], event.ShortID(m.Participant),
			names[m.Expert], event.ShortID(m.Expert), s.ev.Room(m.Expert, m.Slot), strconv.Itoa(m.Score),
			clean.Line(m.Why, store.MaxWhy)}))
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("matches csv: %w", err)
	}
	return nil
}

// PeopleCSVHeader is the first row of PeopleCSV; import-experts reads the
// expert rows of such a file back.
var PeopleCSVHeader = []string{"role", "name", "email", "title", "organisation", "city", "country", "time_zone",
	"career_stage", "languages", "areas", "looking_for", "offers", "bio", "link", "pronouns", "status", "id"}

// PeopleCSV writes every profile and every imported expert without a saved
// profile as CSV: lists joined by "; ", emails only for imported experts,
// status "complete", "incomplete", "invited" (code not used yet) or
// "joining" (code used, profile not saved yet).
func (s *Service) PeopleCSV(w io.Writer) error {
	profiles, err := s.st.Profiles()
	if err != nil {
		return fmt.Errorf("people csv: %w", err)
	}
	imports, joined, err := s.st.ImportedExperts()
	if err != nil {
		return fmt.Errorf("people csv: %w", err)
	}
	emailOf := map[string]string{}
	for email, fp := range joined {
		emailOf[fp] = email
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	_ = cw.Write(PeopleCSVHeader)
	row := func(p store.Profile, email, status, id string) {
		list := func(v []string) string { return strings.Join(v, "; ") }
		_ = cw.Write(CSVRow([]string{string(p.Role), p.Name, email, p.Title, p.Organisation, p.City, p.Country,
			p.TimeZone, p.CareerStage, list(p.Languages), list(p.Areas), list(p.LookingFor), list(p.Offers),
			p.Bio, p.Link, p.Pronouns, status, id}))
	}
	for _, p := range profiles {
		status := "incomplete"
		if p.Complete() {
			status = "complete"
		}
		row(p, emailOf[p.Fingerprint], status, event.ShortID(p.Fingerprint))
	}
	have := make(map[string]bool, len(profiles))
	for _, p := range profiles {
		have[p.Fingerprint] = true
	}
	for _, im := range imports {
		switch fp := joined[im.Email]; {
		case fp == "":
			row(im.Profile, im.Email, "invited", "")
		case !have[fp]: // redeemed the code, profile not saved yet
			row(im.Profile, im.Email, "joining", event.ShortID(fp))
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("people csv: %w", err)
	}
	return nil
}
