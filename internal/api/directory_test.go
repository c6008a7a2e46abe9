package api_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"roster/internal/apitest"
	"roster/internal/config"
	"roster/internal/model"
)

// world: admin1 (system admin), alice, bob, carol (no team), dave (deactivated), eve (guest).
// Team t1 (open, admin1's): alice, bob, dave, eve. Team t2 (private, bob's): bob.
// Channel c1 (public, alice's, in t1): alice, bob, eve. Channel c2 (private, alice's): alice.
type world struct {
	admin, alice, bob, carol, dave, eve *apitest.NewUser
	t1, t2                              model.Team
	c1, c2                              model.Channel
}

func buildWorld(t *testing.T, s *apitest.Server) *world {
	t.Helper()
	w := &world{}
	w.admin = newPerson(t, s, "admin1", "Ada", "Min", "", "")
	w.alice = newPerson(t, s, "alice", "Alice", "Liddell", "wonder", "")
	w.bob = newPerson(t, s, "bob", "Bob", "Builder", "", "")
	w.carol = newPerson(t, s, "carol", "Élodie", "Carré", "", "")
	w.dave = newPerson(t, s, "dave", "Иван", "Петров", "", "")
	w.eve = newPerson(t, s, "eve", "王", "小明", "", "system_guest")
	w.t1 = createTeam(t, w.admin.Client, "team-one", true)
	for _, u := range []*apitest.NewUser{w.alice, w.bob, w.dave, w.eve} {
		addToTeam(t, w.admin.Client, w.t1.Id, u.User.Id)
	}
	w.t2 = createTeam(t, w.bob.Client, "team-two", false)
	w.c1 = createChannel(t, w.alice.Client, w.t1.Id, "chan-one", "O")
	addToChannel(t, w.alice.Client, w.c1.Id, w.bob.User.Id)
	addToChannel(t, w.alice.Client, w.c1.Id, w.eve.User.Id)
	w.c2 = createChannel(t, w.alice.Client, w.t1.Id, "chan-two", "P")
	if r := w.admin.Client.Do("PUT", "/api/v4/users/"+w.dave.User.Id+"/active", map[string]bool{"active": false}); r.Status != 200 {
		t.Fatalf("deactivate dave: %d %s", r.Status, r.Body)
	}
	return w
}

