package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"roster/internal/model"
	"roster/internal/store"
	"roster/internal/store/storetest"
)

// Every search plan returns exactly what the plain walk returns, for every filter a search
// combines with, on both stores.
func TestSearchPlansAgree(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		d := buildDirectory(t, s)
		names := []string{store.SearchUsername, store.SearchNickname, store.SearchFirstName, store.SearchLastName}
		hidden := []string{store.SearchUsername, store.SearchNickname, store.SearchEmail} // full names hidden
		terms := []string{"ali", "a", "al", "alice lid", "lid alice", "example", "EXAMPLE.COM", "ex am", "иван", "ива",
			"小明", "王", "élo", "100%", "a_b", "%", "zzz", d.id("wang"), d.id("wang") + " wang", "bob bui", "ob", "e", `quo"te`, "wonder", "der lic", "ив", "é", "é 王", "明 a"}
		queries := map[string]store.UserQuery{
			"everyone":                 {},
			"active":                   {Active: true},
			"in team":                  {InTeam: d.t1.Id, Active: true},
			"in team, team roles":      {InTeam: d.t1.Id, TeamRoles: []string{"team_admin"}},
			"in channel":               {InChannel: d.c1.Id},
			"in channel, admins first": {InChannel: d.c1.Id, Sort: store.SortByChannelAdminFirst},
			"admins first, no channel": {Sort: store.SortByChannelAdminFirst},
			"team not in channel":      {InTeam: d.t1.Id, NotInChannel: d.c1.Id, Active: true},
			"not in team":              {NotInTeam: d.t1.Id},
			"without team":             {WithoutTeam: true},
			"restricted viewer":        {View: &store.ViewRestriction{ViewerID: d.id("alice"), TeamIDs: []string{d.t2.Id}}},
			"second page":              {Offset: 1},
		}
		for qname, base := range queries {
			for _, cols := range [][]string{allColumns, names, hidden} {
				for _, term := range terms {
					q := base
					q.Term, q.SearchColumns = term, cols
					if q.Limit == 0 {
						q.Limit = 3
					}
					s.ForceSearchPlan("walk")
					want, err := s.ListUsers(ctx, q)
					if err != nil {
						t.Fatalf("%s %q walk: %v", qname, term, err)
					}
					for _, plan := range []string{"index", "members", "directory", ""} {
						s.ForceSearchPlan(plan)
						got, err := s.ListUsers(ctx, q)
						if err != nil {
							t.Fatalf("%s %q %s: %v", qname, term, plan, err)
						}
						if diff := cmp.Diff(usernames(want), usernames(got)); diff != "" {
							t.Errorf("%s, term %q, %d columns, plan %q (-walk +plan):\n%s", qname, term, len(cols), plan, diff)
						}
					}
				}
			}
		}
		s.ForceSearchPlan("")
	})
}

// The index stays in step with the users table: renamed, re-addressed and deleted users
// are found (or not) by their new values under the index plan.
func TestSearchIndexFollowsWrites(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		d := buildDirectory(t, s)
		s.ForceSearchPlan("index")
		find := func(term string) []string {
			t.Helper()
			got, err := s.ListUsers(ctx, store.UserQuery{Term: term, SearchColumns: allColumns, Limit: 10})
			if err != nil {
				t.Fatal(err)
			}
			return usernames(got)
		}
		u := d.users["bob"]
		u.FirstName, u.Nickname = "Roberto", "Ärger"
		if err := s.UpdateUserProfile(ctx, u); err != nil {
			t.Fatal(err)
		}
		if err := s.VerifyEmail(ctx, u.Id, "bobby@renamed.example", 5); err != nil {
			t.Fatal(err)
		}
		checks := []struct {
			term string
			want []string
		}{
			{"robert", []string{"bob"}},
			{"ärg", []string{"bob"}},
			{"ÄRGER", []string{"bob"}},
			{"renamed.exa", []string{"bob"}},
			{"example.org", []string{}}, // the old address
		}
		for _, c := range checks {
			if diff := cmp.Diff(c.want, find(c.term)); diff != "" {
				t.Errorf("term %q after update (-want +got):\n%s", c.term, diff)
			}
		}
		if err := s.SetUserDeleteAt(ctx, d.id("alice"), 77, 77); err != nil {
			t.Fatal(err)
		}
		for _, plan := range []string{"index", "walk", "directory"} {
			s.ForceSearchPlan(plan)
			got, err := s.ListUsers(ctx, store.UserQuery{Term: "alice", SearchColumns: allColumns, Active: true, Limit: 10})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 0 {
				t.Errorf("%s: deactivated user in an active-only search: %v", plan, usernames(got))
			}
		}
		s.ForceSearchPlan("index")
		if err := s.DeleteUser(ctx, d.id("elodie")); err != nil {
			t.Fatal(err)
		}
		if got := find("élodie"); len(got) != 0 {
			t.Errorf("deleted user still found: %v", got)
		}
		nu := &model.User{Username: "newcomer", FirstName: "Zoë", Email: "zoe@example.com", Roles: "system_user", PasswordHash: "x"}
		nu.PreSave(1)
		if err := s.CreateUser(ctx, nu); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{"newcomer"}, find("ZOË")); diff != "" {
			t.Errorf("new user (-want +got):\n%s", diff)
		}
	})
}

