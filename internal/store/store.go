// Package store keeps Roster's data in SQLite or PostgreSQL. SQL is written by hand, once per
// table, shared by both dialects where they agree (written with ? placeholders and rebound for
// PostgreSQL); what differs lives in the dialect values and the per-dialect migrations.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver

	"roster/internal/userindex"
)

// Driver names, as in SqlSettings.DriverName.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// Options tune the connection pools.
type Options struct {
	MaxOpenConns    int
	MaxIdleConns    int
	ConnMaxLifetime time.Duration
	QueryTimeout    time.Duration
	// ChangePoll is how often a SQLite store reads the changes other processes made to
	// users and memberships (default 1 s).
	ChangePoll time.Duration
}

// Store is the database. For SQLite it holds two pools: one connection that writes and a
// few that read (WAL lets them run side by side); for PostgreSQL both are the same pool.
type Store struct {
	driver  string
	w       *sql.DB
	r       *sql.DB
	rebinds sync.Map // query text → PostgreSQL text
	timeout time.Duration
	planner searchPlanner // user search plans (search_plan.go)
	dir     directory     // the directory index (directory.go)
	users   userCache     // user rows by id (user_cache.go)

	pgConfig   *pgx.ConnConfig // PostgreSQL: for the change listener (directory_watch.go)
	changePoll time.Duration   // SQLite: how often directory_changes is read
}

