package service

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"netday/store"
	"netday/store/clean"
)

// MaxImportRows bounds one import.
const MaxImportRows = 5000

// ImportColumns are the columns import-experts reads, by header name. name
// and email are required; the others may be missing or empty, except that
// the profile must then still be valid (a time zone and at least one
// language and area).
var ImportColumns = []string{"name", "email", "title", "organisation", "country", "time_zone", "languages", "areas", "offers", "bio", "city", "pronouns", "link", "role", "status"}

// headerAliases are other spellings of the column names.
var headerAliases = map[string]string{"timezone": "time_zone", "time-zone": "time_zone", "organization": "organisation",
	"language": "languages", "area": "areas", "offer": "offers", "e-mail": "email", "mail": "email"}

// ImportError lists every problem of an import, each naming its line and
// column; nothing was written.
type ImportError struct{ Problems []string }

func (e *ImportError) Error() string {
	return fmt.Sprintf("nothing imported: %s:\n%s", pluralOf(len(e.Problems), "problem"), strings.Join(e.Problems, "\n"))
}

// ImportSummary says what an import did.
type ImportSummary struct {
	Results []store.ImportResult
	Skipped int      // rows of other roles (a people.csv has participants too)
	NoEmail int      // people.csv rows of experts without an email, skipped
	Ignored []string // header names not read
}