// The planner walks for common words, uses the index for rare ones and starts from the
// members of a small channel.
func TestSearchPlanChoice(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		team := newTeam(t, "big", true)
		if err := s.CreateTeam(ctx, team); err != nil {
			t.Fatal(err)
		}
		small := newChannel(t, team.Id, "small", model.ChannelTypeOpen)
		if err := s.CreateChannel(ctx, small, -1); err != nil {
			t.Fatal(err)
		}
		for i := range 2000 {
			u := &model.User{Username: fmt.Sprintf("member%04d", i), FirstName: "Common", Email: fmt.Sprintf("m%d@example.com", i),
				Roles: "system_user", PasswordHash: "x"}
			if i == 1234 {
				u.LastName, u.Nickname = "Rarename", "秀英"
			}
			u.PreSave(int64(i + 1))
			if err := s.CreateUser(ctx, u); err != nil {
				t.Fatal(err)
			}
			if err := s.SaveTeamMember(ctx, &model.TeamMember{TeamId: team.Id, UserId: u.Id, SchemeUser: true}, -1); err != nil {
				t.Fatal(err)
			}
			if i%400 == 0 {
				if err := s.SaveChannelMember(ctx, &model.ChannelMember{ChannelId: small.Id, UserId: u.Id, SchemeUser: true,
					NotifyProps: model.DefaultChannelNotifyProps()}); err != nil {
					t.Fatal(err)
				}
			}
		}
		s.InvalidateSearchSample()
		cols := []string{store.SearchUsername, store.SearchFirstName, store.SearchLastName, store.SearchNickname}
		tests := []struct {
			name string
			q    store.UserQuery
			want string
		}{
			{"common word", store.UserQuery{Term: "comm"}, "walk"},
			{"one letter", store.UserQuery{Term: "m"}, "walk"},
			{"rare word", store.UserQuery{Term: "rarena"}, "index"},
			{"rare short word", store.UserQuery{Term: "zq"}, "walk"}, // no index for two ASCII letters
			{"rare short word in another script", store.UserQuery{Term: "秀英"}, "index"},
			{"rare one-character word in another script", store.UserQuery{Term: "秀"}, "index"},
			{"common word in a small channel", store.UserQuery{Term: "comm", InChannel: small.Id}, "members"},
			{"common word in the big team", store.UserQuery{Term: "comm", InTeam: team.Id}, "walk"},
			{"rare word in the big team", store.UserQuery{Term: "rarename", InTeam: team.Id}, "index"},
		}
		for _, tc := range tests {
			tc.q.SearchColumns, tc.q.Limit = cols, 25
			if got := s.SearchPlan(ctx, tc.q); got != tc.want {
				t.Errorf("%s: plan %s, want %s", tc.name, got, tc.want)
			}
		}
	})
}

// SQLite's roster_short_grams (Go) and PostgreSQL's (SQL) agree.
func TestShortGramsAgree(t *testing.T) {
	t.Parallel()
	s := storetest.Open(t, store.Postgres)
	for _, text := range []string{"", "alice liddell", "иван петров", "王 小明 x@y.z", "élodie dupont", "a é", "秀英 秀", "ab\tв"} {
		var got []string
		rows, err := s.QueryRaw(context.Background(), "SELECT unnest(roster_short_grams('"+text+"')) ORDER BY 1")
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var g string
			if err := rows.Scan(&g); err != nil {
				t.Fatal(err)
			}
			got = append(got, g)
		}
		rows.Close()
		want := store.ShortGrams(text)
		slices.Sort(want)
		if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("%q (-go +postgres):\n%s", text, diff)
		}
	}
}