// Open connects, applies pending migrations and returns the store.
func Open(ctx context.Context, driver, dsn string, opts Options) (*Store, error) {
	s, err := connect(ctx, driver, dsn, opts)
	if err != nil {
		return nil, err
	}
	if err := s.Migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

func connect(ctx context.Context, driver, dsn string, opts Options) (*Store, error) {
	s := &Store{driver: driver, timeout: opts.QueryTimeout, dir: directory{ix: userindex.New()}, changePoll: opts.ChangePoll}
	s.dir.life, s.dir.cancel = context.WithCancel(context.Background())
	if s.changePoll <= 0 {
		s.changePoll = time.Second
	}
	if s.timeout <= 0 {
		s.timeout = 30 * time.Second
	}
	maxOpen := opts.MaxOpenConns
	if maxOpen <= 0 {
		maxOpen = 20
	}
	switch driver {
	case SQLite:
		wdsn, rdsn, err := sqliteDSNs(dsn)
		if err != nil {
			return nil, err
		}
		if s.w, err = sql.Open("sqlite", wdsn); err != nil {
			return nil, fmt.Errorf("open sqlite: %w", err)
		}
		s.w.SetMaxOpenConns(1)
		s.w.SetMaxIdleConns(1)
		s.w.SetConnMaxLifetime(0)
		if s.r, err = sql.Open("sqlite", rdsn); err != nil {
			s.w.Close()
			return nil, fmt.Errorf("open sqlite: %w", err)
		}
		readers := min(maxOpen, 8)
		s.r.SetMaxOpenConns(readers)
		s.r.SetMaxIdleConns(readers)
		s.r.SetConnMaxLifetime(0)
		// Create the file and switch it to WAL through the writer before readers open it.
		if err := s.w.PingContext(ctx); err != nil {
			s.Close()
			return nil, fmt.Errorf("open sqlite %s: %w", dsn, err)
		}
	case Postgres:
		cfg, err := pgx.ParseConfig(dsn)
		if err != nil {
			return nil, fmt.Errorf("open postgres: %w", err)
		}
		// Unless the data source says otherwise: pgx prepares statements, and after a few
		// executions PostgreSQL may switch to a generic plan that ignores the arguments. A
		// search's right plan depends on its pattern (LIKE '%j%' and LIKE '%johnson%' want
		// different plans), so plan each execution for its arguments.
		// Roster's queries are short; a parallel plan only adds start-up cost, and for
		// a search it turns an early-stopping walk in username order into a scan of all
		// users (docs/PERFORMANCE.md).
		for k, v := range map[string]string{"plan_cache_mode": "force_custom_plan", "max_parallel_workers_per_gather": "0"} {
			if _, ok := cfg.RuntimeParams[k]; !ok {
				cfg.RuntimeParams[k] = v
			}
		}
		s.pgConfig = cfg.Copy()
		db := stdlib.OpenDB(*cfg)
		db.SetMaxOpenConns(maxOpen)
		idle := opts.MaxIdleConns
		if idle <= 0 || idle > maxOpen {
			idle = maxOpen
		}
		db.SetMaxIdleConns(idle)
		if opts.ConnMaxLifetime > 0 {
			db.SetConnMaxLifetime(opts.ConnMaxLifetime)
		}
		s.w, s.r = db, db
		pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		if err := db.PingContext(pctx); err != nil {
			db.Close()
			return nil, fmt.Errorf("connect to postgres: %w", err)
		}
	default:
		return nil, fmt.Errorf("unknown database driver %q", driver)
	}
	return s, nil
}

// sqliteDSNs turns a file path or file: URI into the writer's and the readers' URIs, with
// WAL, foreign keys, a busy timeout and immediate write transactions.
func sqliteDSNs(dsn string) (writer, reader string, err error) {
	base := dsn
	query := url.Values{}
	if strings.HasPrefix(dsn, "file:") {
		path, raw, _ := strings.Cut(strings.TrimPrefix(dsn, "file:"), "?")
		if query, err = url.ParseQuery(raw); err != nil {
			return "", "", fmt.Errorf("sqlite data source %q: %w", dsn, err)
		}
		base = path
	}
	if base != "" && base != ":memory:" && query.Get("mode") != "memory" {
		if dir := filepath.Dir(base); dir != "." {
			if err := os.MkdirAll(dir, 0o750); err != nil {
				return "", "", fmt.Errorf("create database directory: %w", err)
			}
		}
	}
	// mmap_size: reads of a large database map its pages instead of copying each through
	// a read call (user search at a million users reads thousands of scattered rows); 2 GiB
	// is SQLite's default ceiling. Mapped pages are the file's page cache, shared and
	// reclaimable, not process memory.
	for _, p := range []string{"journal_mode(WAL)", "foreign_keys(1)", "busy_timeout(10000)", "synchronous(NORMAL)",
		"mmap_size(2147418112)"} {
		query.Add("_pragma", p)
	}
	w := url.Values{}
	for k, v := range query {
		w[k] = v
	}
	w.Set("_txlock", "immediate")
	// In a URI filename % ? and # are special: a path containing them (t.TempDir() of a
	// subtest named "sqlite#01") must be escaped or SQLite opens a truncated path.
	base = strings.NewReplacer("%", "%25", "?", "%3F", "#", "%23").Replace(base)
	return "file:" + base + "?" + w.Encode(), "file:" + base + "?" + query.Encode(), nil
}

// Driver returns "sqlite" or "postgres".
func (s *Store) Driver() string { return s.driver }

// Close stops loading the directory index and closes the pools.
func (s *Store) Close() error {
	s.dir.mu.Lock()
	s.dir.closed = true
	if s.dir.cancel != nil {
		s.dir.cancel()
	}
	s.dir.mu.Unlock()
	var errs []error
	if s.w != nil {
		errs = append(errs, s.w.Close())
	}
	if s.r != nil && s.r != s.w {
		errs = append(errs, s.r.Close())
	}
	return errors.Join(errs...)
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error { return s.r.PingContext(ctx) }

// Stats reports the pools for metrics: the writer pool, then the reader pool (the same for
// PostgreSQL).
func (s *Store) Stats() (writer, reader sql.DBStats) { return s.w.Stats(), s.r.Stats() }

// querier is what *sql.DB and *sql.Tx have in common.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

type txKey struct{}

// txState is the transaction a context carries, and what to do once it has committed.
type txState struct {
	tx      *sql.Tx
	after   []func()
	touched []string // users to refresh in the directory index after commit (touchUsers)
}

// afterCommit runs fn once the transaction in ctx has committed (never if it rolls back),
// or at once outside a transaction. fn gets a context without the transaction.
func (s *Store) afterCommit(ctx context.Context, fn func(ctx context.Context)) {
	ctx = context.WithoutCancel(ctx)
	if st, ok := ctx.Value(txKey{}).(*txState); ok {
		st.after = append(st.after, func() { fn(context.WithValue(ctx, txKey{}, nil)) })
		return
	}
	fn(ctx)
}

// InTx runs fn in one transaction: every store call made with the context fn receives joins
// it. It commits when fn returns nil and rolls back otherwise. Nested calls join the outer
// transaction.
func (s *Store) InTx(ctx context.Context, fn func(ctx context.Context) error) (err error) {
	if _, ok := ctx.Value(txKey{}).(*txState); ok {
		return fn(ctx)
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback()
			panic(p)
		}
		if err != nil {
			if rbErr := tx.Rollback(); rbErr != nil && !errors.Is(rbErr, sql.ErrTxDone) {
				err = errors.Join(err, fmt.Errorf("rollback: %w", rbErr))
			}
		}
	}()
	st := &txState{tx: tx}
	if err = fn(context.WithValue(ctx, txKey{}, st)); err != nil {
		return err
	}
	if err = tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	for _, f := range st.after {
		f()
	}
	return nil
}

// writer returns the transaction in ctx, or the writing pool.
func (s *Store) writer(ctx context.Context) querier {
	if st, ok := ctx.Value(txKey{}).(*txState); ok {
		return st.tx
	}
	return s.w
}

// reader returns the transaction in ctx (so a transaction reads its own writes), or the
// reading pool.
func (s *Store) reader(ctx context.Context) querier {
	if st, ok := ctx.Value(txKey{}).(*txState); ok {
		return st.tx
	}
	return s.r
}

// q rewrites ? placeholders for the dialect. PostgreSQL texts are computed once per query.
func (s *Store) q(query string) string {
	if s.driver != Postgres {
		return query
	}
	if v, ok := s.rebinds.Load(query); ok {
		return v.(string)
	}
	out := rebind(query)
	s.rebinds.Store(query, out)
	return out
}

// rebind turns ? into $1, $2, … outside quoted strings.
func rebind(query string) string {
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	inQuote := false
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case c == '\'':
			inQuote = !inQuote
			b.WriteByte(c)
		case c == '?' && !inQuote:
			n++
			fmt.Fprintf(&b, "$%d", n)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func (s *Store) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return s.writer(ctx).ExecContext(ctx, s.q(query), args...)
}

func (s *Store) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return s.reader(ctx).QueryRowContext(ctx, s.q(query), args...)
}

func (s *Store) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return s.reader(ctx).QueryContext(ctx, s.q(query), args...)
}

// placeholders returns "?, ?, …" with n marks.
func placeholders(n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat("?, ", n-1) + "?"
}
