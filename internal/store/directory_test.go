package store_test

import (
	"context"
	"errors"
	"os"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"roster/internal/model"
	"roster/internal/store"
	"roster/internal/store/storetest"
)

// directory is a small world of users, teams and channels for list and search tests.
type directory struct {
	users    map[string]*model.User // by username
	t1, t2   *model.Team
	c1, c2   *model.Channel
	archived *model.Channel
}

func (d *directory) id(username string) string { return d.users[username].Id }

// allColumns are every searchable column (what an admin searches); autocompleteColumns
// leave out the email.
var (
	allColumns          = []string{store.SearchUsername, store.SearchFirstName, store.SearchLastName, store.SearchNickname, store.SearchEmail}
	autocompleteColumns = allColumns[:4]
)

func newTeam(t *testing.T, name string, open bool) *model.Team {
	t.Helper()
	tm := &model.Team{Name: name, DisplayName: "Team " + name, AllowOpenInvite: open, Email: "owner@example.com"}
	tm.PreSave(model.GetMillis())
	if err := tm.IsValid(); err != nil {
		t.Fatalf("team %s invalid: %v", name, err)
	}
	return tm
}

func newChannel(t *testing.T, teamID, name, typ string) *model.Channel {
	t.Helper()
	c := &model.Channel{TeamId: teamID, Name: name, DisplayName: name, Type: typ}
	c.PreSave(model.GetMillis())
	if err := c.IsValid(); err != nil {
		t.Fatalf("channel %s invalid: %v", name, err)
	}
	return c
}

func buildDirectory(t *testing.T, s *store.Store) *directory {
	t.Helper()
	ctx := context.Background()
	d := &directory{users: map[string]*model.User{}}
	specs := []struct {
		username, first, last, nick, email, roles string
		inactive                                  bool
		createAt                                  int64
	}{
		{"alice", "Alice", "Liddell", "wonder", "alice@example.com", "system_user", false, 1000},
		{"bob", "Bob", "Builder", "", "bob@example.org", "system_user", false, 2000},
		{"zadmin", "Zed", "Admin", "", "admin@example.com", "system_admin system_user", false, 3000},
		{"guest1", "Gus", "Guest", "", "guest@partner.io", "system_guest", false, 4000},
		{"ivan", "Иван", "Петров", "", "ivan@example.com", "system_user", true, 5000},
		{"elodie", "Élodie", "Dupont", "", "elodie@example.com", "system_user", false, 6000},
		{"wang", "王", "小明", "", "wang@example.com", "system_user", false, 7000},
		{"per_cent", "Per", "Cent", "100%", "percent@example.com", "system_user", false, 8000},
		{"a-b", "", "", "", "ab1@example.com", "system_user", false, 9000},
		{"a.b", "", "", "", "ab2@example.com", "system_user", false, 10000},
		{"a_b", "", "", "", "ab3@example.com", "system_user", false, 11000},
		{"carol", "Carol", "Former", "", "carol@example.com", "system_user", false, 12000},
		{"remote1", "Remote", "User", "", "remote@example.com", "system_user", false, 13000},
	}
	for _, sp := range specs {
		u := &model.User{Username: sp.username, FirstName: sp.first, LastName: sp.last, Nickname: sp.nick,
			Email: sp.email, Roles: sp.roles, PasswordHash: "x", CreateAt: sp.createAt}
		u.PreSave(sp.createAt)
		if sp.inactive {
			u.DeleteAt = 99
		}
		if sp.username == "remote1" {
			r := model.NewId()
			u.RemoteId = &r
		}
		if err := s.CreateUser(ctx, u); err != nil {
			t.Fatalf("create %s: %v", sp.username, err)
		}
		d.users[sp.username] = u
	}

	d.t1, d.t2 = newTeam(t, "team-one", true), newTeam(t, "team-two", false)
	for _, tm := range []*model.Team{d.t1, d.t2} {
		if err := s.CreateTeam(ctx, tm); err != nil {
			t.Fatalf("create team: %v", err)
		}
	}
	join := func(team *model.Team, username string, admin, guest bool) {
		m := &model.TeamMember{TeamId: team.Id, UserId: d.id(username), SchemeUser: !guest, SchemeGuest: guest,
			SchemeAdmin: admin, CreateAt: 1}
		if err := s.SaveTeamMember(ctx, m, -1); err != nil {
			t.Fatalf("join %s: %v", username, err)
		}
	}
	join(d.t1, "alice", false, false)
	join(d.t1, "bob", true, false)
	join(d.t1, "guest1", false, true)
	join(d.t1, "zadmin", true, false)
	join(d.t1, "ivan", false, false)
	join(d.t1, "carol", false, false)
	join(d.t2, "bob", false, false)
	join(d.t2, "elodie", false, false)
	if err := s.RemoveTeamMember(ctx, d.t1.Id, d.id("carol"), 5); err != nil {
		t.Fatal(err)
	}

	d.c1 = newChannel(t, d.t1.Id, "chan-one", model.ChannelTypeOpen)
	d.c2 = newChannel(t, d.t1.Id, "chan-two", model.ChannelTypePrivate)
	d.archived = newChannel(t, d.t2.Id, "old", model.ChannelTypeOpen)
	d.archived.DeleteAt = 5
	for _, c := range []*model.Channel{d.c1, d.c2, d.archived} {
		if err := s.CreateChannel(ctx, c, -1); err != nil {
			t.Fatalf("create channel: %v", err)
		}
	}
	addCh := func(c *model.Channel, username string, admin, guest bool) {
		m := &model.ChannelMember{ChannelId: c.Id, UserId: d.id(username), SchemeUser: !guest, SchemeGuest: guest,
			SchemeAdmin: admin, NotifyProps: model.DefaultChannelNotifyProps()}
		if err := s.SaveChannelMember(ctx, m); err != nil {
			t.Fatalf("add %s to channel: %v", username, err)
		}
	}
	addCh(d.c1, "alice", true, false)
	addCh(d.c1, "guest1", false, true)
	addCh(d.c1, "zadmin", true, false)
	addCh(d.c1, "ivan", false, false)
	addCh(d.c2, "bob", false, false)
	addCh(d.archived, "guest1", false, true)
	addCh(d.archived, "elodie", false, false)
	return d
}

