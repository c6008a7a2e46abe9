// Package storetest hands tests a real, fresh database of either kind.
//
// SQLite: a new file in t.TempDir(). PostgreSQL: a new schema in the database named by
// TEST_POSTGRES_DSN (default postgres://postgres@127.0.0.1:5432/roster_test, created if
// missing), dropped when the test ends. When PostgreSQL cannot be reached the PostgreSQL
// variant is skipped with a message, unless CI=true, where it fails.
package storetest

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"roster/internal/model"
	"roster/internal/store"
)

// Drivers lists the database kinds every store-backed test runs against.
var Drivers = []string{store.SQLite, store.Postgres}

// DefaultPostgresDSN is used when TEST_POSTGRES_DSN is not set.
const DefaultPostgresDSN = "postgres://postgres@127.0.0.1:5432/roster_test?sslmode=disable"

// Open returns a migrated store of the given kind, closed and dropped when t ends.
func Open(t testing.TB, driver string) *store.Store {
	t.Helper()
	dsn := DSN(t, driver)
	ctx := context.Background()
	s, err := store.Open(ctx, driver, dsn, store.Options{MaxOpenConns: 10})
	if err != nil {
		t.Fatalf("open %s store: %v", driver, err)
	}
	t.Cleanup(func() { s.Close() })
	// Searches and pages use the directory index, as a server's do once it has loaded it.
	if err := s.LoadDirectory(ctx); err != nil {
		t.Fatalf("load the directory index: %v", err)
	}
	return s
}

// OpenProcess opens another store on the database dsn, as a second server process would:
// with its own pools, the given options, closed when t ends. Its directory index is not
// started.
func OpenProcess(t testing.TB, driver, dsn string, opts store.Options) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), driver, dsn, opts)
	if err != nil {
		t.Fatalf("open %s store: %v", driver, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// DSN returns the data source of a fresh, empty database of the given kind (no migrations
// applied), removed when t ends.
func DSN(t testing.TB, driver string) string {
	t.Helper()
	switch driver {
	case store.SQLite:
		return t.TempDir() + "/roster.db"
	case store.Postgres:
		return postgresSchema(t)
	}
	t.Fatalf("unknown driver %q", driver)
	return ""
}

// ForEach runs fn as a parallel subtest per database kind.
func ForEach(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	t.Helper()
	for _, d := range Drivers {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			fn(t, Open(t, d))
		})
	}
}

var (
	pgOnce sync.Once
	pgBase string
	pgErr  error
)

func basePostgresDSN() string {
	if v := os.Getenv("TEST_POSTGRES_DSN"); v != "" {
		return v
	}
	return DefaultPostgresDSN
}

// preparePostgres makes sure the test database exists and has the extensions migrations
// need, once per test binary.
func preparePostgres() (string, error) {
	pgOnce.Do(func() {
		base := basePostgresDSN()
		u, err := url.Parse(base)
		if err != nil {
			pgErr = fmt.Errorf("TEST_POSTGRES_DSN: %w", err)
			return
		}
		dbName := strings.TrimPrefix(u.Path, "/")
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		db, err := sql.Open("pgx", base)
		if err != nil {
			pgErr = err
			return
		}
		defer db.Close()
		if err = db.PingContext(ctx); err != nil && dbName != "" && strings.Contains(err.Error(), "does not exist") {
			admin := *u
			admin.Path = "/postgres"
			adb, aerr := sql.Open("pgx", admin.String())
			if aerr != nil {
				pgErr = aerr
				return
			}
			_, aerr = adb.ExecContext(ctx, `CREATE DATABASE "`+dbName+`"`)
			adb.Close()
			if aerr != nil && !strings.Contains(aerr.Error(), "already exists") {
				pgErr = fmt.Errorf("create database %s: %w", dbName, aerr)
				return
			}
			err = db.PingContext(ctx)
		}
		if err != nil {
			pgErr = err
			return
		}
		if _, err := db.ExecContext(ctx, `CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public`); err != nil &&
			!strings.Contains(err.Error(), "already exists") {
			pgErr = fmt.Errorf("create extension pg_trgm: %w", err)
			return
		}
		// Drop schemas left behind by test runs that were killed more than an hour ago.
		cutoff := time.Now().Add(-time.Hour).Unix()
		rows, err := db.QueryContext(ctx, `SELECT nspname FROM pg_namespace WHERE nspname LIKE 't\_%'`)
		if err == nil {
			var stale []string
			for rows.Next() {
				var name string
				if rows.Scan(&name) == nil {
					var ts int64
					if _, err := fmt.Sscanf(name, "t_%d_", &ts); err == nil && ts < cutoff {
						stale = append(stale, name)
					}
				}
			}
			rows.Close()
			for _, name := range stale {
				_, _ = db.ExecContext(ctx, `DROP SCHEMA IF EXISTS "`+name+`" CASCADE`) // best effort clean-up
			}
		}
		pgBase = base
	})
	return pgBase, pgErr
}

func postgresSchema(t testing.TB) string {
	t.Helper()
	base, err := preparePostgres()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("PostgreSQL is required in CI but unreachable at %s: %v", basePostgresDSN(), err)
		}
		t.Skipf("PostgreSQL unreachable at %s (%v); set TEST_POSTGRES_DSN to run the PostgreSQL variant", basePostgresDSN(), err)
	}
	schema := fmt.Sprintf("t_%d_%s", time.Now().Unix(), model.NewId()[:10])
	ctx := context.Background()
	db, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `CREATE SCHEMA "`+schema+`"`); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		db, err := sql.Open("pgx", base)
		if err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
			return
		}
		defer db.Close()
		if _, err := db.ExecContext(context.Background(), `DROP SCHEMA "`+schema+`" CASCADE`); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	u, _ := url.Parse(base)
	q := u.Query()
	q.Set("search_path", schema+",public")
	// Throwaway test data needs no crash durability; skipping the commit flush makes the
	// PostgreSQL variants several times faster.
	q.Set("synchronous_commit", "off")
	u.RawQuery = q.Encode()
	return u.String()
}
