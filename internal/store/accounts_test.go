package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"roster/internal/model"
	"roster/internal/store"
	"roster/internal/store/storetest"
)

// accountUser stores a user with the given username, email and roles; edit adjusts it
// before it is stored.
func accountUser(t *testing.T, s *store.Store, username, email string, edit func(u *model.User)) *model.User {
	t.Helper()
	u := &model.User{Username: username, Email: email, PasswordHash: "hash", Roles: "system_user"}
	u.PreSave(model.GetMillis())
	if edit != nil {
		edit(u)
	}
	if err := s.CreateUser(context.Background(), u); err != nil {
		t.Fatalf("create %s: %v", username, err)
	}
	return u
}

func TestVerifyEmailStore(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		a := accountUser(t, s, "alice", "alice@example.com", nil)
		accountUser(t, s, "bob", "bob@example.com", nil)

		if err := s.VerifyEmail(ctx, a.Id, "Alice.New@Example.COM", 777); err != nil {
			t.Fatalf("VerifyEmail: %v", err)
		}
		got, err := s.GetUser(ctx, a.Id)
		if err != nil {
			t.Fatal(err)
		}
		if got.Email != "alice.new@example.com" || !got.EmailVerified || got.UpdateAt != 777 {
			t.Errorf("after VerifyEmail: email %q verified %v update_at %d", got.Email, got.EmailVerified, got.UpdateAt)
		}
		// Another account's address (in any case) is a conflict and changes nothing.
		if err := s.VerifyEmail(ctx, a.Id, "BOB@example.com", 888); !store.IsConflictOn(err, "users_email_key") {
			t.Errorf("taken address: %v", err)
		}
		if got, _ := s.GetUser(ctx, a.Id); got.Email != "alice.new@example.com" || got.UpdateAt != 777 {
			t.Errorf("a refused verification changed the user: %+v", got)
		}
		if err := s.VerifyEmail(ctx, model.NewId(), "x@example.com", 1); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown user: %v", err)
		}
	})
}

func TestKnownUserIDs(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		users := map[string]*model.User{}
		for _, n := range []string{"ann", "ben", "cat", "dan", "eve"} {
			users[n] = accountUser(t, s, n, n+"@example.com", nil)
		}
		team := newTeam(t, "known", true)
		if err := s.CreateTeam(ctx, team); err != nil {
			t.Fatal(err)
		}
		c1, c2 := newChannel(t, team.Id, "c1", model.ChannelTypeOpen), newChannel(t, team.Id, "c2", model.ChannelTypePrivate)
		for _, c := range []*model.Channel{c1, c2} {
			if err := s.CreateChannel(ctx, c, -1); err != nil {
				t.Fatal(err)
			}
		}
		add := func(c *model.Channel, names ...string) {
			for _, n := range names {
				m := &model.ChannelMember{ChannelId: c.Id, UserId: users[n].Id, SchemeUser: true, NotifyProps: model.DefaultChannelNotifyProps()}
				if err := s.SaveChannelMember(ctx, m); err != nil {
					t.Fatal(err)
				}
			}
		}
		add(c1, "ann", "ben", "cat")
		add(c2, "ann", "dan", "ben")
		ids := func(names ...string) []string {
			out := []string{}
			for _, n := range names {
				out = append(out, users[n].Id)
			}
			slices.Sort(out)
			return out
		}
		for _, tc := range []struct {
			user string
			want []string
		}{
			{"ann", ids("ben", "cat", "dan")}, // once each, though ben shares two channels
			{"cat", ids("ann", "ben")},
			{"dan", ids("ann", "ben")},
			{"eve", ids()}, // in no channel: an empty list, not null
		} {
			got, err := s.KnownUserIDs(ctx, users[tc.user].Id)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" || got == nil {
				t.Errorf("KnownUserIDs(%s) (-want +got):\n%s", tc.user, diff)
			}
		}
	})
}

