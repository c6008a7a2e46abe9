package store

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// bulkLoadPostgres runs the load on one connection in one transaction (COPY and DDL are
// transactional in PostgreSQL): drop the secondary indexes, COPY every table, rebuild the
// indexes from the definitions read before dropping them, ANALYZE, commit.
func (s *Store) bulkLoadPostgres(ctx context.Context, steps []bulkStep, p *phaser) error {
	conn, err := s.w.Conn(ctx)
	if err != nil {
		return fmt.Errorf("get connection: %w", err)
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		sc, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("unexpected driver connection %T", dc)
		}
		pc := sc.Conn()
		tx, err := pc.Begin(ctx)
		if err != nil {
			return fmt.Errorf("begin: %w", err)
		}
		if err := s.bulkPostgresTx(ctx, tx, steps, p); err != nil {
			if rbErr := tx.Rollback(context.WithoutCancel(ctx)); rbErr != nil && !errors.Is(rbErr, pgx.ErrTxClosed) {
				err = errors.Join(err, fmt.Errorf("rollback: %w", rbErr))
			}
			return err
		}
		if err := tx.Commit(ctx); err != nil {
			return fmt.Errorf("commit: %w", err)
		}
		p.done("commit", 0)
		return nil
	})
}

func (s *Store) bulkPostgresTx(ctx context.Context, tx pgx.Tx, steps []bulkStep, p *phaser) error {
	// SET LOCAL: the settings end with the transaction, the pooled connection keeps none.
	for _, set := range []string{
		`SET LOCAL maintenance_work_mem = '1GB'`,
		// The load commits once; nothing is lost by not waiting for each WAL flush.
		`SET LOCAL synchronous_commit = off`,
	} {
		if _, err := tx.Exec(ctx, set); err != nil {
			return fmt.Errorf("%s: %w", set, err)
		}
	}
	// Nobody else writes these tables until the load commits.
	for _, t := range bulkTables {
		if _, err := tx.Exec(ctx, `LOCK TABLE `+t+` IN EXCLUSIVE MODE`); err != nil {
			return fmt.Errorf("lock %s: %w", t, err)
		}
	}
	err := checkEmpty(ctx, func(ctx context.Context, q string) (found bool, err error) {
		err = tx.QueryRow(ctx, q).Scan(&found)
		return found, err
	})
	if err != nil {
		return err
	}
	// Secondary indexes and foreign keys are dropped and rebuilt after the COPY, from the
	// definitions the catalog reports: an index is built by one sort instead of row by row,
	// and a foreign key checked by one join instead of a trigger per row.
	var indexes, fkeys []indexDef
	if !p.opts.KeepIndexes {
		if indexes, err = postgresSecondaryIndexes(ctx, tx); err != nil {
			return err
		}
		if fkeys, err = postgresForeignKeys(ctx, tx); err != nil {
			return err
		}
		for _, fk := range fkeys {
			if _, err := tx.Exec(ctx, `ALTER TABLE `+fk.table+` DROP CONSTRAINT `+fk.name); err != nil {
				return fmt.Errorf("drop constraint %s: %w", fk.name, err)
			}
		}
		for _, ix := range indexes {
			if _, err := tx.Exec(ctx, `DROP INDEX `+ix.name); err != nil {
				return fmt.Errorf("drop index %s: %w", ix.name, err)
			}
		}
		p.done("drop indexes", int64(len(indexes)+len(fkeys)))
	}
	// users_search_sync would fill user_search row by row, in load order; one sorted
	// INSERT after the COPY is faster and leaves it in username order.
	if _, err := tx.Exec(ctx, `ALTER TABLE users DISABLE TRIGGER users_search_sync`); err != nil {
		return fmt.Errorf("disable trigger users_search_sync: %w", err)
	}
	// A fresh database has no server to tell of the rows (migration 0008).
	for _, t := range announceTriggers {
		if _, err := tx.Exec(ctx, `ALTER TABLE `+t[0]+` DISABLE TRIGGER `+t[1]); err != nil {
			return fmt.Errorf("disable trigger %s: %w", t[1], err)
		}
	}
	for _, step := range steps {
		n, err := copyRows(ctx, tx, step.table, step.columns, step.rows)
		*step.count = n
		if err != nil {
			return fmt.Errorf("copy %s (after %d rows): %w", step.table, n, mapError(err))
		}
		p.done(step.table, n)
		if step.table == "users" {
			if _, err := tx.Exec(ctx, `SELECT roster_fill_user_search()`); err != nil {
				return fmt.Errorf("fill user_search: %w", err)
			}
			if _, err := tx.Exec(ctx, `ALTER TABLE users ENABLE TRIGGER users_search_sync`); err != nil {
				return fmt.Errorf("enable trigger users_search_sync: %w", err)
			}
			p.done("user_search", n)
		}
	}
	for _, t := range announceTriggers {
		if _, err := tx.Exec(ctx, `ALTER TABLE `+t[0]+` ENABLE TRIGGER `+t[1]); err != nil {
			return fmt.Errorf("enable trigger %s: %w", t[1], err)
		}
	}
	// A server already running on this database reloads everything once this commits.
	if _, err := tx.Exec(ctx, `SELECT pg_notify('roster_directory', '`+reloadAll+`')`); err != nil {
		return fmt.Errorf("announce the load: %w", err)
	}
	for _, ix := range indexes {
		if _, err := tx.Exec(ctx, ix.sql); err != nil {
			return fmt.Errorf("rebuild index: %s: %w", ix.sql, mapError(err))
		}
		p.done("index "+ix.short, 0)
	}
	for _, fk := range fkeys {
		if _, err := tx.Exec(ctx, fk.sql); err != nil {
			return fmt.Errorf("restore constraint: %s: %w", fk.sql, err)
		}
	}
	if len(fkeys) > 0 {
		p.done("foreign keys", int64(len(fkeys)))
	}
	for _, t := range append(slices.Clone(bulkTables), "user_search") {
		if _, err := tx.Exec(ctx, `ANALYZE `+t); err != nil {
			return fmt.Errorf("analyze %s: %w", t, err)
		}
	}
	p.done("analyze", 0)
	return nil
}

