package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"strings"

	"netday/matching"
)

const solveUsage = `Usage: netday solve [FILE|-]

Reads a matching instance as JSON from FILE (or standard input when FILE is
"-" or absent) and writes the schedule as JSON to standard output.

Instance:
  {"slots": ["s1", "s2"],
   "participants": [{"id": "p1", "quota": 3, "slots": ["s1", "s2"]}],
   "experts": [{"id": "e1", "seats": {"s1": 1, "s2": 2}, "max": 4}],
   "scores": [{"p": "p1", "e": "e1", "score": 870}],
   "pins": [{"p": "p1", "e": "e1", "slot": "s2"}],
   "seed": 1}
A participant's "slots" may be omitted (free in every slot; "slots": []
means free in no slot), an expert's "max" too (no daily maximum); a pair
absent from "scores" never meets. Without "scores", participants and
experts may carry a "profile" and the engine scores every pair itself,
with optional "weights" (checked in every case). Field names are
case-sensitive, a key may appear only once per object, and the input may
be at most 64 MB.

Output:
  {"meetings": [{"p": "p1", "e": "e1", "slot": "s2", "score": 870}],
   "stats": {"participants": 1, "with_at_least": [1, 0, 0], "meetings": 1,
             "total_score": 870, "coverage_bound": 1, "pinned_coverage": 1,
             "score_bound": 870, "proven_optimal": true,
             "published_changed": 0, "version": "2.2.0", "elapsed_ms": 3}}

Exit status: 0 on success, 2 for a usage error or an invalid instance (the
message names the offending entry; nothing is written to standard output).
`

// maxInstanceBytes bounds what solve reads, so a runaway input fails
// clearly (exit status 2) instead of exhausting memory.
const maxInstanceBytes = 64 << 20

// runSolve implements `netday solve`; args are the arguments after "solve".
func runSolve(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	path := "-"
	switch {
	case len(args) > 1:
		fmt.Fprintf(stderr, "netday solve: too many arguments\n\n%s", solveUsage)
		return 2
	case len(args) == 1 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help"):
		fmt.Fprint(stdout, solveUsage)
		return 0
	case len(args) == 1 && len(args[0]) > 1 && args[0][0] == '-':
		fmt.Fprintf(stderr, "netday solve: unknown flag %s\n\n%s", args[0], solveUsage)
		return 2
	case len(args) == 1:
		path = args[0]
	}
	name := path
	var r io.Reader = stdin
	if path == "-" {
		name = "stdin"
	} else {
		f, err := os.Open(path)
		if err != nil {
			fmt.Fprintf(stderr, "netday solve: %v\n", err)
			return 2
		}
		defer f.Close()
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, maxInstanceBytes+1))
	if err != nil {
		fmt.Fprintf(stderr, "netday solve: %s: %v\n", name, err)
		return 2
	}
	if len(data) > maxInstanceBytes {
		fmt.Fprintf(stderr, "netday solve: %s: larger than the %d MB limit\n", name, maxInstanceBytes>>20)
		return 2
	}
	in, err := decodeInstance(data)
	if err != nil {
		fmt.Fprintf(stderr, "netday solve: %s: %v\n", name, err)
		return 2
	}
	sch, err := matching.Solve(in)
	if err != nil {
		fmt.Fprintf(stderr, "netday solve: %s: %v\n", name, err)
		return 2
	}
	out, err := encodeSchedule(sch)
	if err == nil {
		_, err = stdout.Write(out)
	}
	if err != nil {
		fmt.Fprintf(stderr, "netday solve: %v\n", err)
		return 1
	}
	return 0
}

