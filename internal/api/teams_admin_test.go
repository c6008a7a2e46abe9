package api_test

import (
	"context"
	"net/http"
	"slices"
	"sort"
	"strings"
	"testing"

	"roster/internal/apitest"
	"roster/internal/config"
	"roster/internal/model"
	"roster/internal/store"
)

// getTeamAs fetches a team as the given client, failing unless it answers 200.
func getTeamAs(t *testing.T, c *apitest.Client, id string) model.Team {
	t.Helper()
	r := c.Do("GET", "/api/v4/teams/"+id, nil)
	if r.Status != http.StatusOK {
		t.Fatalf("get team: %d %s", r.Status, r.Body)
	}
	return decode[model.Team](t, r)
}

func TestUpdateTeam(t *testing.T) {
	t.Parallel()
	forEachDB(t, nil, func(t *testing.T, s *apitest.Server) {
		admin := s.CreateUser(t, true)
		alice := newPerson(t, s, "alice", "", "", "", "")
		bob := newPerson(t, s, "bob", "", "", "", "")
		team := createTeam(t, alice.Client, "alpha", true)
		addToTeam(t, alice.Client, team.Id, bob.User.Id)

		// Only the editable fields are taken from the body.
		body := team
		body.DisplayName, body.Description, body.CompanyName = "Alpha Renamed", "About alpha", "ACME"
		body.AllowedDomains = "example.com"
		body.Name, body.Email, body.InviteId, body.CreateAt, body.DeleteAt = "changed", "x@y.org", "mine", 1, 99
		r := alice.Client.Do("PUT", "/api/v4/teams/"+team.Id, body)
		if r.Status != http.StatusOK {
			t.Fatalf("update: %d %s", r.Status, r.Body)
		}
		got := decode[model.Team](t, r)
		if got.DisplayName != "Alpha Renamed" || got.Description != "About alpha" || got.CompanyName != "ACME" ||
			got.AllowedDomains != "example.com" || got.Name != "alpha" || got.Email != alice.User.Email ||
			got.InviteId != team.InviteId || got.CreateAt != team.CreateAt || got.DeleteAt != 0 || got.UpdateAt < team.UpdateAt ||
			got.Type != "O" || !got.AllowOpenInvite {
			t.Errorf("updated team = %+v", got)
		}
		if stored := getTeamAs(t, alice.Client, team.Id); stored.DisplayName != "Alpha Renamed" || stored.Name != "alpha" {
			t.Errorf("stored team = %+v", stored)
		}

		// allow_open_invite false makes the team invite-only with a new invite id; true opens it.
		body = got
		body.AllowOpenInvite = false
		closed := decode[model.Team](t, alice.Client.Do("PUT", "/api/v4/teams/"+team.Id, body))
		if closed.Type != "I" || closed.AllowOpenInvite || closed.InviteId == got.InviteId || closed.InviteId == "" {
			t.Errorf("closed team = %+v", closed)
		}
		body = closed
		body.AllowOpenInvite = true
		opened := decode[model.Team](t, alice.Client.Do("PUT", "/api/v4/teams/"+team.Id, body))
		if opened.Type != "O" || !opened.AllowOpenInvite || opened.InviteId != closed.InviteId {
			t.Errorf("reopened team = %+v", opened)
		}

		invalid := opened
		invalid.DisplayName = ""
		other := opened
		other.Id = model.NewId()
		tests := []struct {
			name   string
			c      *apitest.Client
			path   string
			body   any
			status int
			id     string
		}{
			{"id differs from the path", alice.Client, team.Id, other, 400, "api.context.invalid_body_param.app_error"},
			{"malformed", alice.Client, team.Id, `{"id": 5}`, 400, "api.context.invalid_body_param.app_error"},
			{"invalid display name", alice.Client, team.Id, invalid, 400, "model.team.is_valid.name.app_error"},
			{"plain member", bob.Client, team.Id, opened, 403, "api.context.permissions.app_error"},
			{"unknown team", admin.Client, other.Id, other, 404, "app.team.get.find.app_error"},
			{"bad id", admin.Client, "nope", opened, 400, "api.context.invalid_url_param.app_error"},
		}
		for _, tc := range tests {
			r := tc.c.Do("PUT", "/api/v4/teams/"+tc.path, tc.body)
			t.Run(tc.name, func(t *testing.T) { wantError(t, r, tc.status, tc.id) })
		}
		if stored := getTeamAs(t, alice.Client, team.Id); stored.DisplayName != "Alpha Renamed" {
			t.Errorf("a refused update changed the team: %+v", stored)
		}
	})
}