// ImportExperts reads experts as CSV (RFC 4180, UTF-8, a header row naming
// the columns, lists separated by ";"), checks every row and writes all of
// them or none. Errors name the line and the column. Each row gets an
// invite code; importing the same email again updates the row and keeps its
// code.
func (s *Service) ImportExperts(r io.Reader) (ImportSummary, error) {
	cr := csv.NewReader(io.LimitReader(r, 16<<20))
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return ImportSummary{}, &ImportError{Problems: []string{"line 1: the file is empty; the first line names the columns: " + strings.Join(ImportColumns[:10], ",")}}
	}
	if err != nil {
		return ImportSummary{}, &ImportError{Problems: []string{csvProblem(err)}}
	}
	col := map[string]int{}
	var sum ImportSummary
	for i, h := range head {
		name := strings.ReplaceAll(strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))), " ", "_")
		if a, ok := headerAliases[name]; ok {
			name = a
		}
		if slices.Contains(ImportColumns, name) {
			if _, dup := col[name]; dup {
				return sum, &ImportError{Problems: []string{fmt.Sprintf("line 1, column %d: column %q appears twice", i+1, name)}}
			}
			col[name] = i
		} else if name != "" {
			sum.Ignored = append(sum.Ignored, clean.Line(h, 40))
		}
	}
	var problems []string
	for _, need := range []string{"name", "email"} {
		if _, ok := col[need]; !ok {
			problems = append(problems, fmt.Sprintf("line 1: no %q column; the first line names the columns: %s", need, strings.Join(ImportColumns[:10], ",")))
		}
	}
	if len(problems) > 0 {
		return sum, &ImportError{Problems: problems}
	}
	var rows []store.ImportedExpert
	emails := map[string]int{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			problems = append(problems, csvProblem(err))
			break
		}
		line, _ := cr.FieldPos(0)
		if len(rows)+sum.Skipped >= MaxImportRows {
			problems = append(problems, fmt.Sprintf("line %d: at most %d rows in one import", line, MaxImportRows))
			break
		}
		cell := func(name string) string {
			i, ok := col[name]
			if !ok || i >= len(rec) {
				return ""
			}
			return strings.TrimSpace(uncell(rec[i]))
		}
		at := func(name string) string {
			i, ok := col[name]
			if !ok {
				return fmt.Sprintf("line %d (%s)", line, name)
			}
			return fmt.Sprintf("line %d, column %d (%s)", line, i+1, name)
		}
		if role := strings.ToLower(cell("role")); role != "" && role != string(store.RoleExpert) {
			sum.Skipped++
			continue
		}
		if slices.IndexFunc(rec, func(v string) bool { return strings.TrimSpace(v) != "" }) < 0 {
			continue // a blank line
		}
		email := strings.ToLower(cell("email"))
		if _, export := col["status"]; export && email == "" {
			sum.NoEmail++ // a people.csv row of an expert who joined without an import
			continue
		}
		switch {
		case email == "":
			problems = append(problems, at("email")+" is empty")
		case !store.ValidEmail(email):
			problems = append(problems, fmt.Sprintf("%s: %q is not an email address", at("email"), clean.Line(email, 60)))
		default:
			if prev, dup := emails[email]; dup {
				problems = append(problems, fmt.Sprintf("%s: %s is already on line %d", at("email"), email, prev))
			}
			emails[email] = line
		}
		p := store.Profile{
			Role: store.RoleExpert, Name: cell("name"), Title: cell("title"), Organisation: cell("organisation"),
			Country: cell("country"), TimeZone: cell("time_zone"), City: cell("city"), Pronouns: cell("pronouns"),
			Bio: cell("bio"), Link: cell("link"),
			Languages: splitList(cell("languages")), Areas: splitList(cell("areas")), Offers: splitList(cell("offers")),
		}
		// Items not on the event's lists are reported once, not again as
		// "must have at least one".
		if ok, bad := canonical(p.Areas, s.ev.Areas); len(bad) == 0 {
			p.Areas = ok
		} else {
			for _, b := range bad {
				problems = append(problems, fmt.Sprintf("%s: %q is not one of the event's areas", at("areas"), clean.Line(b, 60)))
			}
		}
		if ok, bad := canonical(p.Offers, s.ev.LookingFor); len(bad) == 0 {
			p.Offers = ok
		} else {
			for _, b := range bad {
				problems = append(problems, fmt.Sprintf("%s: %q is not one of the event's offers (%s)", at("offers"), clean.Line(b, 60), strings.Join(s.ev.LookingFor, "; ")))
			}
		}
		p.Normalize()
		var ve *store.ValidationError
		if err := p.ValidateImported(); errors.As(err, &ve) {
			for _, f := range ve.Fields {
				problems = append(problems, fmt.Sprintf("%s %s", at(f.Field), f.Msg))
			}
		} else if err != nil {
			problems = append(problems, fmt.Sprintf("line %d: %v", line, err))
		}
		rows = append(rows, store.ImportedExpert{Email: email, Profile: p})
		if len(problems) >= 50 {
			problems = append(problems, "… stopped after 50 problems")
			break
		}
	}
	if len(problems) > 0 {
		return sum, &ImportError{Problems: problems}
	}
	if len(rows) == 0 {
		return sum, &ImportError{Problems: []string{"no expert rows after the header line"}}
	}
	res, err := s.st.ImportExperts(rows, s.ev.InviteTTL, s.now())
	if err != nil {
		return sum, err
	}
	sum.Results = res
	return sum, nil
}

// WriteCodes writes an import's codes as CSV: a header "email,code", then
// one row per expert.
func WriteCodes(w io.Writer, sum ImportSummary) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"email", "code"})
	for _, r := range sum.Results {
		_ = cw.Write(CSVRow([]string{r.Email, r.Code}))
	}
	cw.Flush()
	return cw.Error()
}

// csvProblem turns a csv parse error into "line L, column C: …".
func csvProblem(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Sprintf("line %d, column %d: %v", pe.Line, pe.Column, pe.Err)
	}
	return err.Error()
}

// splitList splits "a; b;c" into its items.
func splitList(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ";") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// canonical maps items to the spelling of the event's list (ignoring case);
// bad are those not on it.
func canonical(items, list []string) (ok, bad []string) {
	for _, it := range items {
		i := slices.IndexFunc(list, func(l string) bool { return strings.EqualFold(l, it) })
		if i < 0 {
			bad = append(bad, it)
			continue
		}
		ok = append(ok, list[i])
	}
	return ok, bad
}
