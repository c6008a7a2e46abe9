package api_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"roster/internal/apitest"
	"roster/internal/config"
	"roster/internal/model"
)

func TestCreateTeam(t *testing.T) {
	t.Parallel()
	forEachDB(t, nil, func(t *testing.T, s *apitest.Server) {
		s.CreateUser(t, true)
		alice := newPerson(t, s, "alice", "Alice", "Liddell", "", "")
		r := alice.Client.Do("POST", "/api/v4/teams", map[string]any{"name": "alpha", "display_name": "Alpha", "type": "O",
			"allow_open_invite": true, "email": "ignored@elsewhere.org", "invite_id": "mine", "create_at": 5})
		if r.Status != 201 {
			t.Fatalf("create: %d %s", r.Status, r.Body)
		}
		raw := r.Map(t)
		for _, k := range []string{"scheme_id", "group_constrained", "policy_id"} {
			if v, ok := raw[k]; !ok || v != nil {
				t.Errorf("%s = %v (present %v), want null", k, v, ok)
			}
		}
		if _, ok := raw["last_team_icon_update"]; ok {
			t.Error("last_team_icon_update must be omitted when 0")
		}
		team := decode[model.Team](t, r)
		if team.Email != alice.User.Email || team.InviteId == "" || team.InviteId == "mine" || team.Type != "O" ||
			!team.AllowOpenInvite || team.CreateAt <= 5 || team.DisplayName != "Alpha" || len(team.Id) != 26 {
			t.Errorf("created team = %+v", team)
		}

		// The creator is team admin and channel admin of the default channels.
		m := decode[model.TeamMember](t, alice.Client.Do("GET", "/api/v4/teams/"+team.Id+"/members/"+alice.User.Id, nil))
		if m.Roles != "team_user team_admin" || !m.SchemeAdmin || !m.SchemeUser || m.ExplicitRoles != "" || m.DeleteAt != 0 {
			t.Errorf("creator membership = %+v", m)
		}
		for _, name := range []string{"town-square", "off-topic"} {
			ch, err := s.Store.GetChannelByName(context.Background(), team.Id, name)
			if err != nil {
				t.Fatalf("default channel %s: %v", name, err)
			}
			if ch.Type != "O" || (name == "town-square" && ch.DisplayName != "Town Square") || (name == "off-topic" && ch.DisplayName != "Off-Topic") {
				t.Errorf("default channel = %+v", ch)
			}
			members := decode[[]model.ChannelMember](t, alice.Client.Do("GET", "/api/v4/channels/"+ch.Id+"/members", nil))
			if len(members) != 1 || members[0].Roles != "channel_user channel_admin" || members[0].NotifyProps["push"] != "default" {
				t.Errorf("%s members = %+v", name, members)
			}
		}

		// A team that does not allow open invites is invite-only, whatever its type.
		closed := decode[model.Team](t, alice.Client.Do("POST", "/api/v4/teams", map[string]any{"name": "beta", "display_name": "Beta", "type": "O"}))
		if closed.Type != "I" || closed.AllowOpenInvite {
			t.Errorf("team without allow_open_invite = type %q open %v", closed.Type, closed.AllowOpenInvite)
		}

		guest := newPerson(t, s, "guest1", "", "", "", "system_guest")
		tests := []struct {
			name   string
			c      *apitest.Client
			body   any
			status int
			id     string
		}{
			{"duplicate name", alice.Client, map[string]any{"name": "alpha", "display_name": "Again"}, 400, "app.team.save.existing.app_error"},
			{"reserved prefix", alice.Client, map[string]any{"name": "helpdesk", "display_name": "H"}, 400, "model.team.is_valid.reserved.app_error"},
			{"bad characters", alice.Client, map[string]any{"name": "Bad Name", "display_name": "B"}, 400, "model.team.is_valid.characters.app_error"},
			{"too short", alice.Client, map[string]any{"name": "a", "display_name": "B"}, 400, "model.team.is_valid.characters.app_error"},
			{"no display name", alice.Client, map[string]any{"name": "gamma"}, 400, "model.team.is_valid.name.app_error"},
			{"long description", alice.Client, map[string]any{"name": "gamma", "display_name": "G", "description": strings.Repeat("d", 256)}, 400, "model.team.is_valid.description.app_error"},
			{"client id", alice.Client, map[string]any{"id": model.NewId(), "name": "gamma", "display_name": "G"}, 400, "app.team.save.existing.app_error"},
			{"malformed", alice.Client, `{"name": 3}`, 400, "api.context.invalid_body_param.app_error"},
			{"scheme without permission", alice.Client, map[string]any{"name": "gamma", "display_name": "G", "scheme_id": model.NewId()}, 403, "api.context.permissions.app_error"},
			{"guest may not create", guest.Client, map[string]any{"name": "gamma", "display_name": "G"}, 403, "api.team.is_team_creation_allowed.disabled.app_error"},
			{"anonymous", s.Client(), map[string]any{"name": "gamma", "display_name": "G"}, 401, "api.context.session_expired.app_error"},
		}
		for _, tc := range tests {
			r := tc.c.Do("POST", "/api/v4/teams", tc.body)
			t.Run(tc.name, func(t *testing.T) { wantError(t, r, tc.status, tc.id) })
		}
	})
}

