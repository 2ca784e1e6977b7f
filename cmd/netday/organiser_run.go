package main

import (
	"fmt"

	"netday/store/service"
)

func cmdRun(c *orgCtx, args []string) int {
	mode := service.ModeAuto
	for _, a := range args {
		if a != "--full" {
			return c.usage("[--full]")
		}
		mode = service.ModeFull
	}
	r, err := c.svc.RunMatching(c.ctx, mode)
	if err != nil {
		return c.failErr(err)
	}
	f, err := service.FiguresOf(r)
	if err != nil {
		return c.failErr(err)
	}
	c.lines(f.Lines())
	d, err := c.svc.DiffRun(r.ID)
	if err != nil {
		return c.failErr(err)
	}
	if d.Published != 0 {
		a, m, rm := d.Counts()
		fmt.Fprintf(c.out, "Against published run %d: %d added, %d moved, %d removed (%s diff %d).\n", d.Published, a, m, rm, c.example, r.ID)
	}
	fmt.Fprintf(c.out, "Preview only. Publish it with: %s publish %d --yes\n", c.example, r.ID)
	return 0
}

func cmdDiff(c *orgCtx, args []string) int {
	n, ok := c.runNumber(args, "[N]")
	if !ok {
		return 2
	}
	d, err := c.svc.DiffRun(n)
	if err != nil {
		return c.failErr(err)
	}
	names, err := c.svc.Names()
	if err != nil {
		return c.failErr(err)
	}
	c.lines(c.svc.DiffLines(d, names))
	return 0
}

func cmdPublish(c *orgCtx, args []string) int {
	yes := false
	var rest []string
	for _, a := range args {
		if a == "--yes" || a == "-y" {
			yes = true
		} else {
			rest = append(rest, a)
		}
	}
	n, ok := c.runNumber(rest, "[N] --yes")
	if !ok {
		return 2
	}
	r, err := c.svc.Run(n)
	if err != nil {
		return c.failErr(err)
	}
	if changes, err := c.svc.Changes(r); err != nil {
		return c.failErr(err)
	} else if changes > 0 {
		return c.failErr(&service.StaleError{Run: r.ID, Changes: changes})
	}
	if !yes {
		d, err := c.svc.DiffRun(r.ID)
		if err != nil {
			return c.failErr(err)
		}
		a, m, rm := d.Counts()
		fmt.Fprintf(c.out, "Run %d: %s; against the published schedule %d added, %d moved, %d removed.\n", r.ID, count(len(r.Meetings), "meeting"), a, m, rm)
		return c.fail("publishing tells every participant and expert; to confirm: %s publish %d --yes", c.example, r.ID)
	}
	if _, err := c.svc.Publish(r.ID); err != nil {
		return c.failErr(err)
	}
	fmt.Fprintf(c.out, "Run %d published: %s; every open schedule is updated.\n", r.ID, count(len(r.Meetings), "meeting"))
	return 0
}

func cmdAtRisk(c *orgCtx, args []string) int {
	if len(args) > 0 {
		return c.usage("")
	}
	risks, err := c.svc.AtRisk()
	if err != nil {
		return c.failErr(err)
	}
	names, err := c.svc.Names()
	if err != nil {
		return c.failErr(err)
	}
	if len(risks) == 0 {
		fmt.Fprintln(c.out, "Nobody is at risk right now.")
		return 0
	}
	fmt.Fprintf(c.out, "%d at risk:\n", len(risks))
	for _, r := range risks {
		fmt.Fprintln(c.out, c.svc.RiskLine(r, names))
	}
	return 0
}

func cmdRuns(c *orgCtx, args []string) int {
	if len(args) > 0 {
		return c.usage("")
	}
	runs, err := c.svc.Runs()
	if err != nil {
		return c.failErr(err)
	}
	if len(runs) == 0 {
		fmt.Fprintf(c.out, "No runs yet: %s run\n", c.example)
		return 0
	}
	for _, ri := range runs {
		f := ri.Figures
		pub := ""
		if ri.Published {
			pub = " · PUBLISHED"
		}
		placed := 0
		if len(f.WithAtLeast) > 0 {
			placed = f.WithAtLeast[0]
		}
		note := ""
		if ri.Run.Note != "" {
			note = " · " + ri.Run.Note
		}
		fmt.Fprintf(c.out, "run %d  %s  %s  seed %d  %s  %d of %d placed  score %d%s%s\n",
			ri.Run.ID, ri.Run.Created.UTC().Format("2006-01-02 15:04:05Z"), f.Mode, ri.Run.Seed, count(f.Meetings, "meeting"), placed,
			f.Participants, f.TotalScore, pub, note)
	}
	return 0
}

func cmdShowRun(c *orgCtx, args []string) int {
	if len(args) != 1 {
		return c.usage("N")
	}
	n, ok := c.runNumber(args, "N")
	if !ok {
		return 2
	}
	r, err := c.svc.Run(n)
	if err != nil {
		return c.failErr(err)
	}
	f, err := service.FiguresOf(r)
	if err != nil {
		return c.failErr(err)
	}
	names, err := c.svc.Names()
	if err != nil {
		return c.failErr(err)
	}
	c.lines(f.Lines())
	if r.Note != "" {
		fmt.Fprintln(c.out, r.Note)
	}
	fmt.Fprintf(c.out, "Seed %d · created %s · %s:\n", r.Seed, r.Created.UTC().Format("2006-01-02 15:04:05Z"), count(len(r.Meetings), "meeting"))
	for _, m := range service.Sorted(r.Meetings) {
		fmt.Fprintf(c.out, "  %s  %-28s %-28s %4d\n", c.svc.SlotLabel(m.Slot), names[m.Participant], names[m.Expert], m.Score)
	}
	for fp, why := range r.Unplaced {
		fmt.Fprintf(c.out, "  not placed: %s. %s\n", names[fp], service.ForOrganisers(why))
	}
	return 0
}

func cmdReproduce(c *orgCtx, args []string) int {
	if len(args) != 1 {
		return c.usage("N")
	}
	n, ok := c.runNumber(args, "N")
	if !ok {
		return 2
	}
	same, differ, err := c.svc.Reproduce(c.ctx, n)
	if err != nil {
		return c.failErr(err)
	}
	if !same {
		return c.fail("run %d does not reproduce: %d meetings differ (a different engine version, or a person deleted since)", n, differ)
	}
	fmt.Fprintf(c.out, "Run %d reproduced: the same meetings from its stored inputs and seed.\n", n)
	return 0
}