func TestCountUsersFiltered(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u := map[string]*model.User{}
		u["plain"] = accountUser(t, s, "plain", "plain@example.com", nil)
		u["admin"] = accountUser(t, s, "admin", "admin@example.com", func(u *model.User) { u.Roles = "system_admin system_user" })
		u["guest"] = accountUser(t, s, "guest", "guest@example.com", func(u *model.User) { u.Roles = "system_guest" })
		u["gone"] = accountUser(t, s, "gone", "gone@example.com", func(u *model.User) { u.DeleteAt = 5 })
		u["bot"] = accountUser(t, s, "bot", "bot@example.com", func(u *model.User) { u.IsBot = true })
		u["remote"] = accountUser(t, s, "remote", "remote@example.com", func(u *model.User) { r := model.NewId(); u.RemoteId = &r })
		u["teamadmin"] = accountUser(t, s, "teamadmin", "teamadmin@example.com", nil)

		team := newTeam(t, "stats", true)
		if err := s.CreateTeam(ctx, team); err != nil {
			t.Fatal(err)
		}
		for _, m := range []struct {
			name  string
			admin bool
		}{{"plain", false}, {"admin", true}, {"gone", false}, {"bot", false}, {"teamadmin", true}} {
			if err := s.SaveTeamMember(ctx, &model.TeamMember{TeamId: team.Id, UserId: u[m.name].Id, SchemeUser: true, SchemeAdmin: m.admin, CreateAt: 1}, -1); err != nil {
				t.Fatal(err)
			}
		}
		// A former member does not count.
		if err := s.SaveTeamMember(ctx, &model.TeamMember{TeamId: team.Id, UserId: u["guest"].Id, SchemeGuest: true, CreateAt: 1}, -1); err != nil {
			t.Fatal(err)
		}
		if err := s.RemoveTeamMember(ctx, team.Id, u["guest"].Id, 9); err != nil {
			t.Fatal(err)
		}
		ch := newChannel(t, team.Id, "stats-chan", model.ChannelTypeOpen)
		if err := s.CreateChannel(ctx, ch, -1); err != nil {
			t.Fatal(err)
		}
		for _, m := range []struct {
			name  string
			admin bool
		}{{"plain", true}, {"teamadmin", false}, {"remote", false}} {
			cm := &model.ChannelMember{ChannelId: ch.Id, UserId: u[m.name].Id, SchemeUser: true, SchemeAdmin: m.admin, NotifyProps: model.DefaultChannelNotifyProps()}
			if err := s.SaveChannelMember(ctx, cm); err != nil {
				t.Fatal(err)
			}
		}

		for _, tc := range []struct {
			name string
			c    store.UserCount
			want int64
		}{
			{"default: active humans of this server", store.UserCount{}, 4}, // plain, admin, guest, teamadmin
			{"deleted", store.UserCount{IncludeDeleted: true}, 5},
			{"bots", store.UserCount{IncludeBots: true}, 5},
			{"remote", store.UserCount{IncludeRemote: true}, 5},
			{"everyone", store.UserCount{IncludeDeleted: true, IncludeBots: true, IncludeRemote: true}, 7},
			{"in team", store.UserCount{InTeam: team.Id}, 3},
			{"in team, all kinds", store.UserCount{InTeam: team.Id, IncludeDeleted: true, IncludeBots: true}, 5},
			{"team admins (system admins are not)", store.UserCount{InTeam: team.Id, TeamRoles: []string{"team_admin"}}, 1},
			{"team users", store.UserCount{InTeam: team.Id, TeamRoles: []string{"team_user"}}, 1},
			{"in channel", store.UserCount{InChannel: ch.Id}, 2},
			{"in channel with remote", store.UserCount{InChannel: ch.Id, IncludeRemote: true}, 3},
			{"channel admins", store.UserCount{InChannel: ch.Id, ChannelRoles: []string{"channel_admin"}}, 1},
			{"team wins over channel", store.UserCount{InTeam: team.Id, InChannel: ch.Id, ChannelRoles: []string{"channel_admin"}}, 3},
			{"system admins", store.UserCount{Roles: []string{"system_admin"}}, 1},
			{"system_user means plain users", store.UserCount{Roles: []string{"system_user"}}, 2},
			{"guests", store.UserCount{Roles: []string{"system_guest"}}, 1},
			{"system or team role", store.UserCount{InTeam: team.Id, Roles: []string{"system_admin"}, TeamRoles: []string{"team_admin"}}, 2},
			{"unknown team", store.UserCount{InTeam: model.NewId()}, 0},
		} {
			got, err := s.CountUsersFiltered(ctx, tc.c)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			if got != tc.want {
				t.Errorf("%s: %d, want %d", tc.name, got, tc.want)
			}
		}
	})
}

