package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"netday/matching"
)

// solveFile runs `netday solve FILE` and returns exit status, stdout, stderr.
func solveFile(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := runSolve(args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

type output struct {
	Meetings []matching.Meeting `json:"meetings"`
	Stats    matching.Stats     `json:"stats"`
}

func parseOutput(t *testing.T, s string) output {
	t.Helper()
	var o output
	dec := json.NewDecoder(strings.NewReader(s))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&o); err != nil {
		t.Fatalf("output is not a schedule: %v\n%s", err, s)
	}
	return o
}

// checkRules checks the hard rules of a schedule against its instance file.
func checkRules(t *testing.T, path string, o output) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var in matching.Instance
	if err := json.Unmarshal(data, &in); err != nil {
		t.Fatal(err)
	}
	quota := map[string]int{}
	for _, p := range in.Participants {
		quota[p.ID] = p.Quota
	}
	exp := map[string]matching.Expert{}
	for _, e := range in.Experts {
		exp[e.ID] = e
	}
	seen := map[string]int{}
	for _, m := range o.Meetings {
		for _, k := range []string{"ps" + m.P + "|" + m.Slot, "pe" + m.P + "|" + m.E} {
			if seen[k]++; seen[k] > 1 {
				t.Errorf("%v breaks a once-only rule (%s)", m, k)
			}
		}
		if seen["es"+m.E+"|"+m.Slot]++; seen["es"+m.E+"|"+m.Slot] > exp[m.E].Seats[m.Slot] {
			t.Errorf("%v: over seats", m)
		}
		if seen["e"+m.E]++; exp[m.E].Max != nil && seen["e"+m.E] > *exp[m.E].Max {
			t.Errorf("%v: over daily maximum", m)
		}
		if seen["p"+m.P]++; seen["p"+m.P] > quota[m.P] {
			t.Errorf("%v: over quota", m)
		}
	}
	for _, pin := range in.Pins {
		if !slices.ContainsFunc(o.Meetings, func(m matching.Meeting) bool { return m.P == pin.P && m.E == pin.E && m.Slot == pin.Slot }) {
			t.Errorf("pin %v missing", pin)
		}
	}
	if o.Stats.Meetings != len(o.Meetings) || o.Stats.Participants != len(in.Participants) {
		t.Errorf("stats %+v do not match %d meetings", o.Stats, len(o.Meetings))
	}
	if len(o.Stats.WithAtLeast) == 0 || o.Stats.WithAtLeast[0] != o.Stats.CoverageBound {
		t.Errorf("coverage %v is not the bound %d", o.Stats.WithAtLeast, o.Stats.CoverageBound)
	}
}

var elapsed = regexp.MustCompile(`"elapsed_ms":\d+`)

func TestSolveValidFiles(t *testing.T) {
	files, _ := filepath.Glob("testdata/solve/[^b]*.json")
	if len(files) < 3 {
		t.Fatalf("only %d valid instances in testdata/solve", len(files))
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			code, out, errs := solveFile(t, f)
			if code != 0 || errs != "" {
				t.Fatalf("exit %d, stderr %q", code, errs)
			}
			o := parseOutput(t, out)
			checkRules(t, f, o)
			// Same input, same output (apart from the time taken), also on stdin.
			data, _ := os.ReadFile(f)
			var out2, err2 bytes.Buffer
			if code := runSolve([]string{"-"}, bytes.NewReader(data), &out2, &err2); code != 0 {
				t.Fatalf("stdin: exit %d, %s", code, err2.String())
			}
			if a, b := elapsed.ReplaceAllString(out, ""), elapsed.ReplaceAllString(out2.String(), ""); a != b {
				t.Errorf("not deterministic:\n%s\n%s", a, b)
			}
		})
	}
}

func TestSolveIssueExample(t *testing.T) {
	code, out, _ := solveFile(t, "testdata/solve/issue-example.json")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	o := parseOutput(t, out)
	want := []matching.Meeting{{P: "p1", E: "e1", Slot: "s2", Score: 870}}
	if !slices.Equal(o.Meetings, want) || !slices.Equal(o.Stats.WithAtLeast, []int{1, 0, 0}) || o.Stats.TotalScore != 870 || o.Stats.CoverageBound != 1 {
		t.Errorf("got %+v", o)
	}
}

func TestSolveSmallIsOptimal(t *testing.T) {
	// small.json by hand: chi can only meet x-rights at 09:30, eli only
	// x-rights; so eli takes x-rights at 09:00 or 10:00 and all five
	// participants are covered.
	code, out, _ := solveFile(t, "testdata/solve/small.json")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	o := parseOutput(t, out)
	if o.Stats.CoverageBound != 5 || o.Stats.WithAtLeast[0] != 5 {
		t.Errorf("coverage %v, bound %d; want all 5", o.Stats.WithAtLeast, o.Stats.CoverageBound)
	}
}