func TestGetUsersFilters(t *testing.T) {
	t.Parallel()
	forEachDB(t, nil, func(t *testing.T, s *apitest.Server) {
		w := buildWorld(t, s)
		t1, t2, c1 := w.t1.Id, w.t2.Id, w.c1.Id
		tests := []struct {
			query string
			want  []string
		}{
			{"", []string{"admin1", "alice", "bob", "carol", "dave", "eve"}},
			{"?active=true", []string{"admin1", "alice", "bob", "carol", "eve"}},
			{"?inactive=true", []string{"dave"}},
			{"?per_page=2&page=1", []string{"bob", "carol"}},
			{"?per_page=0", []string{}},
			{"?per_page=junk&page=-3", []string{"admin1", "alice", "bob", "carol", "dave", "eve"}},
			{"?per_page=500", []string{"admin1", "alice", "bob", "carol", "dave", "eve"}},
			{"?in_team=" + t1, []string{"admin1", "alice", "bob", "dave", "eve"}},
			{"?in_team=" + t1 + "&active=true", []string{"admin1", "alice", "bob", "eve"}},
			{"?in_team=" + t1 + "&in_channel=" + c1, []string{"admin1", "alice", "bob", "dave", "eve"}}, // in_team wins
			{"?in_team=" + t2, []string{"bob"}},
			{"?not_in_team=" + t1, []string{"carol"}},
			{"?not_in_team=" + t2, []string{"admin1", "alice", "carol", "dave", "eve"}},
			{"?not_in_team=" + t1 + "&group_constrained=true", []string{}},
			{"?in_channel=" + c1, []string{"alice", "bob", "eve"}},
			{"?in_channel=" + c1 + "&inactive=true", []string{}},
			{"?in_team=" + t1 + "&not_in_channel=" + c1, []string{"admin1", "dave"}},
			{"?without_team=true", []string{"carol"}},
			{"?without_team=junk", []string{"admin1", "alice", "bob", "carol", "dave", "eve"}},
			{"?role=system_admin", []string{"admin1"}},
			{"?role=system_guest", []string{"eve"}},
			// role= also filters as roles=, where system_user matches that role alone.
			{"?role=system_user", []string{"alice", "bob", "carol", "dave"}},
			{"?roles=system_admin,system_guest", []string{"admin1", "eve"}},
			{"?roles=system_user,,", []string{"alice", "bob", "carol", "dave"}},
			{"?without_team=true&role=system_user", []string{"carol"}},
			{"?in_team=" + t1 + "&team_roles=team_user", []string{"alice", "bob", "dave"}},
			{"?in_team=" + t1 + "&team_roles=team_guest", []string{"eve"}},
			// team_admin: admin1 administers t1 but is a system admin, so is not counted.
			{"?in_team=" + t1 + "&team_roles=team_admin", []string{}},
			{"?in_team=" + t2 + "&team_roles=team_admin", []string{"bob"}},
			{"?team_roles=team_admin", []string{"admin1", "alice", "bob", "carol", "dave", "eve"}}, // ignored without in_team
			{"?in_channel=" + c1 + "&channel_roles=channel_admin", []string{"alice"}},
			{"?in_channel=" + c1 + "&channel_roles=channel_user,channel_guest", []string{"bob", "eve"}},
			{"?in_channel=" + c1 + "&roles=system_guest&channel_roles=channel_admin", []string{"alice", "eve"}},
			{"?in_channel=" + c1 + "&sort=admin", []string{"alice", "bob", "eve"}},
			{"?in_channel=" + c1 + "&sort=status", []string{"alice", "bob", "eve"}},
		}
		for _, tc := range tests {
			got := listNames(t, w.admin.Client, "/api/v4/users"+tc.query)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("GET /users%s (-want +got):\n%s", tc.query, diff)
			}
		}

		// Newest accounts first; departed members included.
		if r := w.admin.Client.Do("DELETE", "/api/v4/teams/"+t1+"/members/"+w.alice.User.Id, nil); r.Status != 200 {
			t.Fatal(r.Status)
		}
		byCreate := decode[[]model.User](t, w.admin.Client.Do("GET", "/api/v4/users?in_team="+t1+"&sort=create_at", nil))
		if len(byCreate) != 5 || !slices.IsSortedFunc(byCreate, func(a, b model.User) int { return int(b.CreateAt - a.CreateAt) }) {
			t.Errorf("sort=create_at = %v", userNames(byCreate))
		}
		if slices.Contains(listNames(t, w.admin.Client, "/api/v4/users?in_team="+t1), "alice") {
			t.Error("a departed member is listed in the team")
		}
		// Most recently active first, with last_activity_at; dave's sessions were revoked.
		byActivity := decode[[]model.User](t, w.admin.Client.Do("GET", "/api/v4/users?in_team="+t1+"&sort=last_activity_at", nil))
		if len(byActivity) != 5 || byActivity[len(byActivity)-1].Username != "dave" || byActivity[len(byActivity)-1].LastActivityAt != 0 ||
			!slices.IsSortedFunc(byActivity, func(a, b model.User) int { return int(b.LastActivityAt - a.LastActivityAt) }) {
			t.Errorf("sort=last_activity_at = %+v", byActivity)
		}
		if byActivity[0].LastActivityAt == 0 {
			t.Error("last_activity_at missing")
		}

		// Lists use the profile variant for everyone, the caller included.
		raw := w.alice.Client.Do("GET", "/api/v4/users?per_page=200", nil)
		var maps []map[string]any
		if err := json.Unmarshal(raw.Body, &maps); err != nil {
			t.Fatal(err)
		}
		for _, m := range maps {
			if _, ok := m["notify_props"]; ok {
				t.Errorf("%v: notify_props in a list", m["username"])
			}
			if m["auth_data"] != "" || m["password"] != nil {
				t.Errorf("%v: secrets in a list", m["username"])
			}
		}
	})
}