func TestPatchTeam(t *testing.T) {
	t.Parallel()
	forEachDB(t, func(c *config.Config) { c.TeamSettings.RestrictCreationToDomains = "example.com, example.org" }, func(t *testing.T, s *apitest.Server) {
		admin := s.CreateUser(t, true)
		alice := newPerson(t, s, "alice", "", "", "", "")
		bob := newPerson(t, s, "bob", "", "", "", "")
		team := createTeam(t, alice.Client, "alpha", false)
		addToTeam(t, alice.Client, team.Id, bob.User.Id)

		r := alice.Client.Do("PUT", "/api/v4/teams/"+team.Id+"/patch", map[string]any{"display_name": "Patched", "name": "ignored"})
		if r.Status != http.StatusOK {
			t.Fatalf("patch: %d %s", r.Status, r.Body)
		}
		p := decode[model.Team](t, r)
		if p.DisplayName != "Patched" || p.Name != "alpha" || p.Type != "I" || p.AllowOpenInvite || p.InviteId != team.InviteId ||
			p.Email != alice.User.Email || p.Description != team.Description {
			t.Errorf("patched team = %+v", p)
		}

		// allow_open_invite opens the invite-only team (the web app's team settings send it alone).
		opened := decode[model.Team](t, alice.Client.Do("PUT", "/api/v4/teams/"+team.Id+"/patch", map[string]any{"allow_open_invite": true}))
		if opened.Type != "O" || !opened.AllowOpenInvite || opened.InviteId != team.InviteId || opened.DisplayName != "Patched" {
			t.Errorf("opened team = %+v", opened)
		}
		// Closing it again regenerates the invite id.
		closed := decode[model.Team](t, alice.Client.Do("PUT", "/api/v4/teams/"+team.Id+"/patch", map[string]any{"allow_open_invite": false}))
		if closed.Type != "I" || closed.AllowOpenInvite || closed.InviteId == opened.InviteId {
			t.Errorf("closed team = %+v", closed)
		}
		// group_constrained and allowed domains within RestrictCreationToDomains.
		gc := decode[model.Team](t, admin.Client.Do("PUT", "/api/v4/teams/"+team.Id+"/patch",
			map[string]any{"group_constrained": true, "allowed_domains": "@example.org"}))
		if !gc.IsGroupConstrained() || gc.AllowedDomains != "@example.org" {
			t.Errorf("group constrained team = %+v", gc)
		}

		tests := []struct {
			name   string
			c      *apitest.Client
			body   any
			status int
			id     string
		}{
			{"domain outside RestrictCreationToDomains", alice.Client, map[string]any{"allowed_domains": "example.com other.net"}, 400,
				"api.team.update_restricted_domains.mismatch.app_error"},
			{"description too long", alice.Client, map[string]any{"description": strings.Repeat("d", 256)}, 400, "model.team.is_valid.description.app_error"},
			{"malformed", alice.Client, `{"display_name": false}`, 400, "api.context.invalid_body_param.app_error"},
			{"plain member", bob.Client, map[string]any{"display_name": "Mine"}, 403, "api.context.permissions.app_error"},
		}
		for _, tc := range tests {
			r := tc.c.Do("PUT", "/api/v4/teams/"+team.Id+"/patch", tc.body)
			t.Run(tc.name, func(t *testing.T) { wantError(t, r, tc.status, tc.id) })
		}
		r = alice.Client.Do("PUT", "/api/v4/teams/"+team.Id+"/patch", map[string]any{"allowed_domains": "example.com other.net"})
		if e := r.Error(t); !strings.Contains(e.Message, "other.net") {
			t.Errorf("mismatch message = %q", e.Message)
		}
		if stored := getTeamAs(t, alice.Client, team.Id); stored.AllowedDomains != "@example.org" || stored.Description != "" {
			t.Errorf("a refused patch changed the team: %+v", stored)
		}
		wantError(t, admin.Client.Do("PUT", "/api/v4/teams/"+model.NewId()+"/patch", map[string]any{"display_name": "X"}), 404, "app.team.get.find.app_error")
	})
}