func usernames(users []*model.User) []string {
	out := make([]string, len(users))
	for i, u := range users {
		out[i] = u.Username
	}
	return out
}

func TestUserLists(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		d := buildDirectory(t, s)
		everyone := []string{"a-b", "a.b", "a_b", "alice", "bob", "carol", "elodie", "guest1", "ivan", "per_cent", "remote1", "wang", "zadmin"}
		tests := []struct {
			name string
			q    store.UserQuery
			want []string
		}{
			{"everyone, byte order of usernames", store.UserQuery{}, everyone},
			{"paging", store.UserQuery{Offset: 2, Limit: 3}, []string{"a_b", "alice", "bob"}},
			{"active", store.UserQuery{Active: true}, slices.DeleteFunc(slices.Clone(everyone), func(s string) bool { return s == "ivan" })},
			{"inactive", store.UserQuery{Inactive: true}, []string{"ivan"}},
			{"in team (active members, deactivated users included)", store.UserQuery{InTeam: d.t1.Id}, []string{"alice", "bob", "guest1", "ivan", "zadmin"}},
			{"in team with former members", store.UserQuery{InTeam: d.t1.Id, IncludeFormerTeamMembers: true}, []string{"alice", "bob", "carol", "guest1", "ivan", "zadmin"}},
			{"not in team", store.UserQuery{NotInTeam: d.t1.Id}, []string{"a-b", "a.b", "a_b", "carol", "elodie", "per_cent", "remote1", "wang"}},
			{"in channel", store.UserQuery{InChannel: d.c1.Id}, []string{"alice", "guest1", "ivan", "zadmin"}},
			{"team members not in channel", store.UserQuery{InTeam: d.t1.Id, NotInChannel: d.c1.Id}, []string{"bob"}},
			{"without team", store.UserQuery{WithoutTeam: true}, []string{"a-b", "a.b", "a_b", "carol", "per_cent", "remote1", "wang"}},
			{"group constrained admits nobody", store.UserQuery{NotInTeam: d.t1.Id, GroupConstrained: true}, []string{}},
			{"ids", store.UserQuery{IDs: []string{d.id("wang"), d.id("alice"), model.NewId()}}, []string{"alice", "wang"}},
			{"usernames are exact", store.UserQuery{Usernames: []string{"bob", "Alice", "zadmin"}}, []string{"bob", "zadmin"}},
			{"updated since", store.UserQuery{UpdatedSince: 10000}, []string{"a_b", "carol", "remote1"}},
			{"role is a substring", store.UserQuery{Role: "system_user"}, slices.DeleteFunc(slices.Clone(everyone), func(s string) bool { return s == "guest1" })},
			{"roles system_user is exact", store.UserQuery{Roles: []string{"system_user"}, InTeam: d.t1.Id}, []string{"alice", "bob", "ivan"}},
			{"roles system_admin or guest", store.UserQuery{Roles: []string{"system_admin", "system_guest"}}, []string{"guest1", "zadmin"}},
			{"unknown system roles are ignored", store.UserQuery{Roles: []string{"team_user"}, InTeam: d.t2.Id}, []string{"bob", "elodie"}},
			{"team_admin excludes system admins", store.UserQuery{InTeam: d.t1.Id, TeamRoles: []string{"team_admin"}}, []string{"bob"}},
			{"team_user", store.UserQuery{InTeam: d.t1.Id, TeamRoles: []string{"team_user"}}, []string{"alice", "ivan"}},
			{"team_guest or system_admin", store.UserQuery{InTeam: d.t1.Id, TeamRoles: []string{"team_guest"}, Roles: []string{"system_admin"}}, []string{"guest1", "zadmin"}},
			{"team roles need a team", store.UserQuery{TeamRoles: []string{"team_admin"}, Limit: 2}, []string{"a-b", "a.b"}},
			{"channel_admin", store.UserQuery{InChannel: d.c1.Id, ChannelRoles: []string{"channel_admin"}}, []string{"alice"}},
			{"channel_user", store.UserQuery{InChannel: d.c1.Id, ChannelRoles: []string{"channel_user"}}, []string{"ivan"}},
			{"channel_guest", store.UserQuery{InChannel: d.c1.Id, ChannelRoles: []string{"channel_guest"}}, []string{"guest1"}},
			{"excluding remote users", store.UserQuery{ExcludeRemote: true, UpdatedSince: 11000}, []string{"carol"}},
			{"channel admins first", store.UserQuery{InChannel: d.c1.Id, Sort: store.SortByChannelAdminFirst}, []string{"alice", "zadmin", "guest1", "ivan"}},
			{"newest first", store.UserQuery{InTeam: d.t1.Id, IncludeFormerTeamMembers: true, Sort: store.SortByCreateAtDesc}, []string{"carol", "ivan", "guest1", "zadmin", "bob", "alice"}},
			{"view: shares a channel with guest1", store.UserQuery{View: &store.ViewRestriction{ViewerID: d.id("guest1")}}, []string{"alice", "elodie", "guest1", "ivan", "zadmin"}},
			{"view: team t2 or a channel with bob", store.UserQuery{View: &store.ViewRestriction{ViewerID: d.id("bob"), TeamIDs: []string{d.t2.Id}}}, []string{"bob", "elodie"}},
			{"view: nothing", store.UserQuery{View: &store.ViewRestriction{}}, []string{}},
			{"view applies to filters", store.UserQuery{InTeam: d.t1.Id, View: &store.ViewRestriction{ViewerID: d.id("bob")}}, []string{"bob"}},
		}
		for _, tc := range tests {
			got, err := s.ListUsers(ctx, tc.q)
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
				continue
			}
			if diff := cmp.Diff(tc.want, usernames(got)); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tc.name, diff)
			}
			n, err := s.CountUsers(ctx, tc.q)
			if tc.q.Limit == 0 && (err != nil || n != int64(len(tc.want))) {
				t.Errorf("%s: CountUsers = %d, %v; want %d", tc.name, n, err, len(tc.want))
			}
		}
		if got, err := s.ListUsers(ctx, store.UserQuery{IDs: []string{}}); err != nil || len(got) != 0 {
			t.Errorf("empty id list = %v, %v", usernames(got), err)
		}

		// Last activity: the newest session of each user; users without one last.
		for _, sp := range []struct {
			user string
			at   int64
		}{{"bob", 500}, {"bob", 900}, {"alice", 700}} {
			sess := &model.Session{Id: model.NewId(), Token: model.NewToken(), UserId: d.id(sp.user), CreateAt: sp.at,
				LastActivityAt: sp.at, ExpiresAt: sp.at + 100000, Props: model.StringMap{}}
			if err := s.CreateSession(ctx, sess); err != nil {
				t.Fatal(err)
			}
		}
		got, err := s.ListUsers(ctx, store.UserQuery{InTeam: d.t1.Id, Sort: store.SortByLastActivity})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{"bob", "alice", "guest1", "ivan", "zadmin"}, usernames(got)); diff != "" {
			t.Errorf("by last activity (-want +got):\n%s", diff)
		}
		if got[0].LastActivityAt != 900 || got[1].LastActivityAt != 700 || got[2].LastActivityAt != 0 {
			t.Errorf("last_activity_at = %d %d %d", got[0].LastActivityAt, got[1].LastActivityAt, got[2].LastActivityAt)
		}
	})
}

