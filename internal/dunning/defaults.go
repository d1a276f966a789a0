package dunning

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"sync"

	"github.com/relance-app/relance/internal/receivable"
)

//go:embed policies/*.yaml
var policyFiles embed.FS

// DefaultPolicyName is the policy a company uses until it chooses another.
const DefaultPolicyName = "standard-fr"

// ProfilePolicies maps each payer profile to its default policy, the one the seeds describe
// for that kind of debtor.
var ProfilePolicies = map[receivable.Profile]string{
	receivable.Careless:       "careless-fr",
	receivable.BadPayer:       "bad-payer-fr",
	receivable.Insolvent:      "insolvent-fr",
	receivable.Administrative: "administrative-fr",
	receivable.DisputeProne:   "dispute-prone-fr",
	receivable.Automatic:      "automatic-fr",
	receivable.GoodPayer:      "good-payer-fr",
}

var defaults = sync.OnceValue(func() map[string]Policy {
	out := map[string]Policy{}
	files, err := fs.Glob(policyFiles, "policies/*.yaml")
	if err != nil {
		panic(err)
	}
	for _, f := range files {
		b, err := policyFiles.ReadFile(f)
		if err != nil {
			panic(err)
		}
		p, err := ParsePolicy(b)
		if err != nil {
			// The files ship in the binary and a test parses them: this is a build defect.
			panic(fmt.Sprintf("dunning: embedded %s: %v", f, err))
		}
		out[p.Name] = p
	}
	return out
})

// Defaults returns the policies shipped with relance, by name order. Each call returns fresh
// copies, so a caller may change them.
func Defaults() []Policy {
	m := defaults()
	out := make([]Policy, 0, len(m))
	for _, p := range m {
		out = append(out, clonePolicy(p))
	}
	sort.Slice(out, func(a, b int) bool { return out[a].Name < out[b].Name })
	return out
}

// DefaultPolicy returns the shipped policy of that name.
func DefaultPolicy(name string) (Policy, bool) {
	p, ok := defaults()[name]
	return clonePolicy(p), ok
}

func clonePolicy(p Policy) Policy {
	p.Steps = append([]Step(nil), p.Steps...)
	return p
}

// Resolve picks the policy for a customer: the customer's own policy, else its profile's
// (profileDefaults, then ProfilePolicies), else the company's default (DefaultPolicyName when
// empty). Names are looked up in policies, then among the shipped defaults, so a company that
// never imported a policy still works. A name that exists nowhere is an error rather than a
// silent fallback: a customer set to "bad-payer" must not quietly get the gentle process.
func Resolve(c receivable.Customer, policies map[string]Policy, profileDefaults map[receivable.Profile]string, companyDefault string) (Policy, error) {
	lookup := func(name, why string) (Policy, error) {
		if p, ok := policies[name]; ok {
			return p, nil
		}
		if p, ok := DefaultPolicy(name); ok {
			return p, nil
		}
		return Policy{}, fmt.Errorf("customer %s: %s policy %q does not exist", c.Ref, why, name)
	}
	if c.Policy != "" {
		return lookup(c.Policy, "its")
	}
	if c.Profile != "" {
		name, ok := profileDefaults[c.Profile]
		if !ok {
			name, ok = ProfilePolicies[c.Profile]
		}
		if ok && name != "" {
			return lookup(name, "profile "+string(c.Profile)+"'s")
		}
	}
	if companyDefault == "" {
		companyDefault = DefaultPolicyName
	}
	return lookup(companyDefault, "the company's default")
}