func TestTeamPrivacyAndInviteID(t *testing.T) {
	t.Parallel()
	forEachDB(t, func(c *config.Config) { c.PrivacySettings.ShowEmailAddress = false }, func(t *testing.T, s *apitest.Server) {
		admin := s.CreateUser(t, true)
		alice := newPerson(t, s, "alice", "", "", "", "")
		bob := newPerson(t, s, "bob", "", "", "", "")
		outsider := newPerson(t, s, "carol", "", "", "", "")
		team := createTeam(t, alice.Client, "alpha", true)
		addToTeam(t, alice.Client, team.Id, bob.User.Id)
		getTeamAs(t, outsider.Client, team.Id) // open: anyone may read it

		private := decode[model.Team](t, alice.Client.Do("PUT", "/api/v4/teams/"+team.Id+"/privacy", map[string]string{"privacy": "I"}))
		if private.Type != "I" || private.AllowOpenInvite || private.InviteId == team.InviteId || private.InviteId == "" {
			t.Errorf("private team = %+v", private)
		}
		wantError(t, outsider.Client.Do("GET", "/api/v4/teams/"+team.Id, nil), 403, "api.context.permissions.app_error")
		// Already private: the invite id stays.
		again := decode[model.Team](t, alice.Client.Do("PUT", "/api/v4/teams/"+team.Id+"/privacy", map[string]string{"privacy": "I"}))
		if again.InviteId != private.InviteId {
			t.Errorf("invite id changed on a no-op privacy change")
		}
		public := decode[model.Team](t, alice.Client.Do("PUT", "/api/v4/teams/"+team.Id+"/privacy", map[string]string{"privacy": "O"}))
		if public.Type != "O" || !public.AllowOpenInvite || public.InviteId != private.InviteId {
			t.Errorf("public team = %+v", public)
		}
		getTeamAs(t, outsider.Client, team.Id)
		for _, body := range []any{map[string]string{"privacy": "X"}, map[string]any{"privacy": 1}, map[string]string{}, "not json"} {
			wantError(t, alice.Client.Do("PUT", "/api/v4/teams/"+team.Id+"/privacy", body), 400, "api.context.invalid_body_param.app_error")
		}
		wantError(t, bob.Client.Do("PUT", "/api/v4/teams/"+team.Id+"/privacy", map[string]string{"privacy": "I"}), 403, "api.context.permissions.app_error")
		wantError(t, admin.Client.Do("PUT", "/api/v4/teams/"+model.NewId()+"/privacy", map[string]string{"privacy": "I"}), 404, "app.team.get.find.app_error")

		// A new invite id: the old one stops working. Without ShowEmailAddress only system
		// admins see the team's email in the answer.
		r := alice.Client.Do("POST", "/api/v4/teams/"+team.Id+"/regenerate_invite_id", nil)
		if r.Status != http.StatusOK {
			t.Fatalf("regenerate: %d %s", r.Status, r.Body)
		}
		fresh := decode[model.Team](t, r)
		if fresh.InviteId == public.InviteId || fresh.InviteId == "" || fresh.Email != "" {
			t.Errorf("regenerated team as team admin = %+v", fresh)
		}
		wantError(t, outsider.Client.Do("POST", "/api/v4/teams/members/invite?invite_id="+public.InviteId, nil), 404, "app.team.get_by_invite_id.finding.app_error")
		if r := outsider.Client.Do("POST", "/api/v4/teams/members/invite?invite_id="+fresh.InviteId, nil); r.Status != http.StatusCreated {
			t.Errorf("join with the new invite id: %d %s", r.Status, r.Body)
		}
		byAdmin := decode[model.Team](t, admin.Client.Do("POST", "/api/v4/teams/"+team.Id+"/regenerate_invite_id", nil))
		if byAdmin.Email != alice.User.Email || byAdmin.InviteId == fresh.InviteId {
			t.Errorf("regenerated team as system admin = %+v", byAdmin)
		}
		wantError(t, bob.Client.Do("POST", "/api/v4/teams/"+team.Id+"/regenerate_invite_id", nil), 403, "api.context.permissions.app_error")
	})
}

