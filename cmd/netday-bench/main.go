// Command netday-bench generates realistic matching instances, runs the
// engine on them with timing and memory figures, and writes the LP
// relaxation of an instance for an independent check with GLPK or CBC.
//
//	netday-bench gen -p 2000 -e 200 -s 8 -seed 1 > day.json
//	netday-bench run day.json              # or: run -gen 2000x200x8
//	netday-bench lp day.json > day.lp      # then: cbc day.lp -solve
//	netday-bench check day.json            # engine against CBC's proven optimum
//	netday-bench table                     # the README's table
package main

import (
	"fmt"
	"io"
	"os"
)

const usage = `Usage:
  netday-bench gen [-p N] [-e N] [-s N] [-seed N]    write a generated instance (JSON) to stdout
  netday-bench run [-late] FILE|-gen PxExS [-seed N]  solve and print size, time, memory, coverage, score
  netday-bench run -joiners N FILE|-gen PxExS         publish without the last N participants, re-plan in each mode
  netday-bench lp [-levels L1,L2,...] [-binary] FILE  write the LP relaxation (CPLEX LP format) to stdout
  netday-bench lp -level K ...                        … maximising the participants with ≥ K meetings
  netday-bench check [-sec N] [-dir D] [-row] FILE|-gen PxExS [-seed N]
                                                      engine against the exact optimum found by CBC
  netday-bench table                                  run the standard sizes and print a Markdown table
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "gen":
		err = cmdGen(args[1:], stdout)
	case "run":
		err = cmdRun(args[1:], stdout)
	case "lp":
		err = cmdLP(args[1:], stdout)
	case "check":
		err = cmdCheck(args[1:], stdout)
	case "table":
		err = cmdTable(args[1:], stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "netday-bench: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	if err != nil {
		fmt.Fprintf(stderr, "netday-bench %s: %v\n", args[0], err)
		return 1
	}
	return 0
}