func TestGetUsersErrors(t *testing.T) {
	t.Parallel()
	forEachDB(t, func(c *config.Config) { c.TeamSettings.ExperimentalViewArchivedChannels = false }, func(t *testing.T, s *apitest.Server) {
		w := buildWorld(t, s)
		t1, c1, c2 := w.t1.Id, w.c1.Id, w.c2.Id
		tests := []struct {
			name   string
			c      *apitest.Client
			query  string
			status int
			id     string
		}{
			{"not_in_channel needs in_team", w.admin.Client, "?not_in_channel=" + c1, 400, "api.context.invalid_url_param.app_error"},
			{"unknown sort", w.admin.Client, "?sort=bogus", 400, "api.context.invalid_url_param.app_error"},
			{"create_at needs in_team", w.admin.Client, "?sort=create_at", 400, "api.context.invalid_url_param.app_error"},
			{"last_activity_at with in_channel", w.admin.Client, "?sort=last_activity_at&in_team=" + t1 + "&in_channel=" + c1, 400, "api.context.invalid_url_param.app_error"},
			{"create_at with without_team, even false", w.admin.Client, "?sort=create_at&in_team=" + t1 + "&without_team=false", 400, "api.context.invalid_url_param.app_error"},
			{"status needs in_channel", w.admin.Client, "?sort=status&in_team=" + t1, 400, "api.context.invalid_url_param.app_error"},
			{"admin needs in_channel", w.admin.Client, "?sort=admin", 400, "api.context.invalid_url_param.app_error"},
			{"display_name needs in_group", w.admin.Client, "?sort=display_name", 400, "api.context.invalid_url_param.app_error"},
			{"active and inactive", w.admin.Client, "?active=true&inactive=true", 400, "api.context.invalid_url_param.app_error"},
			{"unknown role", w.admin.Client, "?role=nope", 400, "api.context.invalid_body_param.app_error"},
			{"malformed role", w.admin.Client, "?role=Bad-Role", 400, "api.context.invalid_body_param.app_error"},
			{"unknown roles entry", w.admin.Client, "?roles=system_user,nope", 400, "api.context.invalid_body_param.app_error"},
			{"unknown channel role", w.admin.Client, "?in_channel=" + c1 + "&channel_roles=nope", 400, "api.context.invalid_body_param.app_error"},
			{"unknown team role", w.admin.Client, "?in_team=" + t1 + "&team_roles=team_nope", 400, "api.context.invalid_body_param.app_error"},
			{"groups do not exist", w.admin.Client, "?in_group=" + model.NewId(), 404, "app.group.no_rows"},
			{"unknown channel with archived channels hidden", w.admin.Client, "?in_channel=" + model.NewId(), 404, "app.channel.get.existing.app_error"},
			// Permissions, per scope.
			{"without_team needs list_users_without_team", w.bob.Client, "?without_team=true", 403, "api.context.permissions.app_error"},
			{"in_team needs view_team", w.carol.Client, "?in_team=" + t1, 403, "api.context.permissions.app_error"},
			{"not_in_team needs view_team", w.carol.Client, "?not_in_team=" + t1, 403, "api.context.permissions.app_error"},
			{"private team of others", w.alice.Client, "?in_team=" + w.t2.Id, 403, "api.context.permissions.app_error"},
			{"in_channel needs read_channel", w.bob.Client, "?in_channel=" + c2, 403, "api.context.permissions.app_error"},
			{"public channel not joined", w.admin.Client, "?in_channel=" + c1 + "&per_page=1", 200, ""},
			{"not_in_channel needs read_channel", w.carol.Client, "?in_team=" + t1 + "&not_in_channel=" + c1, 403, "api.context.permissions.app_error"},
			{"anonymous", s.Client(), "", 401, "api.context.session_expired.app_error"},
		}
		for _, tc := range tests {
			r := tc.c.Do("GET", "/api/v4/users"+tc.query, nil)
			t.Run(tc.name, func(t *testing.T) {
				if tc.status == 200 {
					if r.Status != 200 {
						t.Errorf("status %d %s", r.Status, r.Body)
					}
					return
				}
				wantError(t, r, tc.status, tc.id)
			})
		}
		// A team member reads the team and a channel it is in; anyone reads the whole list.
		if got := listNames(t, w.bob.Client, "/api/v4/users?in_team="+t1+"&not_in_channel="+c1); !slices.Equal(got, []string{"admin1", "dave"}) {
			t.Errorf("bob: team members not in c1 = %v", got)
		}
		if got := listNames(t, w.carol.Client, "/api/v4/users?active=true"); len(got) != 5 {
			t.Errorf("carol: active users = %v", got)
		}
	})
}

