package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

// Policies are data: the company stores its own, and relance ships one per payer profile and
// a standard one. A stored policy with the name of a shipped one overrides it, so that a user
// exports a shipped policy, edits it and imports it back under the same name.

// Where a policy comes from.
const (
	PolicyStored   = "stored"   // imported by the company
	PolicyShipped  = "shipped"  // shipped with relance, not overridden
	PolicyOverride = "override" // imported by the company under a shipped policy's name
)

// PolicyEntry is one line of the list of policies the company can use.
type PolicyEntry struct {
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	Steps       int    `json:"steps"`
	Source      string `json:"source"`  // stored, shipped or override
	Default     bool   `json:"default"` // used by customers with neither their own policy nor a profile's
	// Profiles are the payer profiles whose customers use it, by the company's assignment or,
	// when the company made none, relance's.
	Profiles []receivable.Profile `json:"profiles,omitempty"`
}

// PolicyDetail is a policy with where it comes from and who uses it. Its JSON is the policy
// file's fields plus source, default and profiles.
type PolicyDetail struct {
	dunning.Policy
	Source   string               `json:"source"`
	Default  bool                 `json:"default"`
	Profiles []receivable.Profile `json:"profiles,omitempty"`
}

// usage says which policy is the default and which profiles use which.
func (p policies) defaultName() string {
	if p.def != "" {
		return p.def
	}
	return dunning.DefaultPolicyName
}

func (p policies) profilesOf(name string) []receivable.Profile {
	var out []receivable.Profile
	for _, pr := range receivable.Profiles {
		n, ok := p.byProfile[pr]
		if !ok {
			n = dunning.ProfilePolicies[pr]
		}
		if n == name {
			out = append(out, pr)
		}
	}
	return out
}

func (p policies) detail(pol dunning.Policy) PolicyDetail {
	return PolicyDetail{Policy: pol, Source: p.source(pol.Name), Default: p.defaultName() == pol.Name, Profiles: p.profilesOf(pol.Name)}
}

func (p policies) source(name string) string {
	_, stored := p.byName[name]
	_, shipped := dunning.DefaultPolicy(name)
	switch {
	case stored && shipped:
		return PolicyOverride
	case stored:
		return PolicyStored
	}
	return PolicyShipped
}

// lookup finds a policy by name, the company's first, then relance's.
func (p policies) lookup(name string) (dunning.Policy, error) {
	if pol, ok := p.byName[name]; ok {
		return pol, nil
	}
	if pol, ok := dunning.DefaultPolicy(name); ok {
		return pol, nil
	}
	return dunning.Policy{}, fmt.Errorf("no policy %q (see relance policy list): %w", name, store.ErrNotFound)
}

// Policies lists the policies the company can use: its own, and the shipped ones it did not
// override; the default first, then by name.
func (a *App) Policies(ctx context.Context, co receivable.Company) ([]PolicyEntry, error) {
	pols, err := a.loadPolicies(ctx, co.ID)
	if err != nil {
		return nil, err
	}
	all := make([]dunning.Policy, 0, len(pols.byName)+len(dunning.ProfilePolicies)+1)
	for _, pol := range pols.byName {
		all = append(all, pol)
	}
	for _, pol := range dunning.Defaults() {
		if _, ok := pols.byName[pol.Name]; !ok {
			all = append(all, pol)
		}
	}
	def := pols.defaultName()
	slices.SortFunc(all, func(x, y dunning.Policy) int {
		if (x.Name == def) != (y.Name == def) {
			if x.Name == def {
				return -1
			}
			return 1
		}
		return strings.Compare(x.Name, y.Name)
	})
	out := make([]PolicyEntry, 0, len(all))
	for _, pol := range all {
		d := pols.detail(pol)
		out = append(out, PolicyEntry{Name: pol.Name, Description: pol.Description, Steps: len(pol.Steps), Source: d.Source,
			Default: d.Default, Profiles: d.Profiles})
	}
	return out, nil
}

// Policy reads one policy, the company's or a shipped one.
func (a *App) Policy(ctx context.Context, co receivable.Company, name string) (PolicyDetail, error) {
	pols, err := a.loadPolicies(ctx, co.ID)
	if err != nil {
		return PolicyDetail{}, err
	}
	pol, err := pols.lookup(name)
	if err != nil {
		return PolicyDetail{}, err
	}
	return pols.detail(pol), nil
}

// ImportPolicyParams carry a policy file.
type ImportPolicyParams struct {
	Data        []byte // the file, YAML or JSON
	Source      string // the file's name, for error messages
	MakeDefault bool   // make it the company's default policy
}

