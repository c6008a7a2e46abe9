package seed_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"roster/internal/auth"
	"roster/internal/model"
	"roster/internal/seed"
	"roster/internal/store"
	"roster/internal/store/storetest"
)

// hasher is fast: the tests check that hashes verify, not their cost.
var hasher = auth.Hasher{Iterations: 1000}

const (
	testUsers    = 3000
	testPassword = "seed-Password-1"
	adminPass    = "admin-Password-1"
)

func mustHash(t testing.TB, pw string) string {
	t.Helper()
	h, err := hasher.Hash(pw)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func testAdmin(t testing.TB) seed.Admin {
	return seed.Admin{Username: "seedadmin", Email: "seedadmin@example.com", PasswordHash: mustHash(t, adminPass),
		CreateAt: 1700000000000}
}

// rawDB is a plain connection to a store's database, for checks the store API does not offer.
type rawDB struct {
	*sql.DB
	driver string
}

// q rewrites ? placeholders for PostgreSQL.
func (db rawDB) q(query string) string {
	if db.driver != store.Postgres {
		return query
	}
	n := 0
	return regexp.MustCompile(`\?`).ReplaceAllStringFunc(query, func(string) string { n++; return fmt.Sprintf("$%d", n) })
}

func (db rawDB) count(t *testing.T, query string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := db.QueryRow(db.q(query), args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// openPair opens a fresh migrated store and a plain connection to the same database.
func openPair(t *testing.T, driver string) (*store.Store, rawDB) {
	t.Helper()
	dsn := storetest.DSN(t, driver)
	st, err := store.Open(context.Background(), driver, dsn, store.Options{MaxOpenConns: 4})
	if err != nil {
		t.Fatalf("open %s: %v", driver, err)
	}
	t.Cleanup(func() { st.Close() })
	sqlDriver := map[string]string{store.SQLite: "sqlite", store.Postgres: "pgx"}[driver]
	db, err := sql.Open(sqlDriver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return st, rawDB{db, driver}
}

func loadSynthetic(t *testing.T, st *store.Store, users int, seedValue int64, opts ...store.BulkOptions) *store.BulkStats {
	t.Helper()
	opts = append(opts, store.BulkOptions{})
	g := &seed.Synthetic{Users: users, Seed: seedValue, PasswordHash: mustHash(t, testPassword)}
	src, err := g.Source()
	if err != nil {
		t.Fatal(err)
	}
	stats, err := st.BulkLoad(context.Background(), seed.WithAdmin(src, testAdmin(t)), opts[0])
	if err != nil {
		t.Fatalf("bulk load: %v", err)
	}
	return stats
}

func TestSyntheticLoad(t *testing.T) {
	t.Parallel()
	type variant struct {
		name string
		opts store.BulkOptions
	}
	var tests []struct {
		driver string
		variant
	}
	for _, d := range storetest.Drivers {
		for _, v := range []variant{
			{"rebuild indexes", store.BulkOptions{}},
			{"keep indexes", store.BulkOptions{KeepIndexes: true, KeepSearchTrigger: true}},
		} {
			tests = append(tests, struct {
				driver string
				variant
			}{d, v})
		}
	}
	for _, tc := range tests {
		driver := tc.driver
		t.Run(driver+"/"+tc.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			st, db := openPair(t, driver)
			stats := loadSynthetic(t, st, testUsers, 7, tc.opts)

			// Row counts: what the loader reports is what the tables hold.
			for _, c := range []struct {
				table string
				want  int64
			}{
				{"users", testUsers + 1},
				{"teams", seed.SyntheticTeams},
				{"channels", seed.SyntheticTeams + 2},
				{"team_members", stats.TeamMembers},
				{"channel_members", stats.ChannelMembers},
			} {
				if got := db.count(t, `SELECT count(*) FROM `+c.table); got != c.want {
					t.Errorf("%s: %d rows, want %d", c.table, got, c.want)
				}
			}
			if stats.Users != testUsers+1 || stats.Teams != seed.SyntheticTeams || stats.Channels != seed.SyntheticTeams+2 {
				t.Errorf("stats = %+v", stats)
			}

			admin, err := st.GetUserByUsername(ctx, "seedadmin")
			if err != nil {
				t.Fatal(err)
			}
			notAdmin := admin.Id
			checks := []struct {
				name  string
				query string
				want  int64
			}{
				{"team-1 holds half the users", `SELECT count(*) FROM team_members tm JOIN teams t ON t.id = tm.team_id
					WHERE t.name = 'team-1' AND tm.user_id <> ?`, testUsers / 2},
				{"every user is in 1 to 3 teams", `SELECT count(*) FROM users u WHERE u.id <> ? AND
					(SELECT count(*) FROM team_members tm WHERE tm.user_id = u.id) NOT BETWEEN 1 AND 3`, 0},
				{"channel members are active members of the channel's team", `SELECT count(*) FROM channel_members cm
					JOIN channels c ON c.id = cm.channel_id
					WHERE cm.user_id <> ? AND NOT EXISTS (SELECT 1 FROM team_members tm
						WHERE tm.team_id = c.team_id AND tm.user_id = cm.user_id AND tm.delete_at = 0)`, 0},
				{"town-square holds every active team member", `SELECT count(*) FROM team_members tm
					JOIN channels c ON c.team_id = tm.team_id AND c.name = 'town-square'
					WHERE tm.delete_at = 0 AND tm.user_id <> ? AND NOT EXISTS (SELECT 1 FROM channel_members cm
						WHERE cm.channel_id = c.id AND cm.user_id = tm.user_id)`, 0},
				{"ten-thousand has 1% of the users", `SELECT count(*) FROM channel_members cm JOIN channels c
					ON c.id = cm.channel_id WHERE c.name = 'ten-thousand' AND cm.user_id <> ?`, testUsers / 100},
				{"one-thousand has 0.1% of the users", `SELECT count(*) FROM channel_members cm JOIN channels c
					ON c.id = cm.channel_id WHERE c.name = 'one-thousand' AND cm.user_id <> ?`, testUsers / 1000},
				{"the admin is in every team", `SELECT count(*) FROM team_members WHERE scheme_admin AND user_id = ?`,
					seed.SyntheticTeams},
				{"the admin is in every channel", `SELECT count(*) FROM channel_members WHERE scheme_admin AND user_id = ?`,
					seed.SyntheticTeams + 2},
			}
			for _, c := range checks {
				if got := db.count(t, c.query, notAdmin); got != c.want {
					t.Errorf("%s: got %d, want %d", c.name, got, c.want)
				}
			}
			// Shares that are drawn at random, with a wide tolerance.
			for _, c := range []struct {
				name     string
				query    string
				min, max int64
			}{
				{"deactivated users (~3%)", `SELECT count(*) FROM users WHERE delete_at > 0`, 40, 150},
				{"nicknames (~20%)", `SELECT count(*) FROM users WHERE nickname <> ''`, 450, 750},
				{"departed memberships (~1% outside team-1)", `SELECT count(*) FROM team_members WHERE delete_at > 0`, 5, 60},
				{"system admins (a few)", `SELECT count(*) FROM users WHERE roles LIKE '%system_admin%'`, 3, 10},
				{"Russian users", `SELECT count(*) FROM users WHERE locale = 'ru'`, 150, 300},
				{"Hindi users", `SELECT count(*) FROM users WHERE locale = 'hi'`, 100, 230},
			} {
				if got := db.count(t, c.query); got < c.min || got > c.max {
					t.Errorf("%s: %d, want %d…%d", c.name, got, c.min, c.max)
				}
			}

			// Every user reads back through the store and is valid as Roster defines it.
			all, err := st.ListUsers(ctx, store.UserQuery{})
			if err != nil {
				t.Fatal(err)
			}
			for _, u := range all {
				if appErr := u.IsValid(); appErr != nil {
					t.Fatalf("user %s is invalid: %v", u.Username, appErr)
				}
			}

			// The seed password works for the users, the admin's for the admin.
			if _, err := hasher.Verify(admin.PasswordHash, adminPass); err != nil || !admin.IsSystemAdmin() {
				t.Errorf("admin login: %v, roles %q", err, admin.Roles)
			}
			if _, err := hasher.Verify(all[len(all)/2].PasswordHash, testPassword); err != nil {
				t.Errorf("seeded user %s: password does not verify: %v", all[len(all)/2].Username, err)
			}

			// Search finds users by their native-script names, in any case.
			for _, locale := range []string{"ru", "zh-CN", "ja", "ar", "hi"} {
				var first, last string
				err := db.QueryRow(db.q(`SELECT first_name, last_name FROM users WHERE locale = ? AND delete_at = 0
					ORDER BY id LIMIT 1`), locale).Scan(&first, &last)
				if err != nil {
					t.Fatalf("%s user: %v", locale, err)
				}
				for _, term := range []string{last, strings.ToUpper(first) + " " + last} {
					found, err := st.ListUsers(ctx, store.UserQuery{Term: term, Limit: 10, SearchColumns: []string{
						store.SearchUsername, store.SearchFirstName, store.SearchLastName, store.SearchNickname, store.SearchEmail}})
					if err != nil {
						t.Fatal(err)
					}
					if len(found) == 0 {
						t.Errorf("search %q (%s) found nobody", term, locale)
					}
					for _, u := range found {
						text := strings.ToLower(u.Username + " " + u.FirstName + " " + u.LastName + " " + u.Nickname + " " + u.Email)
						for _, w := range strings.Fields(strings.ToLower(term)) {
							if !strings.Contains(text, w) {
								t.Errorf("search %q found %s (%s %s), which does not match", term, u.Username, u.FirstName, u.LastName)
							}
						}
					}
				}
			}

			if driver == store.SQLite {
				// Alone on the database, the load ran with a rollback journal: no checkpoint.
				if last := stats.Phases[len(stats.Phases)-1].Name; last != "commit" {
					t.Errorf("last phase %q, want commit", last)
				}
				checkWAL(t, db)
				// The FTS index matches its content table.
				if _, err := db.Exec(`INSERT INTO users_search (users_search) VALUES ('integrity-check')`); err != nil {
					t.Errorf("users_search integrity check: %v", err)
				}
				var cjk string
				if err := db.QueryRow(`SELECT first_name || ' ' || last_name FROM users WHERE locale = 'zh-CN' LIMIT 1`).Scan(&cjk); err != nil {
					t.Fatal(err)
				}
				for _, w := range []string{"ова", cjk, "ali", "शर्मा", "ーくん"} {
					fts := db.count(t, `SELECT count(*) FROM users_search WHERE users_search MATCH ?`, `"`+w+`"`)
					like := db.count(t, `SELECT count(*) FROM users WHERE instr(search_text, ?) > 0`, w)
					if fts != like || fts == 0 {
						t.Errorf("users_search finds %d users for %q, the table has %d", fts, w, like)
					}
				}
				// So does the short-gram index.
				for _, g := range []string{string([]rune(cjk)[:1]), "ов", "é", "ш"} {
					idx := db.count(t, `SELECT count(*) FROM users_short_grams WHERE gram = ?`, g)
					like := db.count(t, `SELECT count(*) FROM users WHERE instr(search_text || ' ' || search_email, ?) > 0`, g)
					if idx != like || idx == 0 {
						t.Errorf("users_short_grams has %d users for %q, the table has %d", idx, g, like)
					}
				}
			}
			// The schema is back as the migrations made it: indexes, constraints, triggers.
			_, fresh := openPair(t, driver)
			if d := diff(schemaObjects(t, db), schemaObjects(t, fresh)); d != "" {
				t.Errorf("schema after the load differs from a fresh one:\n%s", d)
			}
		})
	}
}

// schemaObjects lists what a load drops and rebuilds, comparably across databases.
func schemaObjects(t *testing.T, db rawDB) []string {
	t.Helper()
	var q string
	if db.driver == store.Postgres {
		q = `SELECT 'index ' || indexname || ': ' || regexp_replace(indexdef, ' ON [^ ]+\.', ' ON ') FROM pg_indexes
			WHERE schemaname = current_schema() AND tablename IN ('users', 'team_members', 'channel_members', 'teams', 'channels', 'user_search')
			UNION ALL
			SELECT 'constraint ' || conname || ': ' || pg_get_constraintdef(oid) FROM pg_constraint
			WHERE connamespace = current_schema()::regnamespace AND conrelid IN
				('users'::regclass, 'team_members'::regclass, 'channel_members'::regclass, 'user_search'::regclass)
			UNION ALL
			SELECT 'trigger ' || tgname || ' enabled ' || tgenabled::text FROM pg_trigger
			WHERE tgrelid = 'users'::regclass AND NOT tgisinternal
			ORDER BY 1`
	} else {
		// ANALYZE adds its statistics tables; they are not part of the schema.
		q = `SELECT type || ' ' || name || ': ' || coalesce(sql, '') FROM sqlite_master
			WHERE name NOT LIKE 'sqlite_stat%' ORDER BY 1`
	}
	rows, err := db.Query(q)
	if err != nil {
		t.Fatalf("list schema: %v", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(out) < 5 {
		t.Fatalf("schema listing has only %q", out)
	}
	return out
}

// diff lists the entries only one of got and want has.
func diff(got, want []string) string {
	var b strings.Builder
	for _, g := range got {
		if !slices.Contains(want, g) {
			fmt.Fprintf(&b, "+ %s\n", g)
		}
	}
	for _, w := range want {
		if !slices.Contains(got, w) {
			fmt.Fprintf(&b, "- %s\n", w)
		}
	}
	return b.String()
}

func usernames(t *testing.T, users, seedValue int64) []string {
	t.Helper()
	g := &seed.Synthetic{Users: int(users), Seed: seedValue}
	src, err := g.Source()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for u, err := range src.Users {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, u.Id+" "+u.Username)
	}
	return out
}

func TestSyntheticDeterministic(t *testing.T) {
	t.Parallel()
	a, b, c := usernames(t, 2000, 42), usernames(t, 2000, 42), usernames(t, 2000, 43)
	if !slices.Equal(a, b) {
		t.Error("the same seed gave different users")
	}
	if slices.Equal(a, c) {
		t.Error("different seeds gave the same users")
	}
	seen := map[string]bool{}
	for _, s := range a {
		_, name, _ := strings.Cut(s, " ")
		if seen[name] {
			t.Errorf("username %s given twice", name)
		}
		seen[name] = true
		if !model.IsValidUsername(name) {
			t.Errorf("invalid username %q", name)
		}
	}
}

func TestBulkLoadRefusesNonEmpty(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		u := &model.User{Username: "someone", Email: "someone@example.com"}
		u.PreSave(model.GetMillis())
		if err := st.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		g := &seed.Synthetic{Users: 10, Seed: 1}
		src, err := g.Source()
		if err != nil {
			t.Fatal(err)
		}
		_, err = st.BulkLoad(ctx, src, store.BulkOptions{})
		if !errors.Is(err, store.ErrNotEmpty) || !strings.Contains(err.Error(), "users") {
			t.Fatalf("bulk load into a database with a user: %v, want ErrNotEmpty naming users", err)
		}
		if n, err := st.CountUsers(ctx, store.UserQuery{}); err != nil || n != 1 {
			t.Errorf("users after the refused load: %d, %v", n, err)
		}
	})
}

func TestBulkLoadFailureLeavesDatabaseAsItWas(t *testing.T) {
	t.Parallel()
	tests := []struct {
		driver string
		// otherConn keeps a second connection open during the load (on SQLite the load
		// then stays in WAL mode instead of using a rollback journal).
		otherConn bool
	}{
		{store.SQLite, false}, {store.SQLite, true}, {store.Postgres, false}, {store.Postgres, true},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%s/other connection %v", tc.driver, tc.otherConn), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			st, db := openPair(t, tc.driver)
			_, fresh := openPair(t, tc.driver)
			if tc.otherConn {
				db.count(t, `SELECT count(*) FROM users`)
			}
			g := &seed.Synthetic{Users: 500, Seed: 3}
			src, err := g.Source()
			if err != nil {
				t.Fatal(err)
			}
			boom := errors.New("source failed")
			members := src.ChannelMembers
			src.ChannelMembers = func(yield func(*store.BulkChannelMember, error) bool) {
				n := 0
				for m, err := range members {
					if n++; n == 300 {
						yield(nil, boom)
						return
					}
					if !yield(m, err) {
						return
					}
				}
			}
			if _, err := st.BulkLoad(ctx, src, store.BulkOptions{}); !errors.Is(err, boom) {
				t.Fatalf("bulk load: %v, want the source's error", err)
			}
			for _, table := range []string{"users", "teams", "team_members", "channels", "channel_members"} {
				if n := db.count(t, `SELECT count(*) FROM `+table); n != 0 {
					t.Errorf("%s has %d rows after the failed load", table, n)
				}
			}
			if d := diff(schemaObjects(t, db), schemaObjects(t, fresh)); d != "" {
				t.Errorf("schema changed by the failed load:\n%s", d)
			}
			// And the database still takes a load.
			loadSynthetic(t, st, 100, 3)
			if tc.driver == store.SQLite {
				checkWAL(t, db)
			}
		})
	}
}