func TestUsersByIDsAndUsernames(t *testing.T) {
	t.Parallel()
	forEachDB(t, nil, func(t *testing.T, s *apitest.Server) {
		w := buildWorld(t, s)
		ids := []string{w.eve.User.Id, w.alice.User.Id, w.alice.User.Id, model.NewId(), "junk"}
		r := w.bob.Client.Do("POST", "/api/v4/users/ids", ids)
		if got := userNames(decode[[]model.User](t, r)); r.Status != 200 || !slices.Equal(got, []string{"alice", "eve"}) {
			t.Errorf("by ids = %d %v", r.Status, got)
		}
		if got := decode[[]model.User](t, r); got[0].NotifyProps != nil {
			t.Error("profile variant expected")
		}
		alice := decode[model.User](t, w.admin.Client.Do("GET", "/api/v4/users/"+w.alice.User.Id, nil))
		since := fmt.Sprint(alice.UpdateAt)
		if got := userNames(decode[[]model.User](t, w.bob.Client.Do("POST", "/api/v4/users/ids?since="+since, ids))); len(got) != 0 && slices.Contains(got, "alice") {
			t.Errorf("since is exclusive: %v", got)
		}
		if got := userNames(decode[[]model.User](t, w.bob.Client.Do("POST", "/api/v4/users/ids?since="+fmt.Sprint(alice.UpdateAt-1), ids))); !slices.Contains(got, "alice") {
			t.Errorf("since before alice's update: %v", got)
		}
		wantError(t, w.bob.Client.Do("POST", "/api/v4/users/ids?since=soon", ids), 400, "api.context.invalid_body_param.app_error")
		wantError(t, w.bob.Client.Do("POST", "/api/v4/users/ids", []string{}), 400, "api.context.invalid_body_param.app_error")
		wantError(t, w.bob.Client.Do("POST", "/api/v4/users/ids", `{"ids": []}`), 400, "api.context.invalid_body_param.app_error")

		r = w.bob.Client.Do("POST", "/api/v4/users/usernames", []string{"eve", "Alice", "nobody", "carol", "eve"})
		if got := userNames(decode[[]model.User](t, r)); r.Status != 200 || !slices.Equal(got, []string{"carol", "eve"}) {
			t.Errorf("by usernames = %d %v", r.Status, got)
		}
		wantError(t, w.bob.Client.Do("POST", "/api/v4/users/usernames", "[]"), 400, "api.context.invalid_body_param.app_error")
		wantError(t, w.bob.Client.Do("POST", "/api/v4/users/usernames", `["a", 1]`), 400, "api.context.invalid_body_param.app_error")

		// Long lists are looked up in chunks and still answered in username order.
		many := []string{w.eve.User.Id}
		for range 2500 {
			many = append(many, model.NewId())
		}
		many = append(many, w.alice.User.Id, w.carol.User.Id)
		if got := userNames(decode[[]model.User](t, w.bob.Client.Do("POST", "/api/v4/users/ids", many))); !slices.Equal(got, []string{"alice", "carol", "eve"}) {
			t.Errorf("by 2503 ids = %v", got)
		}

		stats := decode[model.UsersStats](t, w.bob.Client.Do("GET", "/api/v4/users/stats", nil))
		if stats.TotalUsersCount != 5 {
			t.Errorf("stats = %+v, want 5 active users", stats)
		}
	})
}

