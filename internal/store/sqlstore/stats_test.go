package sqlstore_test

import (
	"testing"

	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

func TestStatsConformanceSQLite(t *testing.T) {
	storetest.RunStats(t, func(t *testing.T) store.Store { return storetest.SQLite(t) })
}

func TestStatsConformancePostgres(t *testing.T) {
	storetest.RunStats(t, func(t *testing.T) store.Store { return storetest.Postgres(t) })
}