// announceTriggers are the tables and triggers of migration 0008 (PostgreSQL).
var announceTriggers = [][2]string{
	{"users", "users_announce"}, {"team_members", "team_members_announce"}, {"channel_members", "channel_members_announce"},
}

// postgresSecondaryIndexes lists the indexes of the membership and user tables that no
// constraint owns (primary keys stay), with their definitions.
func postgresSecondaryIndexes(ctx context.Context, tx pgx.Tx) ([]indexDef, error) {
	rows, err := tx.Query(ctx, `SELECT quote_ident(n.nspname) || '.' || quote_ident(i.relname), i.relname, pg_get_indexdef(i.oid)
		FROM pg_index x
		JOIN pg_class i ON i.oid = x.indexrelid
		JOIN pg_namespace n ON n.oid = i.relnamespace
		WHERE x.indrelid IN (`+regclassList(postgresIndexedBulkTables)+`)
		  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
		ORDER BY x.indrelid, i.relname`)
	if err != nil {
		return nil, fmt.Errorf("list indexes: %w", err)
	}
	defs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (indexDef, error) {
		var d indexDef
		err := r.Scan(&d.name, &d.short, &d.sql)
		return d, err
	})
	if err != nil {
		return nil, fmt.Errorf("list indexes: %w", err)
	}
	return defs, nil
}

// postgresForeignKeys lists the foreign keys of the membership and user tables, with the
// statements that add them back.
func postgresForeignKeys(ctx context.Context, tx pgx.Tx) ([]indexDef, error) {
	rows, err := tx.Query(ctx, `SELECT quote_ident(c.conname), c.conname, c.conrelid::regclass::text,
			'ALTER TABLE ' || c.conrelid::regclass::text || ' ADD CONSTRAINT ' || quote_ident(c.conname) || ' ' ||
			pg_get_constraintdef(c.oid)
		FROM pg_constraint c
		WHERE c.contype = 'f' AND c.conrelid IN (`+regclassList(postgresIndexedBulkTables)+`)
		ORDER BY c.conrelid, c.conname`)
	if err != nil {
		return nil, fmt.Errorf("list foreign keys: %w", err)
	}
	defs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (indexDef, error) {
		var d indexDef
		err := r.Scan(&d.name, &d.short, &d.table, &d.sql)
		return d, err
	})
	if err != nil {
		return nil, fmt.Errorf("list foreign keys: %w", err)
	}
	return defs, nil
}

// regclassList renders table names (constants of this package) as regclass literals,
// resolved through the search path like every other statement.
func regclassList(tables []string) string {
	out := make([]string, len(tables))
	for i, t := range tables {
		out[i] = `'` + t + `'::regclass`
	}
	return strings.Join(out, ", ")
}

// copyRows streams rows into table with COPY (binary format).
func copyRows(ctx context.Context, tx pgx.Tx, table string, columns []string, rows iter.Seq2[[]any, error]) (int64, error) {
	next, stop := iter.Pull2(rows)
	defer stop()
	src := &pullSource{next: next}
	n, err := tx.CopyFrom(ctx, pgx.Identifier{table}, columns, src)
	if src.err != nil {
		// The source failed; the COPY failing too is only a consequence.
		err = src.err
	}
	return max(n, src.n), err
}

// pullSource adapts a pulled sequence to pgx.CopyFromSource.
type pullSource struct {
	next func() ([]any, error, bool)
	row  []any
	err  error
	n    int64
}

func (s *pullSource) Next() bool {
	row, err, ok := s.next()
	if !ok {
		return false
	}
	if err != nil {
		s.err = err
		return false
	}
	s.row = row
	s.n++
	return true
}

func (s *pullSource) Values() ([]any, error) { return s.row, nil }
func (s *pullSource) Err() error             { return s.err }