func TestUserSearch(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		d := buildDirectory(t, s)
		names := []string{store.SearchUsername, store.SearchNickname}
		tests := []struct {
			name, term string
			cols       []string
			want       []string
		}{
			{"username substring", "lic", allColumns, []string{"alice"}},
			{"case-insensitive", "ALI", allColumns, []string{"alice"}},
			{"leading @ removed", "@@bob", allColumns, []string{"bob"}},
			{"every word must match, in any column", "alice lid", allColumns, []string{"alice"}},
			{"words in different users do not match", "alice builder", allColumns, []string{}},
			{"last name", "builder", allColumns, []string{"bob"}},
			{"nickname", "wonder", names, []string{"alice"}},
			{"full names not searched when hidden", "builder", names, []string{}},
			{"email", "example.org", allColumns, []string{"bob"}},
			{"email not searched when hidden", "example.org", names, []string{}},
			{"underscore is literal", "a_b", allColumns, []string{"a_b"}},
			{"percent is literal", "100%", allColumns, []string{"per_cent"}},
			{"percent alone is literal", "%", allColumns, []string{"per_cent"}},
			{"accents, any case", "ÉLO", allColumns, []string{"elodie"}},
			{"accented lower case", "élodie", allColumns, []string{"elodie"}},
			{"Cyrillic, any case", "иВАН петр", allColumns, []string{"ivan"}},
			{"CJK", "小明", allColumns, []string{"wang"}},
			{"user id", d.id("wang"), names, []string{"wang"}},
			{"id must be whole", d.id("wang")[:20], names, []string{}},
			{"blank term matches everyone", "   ", names, []string{"a-b", "a.b", "a_b", "alice"}},
			{"only @ matches everyone", "@", names, []string{"a-b", "a.b", "a_b", "alice"}},
		}
		for _, tc := range tests {
			got, err := s.ListUsers(ctx, store.UserQuery{Term: tc.term, SearchColumns: tc.cols, Limit: 4})
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
				continue
			}
			if diff := cmp.Diff(tc.want, usernames(got)); diff != "" {
				t.Errorf("%s: term %q (-want +got):\n%s", tc.name, tc.term, diff)
			}
		}
		// Search combines with scopes and filters.
		got, err := s.ListUsers(ctx, store.UserQuery{Term: "a", SearchColumns: allColumns, InTeam: d.t1.Id, Active: true})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{"alice", "bob", "guest1", "zadmin"}, usernames(got)); diff != "" { // guest1: "partner.io"
			t.Errorf("term in team (-want +got):\n%s", diff)
		}
		if words := store.SearchWords(" @al  b@ @ "); !slices.Equal(words, []string{"al", "b@"}) {
			t.Errorf("SearchWords = %q", words)
		}
	})
}