func TestArchiveAndRestoreTeam(t *testing.T) {
	t.Parallel()
	forEachDB(t, nil, func(t *testing.T, s *apitest.Server) {
		admin := s.CreateUser(t, true)
		alice := newPerson(t, s, "alice", "", "", "", "")
		bob := newPerson(t, s, "bob", "", "", "", "")
		team := createTeam(t, alice.Client, "alpha", true)
		addToTeam(t, alice.Client, team.Id, bob.User.Id)

		wantError(t, bob.Client.Do("DELETE", "/api/v4/teams/"+team.Id, nil), 403, "api.context.permissions.app_error")
		// Permanent deletion is off by default: nothing happens.
		wantError(t, admin.Client.Do("DELETE", "/api/v4/teams/"+team.Id+"?permanent=true", nil), 401, "api.user.delete_team.not_enabled.app_error")

		if r := alice.Client.Do("DELETE", "/api/v4/teams/"+team.Id, nil); r.Status != http.StatusOK || r.Map(t)["status"] != "OK" {
			t.Fatalf("archive: %d %s", r.Status, r.Body)
		}
		archived := getTeamAs(t, alice.Client, team.Id)
		if archived.DeleteAt == 0 || archived.Name != "alpha" {
			t.Errorf("archived team = %+v", archived)
		}
		if teams := decode[[]model.Team](t, alice.Client.Do("GET", "/api/v4/users/me/teams", nil)); len(teams) != 0 {
			t.Errorf("an archived team is listed among the user's teams: %+v", teams)
		}
		if teams := decode[[]model.Team](t, admin.Client.Do("GET", "/api/v4/teams", nil)); len(teams) != 0 {
			t.Errorf("an archived team is listed: %+v", teams)
		}
		// Memberships stay: the member can still read it.
		if m := decode[model.TeamMember](t, bob.Client.Do("GET", "/api/v4/teams/"+team.Id+"/members/"+bob.User.Id, nil)); m.DeleteAt != 0 {
			t.Errorf("membership after archiving = %+v", m)
		}

		wantError(t, bob.Client.Do("POST", "/api/v4/teams/"+team.Id+"/restore", nil), 403, "api.context.permissions.app_error")
		wantError(t, admin.Client.Do("POST", "/api/v4/teams/"+model.NewId()+"/restore", nil), 404, "app.team.get.find.app_error")
		r := alice.Client.Do("POST", "/api/v4/teams/"+team.Id+"/restore", nil)
		if r.Status != http.StatusOK {
			t.Fatalf("restore: %d %s", r.Status, r.Body)
		}
		if restored := decode[model.Team](t, r); restored.DeleteAt != 0 || restored.InviteId != team.InviteId || restored.Email != alice.User.Email {
			t.Errorf("restored team = %+v", restored)
		}
		if teams := decode[[]model.Team](t, alice.Client.Do("GET", "/api/v4/users/me/teams", nil)); len(teams) != 1 {
			t.Errorf("restored team not listed: %+v", teams)
		}
		wantError(t, admin.Client.Do("DELETE", "/api/v4/teams/"+model.NewId(), nil), 404, "app.team.get.find.app_error")
	})
}

