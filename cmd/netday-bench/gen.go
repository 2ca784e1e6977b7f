package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"

	"netday/matching"
)

func cmdGen(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	p := fs.Int("p", 2000, "participants")
	e := fs.Int("e", 200, "experts")
	s := fs.Int("s", 8, "slots")
	seed := fs.Int64("seed", 1, "seed")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *p < 1 || *e < 1 || *s < 1 || *s > matching.MaxSlots {
		return fmt.Errorf("sizes out of range")
	}
	in := matching.Generate(matching.GenConfig{Participants: *p, Experts: *e, Slots: *s, Seed: *seed})
	enc := json.NewEncoder(stdout)
	if err := enc.Encode(in); err != nil {
		return fmt.Errorf("write: %w", err)
	}
	return nil
}

// readInstance reads a JSON instance from a file ("-" for stdin).
func readInstance(path string) (*matching.Instance, error) {
	var r io.Reader = os.Stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	var in matching.Instance
	if err := json.NewDecoder(r).Decode(&in); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &in, nil
}
