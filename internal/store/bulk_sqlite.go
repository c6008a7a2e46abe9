package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"iter"
	"strings"
)

// sqliteBulkBatch is the number of rows per INSERT statement.
const sqliteBulkBatch = 100

// sqliteBulkPragmas are set on the writing connection for the load and restored after it.
// synchronous=OFF: the load is one transaction that either commits or leaves nothing; a
// crash during it loses only the load. The cache holds the indexes being built.
var sqliteBulkPragmas = []struct{ name, value string }{
	{"synchronous", "OFF"},
	{"cache_size", "-524288"}, // KiB: 512 MiB
	{"temp_store", "MEMORY"},
}

// bulkLoadSQLite runs the load in one exclusive transaction on the writing connection:
// multi-row INSERTs with the secondary indexes and the search index trigger dropped, then
// the indexes rebuilt from their stored definitions, the FTS index rebuilt in one pass and
// the trigger put back, ANALYZE, commit.
func (s *Store) bulkLoadSQLite(ctx context.Context, steps []bulkStep, p *phaser) (err error) {
	conn, err := s.w.Conn(ctx)
	if err != nil {
		return fmt.Errorf("get connection: %w", err)
	}
	defer conn.Close()

	restore := make([]string, 0, len(sqliteBulkPragmas))
	defer func() {
		for _, stmt := range restore {
			if _, rerr := conn.ExecContext(context.WithoutCancel(ctx), stmt); rerr != nil {
				err = errors.Join(err, fmt.Errorf("restore %s: %w", stmt, rerr))
			}
		}
	}()
	for _, pr := range sqliteBulkPragmas {
		var old string
		if err := conn.QueryRowContext(ctx, `PRAGMA `+pr.name).Scan(&old); err != nil {
			return fmt.Errorf("read PRAGMA %s: %w", pr.name, err)
		}
		if _, err := conn.ExecContext(ctx, `PRAGMA `+pr.name+` = `+pr.value); err != nil {
			return fmt.Errorf("PRAGMA %s: %w", pr.name, err)
		}
		restore = append(restore, `PRAGMA `+pr.name+` = `+old)
	}

	// In WAL mode every page is written twice, to the log and at the checkpoint into the
	// database. A rollback journal keeps only the pages the database had before the load
	// (appended pages need no copy), so the load is written once. SQLite switches only
	// while no other connection has the database open; otherwise the load runs in WAL mode.
	wal := true
	var mode string
	if err := conn.QueryRowContext(ctx, `PRAGMA journal_mode = DELETE`).Scan(&mode); err == nil && mode == "delete" {
		wal = false
		defer func() {
			var mode string
			if rerr := conn.QueryRowContext(context.WithoutCancel(ctx), `PRAGMA journal_mode = WAL`).Scan(&mode); rerr != nil {
				err = errors.Join(err, fmt.Errorf("restore WAL mode: %w", rerr))
			} else if mode != "wal" {
				err = errors.Join(err, fmt.Errorf("restore WAL mode: journal mode is %q", mode))
			}
		}()
	}

	if _, err := conn.ExecContext(ctx, `BEGIN EXCLUSIVE`); err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := s.bulkSQLiteTx(ctx, conn, steps, p); err != nil {
		return errors.Join(err, rollbackSQLite(ctx, conn))
	}
	if _, err := conn.ExecContext(ctx, `COMMIT`); err != nil {
		return errors.Join(fmt.Errorf("commit: %w", err), rollbackSQLite(ctx, conn))
	}
	if wal {
		// Move the load from the write-ahead log into the database file and empty the log.
		if _, err := conn.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
			return fmt.Errorf("checkpoint: %w", err)
		}
		p.done("commit and checkpoint", 0)
	} else {
		p.done("commit", 0)
	}
	return nil
}

// rollbackSQLite ends the load's transaction. SQLite may have rolled it back already (an
// interrupted statement ends its transaction): that is no error.
func rollbackSQLite(ctx context.Context, conn *sql.Conn) error {
	_, err := conn.ExecContext(context.WithoutCancel(ctx), `ROLLBACK`)
	if err != nil && !strings.Contains(err.Error(), "no transaction is active") {
		return fmt.Errorf("rollback: %w", err)
	}
	return nil
}