func TestPermanentTeamDeletion(t *testing.T) {
	t.Parallel()
	forEachDB(t, func(c *config.Config) { c.ServiceSettings.EnableAPITeamDeletion = true }, func(t *testing.T, s *apitest.Server) {
		ctx := context.Background()
		admin := s.CreateUser(t, true)
		alice := newPerson(t, s, "alice", "", "", "", "")
		bob := newPerson(t, s, "bob", "", "", "", "")
		team := createTeam(t, alice.Client, "alpha", true)
		keep := createTeam(t, alice.Client, "beta", true)
		addToTeam(t, alice.Client, team.Id, bob.User.Id)
		ch := createChannel(t, alice.Client, team.Id, "plans", "P")
		addToChannel(t, alice.Client, ch.Id, bob.User.Id)
		// Fill the membership caches: alice manages the team, bob reads the channel.
		if r := alice.Client.Do("PUT", "/api/v4/teams/"+team.Id+"/patch", map[string]string{"description": "soon gone"}); r.Status != http.StatusOK {
			t.Fatalf("patch: %d %s", r.Status, r.Body)
		}
		if r := bob.Client.Do("GET", "/api/v4/channels/"+ch.Id, nil); r.Status != http.StatusOK {
			t.Fatalf("read channel: %d %s", r.Status, r.Body)
		}

		wantError(t, bob.Client.Do("DELETE", "/api/v4/teams/"+team.Id+"?permanent=true", nil), 403, "api.context.permissions.app_error")
		if r := alice.Client.Do("DELETE", "/api/v4/teams/"+team.Id+"?permanent=true", nil); r.Status != http.StatusOK {
			t.Fatalf("permanent delete: %d %s", r.Status, r.Body)
		}
		wantError(t, admin.Client.Do("GET", "/api/v4/teams/"+team.Id, nil), 404, "app.team.get.find.app_error")
		for _, name := range []string{"town-square", "off-topic", "plans"} {
			if _, err := s.Store.GetChannelByName(ctx, team.Id, name); err != store.ErrNotFound {
				t.Errorf("channel %s after deletion: %v", name, err)
			}
		}
		if _, err := s.Store.GetTeamMember(ctx, team.Id, bob.User.Id); err != store.ErrNotFound {
			t.Errorf("membership after deletion: %v", err)
		}
		// No cached role outlives the team: alice no longer manages it.
		wantError(t, alice.Client.Do("PUT", "/api/v4/teams/"+team.Id+"/patch", map[string]string{"description": "x"}), 403, "api.context.permissions.app_error")
		wantError(t, bob.Client.Do("GET", "/api/v4/channels/"+ch.Id, nil), 404, "app.channel.get.existing.app_error")
		members := decode[[]model.TeamMember](t, alice.Client.Do("GET", "/api/v4/users/me/teams/members", nil))
		if len(members) != 1 || members[0].TeamId != keep.Id {
			t.Errorf("alice's memberships = %+v", members)
		}
		// The name is free again.
		createTeam(t, alice.Client, "alpha", true)
		wantError(t, alice.Client.Do("DELETE", "/api/v4/teams/"+team.Id+"?permanent=true", nil), 403, "api.context.permissions.app_error")
		wantError(t, admin.Client.Do("DELETE", "/api/v4/teams/"+team.Id+"?permanent=true", nil), 404, "app.team.get.find.app_error")
	})
}

func teamNames(teams []model.Team) []string {
	out := make([]string, len(teams))
	for i, t := range teams {
		out[i] = t.Name
	}
	return out
}