func TestTeamEmailDomains(t *testing.T) {
	t.Parallel()
	forEachDB(t, func(c *config.Config) { c.TeamSettings.RestrictCreationToDomains = "example.com, example.net" }, func(t *testing.T, s *apitest.Server) {
		admin := s.CreateUser(t, true)
		alice := newPerson(t, s, "alice", "", "", "", "")
		wantError(t, alice.Client.Do("POST", "/api/v4/teams", map[string]any{"name": "alpha", "display_name": "A", "allowed_domains": "other.org"}),
			400, "api.team.is_team_creation_allowed.domain.app_error")
		team := decode[model.Team](t, alice.Client.Do("POST", "/api/v4/teams", map[string]any{"name": "alpha", "display_name": "A",
			"allowed_domains": "@example.com", "allow_open_invite": true}))
		if team.AllowedDomains != "@example.com" {
			t.Errorf("allowed_domains = %q", team.AllowedDomains)
		}
		// An admin created this user with a domain the team does not allow.
		outsider, err := s.App.CreateUserByOperator(context.Background(), &model.User{Username: "net", Email: "net@example.net", Password: "Passw0rd-x"}, false)
		if err != nil {
			t.Fatal(err)
		}
		wantError(t, admin.Client.Do("POST", "/api/v4/teams/"+team.Id+"/members", map[string]string{"team_id": team.Id, "user_id": outsider.Id}),
			400, "api.team.join_user_to_team.allowed_domains.app_error")
	})
}