func TestSearchUsers(t *testing.T) {
	t.Parallel()
	forEachDB(t, nil, func(t *testing.T, s *apitest.Server) {
		w := buildWorld(t, s)
		search := func(c *apitest.Client, body map[string]any) []string {
			t.Helper()
			r := c.Do("POST", "/api/v4/users/search", body)
			if r.Status != 200 {
				t.Fatalf("search %v: %d %s", body, r.Status, r.Body)
			}
			return userNames(decode[[]model.User](t, r))
		}
		tests := []struct {
			name string
			body map[string]any
			want []string
		}{
			{"substring of username", map[string]any{"term": "li"}, []string{"alice"}},
			{"words across columns, any case", map[string]any{"term": "ALICE lid"}, []string{"alice"}},
			{"leading @", map[string]any{"term": "@bob"}, []string{"bob"}},
			{"nickname", map[string]any{"term": "wonder"}, []string{"alice"}},
			{"email by default", map[string]any{"term": "carol@"}, []string{"carol"}},
			{"accented, folded", map[string]any{"term": "élodie"}, []string{"carol"}},
			{"accented upper case", map[string]any{"term": "CARRÉ"}, []string{"carol"}},
			{"CJK", map[string]any{"term": "小明"}, []string{"eve"}},
			{"deactivated excluded", map[string]any{"term": "иван"}, []string{}},
			{"allow_inactive", map[string]any{"term": "иван", "allow_inactive": true}, []string{"dave"}},
			{"% is literal", map[string]any{"term": "%"}, []string{}},
			{"_ is literal", map[string]any{"term": "a_"}, []string{}},
			{"user id", map[string]any{"term": w.bob.User.Id}, []string{"bob"}},
			{"blank term matches everyone active", map[string]any{"term": "  "}, []string{"admin1", "alice", "bob", "carol", "eve"}},
			{"limit", map[string]any{"term": "e", "limit": 2}, []string{"admin1", "alice"}},
			{"in team", map[string]any{"term": "e", "team_id": w.t1.Id}, []string{"admin1", "alice", "bob", "eve"}},
			{"team roles in team", map[string]any{"term": "e", "team_id": w.t1.Id, "team_roles": []string{"team_guest"}}, []string{"eve"}},
			{"not in team", map[string]any{"term": "e", "not_in_team_id": w.t1.Id}, []string{"carol"}},
			{"not in team, group constrained", map[string]any{"term": "e", "not_in_team_id": w.t1.Id, "group_constrained": true}, []string{}},
			{"in channel (team ignored)", map[string]any{"term": "e", "in_channel_id": w.c1.Id, "team_id": w.t1.Id}, []string{"alice", "bob", "eve"}},
			{"channel roles", map[string]any{"term": "e", "in_channel_id": w.c1.Id, "channel_roles": []string{"channel_admin"}}, []string{"alice"}},
			{"not in channel", map[string]any{"term": "e", "not_in_channel_id": w.c1.Id, "team_id": w.t1.Id}, []string{"admin1"}},
			{"without team", map[string]any{"term": "e", "without_team": true}, []string{"carol"}},
			{"role", map[string]any{"term": "e", "role": "system_guest"}, []string{"eve"}},
			{"roles", map[string]any{"term": "e", "roles": []string{"system_admin"}}, []string{"admin1"}},
		}
		for _, tc := range tests {
			if diff := cmp.Diff(tc.want, search(w.admin.Client, tc.body)); diff != "" {
				t.Errorf("%s: %v (-want +got):\n%s", tc.name, tc.body, diff)
			}
		}
		// Repeated words count once; more than 1000 distinct words are refused.
		if got := search(w.admin.Client, map[string]any{"term": strings.Repeat("e ", 5000)}); !slices.Contains(got, "eve") {
			t.Errorf("repeated words: %v", got)
		}
		words := make([]string, 1001)
		for i := range words {
			words[i] = fmt.Sprint("w", i)
		}
		wantError(t, w.admin.Client.Do("POST", "/api/v4/users/search", map[string]any{"term": strings.Join(words, " ")}), 400, "api.context.invalid_body_param.app_error")

		// Non-admins see profile variants, ordered by username.
		r := w.bob.Client.Do("POST", "/api/v4/users/search", map[string]any{"term": "a"})
		var maps []map[string]any
		if err := json.Unmarshal(r.Body, &maps); err != nil || len(maps) == 0 {
			t.Fatalf("search as bob: %d %s", r.Status, r.Body)
		}
		for _, m := range maps {
			if _, ok := m["notify_props"]; ok {
				t.Errorf("notify_props visible in search: %v", m["username"])
			}
		}

		errorsTable := []struct {
			name   string
			c      *apitest.Client
			body   any
			status int
			id     string
		}{
			{"no term", w.bob.Client, map[string]any{"term": ""}, 400, "api.context.invalid_body_param.app_error"},
			{"not_in_channel needs team", w.bob.Client, map[string]any{"term": "a", "not_in_channel_id": w.c1.Id}, 400, "api.context.invalid_body_param.app_error"},
			{"limit too big", w.bob.Client, map[string]any{"term": "a", "limit": 1001}, 400, "api.context.invalid_body_param.app_error"},
			{"negative limit", w.bob.Client, map[string]any{"term": "a", "limit": -1}, 400, "api.context.invalid_body_param.app_error"},
			{"malformed", w.bob.Client, `{"term": 5}`, 400, "api.context.invalid_body_param.app_error"},
			{"groups do not exist", w.bob.Client, map[string]any{"term": "a", "in_group_id": model.NewId()}, 404, "app.group.no_rows"},
			{"team of others", w.carol.Client, map[string]any{"term": "a", "team_id": w.t1.Id}, 403, "api.context.permissions.app_error"},
			{"not in team of others", w.carol.Client, map[string]any{"term": "a", "not_in_team_id": w.t1.Id}, 403, "api.context.permissions.app_error"},
			{"channel not joined", w.bob.Client, map[string]any{"term": "a", "in_channel_id": w.c2.Id}, 403, "api.context.permissions.app_error"},
			{"not in channel not joined", w.bob.Client, map[string]any{"term": "a", "not_in_channel_id": w.c2.Id, "team_id": w.t1.Id}, 403, "api.context.permissions.app_error"},
			{"permission before limit", w.carol.Client, map[string]any{"term": "a", "team_id": w.t1.Id, "limit": 5000}, 403, "api.context.permissions.app_error"},
		}
		for _, tc := range errorsTable {
			r := tc.c.Do("POST", "/api/v4/users/search", tc.body)
			t.Run(tc.name, func(t *testing.T) { wantError(t, r, tc.status, tc.id) })
		}
	})
}

