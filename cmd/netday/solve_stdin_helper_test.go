package main

import (
	"bytes"
	"io"
	"testing"
)

// solveInput runs `netday solve` on r as standard input and returns the
// exit status, standard output and standard error.
func solveInput(t *testing.T, r io.Reader) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := runSolve(nil, r, &out, &errb)
	return code, out.String(), errb.String()
}
