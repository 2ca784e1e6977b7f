package matching

import "math/rand/v2"

// reshuffle swaps the slots of pairs of meetings with the same expert
// (p meets e in s1 and q meets e in s2 become p in s2 and q in s1) where
// both are free and the swap keeps every rule. The pairs that meet stay the
// same, so the score and every count stay too; but each slot then holds
// other people, which gives the per-slot optimiser new exchanges to find.
// Each feasible swap is made with probability 1/2, drawn from rng.
func reshuffle(st *state, rng *rand.Rand) int {
	pr := st.pr
	swaps := 0
	for e := int32(0); e < int32(pr.nE); e++ {
		for s1 := 0; s1 < pr.nS; s1++ {
			k1 := st.es(e, s1)
			for i := 0; i < int(st.occN[k1]); i++ {
				p := st.occ[int(k1)*occStride+i]
				jp := st.meets(p, e)
				if st.mPin[int(p)*MaxQuota+jp] {
					continue
				}
				for s2 := s1 + 1; s2 < pr.nS; s2++ {
					b1, b2 := uint64(1)<<uint(s1), uint64(1)<<uint(s2)
					if pr.free[p]&b2 == 0 || st.busy[p]&b2 != 0 {
						continue
					}
					k2 := st.es(e, s2)
					done := false
					for x := 0; x < int(st.occN[k2]) && !done; x++ {
						q := st.occ[int(k2)*occStride+x]
						jq := st.meets(q, e)
						if q == p || st.mPin[int(q)*MaxQuota+jq] || pr.free[q]&b1 == 0 || st.busy[q]&b1 != 0 {
							continue
						}
						if rng.IntN(2) == 0 {
							continue
						}
						sp, sq := st.mSc[int(p)*MaxQuota+jp], st.mSc[int(q)*MaxQuota+jq]
						st.move(p, jp, e, s2, sp)
						st.move(q, jq, e, s1, sq)
						swaps++
						done = true
					}
					if done {
						break
					}
				}
			}
		}
	}
	return swaps
}