func TestTeamsStore(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		d := buildDirectory(t, s)

		dup := newTeam(t, "team-one", true)
		if err := s.CreateTeam(ctx, dup); !store.IsConflictOn(err, "teams_name_key") {
			t.Errorf("duplicate team name: %v", err)
		}
		got, err := s.GetTeamByName(ctx, "team-two")
		if err != nil || got.Id != d.t2.Id || got.Type != model.TeamInvite || got.AllowOpenInvite || got.SchemeId != nil || got.GroupConstrained != nil {
			t.Errorf("GetTeamByName = %+v, %v", got, err)
		}
		if got, err := s.GetTeamByInviteID(ctx, d.t1.InviteId); err != nil || got.Id != d.t1.Id {
			t.Errorf("GetTeamByInviteID = %v, %v", got, err)
		}
		if _, err := s.GetTeam(ctx, model.NewId()); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("GetTeam(unknown) = %v", err)
		}

		open := true
		list, err := s.ListTeams(ctx, store.TeamListOptions{AllowOpenInvite: &open, Limit: 10})
		if err != nil || len(list) != 1 || list[0].Id != d.t1.Id {
			t.Errorf("open teams = %v, %v", list, err)
		}
		if n, err := s.CountTeams(ctx, store.TeamListOptions{}); err != nil || n != 2 {
			t.Errorf("CountTeams = %d, %v", n, err)
		}
		if list, _ := s.ListTeams(ctx, store.TeamListOptions{Offset: 1, Limit: 10}); len(list) != 1 || list[0].Id != d.t2.Id {
			t.Errorf("second page = %v", list)
		}
		if teams, err := s.GetTeamsForUser(ctx, d.id("bob")); err != nil || len(teams) != 2 {
			t.Errorf("teams of bob = %v, %v", teams, err)
		}
		if teams, _ := s.GetTeamsForUser(ctx, d.id("carol")); len(teams) != 0 {
			t.Errorf("a departed member still has the team: %v", teams)
		}

		// Memberships: roles derived from flags, soft removal, reactivation, limit.
		m, err := s.GetTeamMember(ctx, d.t1.Id, d.id("bob"))
		if err != nil || m.Roles != "team_user team_admin" || !m.SchemeAdmin || m.ExplicitRoles != "" {
			t.Errorf("bob in t1 = %+v, %v", m, err)
		}
		if g, _ := s.GetTeamMember(ctx, d.t1.Id, d.id("guest1")); g.Roles != "team_guest" {
			t.Errorf("guest roles = %q", g.Roles)
		}
		c, err := s.GetTeamMember(ctx, d.t1.Id, d.id("carol"))
		if err != nil || c.DeleteAt != 5 {
			t.Errorf("departed member = %+v, %v", c, err)
		}
		// Active members of active users: alice, bob, guest1, zadmin (ivan is deactivated).
		if n, err := s.CountActiveTeamMembers(ctx, d.t1.Id); err != nil || n != 4 {
			t.Errorf("CountActiveTeamMembers = %d, %v", n, err)
		}
		err = s.SaveTeamMember(ctx, &model.TeamMember{TeamId: d.t1.Id, UserId: d.id("carol"), SchemeUser: true}, 4)
		if !errors.Is(err, store.ErrLimitExceeded) {
			t.Errorf("join over the limit = %v", err)
		}
		if err := s.SaveTeamMember(ctx, &model.TeamMember{TeamId: d.t1.Id, UserId: d.id("carol"), SchemeUser: true, ExplicitRoles: "team_post_all"}, 5); err != nil {
			t.Fatalf("reactivate: %v", err)
		}
		if c, _ := s.GetTeamMember(ctx, d.t1.Id, d.id("carol")); c.DeleteAt != 0 || c.Roles != "team_post_all team_user" || c.ExplicitRoles != "team_post_all" {
			t.Errorf("reactivated = %+v", c)
		}
		if err := s.RemoveTeamMember(ctx, d.t1.Id, model.NewId(), 1); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("remove unknown member = %v", err)
		}

		members, err := s.ListTeamMembers(ctx, d.t1.Id, store.TeamMemberListOptions{SortByUsername: true, ExcludeDeletedUsers: true, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		var got2 []string
		for _, m := range members {
			got2 = append(got2, m.UserId)
		}
		want := []string{d.id("alice"), d.id("bob"), d.id("carol"), d.id("guest1"), d.id("zadmin")}
		if diff := cmp.Diff(want, got2); diff != "" {
			t.Errorf("members by username (-want +got):\n%s", diff)
		}
		byID, _ := s.ListTeamMembers(ctx, d.t1.Id, store.TeamMemberListOptions{Limit: 2, Offset: 1})
		all := append(want, d.id("ivan"))
		slices.Sort(all)
		if len(byID) != 2 || byID[0].UserId != all[1] || byID[1].UserId != all[2] {
			t.Errorf("members by id, page 2 = %v", byID)
		}
		visible, _ := s.ListTeamMembers(ctx, d.t1.Id, store.TeamMemberListOptions{Limit: 10, View: &store.ViewRestriction{ViewerID: d.id("guest1")}})
		if len(visible) != 4 { // alice, guest1, ivan, zadmin share chan-one
			t.Errorf("visible members = %d", len(visible))
		}
		if ms, err := s.GetTeamMembersForUser(ctx, d.id("bob"), false); err != nil || len(ms) != 2 {
			t.Errorf("bob's memberships = %v, %v", ms, err)
		}
		if err := s.RemoveTeamMember(ctx, d.t2.Id, d.id("bob"), 7); err != nil {
			t.Fatal(err)
		}
		if ms, _ := s.GetTeamMembersForUser(ctx, d.id("bob"), true); len(ms) != 2 {
			t.Errorf("with departed = %d", len(ms))
		}
		if ms, _ := s.GetTeamMembersForUser(ctx, d.id("bob"), false); len(ms) != 1 {
			t.Errorf("active only = %d", len(ms))
		}
	})
}

