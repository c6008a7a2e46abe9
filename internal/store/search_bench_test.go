package store_test

import (
	"context"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"roster/internal/model"
	"roster/internal/store"
)

// Search benchmarks against a seeded database (roster dev seed), named by
// ROSTER_BENCH_DRIVER (sqlite or postgres) and ROSTER_BENCH_DSN:
//
//	ROSTER_BENCH_DRIVER=postgres ROSTER_BENCH_DSN=postgres://postgres@127.0.0.1/roster_mm \
//	  go test ./internal/store -run '^$' -bench Search -benchtime 2000x
//
// The benchmarks run the searches the directory endpoints run, with terms taken from the
// database's own users, in the classes the Mattermost anchor measures.

type benchFixture struct {
	s                 *store.Store
	team              string // the largest team
	bigChan, smallCh  string // channels of about 1% and 0.1% of the users
	first3, lastMid3  []string
	usernames, fulls  []string
	oneLetter         []string
	cyrillic, shortCJ []string
}

func openBench(tb testing.TB) *benchFixture {
	tb.Helper()
	driver, dsn := os.Getenv("ROSTER_BENCH_DRIVER"), os.Getenv("ROSTER_BENCH_DSN")
	if driver == "" || dsn == "" {
		tb.Skip("set ROSTER_BENCH_DRIVER and ROSTER_BENCH_DSN to a seeded database")
	}
	ctx := context.Background()
	s, err := store.Open(ctx, driver, dsn, store.Options{MaxOpenConns: 8})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	if os.Getenv("ROSTER_BENCH_DIRECTORY") != "" {
		if err := s.LoadDirectory(ctx); err != nil {
			tb.Fatal(err)
		}
	}
	f := &benchFixture{s: s}
	one := func(q string) string {
		var v string
		if err := s.QueryRowRaw(ctx, q).Scan(&v); err != nil {
			tb.Fatalf("%s: %v", q, err)
		}
		return v
	}
	f.team = one(`SELECT team_id FROM team_members GROUP BY team_id ORDER BY count(*) DESC LIMIT 1`)
	f.bigChan = one(`SELECT channel_id FROM channel_members GROUP BY channel_id HAVING count(*) BETWEEN 5000 AND 20000 ORDER BY count(*) DESC LIMIT 1`)
	f.smallCh = one(`SELECT channel_id FROM channel_members GROUP BY channel_id HAVING count(*) BETWEEN 200 AND 2000 ORDER BY count(*) DESC LIMIT 1`)
	rows, err := s.QueryRaw(ctx, `SELECT username, first_name, last_name FROM users WHERE delete_at = 0 ORDER BY id LIMIT 600`)
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var u, fn, ln string
		if err := rows.Scan(&u, &fn, &ln); err != nil {
			tb.Fatal(err)
		}
		f.usernames = append(f.usernames, u)
		f.fulls = append(f.fulls, fn+" "+ln)
		if p := strings.FieldsFunc(u, func(r rune) bool { return r == '.' || r == '_' }); len(p[0]) >= 3 {
			f.first3 = append(f.first3, p[0][:3])
		}
		if r := []rune(strings.ToLower(ln)); len(r) >= 5 && r[0] < 128 {
			f.lastMid3 = append(f.lastMid3, string(r[1:4]))
		} else if len(r) >= 4 && r[0] >= 0x400 && r[0] < 0x500 {
			f.cyrillic = append(f.cyrillic, string(r[:3]))
		}
		if r := []rune(fn); len(r) > 0 && r[0] >= 0x4e00 && utf8.RuneCountInString(fn+ln) <= 3 {
			f.shortCJ = append(f.shortCJ, ln+fn)
		}
	}
	for c := 'a'; c <= 'z'; c++ {
		f.oneLetter = append(f.oneLetter, string(c))
	}
	return f
}

func (f *benchFixture) cases() []struct {
	name  string
	terms []string
	q     store.UserQuery
} {
	search := store.UserQuery{SearchColumns: allColumns, Active: true, Limit: 100}
	ac := store.UserQuery{SearchColumns: autocompleteColumns, Active: true, Limit: 25}
	inTeam, inChan, notInChan, inSmall := ac, ac, ac, ac
	inTeam.InTeam = f.team
	inChan.InChannel = f.bigChan
	notInChan.InTeam, notInChan.NotInChannel = f.team, f.bigChan
	inSmall.InChannel = f.smallCh
	searchTeam := search
	searchTeam.InTeam = f.team
	return []struct {
		name  string
		terms []string
		q     store.UserQuery
	}{
		{"search/global/first-name-3", f.first3, search},
		{"search/global/last-name-middle-3", f.lastMid3, search},
		{"search/global/cyrillic-3", f.cyrillic, search},
		{"search/global/one-letter", f.oneLetter, search},
		{"search/global/username", f.usernames, search},
		{"search/global/full-name", f.fulls, search},
		{"search/global/cjk-short", f.shortCJ, search},
		{"search/team/first-name-3", f.first3, searchTeam},
		{"autocomplete/team/first-name-3", f.first3, inTeam},
		{"autocomplete/team/one-letter", f.oneLetter, inTeam},
		{"autocomplete/team/username", f.usernames, inTeam},
		{"autocomplete/channel-1pct/first-name-3", f.first3, inChan},
		{"autocomplete/not-in-channel-1pct/first-name-3", f.first3, notInChan},
		{"autocomplete/channel-0.1pct/first-name-3", f.first3, inSmall},
	}
}