func TestListAndGetTeams(t *testing.T) {
	t.Parallel()
	forEachDB(t, nil, func(t *testing.T, s *apitest.Server) {
		admin := s.CreateUser(t, true)
		alice := newPerson(t, s, "alice", "", "", "", "")
		guest := newPerson(t, s, "guest1", "", "", "", "system_guest")
		secret := createTeam(t, admin.Client, "secret", false)
		public := createTeam(t, admin.Client, "public", true)

		teams := decode[[]model.Team](t, alice.Client.Do("GET", "/api/v4/teams", nil))
		if len(teams) != 1 || teams[0].Id != public.Id || teams[0].Email != "" || teams[0].InviteId != "" {
			t.Errorf("alice's team list = %+v", teams)
		}
		all := decode[[]model.Team](t, admin.Client.Do("GET", "/api/v4/teams", nil))
		if len(all) != 2 || all[0].Id != public.Id || all[1].Id != secret.Id || all[1].InviteId == "" || all[1].Email == "" {
			t.Errorf("admin's team list (by display name) = %+v", all)
		}
		withCount := decode[model.TeamsWithCount](t, admin.Client.Do("GET", "/api/v4/teams?include_total_count=true&per_page=1&page=1", nil))
		if withCount.TotalCount != 2 || len(withCount.Teams) != 1 || withCount.Teams[0].Id != secret.Id {
			t.Errorf("paged with count = %+v", withCount)
		}
		if r := admin.Client.Do("GET", "/api/v4/teams?per_page=0", nil); r.Status != 200 || string(r.Body) != "[]\n" {
			t.Errorf("empty page = %d %s", r.Status, r.Body)
		}
		wantError(t, guest.Client.Do("GET", "/api/v4/teams", nil), 403, "api.team.get_all_teams.insufficient_permissions")
		wantError(t, alice.Client.Do("GET", "/api/v4/teams?exclude_policy_constrained=true", nil), 403, "api.context.permissions.app_error")

		// A private team is readable by its members only; an open one by everybody.
		wantError(t, alice.Client.Do("GET", "/api/v4/teams/"+secret.Id, nil), 403, "api.context.permissions.app_error")
		wantError(t, alice.Client.Do("GET", "/api/v4/teams/name/secret", nil), 403, "api.context.permissions.app_error")
		got := decode[model.Team](t, alice.Client.Do("GET", "/api/v4/teams/"+public.Id, nil))
		if got.Id != public.Id || got.Email != "" || got.InviteId != "" {
			t.Errorf("open team for a non-member = %+v", got)
		}
		addToTeam(t, admin.Client, secret.Id, alice.User.Id)
		got = decode[model.Team](t, alice.Client.Do("GET", "/api/v4/teams/name/secret", nil))
		if got.Id != secret.Id || got.Email != "" || got.InviteId != secret.InviteId {
			t.Errorf("private team for a member (invite id, no email) = %+v", got)
		}
		if got := decode[model.Team](t, admin.Client.Do("GET", "/api/v4/teams/"+secret.Id, nil)); got.Email != admin.User.Email {
			t.Errorf("team for its admin = %+v", got)
		}
		wantError(t, alice.Client.Do("GET", "/api/v4/teams/"+model.NewId(), nil), 404, "app.team.get.find.app_error")
		wantError(t, alice.Client.Do("GET", "/api/v4/teams/notanid", nil), 400, "api.context.invalid_url_param.app_error")
		wantError(t, alice.Client.Do("GET", "/api/v4/teams/name/nope", nil), 404, "app.team.get_by_name.missing.app_error")
		wantError(t, alice.Client.Do("GET", "/api/v4/teams/name/Bad_Name", nil), 400, "api.context.invalid_url_param.app_error")

		mine := decode[[]model.Team](t, alice.Client.Do("GET", "/api/v4/users/me/teams", nil))
		if len(mine) != 1 || mine[0].Id != secret.Id || mine[0].Email != "" || mine[0].InviteId == "" {
			t.Errorf("alice's teams = %+v", mine)
		}
		wantError(t, alice.Client.Do("GET", "/api/v4/users/"+admin.User.Id+"/teams", nil), 403, "api.context.permissions.app_error")
		if theirs := decode[[]model.Team](t, admin.Client.Do("GET", "/api/v4/users/"+alice.User.Id+"/teams", nil)); len(theirs) != 1 || theirs[0].Email == "" {
			t.Errorf("admin view of alice's teams = %+v", theirs)
		}
		if r := admin.Client.Do("GET", "/api/v4/users/"+model.NewId()+"/teams", nil); r.Status != 200 || string(r.Body) != "[]\n" {
			t.Errorf("teams of an unknown user = %d %s", r.Status, r.Body)
		}
	})
}