func TestChannelsStore(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		d := buildDirectory(t, s)

		if err := s.CreateChannel(ctx, newChannel(t, d.t1.Id, "chan-one", model.ChannelTypeOpen), -1); !store.IsConflictOn(err, "channels_team_name_key") {
			t.Errorf("duplicate channel name: %v", err)
		}
		if err := s.CreateChannel(ctx, newChannel(t, d.t2.Id, "chan-one", model.ChannelTypeOpen), -1); err != nil {
			t.Errorf("same name in another team: %v", err)
		}
		// t1 has two live channels.
		if err := s.CreateChannel(ctx, newChannel(t, d.t1.Id, "three", model.ChannelTypePrivate), 2); !errors.Is(err, store.ErrLimitExceeded) {
			t.Errorf("over the channel limit: %v", err)
		}
		got, err := s.GetChannelByName(ctx, d.t1.Id, "chan-two")
		if err != nil || got.Id != d.c2.Id || got.Type != model.ChannelTypePrivate || got.Shared != nil {
			t.Errorf("GetChannelByName = %+v, %v", got, err)
		}
		if _, err := s.GetChannel(ctx, model.NewId()); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("GetChannel(unknown) = %v", err)
		}

		m, err := s.GetChannelMember(ctx, d.c1.Id, d.id("alice"))
		if err != nil || m.Roles != "channel_user channel_admin" || m.NotifyProps["mark_unread"] != "all" {
			t.Errorf("alice in c1 = %+v, %v", m, err)
		}
		dupMember := &model.ChannelMember{ChannelId: d.c1.Id, UserId: d.id("alice"), SchemeUser: true}
		if err := s.SaveChannelMember(ctx, dupMember); !store.IsConflictOn(err, "channel_members_pkey") {
			t.Errorf("duplicate member: %v", err)
		}
		page, err := s.ListChannelMembers(ctx, d.c1.Id, 1, 2)
		if err != nil || len(page) != 2 || page[0].UserId > page[1].UserId {
			t.Errorf("members page = %v, %v", page, err)
		}

		access, err := s.GetChannelAccess(ctx, d.c1.Id, d.id("guest1"))
		if err != nil || !access.Member || access.Roles != "channel_guest" || access.TeamID != d.t1.Id {
			t.Errorf("guest access = %+v, %v", access, err)
		}
		if access, _ := s.GetChannelAccess(ctx, d.c1.Id, d.id("bob")); access.Member || access.Roles != "" || access.TeamID != d.t1.Id {
			t.Errorf("non-member access = %+v", access)
		}
		if _, err := s.GetChannelAccess(ctx, model.NewId(), d.id("bob")); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown channel access = %v", err)
		}

		if n, _ := s.CountUserChannelsInTeam(ctx, d.t1.Id, d.id("guest1")); n != 1 {
			t.Errorf("guest channels in t1 = %d", n)
		}
		left, err := s.LeaveTeamChannels(ctx, d.t1.Id, d.id("guest1"))
		if err != nil || len(left) != 1 || left[0] != d.c1.Id {
			t.Errorf("LeaveTeamChannels = %v, %v", left, err)
		}
		if _, err := s.GetChannelMember(ctx, d.archived.Id, d.id("guest1")); err != nil {
			t.Errorf("other team's channel left too: %v", err)
		}
		if err := s.DeleteChannelMember(ctx, d.c1.Id, d.id("alice")); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteChannelMember(ctx, d.c1.Id, d.id("alice")); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("second delete = %v", err)
		}

		// Permanently deleting a user removes their memberships.
		if err := s.DeleteUser(ctx, d.id("zadmin")); err != nil {
			t.Fatal(err)
		}
		if _, err := s.GetTeamMember(ctx, d.t1.Id, d.id("zadmin")); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("team membership survived user deletion: %v", err)
		}
		if _, err := s.GetChannelMember(ctx, d.c1.Id, d.id("zadmin")); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("channel membership survived user deletion: %v", err)
		}
	})
}

// A database path with URI-special characters (t.TempDir() of a subtest named
// "sqlite#01") opens exactly that file.
func TestSQLitePathWithSpecialCharacters(t *testing.T) {
	t.Parallel()
	path := t.TempDir() + "/a#b?c%d.db"
	s, err := store.Open(context.Background(), store.SQLite, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := os.Stat(path); err != nil {
		t.Errorf("database not at %s: %v", path, err)
	}
}