func BenchmarkSearch(b *testing.B) {
	f := openBench(b)
	ctx := context.Background()
	for _, c := range f.cases() {
		if len(c.terms) == 0 {
			continue
		}
		b.Run(c.name, func(b *testing.B) {
			i := 0
			for b.Loop() {
				q := c.q
				q.Term = c.terms[i%len(c.terms)]
				i++
				if _, err := f.s.ListUsers(ctx, q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestExplainSearch prints the plan Roster chooses and the database's plan for one term of
// each benchmark class (for docs/PERFORMANCE.md), and fails on a plan that scans a user
// table from end to end. Like the benchmarks, it needs a seeded database.
func TestExplainSearch(t *testing.T) {
	f := openBench(t)
	ctx := context.Background()
	for _, c := range f.cases() {
		if len(c.terms) == 0 {
			continue
		}
		q := c.q
		q.Term = c.terms[len(c.terms)/2]
		if only := os.Getenv("ROSTER_BENCH_CASE"); only != "" && !strings.Contains(c.name, only) {
			continue
		}
		if term := os.Getenv("ROSTER_BENCH_TERM"); term != "" {
			q.Term = term
		}
		t.Logf("estimate: %s", f.s.SearchEstimate(ctx, q))
		plan, lines, err := f.s.ExplainSearch(ctx, q)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		t.Logf("%s, term %q: Roster plan %s\n%s", c.name, q.Term, plan, strings.Join(lines, "\n"))
		// No plan reads a user table from end to end.
		for _, l := range lines {
			if strings.Contains(l, "Seq Scan on user") || strings.HasPrefix(strings.TrimSpace(l), "SCAN u") && !strings.Contains(l, "INDEX") {
				t.Errorf("%s, term %q: a full scan: %s", c.name, q.Term, l)
			}
		}
	}
}

// TestSearchTermTimes prints, for every term of one benchmark class (ROSTER_BENCH_CASE),
// the plan Roster chose and the time the search took (where a class's time goes), and
// checks each answer is at most the limit, in username order.
func TestSearchTermTimes(t *testing.T) {
	f := openBench(t)
	ctx := context.Background()
	only := os.Getenv("ROSTER_BENCH_CASE")
	if only == "" {
		t.Skip("set ROSTER_BENCH_CASE")
	}
	for _, c := range f.cases() {
		if c.name != only {
			continue
		}
		for _, term := range c.terms {
			q := c.q
			q.Term = term
			start := time.Now()
			got, err := f.s.ListUsers(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) > q.Limit || !slices.IsSortedFunc(got, func(a, b *model.User) int { return strings.Compare(a.Username, b.Username) }) {
				t.Errorf("%q: %d users, want at most %d in username order", term, len(got), q.Limit)
			}
			t.Logf("%-24q %-8s %8.2f ms  %s", term, f.s.SearchPlan(ctx, q), float64(time.Since(start).Microseconds())/1000, f.s.SearchEstimate(ctx, q))
		}
	}
}

// TestDirectoryLoad reports how long loading the directory index of a seeded database
// takes and the heap it keeps (docs/PERFORMANCE.md).
func TestDirectoryLoad(t *testing.T) {
	driver, dsn := os.Getenv("ROSTER_BENCH_DRIVER"), os.Getenv("ROSTER_BENCH_DSN")
	if driver == "" || dsn == "" {
		t.Skip("set ROSTER_BENCH_DRIVER and ROSTER_BENCH_DSN to a seeded database")
	}
	ctx := context.Background()
	s, err := store.Open(ctx, driver, dsn, store.Options{MaxOpenConns: 8})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	t0 := time.Now()
	if err := s.LoadDirectory(ctx); err != nil {
		t.Fatal(err)
	}
	took := time.Since(t0)
	runtime.GC()
	runtime.ReadMemStats(&after)
	t.Logf("loaded in %v; heap %d MB after GC (%d MB before); peak heap in use during the load not measured",
		took.Round(time.Millisecond), after.HeapAlloc>>20, before.HeapAlloc>>20)
}