func TestSolveInvalid(t *testing.T) {
	cases := map[string]string{
		"bad-syntax.json":                "line 2, column",
		"bad-empty.json":                 "empty input",
		"bad-trailing.json":              "unexpected data after the instance",
		"bad-unknown-field.json":         `unknown field "colour"`,
		"bad-type.json":                  "line 1, column",
		"bad-no-slots.json":              "no slots",
		"bad-duplicate-slot.json":        `slot "s1": listed twice`,
		"bad-quota.json":                 `participant "p7": quota 9 out of range 1..6`,
		"bad-duplicate-participant.json": `participant "p1": listed twice`,
		"bad-participant-slot.json":      `participant "p1": unknown slot "s9"`,
		"bad-negative-seats.json":        `expert "e1": -1 seats in slot "s1"`,
		"bad-too-many-seats.json":        `expert "e1": 7 seats in slot "s1"`,
		"bad-expert-slot.json":           `expert "e1": unknown slot "s2"`,
		"bad-negative-max.json":          `expert "e1": daily maximum -2`,
		"bad-score-participant.json":     `score 1: unknown participant "p2"`,
		"bad-score-expert.json":          `score 1: unknown expert "e9"`,
		"bad-score-range.json":           `score "p1"/"e1": 1001 out of range`,
		"bad-score-twice.json":           `score "p1"/"e1": listed twice`,
		"bad-pin-participant.json":       `pin 1: unknown participant "p9"`,
		"bad-pin-expert.json":            `pin 1: unknown expert "e9"`,
		"bad-pin-slot.json":              `pin 1: unknown slot "s9"`,
		"bad-pin-not-free.json":          `pin "p1"/"e3" at "s3": participant is not free`,
		"bad-pin-no-seats.json":          `pin "p1"/"e2" at "s2": expert has no seats`,
		"bad-pin-ineligible.json":        `pin "p2"/"e2" at "s1": pair is not eligible`,
		"bad-pin-same-slot.json":         `pin "p1"/"e2" at "s1": participant already has a meeting in that slot`,
		"bad-pin-pair-twice.json":        `pin "p1"/"e1" at "s2": pair already meets`,
		"bad-pin-seats.json":             `pin "p2"/"e1" at "s1": more pins than the expert's 1 seats`,
		"bad-pin-max.json":               `pin "p2"/"e1" at "s2": more pins than the expert's daily maximum 1`,
		"bad-pin-quota.json":             `pin "p1"/"e2" at "s2": more pins than the participant's quota 1`,
		"bad-weights.json":               "weights: sum 1100 is more than 1000",
	}
	files, _ := filepath.Glob("testdata/solve/bad-*.json")
	if len(files) != len(cases) {
		t.Errorf("%d bad-*.json files, %d cases", len(files), len(cases))
	}
	for name, want := range cases {
		t.Run(name, func(t *testing.T) {
			code, out, errs := solveFile(t, filepath.Join("testdata/solve", name))
			if code != 2 {
				t.Errorf("exit %d, want 2", code)
			}
			if out != "" {
				t.Errorf("stdout not empty: %q", out)
			}
			if !strings.Contains(errs, want) || !strings.HasPrefix(errs, "netday solve: ") {
				t.Errorf("stderr %q does not contain %q", errs, want)
			}
		})
	}
}

func TestSolveUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		out  string
		err  string
	}{
		{[]string{"-h"}, 0, "Usage: netday solve", ""},
		{[]string{"--help"}, 0, "Usage: netday solve", ""},
		{[]string{"a.json", "b.json"}, 2, "", "too many arguments"},
		{[]string{"-x"}, 2, "", "unknown flag -x"},
		{[]string{"testdata/solve/does-not-exist.json"}, 2, "", "no such file"},
	} {
		code, out, errs := solveFile(t, tc.args...)
		if code != tc.code || !strings.Contains(out, tc.out) || !strings.Contains(errs, tc.err) || (tc.out == "" && out != "") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", tc.args, code, out, errs)
		}
	}
	// No argument reads standard input.
	data, _ := os.ReadFile("testdata/solve/issue-example.json")
	var out, errb bytes.Buffer
	if code := runSolve(nil, bytes.NewReader(data), &out, &errb); code != 0 || !strings.Contains(out.String(), `"score":870`) {
		t.Errorf("stdin: exit %d, stdout %q, stderr %q", code, out.String(), errb.String())
	}
}