// checkWAL checks that an SQLite database is back in WAL mode after a load.
func checkWAL(t *testing.T, db rawDB) {
	t.Helper()
	var mode string
	if err := db.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal mode after the load: %q, %v", mode, err)
	}
}

func TestWithAdminRefusesTakenName(t *testing.T) {
	t.Parallel()
	g := &seed.Synthetic{Users: 50, Seed: 1}
	src, err := g.Source()
	if err != nil {
		t.Fatal(err)
	}
	var taken string
	for u, err := range src.Users {
		if err != nil {
			t.Fatal(err)
		}
		taken = u.Username
		break
	}
	src, err = (&seed.Synthetic{Users: 50, Seed: 1}).Source()
	if err != nil {
		t.Fatal(err)
	}
	a := testAdmin(t)
	a.Username = strings.ToUpper(taken)
	var gotErr error
	for _, err := range seed.WithAdmin(src, a).Users {
		if err != nil {
			gotErr = err
			break
		}
	}
	if gotErr == nil || !strings.Contains(gotErr.Error(), "already has a user") {
		t.Errorf("admin named like a seeded user: %v", gotErr)
	}
}

// A server already running on the database (another process) finds the loaded users:
// the load asks it to reload its directory index.
func TestBulkLoadReachesRunningServer(t *testing.T) {
	t.Parallel()
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			dsn := storetest.DSN(t, driver)
			opts := store.Options{MaxOpenConns: 4, ChangePoll: 20 * time.Millisecond}
			loader, server := storetest.OpenProcess(t, driver, dsn, opts), storetest.OpenProcess(t, driver, dsn, opts)
			server.StartDirectory()
			if err := server.LoadDirectory(ctx); err != nil {
				t.Fatal(err)
			}
			loadSynthetic(t, loader, 50, 3)
			deadline := time.Now().Add(10 * time.Second)
			for server.DirectoryUsers() != 51 {
				if time.Now().After(deadline) {
					t.Fatalf("the running server's index holds %d users, want 51", server.DirectoryUsers())
				}
				time.Sleep(10 * time.Millisecond)
			}
		})
	}
}