func TestAutocompleteUsers(t *testing.T) {
	t.Parallel()
	forEachDB(t, nil, func(t *testing.T, s *apitest.Server) {
		w := buildWorld(t, s)
		get := func(c *apitest.Client, query string) (model.UserAutocomplete, *apitest.Response) {
			t.Helper()
			r := c.Do("GET", "/api/v4/users/autocomplete"+query, nil)
			if r.Status != 200 {
				t.Fatalf("autocomplete%s: %d %s", query, r.Status, r.Body)
			}
			return decode[model.UserAutocomplete](t, r), r
		}
		q := url.Values{"in_team": {w.t1.Id}, "in_channel": {w.c1.Id}, "name": {""}}
		ac, _ := get(w.bob.Client, "?"+q.Encode())
		if !slices.Equal(userNames(derefUsers(ac.Users)), []string{"alice", "bob", "eve"}) ||
			!slices.Equal(userNames(derefUsers(ac.OutOfChannel)), []string{"admin1"}) { // dave is deactivated
			t.Errorf("channel autocomplete = %v / %v", userNames(derefUsers(ac.Users)), userNames(derefUsers(ac.OutOfChannel)))
		}
		ac, _ = get(w.bob.Client, "?in_team="+w.t1.Id+"&in_channel="+w.c1.Id+"&name=liddell")
		if len(ac.Users) != 1 || ac.Users[0].Username != "alice" || len(ac.OutOfChannel) != 0 {
			t.Errorf("by last name = %+v", ac)
		}
		ac, r := get(w.bob.Client, "?in_team="+w.t1.Id+"&name=%40ad")
		if len(ac.Users) != 1 || ac.Users[0].Username != "admin1" || strings.Contains(string(r.Body), "out_of_channel") {
			t.Errorf("team autocomplete = %s", r.Body)
		}
		// Emails are never matched; empty results are [] not null.
		_, r = get(w.admin.Client, "?name=example.com")
		if string(r.Body) != "{\"users\":[]}\n" {
			t.Errorf("email search body = %s", r.Body)
		}
		// "o": alice (nickname "wonder"), bob, carol.
		if ac, _ := get(w.carol.Client, "?name=o&limit=2"); !slices.Equal(userNames(derefUsers(ac.Users)), []string{"alice", "bob"}) {
			t.Errorf("everyone, limit 2 = %v", userNames(derefUsers(ac.Users)))
		}
		if ac, _ := get(w.carol.Client, "?name=o&limit=junk"); len(ac.Users) != 0 {
			t.Errorf("non-numeric limit = %v", userNames(derefUsers(ac.Users)))
		}
		if ac, _ := get(w.carol.Client, "?name=o&limit=100000"); len(ac.Users) != 3 {
			t.Errorf("clamped limit = %v", userNames(derefUsers(ac.Users)))
		}
		wantError(t, w.bob.Client.Do("GET", "/api/v4/users/autocomplete?in_channel="+w.c1.Id, nil), 400, "api.user.autocomplete_users.missing_team_id.app_error")
		wantError(t, w.carol.Client.Do("GET", "/api/v4/users/autocomplete?in_team="+w.t1.Id, nil), 403, "api.context.permissions.app_error")
		wantError(t, w.bob.Client.Do("GET", "/api/v4/users/autocomplete?in_team="+w.t1.Id+"&in_channel="+w.c2.Id, nil), 403, "api.context.permissions.app_error")
	})
}