func (s *Store) bulkSQLiteTx(ctx context.Context, conn *sql.Conn, steps []bulkStep, p *phaser) error {
	err := checkEmpty(ctx, func(ctx context.Context, q string) (found bool, err error) {
		err = conn.QueryRowContext(ctx, q).Scan(&found)
		return found, err
	})
	if err != nil {
		return err
	}
	var indexes, triggers []indexDef
	if !p.opts.KeepIndexes {
		if indexes, err = sqliteSchemaObjects(ctx, conn, "index", indexedBulkTables); err != nil {
			return err
		}
	}
	if !p.opts.KeepSearchTrigger {
		// The FTS and short-gram indexes are filled in one pass at the end instead of row
		// by row.
		if triggers, err = sqliteSchemaObjects(ctx, conn, "trigger", []string{"users"}, "users_search_ai", "users_short_grams_ai"); err != nil {
			return err
		}
		if len(triggers) != 2 {
			return fmt.Errorf("triggers users_search_ai and users_short_grams_ai not found")
		}
	}
	// A fresh database has no server to tell of the rows (directory_changes, migration 0008).
	changeTriggers, err := sqliteSchemaObjects(ctx, conn, "trigger", []string{"users", "team_members", "channel_members"},
		changeTriggerNames...)
	if err != nil {
		return err
	}
	if len(changeTriggers) != len(changeTriggerNames) {
		return fmt.Errorf("directory change triggers: found %d of %d", len(changeTriggers), len(changeTriggerNames))
	}
	for _, ix := range indexes {
		if _, err := conn.ExecContext(ctx, `DROP INDEX `+ix.name); err != nil {
			return fmt.Errorf("drop index %s: %w", ix.name, err)
		}
	}
	for _, tr := range append(changeTriggers, triggers...) {
		if _, err := conn.ExecContext(ctx, `DROP TRIGGER `+tr.name); err != nil {
			return fmt.Errorf("drop trigger %s: %w", tr.name, err)
		}
	}
	p.done("drop indexes", int64(len(indexes)+len(triggers)))

	for _, step := range steps {
		n, err := insertRows(ctx, conn, step.table, step.columns, step.rows)
		*step.count = n
		if err != nil {
			return fmt.Errorf("insert into %s (after %d rows): %w", step.table, n, err)
		}
		p.done(step.table, n)
	}

	for _, ix := range indexes {
		if _, err := conn.ExecContext(ctx, ix.sql); err != nil {
			return fmt.Errorf("rebuild index: %s: %w", ix.sql, mapError(err))
		}
		p.done("index "+ix.short, 0)
	}
	if len(triggers) > 0 {
		if _, err := conn.ExecContext(ctx, `INSERT INTO users_search (users_search) VALUES ('rebuild')`); err != nil {
			return fmt.Errorf("rebuild users_search: %w", err)
		}
		// As the users_short_grams_ai trigger does (migration 0006), for every user at once.
		if _, err := conn.ExecContext(ctx, `INSERT INTO users_short_grams (gram, user_rowid)
			SELECT j.value, u.rowid FROM users u, json_each(roster_short_grams(u.search_text || ' ' || u.search_email)) j
			ORDER BY 1, 2`); err != nil {
			return fmt.Errorf("fill users_short_grams: %w", err)
		}
		for _, tr := range triggers {
			if _, err := conn.ExecContext(ctx, tr.sql); err != nil {
				return fmt.Errorf("recreate trigger: %s: %w", tr.sql, err)
			}
		}
		p.done("search index", 0)
	}
	for _, tr := range changeTriggers {
		if _, err := conn.ExecContext(ctx, tr.sql); err != nil {
			return fmt.Errorf("recreate trigger: %s: %w", tr.sql, err)
		}
	}
	// A server already running on this file reloads everything once this commits.
	if _, err := conn.ExecContext(ctx, `INSERT INTO directory_changes (kind, id, at) VALUES (?, '', unixepoch())`,
		reloadAll); err != nil {
		return fmt.Errorf("record the load: %w", err)
	}
	if _, err := conn.ExecContext(ctx, `ANALYZE`); err != nil {
		return fmt.Errorf("analyze: %w", err)
	}
	p.done("analyze", 0)
	return nil
}

// changeTriggerNames are the triggers of migration 0008 (SQLite).
var changeTriggerNames = []string{"users_changes_ai", "users_changes_au", "users_changes_ad", "team_members_changes_ai",
	"team_members_changes_au", "team_members_changes_ad", "channel_members_changes_ai", "channel_members_changes_au",
	"channel_members_changes_ad"}

// sqliteSchemaObjects returns the named objects of a kind ("index", "trigger") on the tables
// with the SQL that created them (indexes SQLite made for constraints have none and are not
// returned). With names, only those objects.
func sqliteSchemaObjects(ctx context.Context, conn *sql.Conn, kind string, tables []string, names ...string) ([]indexDef, error) {
	q := `SELECT name, sql FROM sqlite_master WHERE type = ? AND sql IS NOT NULL AND tbl_name IN (` +
		placeholders(len(tables)) + `)`
	args := append([]any{kind}, stringArgs(tables)...)
	if len(names) > 0 {
		q += ` AND name IN (` + placeholders(len(names)) + `)`
		args = append(args, stringArgs(names)...)
	}
	rows, err := conn.QueryContext(ctx, q+` ORDER BY name`, args...)
	if err != nil {
		return nil, fmt.Errorf("list %ss: %w", kind, err)
	}
	defer rows.Close()
	var out []indexDef
	for rows.Next() {
		var d indexDef
		if err := rows.Scan(&d.name, &d.sql); err != nil {
			return nil, fmt.Errorf("list %ss: %w", kind, err)
		}
		d.short = d.name
		d.name = `"` + strings.ReplaceAll(d.name, `"`, `""`) + `"`
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list %ss: %w", kind, err)
	}
	return out, nil
}

// insertRows writes rows into table with prepared INSERTs of sqliteBulkBatch rows each.
func insertRows(ctx context.Context, conn *sql.Conn, table string, columns []string, rows iter.Seq2[[]any, error]) (int64, error) {
	head := `INSERT INTO ` + table + ` (` + strings.Join(columns, ", ") + `) VALUES `
	tuple := `(` + placeholders(len(columns)) + `)`
	values := func(n int) string { return strings.Repeat(tuple+", ", n-1) + tuple }
	stmt, err := conn.PrepareContext(ctx, head+values(sqliteBulkBatch))
	if err != nil {
		return 0, fmt.Errorf("prepare: %w", err)
	}
	defer stmt.Close()
	args := make([]any, 0, sqliteBulkBatch*len(columns))
	var n, pending int64
	for row, err := range rows {
		if err != nil {
			return n, err
		}
		args = append(args, row...)
		if pending++; pending == sqliteBulkBatch {
			if _, err := stmt.ExecContext(ctx, args...); err != nil {
				return n, mapError(err)
			}
			n += pending
			pending, args = 0, args[:0]
		}
	}
	if pending > 0 {
		if _, err := conn.ExecContext(ctx, head+values(int(pending)), args...); err != nil {
			return n, mapError(err)
		}
		n += pending
	}
	return n, nil
}
