package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"roster/internal/store"
	"roster/internal/store/storetest"
)

// seedDirectory fills a PostgreSQL store with users, teams, channels and memberships in a
// few set-based statements.
func seedDirectory(t *testing.T, s *store.Store, users int) {
	t.Helper()
	ctx := context.Background()
	n := fmt.Sprint(users)
	stmts := []string{
		`INSERT INTO users (id, create_at, update_at, username, email, roles, delete_at)
			SELECT lpad(g::text, 26, 'u'), g, g, 'user' || lpad(g::text, 7, '0'), 'user' || g || '@example.com',
				'system_user', CASE WHEN g % 50 = 0 THEN 1 ELSE 0 END
			FROM generate_series(1, ` + n + `) g`,
		`INSERT INTO teams (id, create_at, update_at, display_name, name, type, invite_id, allow_open_invite)
			SELECT lpad(g::text, 26, 't'), 1, 1, 'Team ' || g, 'team' || g, 'O', lpad(g::text, 26, 'i'), TRUE
			FROM generate_series(1, 20) g`,
		// Nearly every user is in one team, a tenth in a second one (a third of those left it).
		`INSERT INTO team_members (team_id, user_id, scheme_user)
			SELECT lpad((g % 20 + 1)::text, 26, 't'), lpad(g::text, 26, 'u'), TRUE
			FROM generate_series(1, ` + n + `) g WHERE g % 97 != 0`,
		`INSERT INTO team_members (team_id, user_id, scheme_user, delete_at)
			SELECT lpad(((g + 7) % 20 + 1)::text, 26, 't'), lpad(g::text, 26, 'u'), TRUE, CASE WHEN g % 3 = 0 THEN 5 ELSE 0 END
			FROM generate_series(1, ` + n + `) g WHERE g % 10 = 0`,
		`INSERT INTO channels (id, create_at, update_at, team_id, type, name)
			SELECT lpad(g::text, 26, 'c'), 1, 1, lpad((g % 20 + 1)::text, 26, 't'), 'O', 'chan' || g
			FROM generate_series(1, 200) g`,
		`INSERT INTO channel_members (channel_id, user_id, scheme_user)
			SELECT lpad(((g * 7 + k) % 200 + 1)::text, 26, 'c'), lpad(g::text, 26, 'u'), TRUE
			FROM generate_series(1, ` + n + `) g, generate_series(0, 4) k`,
		`ANALYZE`,
	}
	for _, q := range stmts {
		if err := s.ExecRaw(ctx, q); err != nil {
			t.Fatalf("seed: %v\n%s", err, q)
		}
	}
}

// Every paged user list has an index-backed plan on PostgreSQL: with sequential scans
// discouraged, none of them scans users (or a membership table) sequentially. (With a
// few thousand rows the planner rightly prefers sequential scans of such small tables;
// seeded with 200,000 users it picks these index plans on its own.)
func TestUserListPlans(t *testing.T) {
	t.Parallel()
	s := storetest.Open(t, store.Postgres)
	seedDirectory(t, s, 3000)
	team := strings.Repeat("t", 25) + "1"
	channel := strings.Repeat("c", 25) + "1"
	viewer := strings.Repeat("u", 25) + "7"
	words := []string{store.SearchUsername, store.SearchNickname}
	tests := []struct {
		name  string
		q     store.UserQuery
		index string // an index the plan must use
	}{
		{"everyone", store.UserQuery{Limit: 60}, "users_username_idx"},
		{"active, third page", store.UserQuery{Active: true, Limit: 60, Offset: 120}, "users_username_idx"},
		{"in team", store.UserQuery{InTeam: team, Active: true, Limit: 60}, ""},
		{"in team, team roles", store.UserQuery{InTeam: team, TeamRoles: []string{"team_user"}, Limit: 60}, ""},
		{"in team by creation", store.UserQuery{InTeam: team, IncludeFormerTeamMembers: true, Sort: store.SortByCreateAtDesc, Limit: 60}, ""},
		{"not in team", store.UserQuery{NotInTeam: team, Limit: 60}, "users_username_idx"},
		{"in channel", store.UserQuery{InChannel: channel, Limit: 60}, ""},
		{"in channel, admins first", store.UserQuery{InChannel: channel, Sort: store.SortByChannelAdminFirst, Limit: 60}, ""},
		{"team members not in channel", store.UserQuery{InTeam: team, NotInChannel: channel, Limit: 60}, ""},
		{"without team", store.UserQuery{WithoutTeam: true, Limit: 60}, "team_members_user_id_idx"},
		{"restricted viewer", store.UserQuery{View: &store.ViewRestriction{ViewerID: viewer, TeamIDs: []string{team}}, Limit: 60}, ""},
		{"by ids", store.UserQuery{IDs: []string{viewer, team}}, "users_pkey"},
		{"by usernames", store.UserQuery{Usernames: []string{"user0000007"}}, ""},
		{"search in team", store.UserQuery{InTeam: team, Term: "user00001", SearchColumns: words, Active: true, Limit: 100}, ""},
	}
	for _, tc := range tests {
		plan, err := s.ExplainUsers(context.Background(), tc.q)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		text := strings.Join(plan, "\n")
		for _, table := range []string{"users", "team_members", "channel_members"} {
			if strings.Contains(text, "Seq Scan on "+table) {
				t.Errorf("%s: sequential scan of %s:\n%s", tc.name, table, text)
			}
		}
		if tc.index != "" && !strings.Contains(text, tc.index) {
			t.Errorf("%s: %s not used:\n%s", tc.name, tc.index, text)
		}
	}
}
