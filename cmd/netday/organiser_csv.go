package main

import (
	"errors"
	"fmt"
	"strings"

	"netday/store/service"
)

func cmdImportExperts(c *orgCtx, args []string) int {
	if len(args) > 0 {
		return c.usage("< experts.csv")
	}
	sum, err := c.svc.ImportExperts(c.in)
	var ie *service.ImportError
	if errors.As(err, &ie) {
		fmt.Fprintf(c.err, "netday: import-experts: nothing imported; %s:\n", count(len(ie.Problems), "problem"))
		for _, p := range ie.Problems {
			fmt.Fprintln(c.err, "  "+p)
		}
		return 1
	}
	if err != nil {
		return c.failErr(err)
	}
	if err := service.WriteCodes(c.out, sum); err != nil {
		return c.failErr(err)
	}
	added, joined := 0, 0
	for _, r := range sum.Results {
		if r.New {
			added++
		}
		if r.Joined != "" {
			joined++
		}
	}
	fmt.Fprintf(c.err, "netday: %s imported (%d new, %d updated, %d already joined)", count(len(sum.Results), "expert"), added, len(sum.Results)-added, joined)
	if sum.Skipped > 0 {
		fmt.Fprintf(c.err, "; %s of other roles skipped", count(sum.Skipped, "row"))
	}
	if sum.NoEmail > 0 {
		fmt.Fprintf(c.err, "; %s without an email skipped (they joined with a plain invite code)", count(sum.NoEmail, "expert"))
	}
	if len(sum.Ignored) > 0 {
		fmt.Fprintf(c.err, "; columns not read: %s", strings.Join(sum.Ignored, ", "))
	}
	fmt.Fprintln(c.err, ".\nnetday: mail each expert their code; they connect with ssh, choose 'Expert, with an invite code' and find their profile filled in.")
	return 0
}

func cmdMatchesCSV(c *orgCtx, args []string) int {
	n, ok := c.runNumber(args, "[N] > matches.csv")
	if !ok {
		return 2
	}
	if err := c.svc.MatchesCSV(c.out, n); err != nil {
		return c.failErr(err)
	}
	return 0
}

func cmdPeopleCSV(c *orgCtx, args []string) int {
	if len(args) > 0 {
		return c.usage("> people.csv")
	}
	if err := c.svc.PeopleCSV(c.out); err != nil {
		return c.failErr(err)
	}
	return 0
}
