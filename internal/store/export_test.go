package store

import (
	"context"
	"database/sql"
	"fmt"
)

// Test hooks for the external store_test package.

// ExecRaw runs a statement as written (no placeholder rewriting), for test seeding.
func (s *Store) ExecRaw(ctx context.Context, query string) error {
	_, err := s.w.ExecContext(ctx, query)
	return err
}

// ExplainUsers returns PostgreSQL's plan for the query ListUsers runs for q, with
// sequential scans discouraged (enable_seqscan = off): a plan that still scans a table
// sequentially has no index to use instead.
func (s *Store) ExplainUsers(ctx context.Context, q UserQuery) ([]string, error) {
	if s.driver != Postgres {
		return nil, fmt.Errorf("ExplainUsers needs PostgreSQL")
	}
	var plan []string
	err := s.InTx(ctx, func(ctx context.Context) error {
		if _, err := s.exec(ctx, `SET LOCAL enable_seqscan = off`); err != nil {
			return err
		}
		text, args := s.userQuery(&q, false, planWalk, foldWords(q.Term))
		rows, err := s.query(ctx, `EXPLAIN `+text, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var line string
			if err := rows.Scan(&line); err != nil {
				return err
			}
			plan = append(plan, line)
		}
		return rows.Err()
	})
	return plan, err
}

// ForceSearchPlan makes every search use the named plan ("walk", "index", "members" in
// SQL; "directory": the directory index for every query it can answer, an error if it is
// not loaded; "" returns to planning, which prefers the directory index when loaded).
func (s *Store) ForceSearchPlan(name string) {
	s.planner.mu.Lock()
	defer s.planner.mu.Unlock()
	s.planner.forced = nil
	for _, p := range []searchPlan{planWalk, planIndex, planMembers, planDirectory} {
		if p.String() == name {
			s.planner.forced = &p
		}
	}
}

// SearchPlan is the plan ListUsers would choose for q.
func (s *Store) SearchPlan(ctx context.Context, q UserQuery) string {
	return s.planSearch(ctx, &q, foldWords(q.Term)).String()
}

// InvalidateSearchSample makes the next search take a new sample.
func (s *Store) InvalidateSearchSample() { s.planner.invalidate() }

// QueryRowRaw runs a query as written on the reader.
func (s *Store) QueryRowRaw(ctx context.Context, query string) *sql.Row {
	return s.r.QueryRowContext(ctx, query)
}

// QueryRaw runs a query as written on the reader.
func (s *Store) QueryRaw(ctx context.Context, query string) (*sql.Rows, error) {
	return s.r.QueryContext(ctx, query)
}

// ExplainSearch returns the plan Roster chooses for q and the database's own plan of the
// query it runs (EXPLAIN ANALYZE on PostgreSQL, EXPLAIN QUERY PLAN on SQLite).
func (s *Store) ExplainSearch(ctx context.Context, q UserQuery) (string, []string, error) {
	words := foldWords(q.Term)
	plan := s.planSearch(ctx, &q, words)
	text, args := s.userQuery(&q, false, plan, words)
	prefix := `EXPLAIN (ANALYZE, BUFFERS) `
	if s.driver == SQLite {
		prefix = `EXPLAIN QUERY PLAN `
	}
	rows, err := s.query(ctx, prefix+text, args...)
	if err != nil {
		return "", nil, err
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var lines []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return "", nil, err
		}
		lines = append(lines, fmt.Sprint(vals[len(vals)-1]))
	}
	return plan.String(), lines, rows.Err()
}

// SearchEstimate is what the planner's sample says about q.
func (s *Store) SearchEstimate(ctx context.Context, q UserQuery) string {
	est, ok := s.estimateSearch(ctx, &q, foldWords(q.Term))
	return fmt.Sprintf("%+v sampled=%v", est, ok)
}

// ShortGrams is the Go side of roster_short_grams.
func ShortGrams(t string) []string { return shortGrams(t) }