func TestSearchTeams(t *testing.T) {
	t.Parallel()
	forEachDB(t, nil, func(t *testing.T, s *apitest.Server) {
		admin := s.CreateUser(t, true)
		alice := newPerson(t, s, "alice", "", "", "", "")
		bob := newPerson(t, s, "bob", "", "", "", "")
		mk := func(name, display string, open bool) model.Team {
			r := alice.Client.Do("POST", "/api/v4/teams", map[string]any{"name": name, "display_name": display, "allow_open_invite": open})
			if r.Status != http.StatusCreated {
				t.Fatalf("create %s: %d %s", name, r.Status, r.Body)
			}
			return decode[model.Team](t, r)
		}
		mk("alpha-one", "Alpha One", true)
		mk("beta", "100% Beta", false)
		gamma := mk("gamma", "Gamma_x", true)
		old := mk("archived-alpha", "Old Alpha", true)
		if r := alice.Client.Do("DELETE", "/api/v4/teams/"+old.Id, nil); r.Status != http.StatusOK {
			t.Fatalf("archive: %d %s", r.Status, r.Body)
		}
		if r := admin.Client.Do("PUT", "/api/v4/teams/"+gamma.Id+"/patch", map[string]any{"group_constrained": true}); r.Status != http.StatusOK {
			t.Fatalf("group constrain: %d %s", r.Status, r.Body)
		}

		search := func(c *apitest.Client, body any) []string {
			t.Helper()
			r := c.Do("POST", "/api/v4/teams/search", body)
			if r.Status != http.StatusOK {
				t.Fatalf("search %v: %d %s", body, r.Status, r.Body)
			}
			return teamNames(decode[[]model.Team](t, r))
		}
		tests := []struct {
			name string
			c    *apitest.Client
			body any
			want []string
		}{
			// System admins search every team, archived ones too, by display name.
			{"admin, everything", admin.Client, map[string]any{"term": ""}, []string{"beta", "alpha-one", "gamma", "archived-alpha"}},
			{"admin, case-insensitive", admin.Client, map[string]any{"term": "ALPHA"}, []string{"alpha-one", "archived-alpha"}},
			{"admin, display name", admin.Client, map[string]any{"term": "one"}, []string{"alpha-one"}},
			{"admin, % is literal", admin.Client, map[string]any{"term": "%"}, []string{"beta"}},
			{"admin, _ is literal", admin.Client, map[string]any{"term": "a_"}, []string{"gamma"}},
			{"admin, invite-only", admin.Client, map[string]any{"allow_open_invite": false}, []string{"beta"}},
			{"admin, open", admin.Client, map[string]any{"allow_open_invite": true}, []string{"alpha-one", "gamma", "archived-alpha"}},
			{"admin, group-constrained", admin.Client, map[string]any{"group_constrained": true}, []string{"gamma"}},
			{"admin, not group-constrained", admin.Client, map[string]any{"group_constrained": false}, []string{"beta", "alpha-one", "archived-alpha"}},
			{"admin, either filter", admin.Client, map[string]any{"allow_open_invite": false, "group_constrained": true}, []string{"beta", "gamma"}},
			// Others find open teams only, whatever filter they send.
			{"user, everything", bob.Client, map[string]any{"term": ""}, []string{"alpha-one", "gamma", "archived-alpha"}},
			{"user, invite-only filter", bob.Client, map[string]any{"allow_open_invite": false}, []string{"alpha-one", "gamma", "archived-alpha"}},
			{"user, no match", bob.Client, map[string]any{"term": "beta"}, []string{}},
		}
		for _, tc := range tests {
			got := search(tc.c, tc.body)
			t.Run(tc.name, func(t *testing.T) {
				if !slices.Equal(got, tc.want) {
					t.Errorf("got %v, want %v", got, tc.want)
				}
			})
		}

		// Paged, for those who may list every team: {teams, total_count}.
		r := admin.Client.Do("POST", "/api/v4/teams/search", map[string]any{"term": "", "page": 1, "per_page": 2})
		if r.Status != http.StatusOK {
			t.Fatalf("paged search: %d %s", r.Status, r.Body)
		}
		page := decode[model.TeamsWithCount](t, r)
		if page.TotalCount != 4 || !slices.Equal(teamNames(derefTeams(page.Teams)), []string{"gamma", "archived-alpha"}) {
			t.Errorf("page = %v of %d", teamNames(derefTeams(page.Teams)), page.TotalCount)
		}
		// Sanitised per team: alice administers the teams, bob sees neither email nor invite id.
		for _, tm := range decode[[]model.Team](t, bob.Client.Do("POST", "/api/v4/teams/search", map[string]any{"term": "alpha-one"})) {
			if tm.Email != "" || tm.InviteId != "" {
				t.Errorf("bob sees %+v", tm)
			}
		}
		for _, tm := range decode[[]model.Team](t, alice.Client.Do("POST", "/api/v4/teams/search", map[string]any{"term": "alpha-one"})) {
			if tm.Email != alice.User.Email || tm.InviteId == "" {
				t.Errorf("alice sees %+v", tm)
			}
		}

		errTests := []struct {
			name   string
			c      *apitest.Client
			body   any
			status int
			id     string
		}{
			{"user pages", bob.Client, map[string]any{"term": "a", "page": 0, "per_page": 10}, 501, "api.team.search_teams.pagination_not_implemented.public_team_search"},
			{"user half pages", bob.Client, map[string]any{"term": "a", "per_page": 10}, 501, "api.team.search_teams.pagination_not_implemented.public_team_search"},
			{"policy filter", bob.Client, map[string]any{"exclude_policy_constrained": true}, 403, "api.context.permissions.app_error"},
			{"malformed", admin.Client, `{"term": 3}`, 400, "api.context.invalid_body_param.app_error"},
			{"negative page", admin.Client, map[string]any{"page": -1, "per_page": 10}, 400, "api.context.invalid_body_param.app_error"},
			{"anonymous", s.Client(), map[string]any{"term": "a"}, 401, "api.context.session_expired.app_error"},
		}
		for _, tc := range errTests {
			r := tc.c.Do("POST", "/api/v4/teams/search", tc.body)
			t.Run(tc.name, func(t *testing.T) { wantError(t, r, tc.status, tc.id) })
		}
	})
}

