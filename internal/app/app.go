// Package app holds relance's use cases: set-up, imports, the daily run, reports. It works on
// the domain packages and the store.Store port; it knows nothing of HTTP, terminals or SQL.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

// App is the use cases, with their dependencies.
type App struct {
	Store store.Store
	Now   func() time.Time
	Log   *slog.Logger
}

// New builds an App on st with the real clock.
func New(st store.Store, log *slog.Logger) *App {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &App{Store: st, Now: time.Now, Log: log}
}

// Today is the current date in the company's time zone.
func (a *App) Today(co receivable.Company) civil.Date {
	return civil.Today(a.Now(), Location(co))
}

// Location is the company's time zone, Europe/Paris when unknown.
func Location(co receivable.Company) *time.Location {
	if loc, err := time.LoadLocation(co.TimeZone); err == nil && co.TimeZone != "" {
		return loc
	}
	if loc, err := time.LoadLocation("Europe/Paris"); err == nil {
		return loc
	}
	return time.UTC
}

// ErrNoCompany is returned when the database has no company yet.
var ErrNoCompany = errors.New("no company yet: create one with `relance init --company NAME`")

// ResolveCompany finds the company named by slug or name; with an empty name, the only
// company of the database.
func (a *App) ResolveCompany(ctx context.Context, name string) (receivable.Company, error) {
	if name != "" {
		if co, err := a.Store.CompanyBySlug(ctx, Slug(name)); err == nil {
			return co, nil
		} else if !errors.Is(err, store.ErrNotFound) {
			return co, err
		}
	}
	all, err := a.Store.ListCompanies(ctx)
	if err != nil {
		return receivable.Company{}, err
	}
	if name != "" {
		for _, co := range all {
			if strings.EqualFold(co.Name, name) || strings.EqualFold(co.LegalName, name) {
				return co, nil
			}
		}
		return receivable.Company{}, fmt.Errorf("no company %q (companies: %s)", name, slugs(all))
	}
	switch len(all) {
	case 0:
		return receivable.Company{}, ErrNoCompany
	case 1:
		return all[0], nil
	}
	return receivable.Company{}, fmt.Errorf("this database holds several companies (%s): choose one with --company or RELANCE_COMPANY", slugs(all))
}

func slugs(cs []receivable.Company) string {
	var s []string
	for _, c := range cs {
		s = append(s, c.Slug)
	}
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, ", ")
}

// Slug makes a URL- and shell-friendly identifier from a company name: "Café du Port SARL"
// becomes "cafe-du-port-sarl".
func Slug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFD.String(strings.ToLower(strings.TrimSpace(name))) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

// Init creates the company if the database does not have it yet; it is safe to run again.
func (a *App) Init(ctx context.Context, co receivable.Company) (receivable.Company, bool, error) {
	if strings.TrimSpace(co.Name) == "" {
		return co, false, errors.New("init: the company needs a name (--company)")
	}
	co.Slug = Slug(co.Name)
	if co.Slug == "" {
		return co, false, fmt.Errorf("init: cannot make an identifier from %q", co.Name)
	}
	if existing, err := a.Store.CompanyBySlug(ctx, co.Slug); err == nil {
		return existing, false, nil
	} else if !errors.Is(err, store.ErrNotFound) {
		return co, false, err
	}
	if co.Currency == "" {
		co.Currency = "EUR"
	}
	if co.PaymentTermsDays == 0 {
		co.PaymentTermsDays = 30
	}
	if co.TimeZone == "" {
		co.TimeZone = "Europe/Paris"
	}
	if co.Language == "" {
		co.Language = "fr"
	}
	if co.Address.Country == "" {
		co.Address.Country = "FR"
	}
	if _, err := time.LoadLocation(co.TimeZone); err != nil {
		return co, false, fmt.Errorf("init: unknown time zone %q", co.TimeZone)
	}
	if err := a.Store.CreateCompany(ctx, &co); err != nil {
		return co, false, err
	}
	return co, true, nil
}
