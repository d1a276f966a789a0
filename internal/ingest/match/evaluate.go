package match

// Metrics measure proposals against the ground truth. An allocation is right when the truth
// gives the same payment the same amount on the same invoice.
type Metrics struct {
	Payments      int
	Auto          int // proposals applied automatically
	Suggested     int // proposals left for review
	None          int // payments without a proposal
	TrueAllocs    int // allocations in the truth
	AutoAllocs    int
	AutoRight     int
	AllAllocs     int // automatic and suggested
	AllRight      int
	AutoPrecision float64 // AutoRight / AutoAllocs
	AutoRecall    float64 // AutoRight / TrueAllocs
	Precision     float64 // AllRight / AllAllocs, automatic and suggested together
	Recall        float64 // AllRight / TrueAllocs
	// PaymentsExact counts payments whose proposal is exactly the truth (including no
	// proposal for a payment that settles nothing).
	PaymentsExact int
}

// Evaluate compares proposals with the truth.
func Evaluate(props []Proposal, truth map[string][]Allocation) Metrics {
	var m Metrics
	for _, ts := range truth {
		m.TrueAllocs += len(ts)
	}
	for _, p := range props {
		m.Payments++
		want := map[Allocation]bool{}
		for _, a := range truth[p.PaymentID] {
			want[a] = true
		}
		right := 0
		for _, a := range p.Allocations {
			if want[a] {
				right++
			}
		}
		switch {
		case len(p.Allocations) == 0:
			m.None++
		case p.Auto:
			m.Auto++
			m.AutoAllocs += len(p.Allocations)
			m.AutoRight += right
		default:
			m.Suggested++
		}
		m.AllAllocs += len(p.Allocations)
		m.AllRight += right
		if right == len(p.Allocations) && right == len(want) {
			m.PaymentsExact++
		}
	}
	m.AutoPrecision = ratio(m.AutoRight, m.AutoAllocs)
	m.AutoRecall = ratio(m.AutoRight, m.TrueAllocs)
	m.Precision = ratio(m.AllRight, m.AllAllocs)
	m.Recall = ratio(m.AllRight, m.TrueAllocs)
	return m
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}