func derefTeams(ts []*model.Team) []model.Team {
	out := make([]model.Team, len(ts))
	for i, t := range ts {
		out[i] = *t
	}
	return out
}

func TestTeamExists(t *testing.T) {
	t.Parallel()
	forEachDB(t, nil, func(t *testing.T, s *apitest.Server) {
		admin := s.CreateUser(t, true)
		alice := newPerson(t, s, "alice", "", "", "", "")
		bob := newPerson(t, s, "bob", "", "", "", "")
		createTeam(t, alice.Client, "alpha", true)
		secret := createTeam(t, alice.Client, "secret", false)
		exists := func(c *apitest.Client, name string) bool {
			t.Helper()
			r := c.Do("GET", "/api/v4/teams/name/"+name+"/exists", nil)
			if r.Status != http.StatusOK {
				t.Fatalf("exists %s: %d %s", name, r.Status, r.Body)
			}
			m := r.Map(t)
			if len(m) != 1 {
				t.Errorf("exists answer %s", r.Body)
			}
			return m["exists"] == true
		}
		tests := []struct {
			name string
			c    *apitest.Client
			team string
			want bool
		}{
			{"open team, anyone", bob.Client, "alpha", true},
			{"invite-only team, outsider", bob.Client, "secret", false},
			{"invite-only team, member", alice.Client, "secret", true},
			{"invite-only team, system admin", admin.Client, "secret", true},
			{"no such team", admin.Client, "nosuch", false},
		}
		for _, tc := range tests {
			got := exists(tc.c, tc.team)
			t.Run(tc.name, func(t *testing.T) {
				if got != tc.want {
					t.Errorf("exists = %v, want %v", got, tc.want)
				}
			})
		}
		// A former member of an invite-only team no longer sees it.
		addToTeam(t, alice.Client, secret.Id, bob.User.Id)
		if !exists(bob.Client, "secret") {
			t.Error("member does not see the team")
		}
		if r := alice.Client.Do("DELETE", "/api/v4/teams/"+secret.Id+"/members/"+bob.User.Id, nil); r.Status != http.StatusOK {
			t.Fatalf("remove: %d %s", r.Status, r.Body)
		}
		if exists(bob.Client, "secret") {
			t.Error("former member still sees the team")
		}
		wantError(t, bob.Client.Do("GET", "/api/v4/teams/name/Bad!/exists", nil), 400, "api.context.invalid_url_param.app_error")
		// The name and member routes share one pattern; both still answer.
		if r := alice.Client.Do("GET", "/api/v4/teams/"+secret.Id+"/members/"+alice.User.Id, nil); r.Status != http.StatusOK {
			t.Errorf("get member: %d %s", r.Status, r.Body)
		}
		wantError(t, alice.Client.Do("GET", "/api/v4/teams/name/secret/other", nil), 404, "api.context.404.app_error")
	})
}

