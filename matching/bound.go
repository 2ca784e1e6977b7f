package matching

// scoreBound returns an upper bound on the total score of any schedule
// that keeps the pins and reaches at least st's "at least k" counts.
func (pr *problem) scoreBound(st *state) int {
	var total int64
	for p := int32(0); p < int32(pr.nP); p++ {
		_, sc := pr.cand(p)
		n := min(int(pr.quota[p]), popcount(pr.free[p]), len(sc))
		for _, x := range sc[:n] {
			total += int64(x)
		}
	}
	return int(total)
}
