package sqlstore_test

import (
	"context"
	"slices"
	"testing"

	"github.com/relance-app/relance/internal/store/sqlstore"
	"github.com/relance-app/relance/internal/store/storetest"
)

// DeleteCompany empties the company's tables one by one before removing it (a cascade from a
// million invoices is too slow): every table with a company_id must be in its list.
func TestDeleteCompanyEmptiesEveryTableThatHoldsACompanysRows(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		tables, err := db.TablesWithColumn(context.Background(), "company_id")
		if err != nil {
			t.Fatal(err)
		}
		for _, tb := range tables {
			if !slices.Contains(sqlstore.CompanyTables, tb) {
				t.Errorf("table %s holds a company's rows but is not in companyTables", tb)
			}
		}
		for _, tb := range sqlstore.CompanyTables {
			if !slices.Contains(tables, tb) {
				t.Errorf("companyTables lists %s, which has no company_id", tb)
			}
		}
	})
}