func TestTeamStats(t *testing.T) {
	t.Parallel()
	forEachDB(t, nil, func(t *testing.T, s *apitest.Server) {
		admin := s.CreateUser(t, true)
		alice := newPerson(t, s, "alice", "", "", "", "")
		bob := newPerson(t, s, "bob", "", "", "", "")
		carol := newPerson(t, s, "carol", "", "", "", "")
		dave := newPerson(t, s, "dave", "", "", "", "")
		outsider := newPerson(t, s, "erin", "", "", "", "")
		team := createTeam(t, alice.Client, "alpha", true)
		for _, u := range []*apitest.NewUser{bob, carol, dave} {
			addToTeam(t, alice.Client, team.Id, u.User.Id)
		}
		if r := admin.Client.Do("PUT", "/api/v4/users/"+carol.User.Id+"/active", map[string]bool{"active": false}); r.Status != http.StatusOK {
			t.Fatalf("deactivate: %d %s", r.Status, r.Body)
		}
		if r := alice.Client.Do("DELETE", "/api/v4/teams/"+team.Id+"/members/"+dave.User.Id, nil); r.Status != http.StatusOK {
			t.Fatalf("remove: %d %s", r.Status, r.Body)
		}
		r := bob.Client.Do("GET", "/api/v4/teams/"+team.Id+"/stats", nil)
		if r.Status != http.StatusOK {
			t.Fatalf("stats: %d %s", r.Status, r.Body)
		}
		raw := r.Map(t)
		if len(raw) != 3 || raw["team_id"] != team.Id || raw["total_member_count"] != float64(3) || raw["active_member_count"] != float64(2) {
			t.Errorf("stats = %s", r.Body)
		}
		wantError(t, outsider.Client.Do("GET", "/api/v4/teams/"+team.Id+"/stats", nil), 403, "api.context.permissions.app_error")
		wantError(t, bob.Client.Do("GET", "/api/v4/teams/xyz/stats", nil), 400, "api.context.invalid_url_param.app_error")
	})
}

func TestTeamInviteInfo(t *testing.T) {
	t.Parallel()
	forEachDB(t, nil, func(t *testing.T, s *apitest.Server) {
		s.CreateUser(t, true)
		alice := newPerson(t, s, "alice", "", "", "", "")
		open := createTeam(t, alice.Client, "alpha", true)
		if r := alice.Client.Do("PUT", "/api/v4/teams/"+open.Id+"/patch", map[string]string{"description": "We build things"}); r.Status != http.StatusOK {
			t.Fatalf("patch: %d %s", r.Status, r.Body)
		}
		closed := createTeam(t, alice.Client, "secret", false)

		anon := s.Client()
		r := anon.Do("GET", "/api/v4/teams/invite/"+open.InviteId, nil)
		if r.Status != http.StatusOK {
			t.Fatalf("invite info: %d %s", r.Status, r.Body)
		}
		raw := r.Map(t)
		keys := make([]string, 0, len(raw))
		for k := range raw {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		if !slices.Equal(keys, []string{"description", "display_name", "id", "name"}) || raw["id"] != open.Id || raw["name"] != "alpha" ||
			raw["display_name"] != "Team alpha" || raw["description"] != "We build things" {
			t.Errorf("invite info = %s", r.Body)
		}
		// A bad token is ignored on this public route.
		anon.Token = "not-a-token"
		if r := anon.Do("GET", "/api/v4/teams/invite/"+open.InviteId, nil); r.Status != http.StatusOK {
			t.Errorf("with a bad token: %d %s", r.Status, r.Body)
		}
		anon.Token = ""
		wantError(t, anon.Do("GET", "/api/v4/teams/invite/"+closed.InviteId, nil), 403, "api.team.get_invite_info.not_open_team")
		wantError(t, anon.Do("GET", "/api/v4/teams/invite/"+model.NewId(), nil), 404, "app.team.get_by_invite_id.finding.app_error")
		wantError(t, anon.Do("GET", "/api/v4/teams/invite/bad-id", nil), 404, "api.context.404.app_error")
		if r := alice.Client.Do("DELETE", "/api/v4/teams/"+open.Id, nil); r.Status != http.StatusOK {
			t.Fatalf("archive: %d %s", r.Status, r.Body)
		}
		wantError(t, anon.Do("GET", "/api/v4/teams/invite/"+open.InviteId, nil), 404, "app.team.get_by_invite_id.finding.app_error")
	})
}
