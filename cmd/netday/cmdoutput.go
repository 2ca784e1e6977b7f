package main

import (
	"io"

	"github.com/charmbracelet/ssh"

	"netday/store/clean"
)

// cleanOutput is a session whose stdout and stderr pass clean.Output: what
// a command prints may land on a terminal, so text from data (a name, an
// organisation, a comment, whatever the store holds) cannot carry escape
// sequences or bidi overrides to it. backup, whose output is a binary
// file, does not use it.
type cleanOutput struct{ ssh.Session }

func (c cleanOutput) Write(p []byte) (int, error) {
	if _, err := io.WriteString(c.Session, clean.Output(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}

func (c cleanOutput) Stderr() io.ReadWriter { return cleanStderr{c.Session.Stderr()} }

type cleanStderr struct{ io.ReadWriter }

func (c cleanStderr) Write(p []byte) (int, error) {
	if _, err := io.WriteString(c.ReadWriter, clean.Output(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}