// The directory index follows team and channel membership changes at once, and only
// committed writes.
func TestDirectoryFollowsMemberships(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		d := buildDirectory(t, s)
		s.ForceSearchPlan("directory")
		list := func(q store.UserQuery) []string {
			t.Helper()
			q.SearchColumns, q.Limit = allColumns, 20
			got, err := s.ListUsers(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			return usernames(got)
		}
		check := func(step string, q store.UserQuery, want ...string) {
			t.Helper()
			if want == nil {
				want = []string{}
			}
			if diff := cmp.Diff(want, list(q)); diff != "" {
				t.Errorf("%s (-want +got):\n%s", step, diff)
			}
		}
		inC1 := store.UserQuery{InChannel: d.c1.Id}
		notInC1 := store.UserQuery{InTeam: d.t1.Id, NotInChannel: d.c1.Id, Term: "b"}
		check("channel before", inC1, "alice", "guest1", "ivan", "zadmin")
		check("team not in channel before", notInC1, "bob")
		m := &model.ChannelMember{ChannelId: d.c1.Id, UserId: d.id("bob"), SchemeUser: true, NotifyProps: model.DefaultChannelNotifyProps()}
		if err := s.SaveChannelMember(ctx, m); err != nil {
			t.Fatal(err)
		}
		check("channel after a join", inC1, "alice", "bob", "guest1", "ivan", "zadmin")
		check("team not in channel after a join", notInC1)
		if err := s.DeleteChannelMember(ctx, d.c1.Id, d.id("alice")); err != nil {
			t.Fatal(err)
		}
		check("channel after a leave", inC1, "bob", "guest1", "ivan", "zadmin")

		check("team before", store.UserQuery{InTeam: d.t2.Id}, "bob", "elodie")
		if err := s.RemoveTeamMember(ctx, d.t2.Id, d.id("bob"), 9); err != nil {
			t.Fatal(err)
		}
		check("team after a leave", store.UserQuery{InTeam: d.t2.Id}, "elodie")
		check("not in team after a leave", store.UserQuery{NotInTeam: d.t2.Id, Term: "bob"}, "bob")
		tm := &model.TeamMember{TeamId: d.t2.Id, UserId: d.id("wang"), SchemeUser: true, CreateAt: 1}
		if err := s.SaveTeamMember(ctx, tm, -1); err != nil {
			t.Fatal(err)
		}
		check("team after a join", store.UserQuery{InTeam: d.t2.Id}, "elodie", "wang")

		// A transaction that rolls back leaves no trace; one that commits is seen after it.
		create := func(username string) error {
			u := &model.User{Username: username, Email: username + "@example.net", Roles: "system_user", PasswordHash: "x"}
			u.PreSave(1)
			return s.CreateUser(ctx, u)
		}
		failed := fmt.Errorf("roll back")
		err := s.InTx(ctx, func(ctx context.Context) error {
			u := &model.User{Username: "ghost", Email: "ghost@example.net", Roles: "system_user", PasswordHash: "x"}
			u.PreSave(1)
			if err := s.CreateUser(ctx, u); err != nil {
				return err
			}
			return failed
		})
		if err != failed {
			t.Fatalf("transaction: %v", err)
		}
		check("rolled back", store.UserQuery{Term: "ghost"})
		if err := create("ghost"); err != nil {
			t.Fatal(err)
		}
		check("committed", store.UserQuery{Term: "ghost"}, "ghost")
		err = s.InTx(ctx, func(ctx context.Context) error {
			u := &model.User{Username: "phantom", Email: "phantom@example.net", Roles: "system_user", PasswordHash: "x"}
			u.PreSave(1)
			if err := s.CreateUser(ctx, u); err != nil {
				return err
			}
			if err := s.SaveTeamMember(ctx, &model.TeamMember{TeamId: d.t2.Id, UserId: u.Id, SchemeUser: true, CreateAt: 1}, -1); err != nil {
				return err
			}
			return s.RemoveTeamMember(ctx, d.t2.Id, d.id("wang"), 30) // a second user, refreshed with the first
		})
		if err != nil {
			t.Fatal(err)
		}
		check("committed in a transaction", store.UserQuery{InTeam: d.t2.Id}, "elodie", "phantom")
		s.ForceSearchPlan("")
	})
}