func derefUsers(list []*model.User) []model.User {
	out := make([]model.User, len(list))
	for i, u := range list {
		out[i] = *u
	}
	return out
}

func TestDirectoryPrivacy(t *testing.T) {
	t.Parallel()
	forEachDB(t, func(c *config.Config) {
		c.PrivacySettings.ShowEmailAddress = false
		c.PrivacySettings.ShowFullName = false
	}, func(t *testing.T, s *apitest.Server) {
		w := buildWorld(t, s)
		search := func(c *apitest.Client, term string) []model.User {
			t.Helper()
			return decode[[]model.User](t, c.Do("POST", "/api/v4/users/search", map[string]any{"term": term}))
		}
		if got := search(w.bob.Client, "carol@"); len(got) != 0 {
			t.Errorf("hidden emails are searchable: %v", userNames(got))
		}
		if got := search(w.bob.Client, "liddell"); len(got) != 0 {
			t.Errorf("hidden full names are searchable: %v", userNames(got))
		}
		if got := search(w.admin.Client, "carol@"); len(got) != 1 {
			t.Errorf("admin searches emails: %v", userNames(got))
		}
		if got := search(w.admin.Client, "liddell"); len(got) != 1 || got[0].LastName != "Liddell" || got[0].Email == "" {
			t.Errorf("admin search = %+v", got)
		}
		got := search(w.bob.Client, "alice")
		if len(got) != 1 || got[0].Email != "" || got[0].FirstName != "" || got[0].Nickname != "wonder" {
			t.Errorf("privacy not applied to results: %+v", got)
		}
		if ac := decode[model.UserAutocomplete](t, w.bob.Client.Do("GET", "/api/v4/users/autocomplete?name=liddell", nil)); len(ac.Users) != 0 {
			t.Errorf("autocomplete matched a hidden full name")
		}
		if ac := decode[model.UserAutocomplete](t, w.admin.Client.Do("GET", "/api/v4/users/autocomplete?name=liddell", nil)); len(ac.Users) != 1 {
			t.Errorf("admin autocomplete by full name = %+v", ac)
		}
		for _, u := range decode[[]model.User](t, w.bob.Client.Do("GET", "/api/v4/users", nil)) {
			if u.Email != "" || u.FirstName != "" {
				t.Errorf("list shows %s's email or name", u.Username)
			}
		}
	})
}