func TestTeamMembership(t *testing.T) {
	t.Parallel()
	forEachDB(t, nil, func(t *testing.T, s *apitest.Server) {
		admin := s.CreateUser(t, true)
		alice := newPerson(t, s, "alice", "", "", "", "")
		bob := newPerson(t, s, "bob", "", "", "", "")
		carol := newPerson(t, s, "carol", "", "", "", "")
		open := createTeam(t, admin.Client, "open", true)
		closed := createTeam(t, admin.Client, "closed", false)
		town, err := s.Store.GetChannelByName(context.Background(), open.Id, "town-square")
		if err != nil {
			t.Fatal(err)
		}
		path := func(team model.Team, rest string) string { return "/api/v4/teams/" + team.Id + rest }
		body := func(team model.Team, userID string) map[string]string {
			return map[string]string{"team_id": team.Id, "user_id": userID}
		}

		before := decode[model.User](t, alice.Client.Do("GET", "/api/v4/users/me", nil))
		r := alice.Client.Do("POST", path(open, "/members"), body(open, alice.User.Id))
		if r.Status != 201 {
			t.Fatalf("self-join open team: %d %s", r.Status, r.Body)
		}
		if m := decode[model.TeamMember](t, r); m.Roles != "team_user" || m.SchemeAdmin || m.UserId != alice.User.Id {
			t.Errorf("joined member = %+v", m)
		}
		if after := decode[model.User](t, alice.Client.Do("GET", "/api/v4/users/me", nil)); after.UpdateAt <= before.UpdateAt {
			t.Error("joining a team did not bump update_at")
		}
		members := decode[[]model.ChannelMember](t, alice.Client.Do("GET", "/api/v4/channels/"+town.Id+"/members", nil))
		if len(members) != 2 {
			t.Errorf("town-square members after joining = %d, want 2", len(members))
		}
		wantError(t, alice.Client.Do("POST", path(closed, "/members"), body(closed, alice.User.Id)), 403, "api.context.permissions.app_error")
		// Plain members may add others (team_user has add_user_to_team); outsiders may not.
		if r := alice.Client.Do("POST", path(open, "/members"), body(open, bob.User.Id)); r.Status != 201 {
			t.Errorf("member adds bob: %d %s", r.Status, r.Body)
		}
		wantError(t, carol.Client.Do("POST", path(open, "/members"), body(open, admin.User.Id)), 403, "api.context.permissions.app_error")
		// Adding an existing member answers the membership.
		if r := alice.Client.Do("POST", path(open, "/members"), body(open, bob.User.Id)); r.Status != 201 || decode[model.TeamMember](t, r).UserId != bob.User.Id {
			t.Errorf("re-adding: %d %s", r.Status, r.Body)
		}
		bodyErrors := []struct {
			name   string
			path   string
			body   any
			status int
			id     string
		}{
			{"malformed", path(open, "/members"), `{"user_id": 5}`, 400, "api.team.add_team_member.invalid_body.app_error"},
			{"team mismatch", path(open, "/members"), body(closed, carol.User.Id), 400, "api.context.invalid_body_param.app_error"},
			{"bad user id", path(open, "/members"), body(open, "nope"), 400, "api.context.invalid_body_param.app_error"},
			{"unknown team", "/api/v4/teams/" + open.Id[:25] + "x/members", map[string]string{"team_id": open.Id[:25] + "x", "user_id": carol.User.Id}, 404, "app.team.get.find.app_error"},
			{"unknown user", path(open, "/members"), body(open, model.NewId()), 404, "app.user.missing_account.const"},
		}
		for _, tc := range bodyErrors {
			r := admin.Client.Do("POST", tc.path, tc.body)
			t.Run(tc.name, func(t *testing.T) { wantError(t, r, tc.status, tc.id) })
		}

		// Listing members needs view_team.
		wantError(t, carol.Client.Do("GET", path(open, "/members"), nil), 403, "api.context.permissions.app_error")
		list := decode[[]model.TeamMember](t, alice.Client.Do("GET", path(open, "/members?sort=Username"), nil))
		var ids []string
		for _, m := range list {
			ids = append(ids, m.UserId)
		}
		want := []string{alice.User.Id, bob.User.Id, admin.User.Id}
		if admin.User.Username < "alice" {
			want = []string{admin.User.Id, alice.User.Id, bob.User.Id}
		}
		if fmt.Sprint(ids) != fmt.Sprint(want) {
			t.Errorf("members by username = %v, want %v", ids, want)
		}
		if page := decode[[]model.TeamMember](t, alice.Client.Do("GET", path(open, "/members?per_page=1&page=2"), nil)); len(page) != 1 {
			t.Errorf("third page = %+v", page)
		}
		wantError(t, alice.Client.Do("GET", path(open, "/members/"+carol.User.Id), nil), 404, "app.team.get_member.missing.app_error")
		wantError(t, carol.Client.Do("GET", path(open, "/members/"+alice.User.Id), nil), 403, "api.context.permissions.app_error")

		// Removing: others need remove_user_from_team (team admins); oneself needs nothing.
		wantError(t, bob.Client.Do("DELETE", path(open, "/members/"+alice.User.Id), nil), 403, "api.context.permissions.app_error")
		if r := alice.Client.Do("DELETE", path(open, "/members/me"), nil); r.Status != 200 || string(r.Body) != "{\"status\":\"OK\"}\n" {
			t.Fatalf("leave: %d %s", r.Status, r.Body)
		}
		left := decode[model.TeamMember](t, admin.Client.Do("GET", path(open, "/members/"+alice.User.Id), nil))
		if left.DeleteAt == 0 || left.ExplicitRoles != "" {
			t.Errorf("departed membership = %+v", left)
		}
		// Leaving the team left its channels, and team permissions are gone at once.
		members = decode[[]model.ChannelMember](t, admin.Client.Do("GET", "/api/v4/channels/"+town.Id+"/members", nil))
		for _, m := range members {
			if m.UserId == alice.User.Id {
				t.Error("alice is still in town-square after leaving the team")
			}
		}
		wantError(t, alice.Client.Do("GET", path(open, "/members"), nil), 403, "api.context.permissions.app_error")
		all := decode[[]model.TeamMember](t, alice.Client.Do("GET", "/api/v4/users/me/teams/members", nil))
		if len(all) != 1 || all[0].TeamId != open.Id || all[0].DeleteAt == 0 {
			t.Errorf("memberships with departed ones = %+v", all)
		}
		wantError(t, alice.Client.Do("GET", "/api/v4/users/"+bob.User.Id+"/teams/members", nil), 403, "api.context.permissions.app_error")
		if r := admin.Client.Do("GET", "/api/v4/users/"+bob.User.Id+"/teams/members", nil); r.Status != 200 || len(decode[[]model.TeamMember](t, r)) != 1 {
			t.Errorf("admin reads bob's memberships: %d %s", r.Status, r.Body)
		}
		wantError(t, admin.Client.Do("DELETE", path(open, "/members/"+carol.User.Id), nil), 400, "api.team.remove_user_from_team.missing.app_error")
		wantError(t, admin.Client.Do("DELETE", "/api/v4/teams/"+model.NewId()+"/members/"+carol.User.Id, nil), 404, "app.team.get.find.app_error")
		wantError(t, admin.Client.Do("DELETE", path(open, "/members/"+model.NewId()), nil), 404, "app.user.missing_account.const")
		if r := admin.Client.Do("DELETE", path(open, "/members/"+bob.User.Id), nil); r.Status != 200 {
			t.Errorf("team admin removes bob: %d %s", r.Status, r.Body)
		}

		// Joining again reactivates the membership and the default channels.
		if r := alice.Client.Do("POST", path(open, "/members"), body(open, alice.User.Id)); r.Status != 201 || decode[model.TeamMember](t, r).DeleteAt != 0 {
			t.Fatalf("rejoin: %d %s", r.Status, r.Body)
		}
		if r := alice.Client.Do("GET", "/api/v4/channels/"+town.Id+"/members", nil); r.Status != 200 || len(decode[[]model.ChannelMember](t, r)) != 2 {
			t.Errorf("town-square after rejoining: %d %s", r.Status, r.Body)
		}
	})
}

