package main

import "flag"

// parseInterspersed parses args with fs the way go and git read their
// command lines: flags may come before or after the other arguments
// (`netday backup FILE --data D`), and everything after "--" is an
// argument. fs.Args() then holds the arguments, in order.
func parseInterspersed(fs *flag.FlagSet, args []string) error {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			return err
		}
		left := fs.Args()
		if len(left) == 0 {
			break
		}
		if used := len(args) - len(left); used > 0 && args[used-1] == "--" {
			rest = append(rest, left...) // Parse stopped at "--": no flags after it
			break
		}
		rest = append(rest, left[0])
		args = left[1:]
	}
	// Parse again with only the arguments, so that fs.Args() returns them.
	return fs.Parse(append([]string{"--"}, rest...))
}
