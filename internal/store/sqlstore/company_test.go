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

// Deleting a parent row makes the database look for its children: without an index on the
// child's key that is a scan of the child table per row deleted, and removing a company of a
// million invoices took longer than ten minutes on PostgreSQL (a scan of the events per
// invoice). Every foreign key is served by an index that leads with its columns — led by
// customer_id alone, an index did not serve the (company, customer) keys:
// PostgreSQL planned the check without statistics through the company's (company, kind, number)
// index. A key of company_id alone is left out: the company's own deletion empties table by
// table first.
func TestEveryForeignKeyIsServedByAnIndex(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		fks, indexes, err := db.ForeignKeys(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(fks) < 20 {
			t.Fatalf("%d foreign keys found: the query misses some", len(fks))
		}
		for _, fk := range fks {
			served := false
			for _, ix := range indexes[fk.Table] {
				if len(ix) >= len(fk.Columns) && sameColumns(ix[:len(fk.Columns)], fk.Columns) {
					served = true
				}
			}
			if !served && !slices.Equal(fk.Columns, []string{"company_id"}) {
				t.Errorf("%s (%v) → %s: no index leads with its key", fk.Table, fk.Columns, fk.Parent)
			}
		}
	})
}

// sameColumns reports whether the index's leading columns are the key's, in any order.
func sameColumns(index, key []string) bool {
	for _, c := range index {
		if !slices.Contains(key, c) {
			return false
		}
	}
	return true
}