func TestTeamMemberLimitAndBatch(t *testing.T) {
	t.Parallel()
	forEachDB(t, func(c *config.Config) { c.TeamSettings.MaxUsersPerTeam = 3 }, func(t *testing.T, s *apitest.Server) {
		admin := s.CreateUser(t, true)
		u1 := newPerson(t, s, "u1", "", "", "", "")
		u2 := newPerson(t, s, "u2", "", "", "", "")
		u3 := newPerson(t, s, "u3", "", "", "", "")
		u4 := newPerson(t, s, "u4", "", "", "", "")
		team := createTeam(t, admin.Client, "limited", true)
		batch := "/api/v4/teams/" + team.Id + "/members/batch"
		members := func(ids ...string) []map[string]string {
			var out []map[string]string
			for _, id := range ids {
				out = append(out, map[string]string{"team_id": team.Id, "user_id": id})
			}
			return out
		}

		// Graceful: one entry per user, in order, with its member or its error.
		r := admin.Client.Do("POST", batch+"?graceful=false", members(u1.User.Id, model.NewId()))
		if r.Status != 201 {
			t.Fatalf("graceful batch: %d %s", r.Status, r.Body)
		}
		results := decode[[]map[string]any](t, r)
		if len(results) != 2 || results[0]["member"] == nil || results[0]["error"] != nil || results[1]["member"] != nil {
			t.Fatalf("graceful results = %s", r.Body)
		}
		if e, _ := results[1]["error"].(map[string]any); e["id"] != "app.user.missing_account.const" || e["status_code"] != float64(404) {
			t.Errorf("per-user error = %v", results[1]["error"])
		}
		// Not graceful: the first failure answers, users before it stay added.
		wantError(t, admin.Client.Do("POST", batch, members(u2.User.Id, u3.User.Id)), 400, "app.team.join_user_to_team.save_member.max_accounts.app_error")
		if r := admin.Client.Do("GET", "/api/v4/teams/"+team.Id+"/members/"+u2.User.Id, nil); r.Status != 200 {
			t.Errorf("u2 was not kept: %d", r.Status)
		}
		// The team is full (admin, u1, u2); a departed member cannot come back either.
		if r := u2.Client.Do("DELETE", "/api/v4/teams/"+team.Id+"/members/me", nil); r.Status != 200 {
			t.Fatal(r.Status)
		}
		if r := admin.Client.Do("POST", batch, members(u3.User.Id)); r.Status != 201 || len(decode[[]model.TeamMember](t, r)) != 1 {
			t.Fatalf("u3 fills the free seat: %d %s", r.Status, r.Body)
		}
		wantError(t, u2.Client.Do("POST", "/api/v4/teams/"+team.Id+"/members", map[string]string{"team_id": team.Id, "user_id": u2.User.Id}),
			400, "app.team.join_user_to_team.max_accounts.app_error")
		// A deactivated member frees a seat.
		if r := admin.Client.Do("PUT", "/api/v4/users/"+u1.User.Id+"/active", map[string]bool{"active": false}); r.Status != 200 {
			t.Fatal(r.Status)
		}
		if r := admin.Client.Do("POST", batch, members(u4.User.Id)); r.Status != 201 {
			t.Errorf("seat freed by deactivation: %d %s", r.Status, r.Body)
		}

		tooMany := make([]map[string]string, 257)
		for i := range tooMany {
			tooMany[i] = map[string]string{"team_id": team.Id, "user_id": model.NewId()}
		}
		errorsTable := []struct {
			name   string
			c      *apitest.Client
			path   string
			body   any
			status int
			id     string
		}{
			{"empty", admin.Client, batch, []any{}, 400, "api.context.invalid_body_param.app_error"},
			{"too many", admin.Client, batch, tooMany, 400, "api.context.invalid_body_param.app_error"},
			{"not an array", admin.Client, batch, `{"team_id":"x"}`, 400, "api.context.invalid_body_param.app_error"},
			{"team mismatch", admin.Client, batch, []map[string]string{{"team_id": model.NewId(), "user_id": u4.User.Id}}, 400, "api.context.invalid_body_param.app_error"},
			{"bad user id", admin.Client, batch, []map[string]string{{"team_id": team.Id, "user_id": "x"}}, 400, "api.context.invalid_body_param.app_error"},
			{"unknown team", admin.Client, "/api/v4/teams/" + model.NewId() + "/members/batch", members(u4.User.Id), 404, "app.team.get.find.app_error"},
			{"not allowed", u2.Client, batch, members(u4.User.Id), 403, "api.context.permissions.app_error"},
		}
		for _, tc := range errorsTable {
			r := tc.c.Do("POST", tc.path, tc.body)
			t.Run(tc.name, func(t *testing.T) { wantError(t, r, tc.status, tc.id) })
		}
		if e := admin.Client.Do("POST", batch, []any{}).Error(t); !strings.Contains(e.Message, "no members in batch") {
			t.Errorf("empty batch message = %q", e.Message)
		}
		if e := admin.Client.Do("POST", batch, tooMany).Error(t); !strings.Contains(e.Message, "too many members in batch") {
			t.Errorf("big batch message = %q", e.Message)
		}
	})
}

