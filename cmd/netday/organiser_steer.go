package main

import (
	"fmt"

	"netday/store"
)

// steered prints what an edit did and how to publish it.
func (c *orgCtx) steered(r store.Run, err error) int {
	if err != nil {
		return c.failErr(err)
	}
	fmt.Fprintf(c.out, "%s\nRun %d is the edited preview; publish it with: %s publish %d --yes\n", r.Note, r.ID, c.example, r.ID)
	return 0
}

func cmdPin(c *orgCtx, args []string) int {
	if len(args) < 2 || len(args) > 3 {
		return c.usage(`PARTICIPANT EXPERT [SLOT]   (names in quotes, e.g. pin "Rosa Lima" "Jonas Weber" 12:40)`)
	}
	slot := ""
	if len(args) == 3 {
		slot = args[2]
	}
	return c.steered(c.svc.Pin(args[0], args[1], slot))
}

func cmdUnpin(c *orgCtx, args []string) int {
	if len(args) != 2 {
		return c.usage("PARTICIPANT EXPERT")
	}
	return c.steered(c.svc.Unpin(args[0], args[1]))
}

func cmdMove(c *orgCtx, args []string) int {
	if len(args) < 3 || len(args) > 4 {
		return c.usage(`PARTICIPANT EXPERT SLOT|- [NEW-EXPERT]   (- keeps the slot)`)
	}
	slot, to := args[2], ""
	if slot == "-" {
		slot = ""
	}
	if len(args) == 4 {
		to = args[3]
	}
	return c.steered(c.svc.Move(args[0], args[1], slot, to))
}

func cmdCancel(c *orgCtx, args []string) int {
	if len(args) != 2 {
		return c.usage("PARTICIPANT EXPERT")
	}
	return c.steered(c.svc.Cancel(args[0], args[1]))
}