// A viewer without view_members (a guest) sees only the users it shares a channel with,
// in every list, search and lookup.
func TestViewRestrictions(t *testing.T) {
	t.Parallel()
	forEachDB(t, nil, func(t *testing.T, s *apitest.Server) {
		w := buildWorld(t, s)
		eve := w.eve.Client
		visible := []string{"alice", "bob", "eve"}
		if got := listNames(t, eve, "/api/v4/users"); !slices.Equal(got, visible) {
			t.Errorf("guest's user list = %v", got)
		}
		if got := listNames(t, eve, "/api/v4/users?in_team="+w.t1.Id); !slices.Equal(got, visible) {
			t.Errorf("guest's team list = %v", got)
		}
		if got := userNames(decode[[]model.User](t, eve.Do("POST", "/api/v4/users/ids", []string{w.carol.User.Id, w.alice.User.Id}))); !slices.Equal(got, []string{"alice"}) {
			t.Errorf("guest by ids = %v", got)
		}
		if got := userNames(decode[[]model.User](t, eve.Do("POST", "/api/v4/users/usernames", []string{"carol", "bob"}))); !slices.Equal(got, []string{"bob"}) {
			t.Errorf("guest by usernames = %v", got)
		}
		if got := userNames(decode[[]model.User](t, eve.Do("POST", "/api/v4/users/search", map[string]any{"term": "b"}))); !slices.Equal(got, []string{"bob"}) {
			t.Errorf("guest search = %v", got)
		}
		if ac := decode[model.UserAutocomplete](t, eve.Do("GET", "/api/v4/users/autocomplete?name=a", nil)); !slices.Equal(userNames(derefUsers(ac.Users)), []string{"alice"}) {
			t.Errorf("guest autocomplete = %v", userNames(derefUsers(ac.Users)))
		}
		if stats := decode[model.UsersStats](t, eve.Do("GET", "/api/v4/users/stats", nil)); stats.TotalUsersCount != 3 {
			t.Errorf("guest stats = %+v", stats)
		}
		if members := decode[[]model.TeamMember](t, eve.Do("GET", "/api/v4/teams/"+w.t1.Id+"/members", nil)); len(members) != 3 {
			t.Errorf("guest sees %d team members, want 3", len(members))
		}
		// Single lookups: 403 for users out of sight, unknown usernames included.
		if r := eve.Do("GET", "/api/v4/users/"+w.alice.User.Id, nil); r.Status != 200 {
			t.Errorf("guest reads alice: %d", r.Status)
		}
		wantError(t, eve.Do("GET", "/api/v4/users/"+w.carol.User.Id, nil), 403, "api.context.permissions.app_error")
		wantError(t, eve.Do("GET", "/api/v4/users/username/carol", nil), 403, "api.context.permissions.app_error")
		wantError(t, eve.Do("GET", "/api/v4/users/username/nobody", nil), 403, "api.context.permissions.app_error")
		wantError(t, eve.Do("GET", "/api/v4/teams/"+w.t1.Id+"/members/"+w.admin.User.Id, nil), 403, "api.context.permissions.app_error")
		wantError(t, eve.Do("GET", "/api/v4/users/"+w.admin.User.Id+"/teams/members", nil), 403, "api.context.permissions.app_error")

		// Once out of the channel, the guest sees nobody else, at once.
		if r := w.alice.Client.Do("DELETE", "/api/v4/channels/"+w.c1.Id+"/members/"+w.eve.User.Id, nil); r.Status != 200 {
			t.Fatalf("remove eve: %d %s", r.Status, r.Body)
		}
		wantError(t, eve.Do("GET", "/api/v4/users/"+w.alice.User.Id, nil), 403, "api.context.permissions.app_error")
		if got := listNames(t, eve, "/api/v4/users"); len(got) != 0 {
			t.Errorf("guest without channels sees %v", got)
		}
		if r := eve.Do("GET", "/api/v4/users/me", nil); r.Status != 200 {
			t.Errorf("guest reads itself: %d", r.Status)
		}
	})
}
