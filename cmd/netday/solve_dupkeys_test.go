package main

import (
	"strings"
	"testing"
)

// TestSolveRefusesRepeatedKeys: encoding/json would keep the last of two
// equal keys; an instance that repeats one is refused, wherever it is.
func TestSolveRefusesRepeatedKeys(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`{"slots": ["s1"], "slots": ["s2"], "participants": [], "experts": []}`, `instance: key "slots" appears twice`},
		{`{"slots": ["s1"], "participants": [{"id": "p1", "quota": 1, "quota": 6}], "experts": []}`, `instance.participants[0]: key "quota" appears twice`},
		{`{"slots": ["s1"], "participants": [], "experts": [{"id": "e1", "seats": {"s1": 1, "s1": 6}}]}`, `instance.experts[0].seats: key "s1" appears twice`},
		{`{"slots": ["s1"], "participants": [{"id": "p1", "quota": 1, "profile": {"areas": ["a"], "areas": ["b"]}}], "experts": []}`, `instance.participants[0].profile: key "areas" appears twice`},
	} {
		code, out, errb := solveInput(t, strings.NewReader(c.in))
		if code != 2 || out != "" || !strings.Contains(errb, c.want) {
			t.Errorf("%s: exit %d, stdout %q, stderr %q (want %q)", c.in, code, out, errb, c.want)
		}
	}
}

// TestSolveRefusesMiscasedFields: encoding/json matches field names
// case-insensitively; netday solve wants them exactly as documented.
func TestSolveRefusesMiscasedFields(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`{"Slots": ["s1"], "participants": [], "experts": []}`, `instance: unknown field "Slots" (field names are case-sensitive: "slots")`},
		{`{"slots": ["s1"], "participants": [{"ID": "p1", "quota": 1}], "experts": []}`, `instance.participants[0]: unknown field "ID"`},
		{`{"slots": ["s1"], "participants": [], "experts": [{"id": "e1", "SEATS": {"s1": 1}}]}`, `instance.experts[0]: unknown field "SEATS"`},
	} {
		code, out, errb := solveInput(t, strings.NewReader(c.in))
		if code != 2 || out != "" || !strings.Contains(errb, c.want) {
			t.Errorf("%s: exit %d, stdout %q, stderr %q (want %q)", c.in, code, out, errb, c.want)
		}
	}
	// Slot ids in "seats" are data, not field names: any case is fine.
	code, _, errb := solveInput(t, strings.NewReader(`{"slots": ["S1"], "participants": [{"id": "p1", "quota": 1}],
 "experts": [{"id": "e1", "seats": {"S1": 1}}], "scores": [{"p": "p1", "e": "e1", "score": 1}]}`))
	if code != 0 {
		t.Errorf("upper-case slot id refused: %s", errb)
	}
}