func TestListUsersWithInvalidEmails(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		accountUser(t, s, "ok1", "ok1@example.com", nil)
		accountUser(t, s, "ok2", "OK2@Corp_X.org", nil)
		accountUser(t, s, "bad1", "bad1@other.net", nil)
		accountUser(t, s, "bad2", "bad2@sub.example.com", nil) // a subdomain is another domain
		accountUser(t, s, "bad3", "bad3@corpyx.org", nil)      // "_" is no wildcard
		accountUser(t, s, "bad4", "example.com@evil.io", nil)  // the domain must follow "@"
		accountUser(t, s, "agone", "gone@other.net", func(u *model.User) { u.DeleteAt = 1 })
		accountUser(t, s, "aguest", "guest@other.net", func(u *model.User) { u.Roles = "system_guest" })
		accountUser(t, s, "abot", "bot@other.net", func(u *model.User) { u.IsBot = true })
		accountUser(t, s, "asso", "sso@other.net", func(u *model.User) {
			u.AuthService, u.PasswordHash = "gitlab", ""
			d := "gl-1"
			u.AuthData = &d
		})
		domains := []string{"example.com", "corp_x.org"}
		got, err := s.ListUsersWithInvalidEmails(ctx, domains, 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{"bad1", "bad2", "bad3", "bad4"}, usernames(got)); diff != "" {
			t.Errorf("invalid emails (-want +got):\n%s", diff)
		}
		page, err := s.ListUsersWithInvalidEmails(ctx, domains, 2, 1)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{"bad3"}, usernames(page)); diff != "" {
			t.Errorf("page 3 of 1 (-want +got):\n%s", diff)
		}
		if none, err := s.ListUsersWithInvalidEmails(ctx, nil, 0, 100); err != nil || none == nil || len(none) != 0 {
			t.Errorf("without domains: %v, %v (want an empty list)", usernames(none), err)
		}
	})
}

func TestSearchAccessTokens(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		alice := accountUser(t, s, "alice", "alice@example.com", nil)
		al := accountUser(t, s, "al_x", "alx@example.com", nil)
		bob := accountUser(t, s, "bob", "bob@example.com", nil)
		tokens := map[string]*model.UserAccessToken{}
		for name, u := range map[string]*model.User{"alice1": alice, "alice2": alice, "alx": al, "bob": bob} {
			tok := &model.UserAccessToken{Id: model.NewId(), Token: model.NewToken(), UserId: u.Id, Description: name, IsActive: name != "alice2"}
			if err := s.CreateAccessToken(ctx, tok); err != nil {
				t.Fatal(err)
			}
			tokens[name] = tok
		}
		descriptions := func(list []*model.UserAccessToken) []string {
			out := []string{}
			for _, t := range list {
				out = append(out, t.Description)
			}
			slices.Sort(out)
			return out
		}
		for _, tc := range []struct {
			term string
			want []string
		}{
			{"alice", []string{"alice1", "alice2"}},
			{"ALI", []string{"alice1", "alice2"}}, // usernames are lower case
			{"al", []string{"alice1", "alice2", "alx"}},
			{"al_", []string{"alx"}}, // "_" is taken literally
			{"%", []string{}},
			{bob.Id, []string{"bob"}},
			{tokens["alx"].Id, []string{"alx"}},
			{tokens["bob"].Id[:20], []string{"bob"}},
			{"nobody", []string{}},
		} {
			got, err := s.SearchAccessTokens(ctx, tc.term)
			if err != nil {
				t.Fatalf("%q: %v", tc.term, err)
			}
			if diff := cmp.Diff(tc.want, descriptions(got)); diff != "" {
				t.Errorf("search %q (-want +got):\n%s", tc.term, diff)
			}
			for _, tok := range got {
				if tok.Token != "" {
					t.Errorf("search %q returned a token secret", tc.term)
				}
				if tok.Description == "alice2" && tok.IsActive {
					t.Errorf("disabled token reported active")
				}
			}
		}
	})
}

func TestAttachSessionDevice(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u := accountUser(t, s, "mobile", "mobile@example.com", nil)
		sess := &model.Session{Id: model.NewId(), Token: model.NewToken(), CreateAt: 1, ExpiresAt: 100, LastActivityAt: 1,
			UserId: u.Id, Roles: "system_user", Props: model.StringMap{"csrf": "c"}}
		if err := s.CreateSession(ctx, sess); err != nil {
			t.Fatal(err)
		}
		props := model.StringMap{"csrf": "c", "is_mobile": "true", "mobile_version": "2.1.0"}
		if err := s.AttachSessionDevice(ctx, sess.Id, "apple_rn-v2:tok", 5000, props); err != nil {
			t.Fatal(err)
		}
		got, err := s.GetSession(ctx, sess.Id)
		if err != nil {
			t.Fatal(err)
		}
		if got.DeviceId != "apple_rn-v2:tok" || got.ExpiresAt != 5000 || !cmp.Equal(got.Props, props) || got.TokenHash != store.HashToken(sess.Token) {
			t.Errorf("after attaching: %+v", got)
		}
		if err := s.AttachSessionDevice(ctx, model.NewId(), "d", 1, nil); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown session: %v", err)
		}
	})
}
