package sqlstore

import (
	"context"
	"fmt"

	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

// SavePolicy stores the policy as its JSON file form, the same a user exports and shares.
func (c *conn) SavePolicy(ctx context.Context, companyID int64, p dunning.Policy, makeDefault bool) error {
	if err := p.Validate(); err != nil {
		return err
	}
	body, err := dunning.EncodeJSON(p)
	if err != nil {
		return err
	}
	if _, err := c.w.ExecContext(ctx, c.book.q("SavePolicy"), companyID, p.Name, string(body)); err != nil {
		return c.mapErr(err, "save policy "+p.Name)
	}
	if !makeDefault {
		return nil
	}
	if _, err := c.w.ExecContext(ctx, c.book.q("ClearDefaultPolicy"), companyID); err != nil {
		return c.mapErr(err, "default policy")
	}
	return c.execOne(ctx, "default policy "+p.Name, c.book.q("SetDefaultPolicy"), companyID, p.Name)
}

// Policy reads one policy.
func (c *conn) Policy(ctx context.Context, companyID int64, name string) (dunning.Policy, error) {
	var body string
	if err := c.r.QueryRowContext(ctx, c.book.q("Policy"), companyID, name).Scan(&body); err != nil {
		return dunning.Policy{}, c.mapErr(err, "policy "+name)
	}
	p, err := dunning.ParsePolicy([]byte(body))
	if err != nil {
		return p, fmt.Errorf("stored policy %s: %w", name, err)
	}
	return p, nil
}

// ListPolicies lists the company's policies, the default first, with the profiles using each.
func (c *conn) ListPolicies(ctx context.Context, companyID int64) ([]store.PolicyInfo, error) {
	byProfile, err := c.ProfilePolicies(ctx, companyID)
	if err != nil {
		return nil, err
	}
	rows, err := c.r.QueryContext(ctx, c.book.q("ListPolicies"), companyID)
	if err != nil {
		return nil, c.mapErr(err, "list policies")
	}
	defer rows.Close()
	var out []store.PolicyInfo
	for rows.Next() {
		var name, body string
		var def bool
		if err := rows.Scan(&name, &body, &def); err != nil {
			return nil, c.mapErr(err, "list policies")
		}
		info := store.PolicyInfo{Name: name, Default: def}
		if p, err := dunning.ParsePolicy([]byte(body)); err == nil {
			info.Description, info.Steps = p.Description, len(p.Steps)
		}
		for _, pr := range receivable.Profiles {
			if byProfile[pr] == name {
				info.Profiles = append(info.Profiles, pr)
			}
		}
		out = append(out, info)
	}
	return out, c.mapErr(rows.Err(), "list policies")
}

// AssignProfilePolicy makes name the policy of a payer profile; an empty name removes it.
func (c *conn) AssignProfilePolicy(ctx context.Context, companyID int64, profile receivable.Profile, name string) error {
	if name == "" {
		_, err := c.w.ExecContext(ctx, c.book.q("UnassignProfilePolicy"), companyID, string(profile))
		return c.mapErr(err, "unassign policy")
	}
	// A shipped policy may be assigned as it is: storing a copy would freeze it and keep it
	// from the fixes of later versions.
	if _, shipped := dunning.DefaultPolicy(name); !shipped {
		if _, err := c.Policy(ctx, companyID, name); err != nil {
			return err
		}
	}
	_, err := c.w.ExecContext(ctx, c.book.q("AssignProfilePolicy"), companyID, string(profile), name)
	return c.mapErr(err, "assign policy")
}

// ProfilePolicies maps each profile to its policy's name.
func (c *conn) ProfilePolicies(ctx context.Context, companyID int64) (map[receivable.Profile]string, error) {
	rows, err := c.r.QueryContext(ctx, c.book.q("ProfilePolicies"), companyID)
	if err != nil {
		return nil, c.mapErr(err, "profile policies")
	}
	defer rows.Close()
	out := map[receivable.Profile]string{}
	for rows.Next() {
		var p, n string
		if err := rows.Scan(&p, &n); err != nil {
			return nil, c.mapErr(err, "profile policies")
		}
		out[receivable.Profile(p)] = n
	}
	return out, c.mapErr(rows.Err(), "profile policies")
}
