package sqlstore_test

import (
	"testing"

	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

func TestRatesConformanceSQLite(t *testing.T) {
	storetest.RunRates(t, func(t *testing.T) store.Store { return storetest.SQLite(t) })
}

func TestRatesConformancePostgres(t *testing.T) {
	storetest.RunRates(t, func(t *testing.T) store.Store { return storetest.Postgres(t) })
}