// ImportPolicy validates a policy file and stores it, replacing the company's policy of the
// same name and overriding a shipped one. A bad file changes nothing; its error is a
// *dunning.PolicyError naming the step, the field and the line.
func (a *App) ImportPolicy(ctx context.Context, co receivable.Company, p ImportPolicyParams, author string) (PolicyDetail, error) {
	pol, err := dunning.ParsePolicy(p.Data)
	if err != nil {
		if p.Source != "" {
			err = fmt.Errorf("%s: %w", p.Source, err)
		}
		return PolicyDetail{}, &InputError{Field: "file", Err: err}
	}
	before, err := a.loadPolicies(ctx, co.ID)
	if err != nil {
		return PolicyDetail{}, err
	}
	verb := "importée"
	if _, ok := before.byName[pol.Name]; ok {
		verb = "remplacée"
	} else if _, ok := dunning.DefaultPolicy(pol.Name); ok {
		verb = "importée (remplace la politique livrée du même nom)"
	}
	err = a.Store.InTx(ctx, func(q store.Queries) error {
		if err := q.SavePolicy(ctx, co.ID, pol, p.MakeDefault); err != nil {
			return err
		}
		summary := fmt.Sprintf("Politique de relance %s %s (%d étapes)", pol.Name, verb, len(pol.Steps))
		if p.MakeDefault {
			summary += ", politique par défaut de la société"
		}
		return a.addEvent(ctx, q, co, store.Event{Kind: "policy_import", Actor: author, Summary: summary,
			Data: eventData(map[string]any{"policy": pol.Name, "source": p.Source})})
	})
	if err != nil {
		return PolicyDetail{}, err
	}
	return a.Policy(ctx, co, pol.Name)
}

// Policy file formats.
const (
	PolicyYAML = "yaml"
	PolicyJSON = "json"
)

// ExportPolicy writes a policy — the company's or a shipped one — in the shareable file
// format, YAML or JSON; importing the result gives the same policy back.
func (a *App) ExportPolicy(ctx context.Context, co receivable.Company, name, format string) ([]byte, error) {
	d, err := a.Policy(ctx, co, name)
	if err != nil {
		return nil, err
	}
	switch format {
	case PolicyYAML, "yml", "":
		return dunning.EncodeYAML(d.Policy)
	case PolicyJSON:
		return dunning.EncodeJSON(d.Policy)
	}
	return nil, inputErr("format", "format %q: want yaml or json", format)
}

// AssignPolicyParams say which policy a customer or a payer profile uses. Exactly one of
// CustomerRef and Profile is set; an empty Name removes the assignment (the customer then
// uses its profile's policy, the profile relance's default for it).
type AssignPolicyParams struct {
	Name        string
	CustomerRef string
	Profile     receivable.Profile
}

// AssignPolicy sets the policy of one customer, or of every customer of a payer profile.
func (a *App) AssignPolicy(ctx context.Context, co receivable.Company, p AssignPolicyParams, author string) error {
	if (p.CustomerRef == "") == (p.Profile == "") {
		return inputErr("customer", "name either a customer (its reference) or a payer profile")
	}
	if p.Profile != "" && !slices.Contains(receivable.Profiles, p.Profile) {
		return inputErr("profile", "unknown payer profile %q: want one of careless, bad_payer, insolvent, administrative, dispute_prone, automatic, good_payer", p.Profile)
	}
	pols, err := a.loadPolicies(ctx, co.ID)
	if err != nil {
		return err
	}
	if p.Name != "" {
		if _, err = pols.lookup(p.Name); err != nil {
			return err
		}
	}
	return a.Store.InTx(ctx, func(q store.Queries) error {
		if p.CustomerRef != "" {
			cu, err := customerByRef(ctx, q, co, p.CustomerRef)
			if err != nil {
				return err
			}
			before := cu.Policy
			cu.Policy = p.Name
			if err := q.UpdateCustomer(ctx, cu); err != nil {
				return err
			}
			summary := fmt.Sprintf("Politique de relance du client : %s", p.Name)
			if p.Name == "" {
				summary = "Politique de relance propre au client retirée : celle de son profil ou de la société s'applique"
			}
			if before != "" {
				summary += fmt.Sprintf(" (auparavant %s)", before)
			}
			return a.addEvent(ctx, q, co, store.Event{CustomerID: cu.ID, Kind: "policy_assign", Actor: author, Summary: summary,
				Data: eventData(map[string]any{"policy": p.Name, "previous": before})})
		}
		if err := q.AssignProfilePolicy(ctx, co.ID, p.Profile, p.Name); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return fmt.Errorf("no policy %q: %w", p.Name, store.ErrNotFound)
			}
			return err
		}
		summary := fmt.Sprintf("Politique de relance du profil %s : %s", p.Profile.Label("fr"), p.Name)
		if p.Name == "" {
			summary = fmt.Sprintf("Politique de relance du profil %s : celle livrée avec relance (%s)", p.Profile.Label("fr"), dunning.ProfilePolicies[p.Profile])
		}
		return a.addEvent(ctx, q, co, store.Event{Kind: "policy_assign", Actor: author, Summary: summary,
			Data: eventData(map[string]any{"policy": p.Name, "profile": p.Profile})})
	})
}

// SetDefaultPolicy makes a policy the company's default: the one customers follow when they
// have none of their own and their profile none either. A shipped policy is stored unchanged
// first (the default flag lives on stored policies). Recorded in the company's history.
func (a *App) SetDefaultPolicy(ctx context.Context, co receivable.Company, name, author string) error {
	pols, err := a.loadPolicies(ctx, co.ID)
	if err != nil {
		return err
	}
	pol, err := pols.lookup(name)
	if err != nil {
		return err
	}
	return a.Store.InTx(ctx, func(q store.Queries) error {
		if err := q.SavePolicy(ctx, co.ID, pol, true); err != nil {
			return err
		}
		return a.addEvent(ctx, q, co, store.Event{Kind: "policy_default", Actor: author,
			Summary: fmt.Sprintf("Politique de relance par défaut de la société : %s", pol.Name)})
	})
}
