package storetest

import (
	"slices"
	"testing"

	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

func searchTests() []namedTest {
	return []namedTest{{"CustomerSearchIgnoresCaseAndFrenchAccents", testCustomerSearch}}
}

// A customer is found by any part of its name or reference typed with or without capitals and
// accents; the user's % and _ are plain characters.
func testCustomerSearch(t *testing.T, s store.Store) {
	co := Company(t, s, "search")
	for ref, name := range map[string]string{
		"EB-1": "Ébénisterie Richard SASU", "CH-2": "Château de Ségur", "PCT": "Remise 50% ÉTÉ", "US": "under_score SARL", "PL": "Bureau Plein Sud",
	} {
		cu := receivable.Customer{CompanyID: co.ID, Ref: ref, Name: name, Kind: receivable.B2B}
		if err := s.CreateCustomer(ctx, &cu); err != nil {
			t.Fatal(err)
		}
	}
	for search, want := range map[string][]string{
		"Ébénisterie": {"EB-1"}, "ebenisterie": {"EB-1"}, "EBÉN": {"EB-1"}, "richard": {"EB-1"},
		"chateau": {"CH-2"}, "SÉGUR": {"CH-2"}, "ch-": {"CH-2"},
		"50%": {"PCT"}, "été": {"PCT"}, "0%": {"PCT"}, "%": {"PCT"},
		"d_s": nil, "_": {"US"}, "er_s": {"US"}, // "d_s" would find "Richard SASU" if _ were a wildcard
		"plein sud": {"PL"}, "zzz": nil,
	} {
		got, err := s.ListCustomers(ctx, store.CustomerQuery{CompanyID: co.ID, Search: search})
		if err != nil {
			t.Fatal(err)
		}
		var refs []string
		for _, c := range got {
			refs = append(refs, c.Ref)
		}
		slices.Sort(refs)
		if !slices.Equal(refs, want) {
			t.Errorf("search %q = %v, want %v", search, refs, want)
		}
	}
}
