package store

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"

	"roster/internal/store/migrations"
)

// Migration is one numbered schema step.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// LoadMigrations reads dir/NNNN_name.sql from fsys, ordered by number.
func LoadMigrations(fsys fs.FS, dir string) ([]Migration, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	var out []Migration
	seen := map[int]string{}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		num, name, ok := strings.Cut(strings.TrimSuffix(e.Name(), ".sql"), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration file %s: name must be NNNN_name.sql", e.Name())
		}
		if prev, dup := seen[v]; dup {
			return nil, fmt.Errorf("migrations %s and %s share number %d", prev, e.Name(), v)
		}
		seen[v] = e.Name()
		body, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("read migration %s: %w", e.Name(), err)
		}
		out = append(out, Migration{Version: v, Name: name, SQL: string(body)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	return out, nil
}

// Migrate applies the embedded migrations of the store's dialect that are not yet recorded.
func (s *Store) Migrate(ctx context.Context) error {
	ms, err := LoadMigrations(migrations.FS, s.driver)
	if err != nil {
		return err
	}
	return s.ApplyMigrations(ctx, ms)
}

// ApplyMigrations applies the given steps in order. Each step and its record in
// schema_migrations commit together, so a failing step leaves the database as it was before
// that step. On PostgreSQL an advisory lock keeps two processes from migrating at once; on
// SQLite the single immediate write transaction does the same.
func (s *Store) ApplyMigrations(ctx context.Context, ms []Migration) error {
	create := `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER NOT NULL PRIMARY KEY,
		name TEXT NOT NULL,
		applied_at BIGINT NOT NULL
	)`
	if _, err := s.w.ExecContext(ctx, create); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	for _, m := range ms {
		err := s.InTx(ctx, func(ctx context.Context) error {
			if s.driver == Postgres {
				if _, err := s.exec(ctx, `SELECT pg_advisory_xact_lock(7311853)`); err != nil {
					return fmt.Errorf("lock: %w", err)
				}
			}
			var n int
			if err := s.queryRow(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, m.Version).Scan(&n); err != nil {
				return fmt.Errorf("read schema version: %w", err)
			}
			if n > 0 {
				return nil
			}
			if _, err := s.writer(ctx).ExecContext(ctx, m.SQL); err != nil {
				return err
			}
			_, err := s.exec(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
				m.Version, m.Name, nowMillis())
			return err
		})
		if err != nil {
			return fmt.Errorf("migration %04d_%s (%s): %w", m.Version, m.Name, s.driver, err)
		}
	}
	return nil
}

// SchemaVersion returns the highest applied migration number.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := s.queryRow(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&v)
	return v, err
}