// decodeInstance parses an instance strictly: unknown fields and trailing
// data are errors, and syntax errors say where they are.
func decodeInstance(data []byte) (*matching.Instance, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var in matching.Instance
	if err := dec.Decode(&in); err != nil {
		return nil, fmt.Errorf("malformed JSON: %w", locate(data, err))
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("malformed JSON: unexpected data after the instance")
	}
	// encoding/json takes the last of repeated keys and matches field
	// names case-insensitively; an instance must not rely on either.
	if err := checkKeys(json.NewDecoder(bytes.NewReader(data)), reflect.TypeFor[matching.Instance](), "instance"); err != nil {
		return nil, fmt.Errorf("malformed JSON: %w", err)
	}
	return &in, nil
}

// checkKeys reads one JSON value from dec, which must be valid JSON, and
// checks it against the Go type t (nil: anything): no key twice in an
// object, and object keys of structs spelled exactly as the field names.
// path names the value in errors, e.g. participants[2].profile.
func checkKeys(dec *json.Decoder, t reflect.Type, path string) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	d, ok := tok.(json.Delim)
	if !ok {
		return nil
	}
	switch d {
	case '{':
		var fields map[string]reflect.Type
		if t != nil && t.Kind() == reflect.Struct {
			fields = jsonFields(t)
		}
		seen := map[string]bool{}
		for dec.More() {
			kt, err := dec.Token()
			if err != nil {
				return err
			}
			key, _ := kt.(string)
			if seen[key] {
				return fmt.Errorf("%s: key %q appears twice", path, key)
			}
			seen[key] = true
			var sub reflect.Type
			switch {
			case fields != nil:
				ft, ok := fields[key]
				if !ok {
					for name := range fields {
						if strings.EqualFold(name, key) {
							return fmt.Errorf("%s: unknown field %q (field names are case-sensitive: %q)", path, key, name)
						}
					}
					return fmt.Errorf("%s: unknown field %q", path, key)
				}
				sub = ft
			case t != nil && t.Kind() == reflect.Map:
				sub = t.Elem()
			}
			if err := checkKeys(dec, sub, path+"."+key); err != nil {
				return err
			}
		}
	case '[':
		var sub reflect.Type
		if t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
			sub = t.Elem()
		}
		for i := 0; dec.More(); i++ {
			if err := checkKeys(dec, sub, fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
	}
	_, err = dec.Token() // the closing delimiter
	return err
}

// jsonFields maps the JSON names of a struct's fields to their types.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch name {
		case "-":
			continue
		case "":
			name = f.Name
		}
		out[name] = f.Type
	}
	return out
}

// locate adds the line and column to JSON syntax and type errors.
func locate(data []byte, err error) error {
	var off int64 = -1
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		off = se.Offset
	case errors.As(err, &te):
		off = te.Offset
	case errors.Is(err, io.EOF):
		return errors.New("empty input")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return errors.New("unexpected end of input")
	}
	if off < 0 {
		return err
	}
	off = min(off, int64(len(data)))
	line := 1 + bytes.Count(data[:off], []byte("\n"))
	col := off - int64(bytes.LastIndexByte(data[:off], '\n'))
	return fmt.Errorf("line %d, column %d: %w", line, col, err)
}

// encodeSchedule writes the schedule with one meeting per line.
func encodeSchedule(sch *matching.Schedule) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("{\"meetings\": [")
	for i, m := range sch.Meetings {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("\n  ")
		j, err := json.Marshal(m)
		if err != nil {
			return nil, fmt.Errorf("encode meeting: %w", err)
		}
		b.Write(j)
	}
	if len(sch.Meetings) > 0 {
		b.WriteByte('\n')
	}
	b.WriteString("],\n \"stats\": ")
	j, err := json.Marshal(sch.Stats)
	if err != nil {
		return nil, fmt.Errorf("encode stats: %w", err)
	}
	b.Write(j)
	if len(sch.Dropped) > 0 {
		b.WriteString(",\n \"dropped\": ")
		j, err := json.Marshal(sch.Dropped)
		if err != nil {
			return nil, fmt.Errorf("encode dropped: %w", err)
		}
		b.Write(j)
	}
	b.WriteString("}\n")
	return b.Bytes(), nil
}
