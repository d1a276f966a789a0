package sqlstore_test

import (
	"testing"

	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

func TestMatchingConformanceSQLite(t *testing.T) {
	storetest.RunMatching(t, func(t *testing.T) store.Store { return storetest.SQLite(t) })
}

func TestMatchingConformancePostgres(t *testing.T) {
	storetest.RunMatching(t, func(t *testing.T) store.Store { return storetest.Postgres(t) })
}