func TestSignUpWithTeamInviteID(t *testing.T) {
	t.Parallel()
	forEachDB(t, func(c *config.Config) { c.TeamSettings.MaxUsersPerTeam = 2 }, func(t *testing.T, s *apitest.Server) {
		admin := s.CreateUser(t, true)
		team := decode[model.Team](t, admin.Client.Do("POST", "/api/v4/teams", map[string]any{"name": "invited", "display_name": "I",
			"allowed_domains": "example.com"}))
		anon := s.Client()
		signUp := func(iid, name, email string) *apitest.Response {
			return anon.Do("POST", "/api/v4/users?iid="+iid, map[string]any{"username": name, "email": email, "password": "Passw0rd-1"})
		}
		r := signUp(team.InviteId, "newbie", "newbie@example.com")
		if r.Status != http.StatusCreated {
			t.Fatalf("sign up with invite id: %d %s", r.Status, r.Body)
		}
		u := decode[model.User](t, r)
		if u.Roles != "system_user" || u.EmailVerified {
			t.Errorf("invited user = %+v", u)
		}
		m := decode[model.TeamMember](t, admin.Client.Do("GET", "/api/v4/teams/"+team.Id+"/members/"+u.Id, nil))
		if m.Roles != "team_user" || m.DeleteAt != 0 {
			t.Errorf("invited user's membership = %+v", m)
		}
		town, _ := s.Store.GetChannelByName(context.Background(), team.Id, "town-square")
		if _, err := s.Store.GetChannelMember(context.Background(), town.Id, u.Id); err != nil {
			t.Errorf("invited user is not in town-square: %v", err)
		}

		wantError(t, signUp(model.NewId(), "nobody", "nobody@example.com"), 404, "app.team.get_by_invite_id.finding.app_error")
		wantError(t, signUp(team.InviteId, "outsider", "outsider@other.org"), 403, "api.team.invite_members.invalid_email.app_error")
		// The team is full: the sign-up fails as a whole, no account is left behind.
		wantError(t, signUp(team.InviteId, "third", "third@example.com"), 400, "app.team.join_user_to_team.save_member.max_accounts.app_error")
		if _, err := s.Store.GetUserByUsername(context.Background(), "third"); err == nil {
			t.Error("the account of a failed invite sign-up was kept")
		}
	})
	forEachDB(t, func(c *config.Config) { c.TeamSettings.EnableUserCreation = false }, func(t *testing.T, s *apitest.Server) {
		admin := s.CreateUser(t, true)
		team := createTeam(t, admin.Client, "closed", false)
		wantError(t, s.Client().Do("POST", "/api/v4/users?iid="+team.InviteId, map[string]any{"username": "x", "email": "x@example.com", "password": "Passw0rd-1"}),
			501, "api.user.create_user.signup_email_disabled.app_error")
	})
}
