package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"roster/internal/apitest"
	"roster/internal/app"
	"roster/internal/config"
	"roster/internal/model"
	"roster/internal/store"
)

func teamMember(t *testing.T, c *apitest.Client, teamID, userID string) model.TeamMember {
	t.Helper()
	r := c.Do("GET", "/api/v4/teams/"+teamID+"/members/"+userID, nil)
	if r.Status != http.StatusOK {
		t.Fatalf("get member: %d %s", r.Status, r.Body)
	}
	return decode[model.TeamMember](t, r)
}

func TestUpdateTeamMemberRoles(t *testing.T) {
	t.Parallel()
	forEachDB(t, nil, func(t *testing.T, s *apitest.Server) {
		admin := s.CreateUser(t, true)
		alice := newPerson(t, s, "alice", "", "", "", "")
		bob := newPerson(t, s, "bob", "", "", "", "")
		carol := newPerson(t, s, "carol", "", "", "", "")
		guest := newPerson(t, s, "guest1", "", "", "", "system_guest")
		team := createTeam(t, alice.Client, "alpha", true)
		for _, u := range []*apitest.NewUser{bob, guest} {
			addToTeam(t, alice.Client, team.Id, u.User.Id)
		}
		rolesURL := func(userID string) string { return "/api/v4/teams/" + team.Id + "/members/" + userID + "/roles" }
		patch := func(c *apitest.Client) *apitest.Response {
			return c.Do("PUT", "/api/v4/teams/"+team.Id+"/patch", map[string]string{"description": "by " + c.Token[:4]})
		}
		// bob's team roles are cached by this refused attempt.
		wantError(t, patch(bob.Client), 403, "api.context.permissions.app_error")

		// Promoted: the change counts at once.
		r := alice.Client.Do("PUT", rolesURL(bob.User.Id), map[string]string{"roles": "team_user team_admin"})
		if r.Status != http.StatusOK || r.Map(t)["status"] != "OK" {
			t.Fatalf("promote: %d %s", r.Status, r.Body)
		}
		if m := teamMember(t, bob.Client, team.Id, bob.User.Id); m.Roles != "team_user team_admin" || !m.SchemeAdmin || !m.SchemeUser || m.ExplicitRoles != "" {
			t.Errorf("promoted member = %+v", m)
		}
		if r := patch(bob.Client); r.Status != http.StatusOK {
			t.Errorf("new team admin patches: %d %s", r.Status, r.Body)
		}
		// Demoted by the new admin's peer: refused at once.
		if r := alice.Client.Do("PUT", rolesURL(bob.User.Id), map[string]string{"roles": "team_user"}); r.Status != http.StatusOK {
			t.Fatalf("demote: %d %s", r.Status, r.Body)
		}
		wantError(t, patch(bob.Client), 403, "api.context.permissions.app_error")

		// Roles no scheme manages stay explicit, listed first; "me" names the caller.
		if r := admin.Client.Do("PUT", rolesURL(bob.User.Id), map[string]string{"roles": "team_post_all team_user"}); r.Status != http.StatusOK {
			t.Fatalf("explicit role: %d %s", r.Status, r.Body)
		}
		if m := teamMember(t, bob.Client, team.Id, bob.User.Id); m.Roles != "team_post_all team_user" || m.ExplicitRoles != "team_post_all" || m.SchemeAdmin {
			t.Errorf("member with an explicit role = %+v", m)
		}
		if r := alice.Client.Do("PUT", "/api/v4/teams/"+team.Id+"/members/me/roles", map[string]string{"roles": "team_user team_admin"}); r.Status != http.StatusOK {
			t.Errorf("own roles via me: %d %s", r.Status, r.Body)
		}
		// A guest stays a guest.
		if r := alice.Client.Do("PUT", rolesURL(guest.User.Id), map[string]string{"roles": "team_guest"}); r.Status != http.StatusOK {
			t.Errorf("guest keeps the guest role: %d %s", r.Status, r.Body)
		}

		tests := []struct {
			name   string
			c      *apitest.Client
			user   string
			body   any
			status int
			id     string
		}{
			{"system_admin alone", alice.Client, bob.User.Id, map[string]string{"roles": "system_admin"}, 400, "api.context.invalid_body_param.app_error"},
			{"bad role name", alice.Client, bob.User.Id, map[string]string{"roles": "team_user Bad-Role"}, 400, "api.context.invalid_body_param.app_error"},
			{"unknown role", alice.Client, bob.User.Id, map[string]string{"roles": "team_user no_such_role"}, 400, "app.role.get_by_name.app_error"},
			{"system scheme role", alice.Client, bob.User.Id, map[string]string{"roles": "team_user system_user"}, 400, "api.channel.update_team_member_roles.scheme_role.app_error"},
			{"channel scheme role", alice.Client, bob.User.Id, map[string]string{"roles": "channel_admin"}, 400, "api.channel.update_team_member_roles.scheme_role.app_error"},
			{"guest and user", alice.Client, guest.User.Id, map[string]string{"roles": "team_guest team_user"}, 400, "api.team.update_team_member_roles.guest_and_user.app_error"},
			{"make a guest", alice.Client, bob.User.Id, map[string]string{"roles": "team_guest"}, 400, "api.channel.update_team_member_roles.changing_guest_role.app_error"},
			{"unmake a guest", alice.Client, guest.User.Id, map[string]string{"roles": "team_user"}, 400, "api.channel.update_team_member_roles.changing_guest_role.app_error"},
			{"no roles key", alice.Client, bob.User.Id, map[string]string{"role": "team_user"}, 400, "api.context.invalid_body_param.app_error"},
			{"malformed", alice.Client, bob.User.Id, `{"roles": 1}`, 400, "api.context.invalid_body_param.app_error"},
			{"not a member", alice.Client, carol.User.Id, map[string]string{"roles": "team_user"}, 404, "app.team.get_member.missing.app_error"},
			{"plain member", bob.Client, bob.User.Id, map[string]string{"roles": "team_user team_admin"}, 403, "api.context.permissions.app_error"},
			{"outsider", carol.Client, bob.User.Id, map[string]string{"roles": "team_user"}, 403, "api.context.permissions.app_error"},
			{"bad user id", alice.Client, "nobody", map[string]string{"roles": "team_user"}, 400, "api.context.invalid_url_param.app_error"},
		}
		for _, tc := range tests {
			r := tc.c.Do("PUT", rolesURL(tc.user), tc.body)
			t.Run(tc.name, func(t *testing.T) { wantError(t, r, tc.status, tc.id) })
		}
		if m := teamMember(t, bob.Client, team.Id, bob.User.Id); m.Roles != "team_post_all team_user" {
			t.Errorf("refused updates changed the member: %+v", m)
		}

		// An empty roles string removes every team role, as in Mattermost.
		if r := alice.Client.Do("PUT", rolesURL(bob.User.Id), map[string]string{"roles": ""}); r.Status != http.StatusOK {
			t.Fatalf("empty roles: %d %s", r.Status, r.Body)
		}
		m := teamMember(t, alice.Client, team.Id, bob.User.Id)
		if m.Roles != "" || m.SchemeUser || m.SchemeAdmin || m.SchemeGuest || m.DeleteAt != 0 {
			t.Errorf("member without roles = %+v", m)
		}
		wantError(t, bob.Client.Do("GET", "/api/v4/teams/"+team.Id+"/members", nil), 403, "api.context.permissions.app_error")
	})
}

func TestUpdateTeamMemberSchemeRoles(t *testing.T) {
	t.Parallel()
	forEachDB(t, nil, func(t *testing.T, s *apitest.Server) {
		s.CreateUser(t, true)
		alice := newPerson(t, s, "alice", "", "", "", "")
		bob := newPerson(t, s, "bob", "", "", "", "")
		carol := newPerson(t, s, "carol", "", "", "", "")
		team := createTeam(t, alice.Client, "alpha", false)
		addToTeam(t, alice.Client, team.Id, bob.User.Id)
		url := "/api/v4/teams/" + team.Id + "/members/" + bob.User.Id + "/schemeRoles"
		invite := func(c *apitest.Client) *apitest.Response {
			return c.Do("POST", "/api/v4/teams/"+team.Id+"/regenerate_invite_id", nil)
		}
		wantError(t, invite(bob.Client), 403, "api.context.permissions.app_error")
		if r := alice.Client.Do("PUT", "/api/v4/teams/"+team.Id+"/members/"+bob.User.Id+"/roles", map[string]string{"roles": "team_user team_post_all"}); r.Status != http.StatusOK {
			t.Fatalf("explicit role: %d %s", r.Status, r.Body)
		}

		// The body mattermost-redux sends: scheme_user and scheme_admin.
		r := alice.Client.Do("PUT", url, map[string]bool{"scheme_user": true, "scheme_admin": true})
		if r.Status != http.StatusOK || r.Map(t)["status"] != "OK" {
			t.Fatalf("scheme roles: %d %s", r.Status, r.Body)
		}
		if m := teamMember(t, alice.Client, team.Id, bob.User.Id); m.Roles != "team_post_all team_user team_admin" || m.ExplicitRoles != "team_post_all" || !m.SchemeAdmin {
			t.Errorf("member = %+v", m)
		}
		if r := invite(bob.Client); r.Status != http.StatusOK {
			t.Errorf("new team admin at once: %d %s", r.Status, r.Body)
		}
		if r := alice.Client.Do("PUT", url, map[string]bool{"scheme_user": true}); r.Status != http.StatusOK {
			t.Fatalf("demote: %d %s", r.Status, r.Body)
		}
		wantError(t, invite(bob.Client), 403, "api.context.permissions.app_error")

		tests := []struct {
			name   string
			c      *apitest.Client
			url    string
			body   any
			status int
			id     string
		}{
			{"guest and user", alice.Client, url, map[string]bool{"scheme_user": true, "scheme_guest": true}, 400, "api.team.update_team_member_roles.guest_and_user.app_error"},
			{"malformed", alice.Client, url, `{"scheme_admin": "yes"}`, 400, "api.context.invalid_body_param.app_error"},
			{"plain member", bob.Client, url, map[string]bool{"scheme_user": true, "scheme_admin": true}, 403, "api.context.permissions.app_error"},
			{"not a member", alice.Client, "/api/v4/teams/" + team.Id + "/members/" + carol.User.Id + "/schemeRoles", map[string]bool{"scheme_user": true}, 404, "app.team.get_member.missing.app_error"},
		}
		for _, tc := range tests {
			r := tc.c.Do("PUT", tc.url, tc.body)
			t.Run(tc.name, func(t *testing.T) { wantError(t, r, tc.status, tc.id) })
		}
		if m := teamMember(t, alice.Client, team.Id, bob.User.Id); m.Roles != "team_post_all team_user" {
			t.Errorf("refused updates changed the member: %+v", m)
		}
	})
}

func TestGetTeamMembersByIDs(t *testing.T) {
	t.Parallel()
	forEachDB(t, nil, func(t *testing.T, s *apitest.Server) {
		s.CreateUser(t, true)
		alice := newPerson(t, s, "alice", "", "", "", "")
		bob := newPerson(t, s, "bob", "", "", "", "")
		carol := newPerson(t, s, "carol", "", "", "", "")
		dave := newPerson(t, s, "dave", "", "", "", "")
		team := createTeam(t, alice.Client, "alpha", true)
		addToTeam(t, alice.Client, team.Id, bob.User.Id)
		addToTeam(t, alice.Client, team.Id, dave.User.Id)
		if r := alice.Client.Do("DELETE", "/api/v4/teams/"+team.Id+"/members/"+dave.User.Id, nil); r.Status != http.StatusOK {
			t.Fatalf("remove: %d %s", r.Status, r.Body)
		}
		url := "/api/v4/teams/" + team.Id + "/members/ids"
		r := bob.Client.Do("POST", url, []string{alice.User.Id, carol.User.Id, dave.User.Id, "garbage", bob.User.Id, alice.User.Id})
		if r.Status != http.StatusOK {
			t.Fatalf("members by ids: %d %s", r.Status, r.Body)
		}
		var got []string
		for _, m := range decode[[]model.TeamMember](t, r) {
			got = append(got, m.UserId)
			if m.TeamId != team.Id || m.DeleteAt != 0 {
				t.Errorf("member %+v", m)
			}
		}
		want := []string{alice.User.Id, bob.User.Id}
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("got %v, want %v (active members only, once each)", got, want)
		}
		if r := bob.Client.Do("POST", url, []string{carol.User.Id}); r.Status != 200 || strings.TrimSpace(string(r.Body)) != "[]" {
			t.Errorf("no member: %d %s", r.Status, r.Body)
		}
		for _, body := range []any{[]string{}, `null`, `{"ids": []}`, `[1]`} {
			wantError(t, bob.Client.Do("POST", url, body), 400, "api.context.invalid_body_param.app_error")
		}
		wantError(t, carol.Client.Do("POST", url, []string{alice.User.Id}), 403, "api.context.permissions.app_error")
	})
}

// storeInvitation stores an email invitation token as InviteByEmail does and returns its
// secret.
func storeInvitation(t *testing.T, s *apitest.Server, teamID, email, senderID string, channels []string, createAt time.Time) string {
	t.Helper()
	extra, err := json.Marshal(map[string]string{"teamId": teamID, "email": email, "channels": strings.Join(channels, " "), "senderId": senderID})
	if err != nil {
		t.Fatal(err)
	}
	secret := model.NewRandomString(64)
	if err := s.Store.CreateToken(context.Background(), &store.Token{Token: secret, Type: app.TokenTypeTeamInvitation,
		CreateAt: createAt.UnixMilli(), Extra: string(extra)}); err != nil {
		t.Fatal(err)
	}
	return secret
}

func tokenExists(t *testing.T, s *apitest.Server, secret string) bool {
	t.Helper()
	_, err := s.Store.GetToken(context.Background(), secret, app.TokenTypeTeamInvitation)
	if err != nil && err != store.ErrNotFound {
		t.Fatal(err)
	}
	return err == nil
}

func TestJoinTeamWithToken(t *testing.T) {
	t.Parallel()
	forEachDB(t, func(c *config.Config) { c.TeamSettings.MaxUsersPerTeam = 4 }, func(t *testing.T, s *apitest.Server) {
		admin := s.CreateUser(t, true)
		alice := newPerson(t, s, "alice", "", "", "", "")
		bob := newPerson(t, s, "bob", "", "", "", "")
		carol := newPerson(t, s, "carol", "", "", "", "")
		guest := newPerson(t, s, "guest1", "", "", "", "system_guest")
		team := createTeam(t, alice.Client, "alpha", false)
		plans := createChannel(t, alice.Client, team.Id, "plans", "P")
		now := time.Now()
		join := func(c *apitest.Client, token string) *apitest.Response {
			return c.Do("POST", "/api/v4/teams/members/invite?token="+url.QueryEscape(token)+"&invite_id=", nil)
		}

		// bob holds an invitation to the invite-only team and its private channel.
		tok := storeInvitation(t, s, team.Id, "someone@example.org", alice.User.Id, []string{plans.Id}, now)
		r := join(bob.Client, tok)
		if r.Status != http.StatusCreated {
			t.Fatalf("join: %d %s", r.Status, r.Body)
		}
		if m := decode[model.TeamMember](t, r); m.TeamId != team.Id || m.UserId != bob.User.Id || m.Roles != "team_user" {
			t.Errorf("member = %+v", m)
		}
		if r := bob.Client.Do("GET", "/api/v4/channels/"+plans.Id, nil); r.Status != http.StatusOK {
			t.Errorf("the invitation's channel: %d %s", r.Status, r.Body)
		}
		if tokenExists(t, s, tok) {
			t.Error("the token was not used up")
		}
		wantError(t, join(carol.Client, tok), 400, "api.user.create_user.signup_link_invalid.app_error")

		// Refusals that leave the token usable.
		guestTok := storeInvitation(t, s, team.Id, "g@example.org", alice.User.Id, nil, now)
		wantError(t, join(guest.Client, guestTok), 400, "api.user.create_user.invalid_invitation_type.app_error")
		if !tokenExists(t, s, guestTok) {
			t.Error("a refused guest used the token up")
		}
		// The team is full (MaxUsersPerTeam 4: alice, bob, and two more).
		addToTeam(t, alice.Client, team.Id, admin.User.Id)
		filler := newPerson(t, s, "filler", "", "", "", "")
		addToTeam(t, alice.Client, team.Id, filler.User.Id)
		fullTok := storeInvitation(t, s, team.Id, "c@example.org", alice.User.Id, nil, now)
		wantError(t, join(carol.Client, fullTok), 400, "app.team.join_user_to_team.save_member.max_accounts.app_error")
		if !tokenExists(t, s, fullTok) {
			t.Error("a failed join used the token up")
		}
		if r := alice.Client.Do("DELETE", "/api/v4/teams/"+team.Id+"/members/"+filler.User.Id, nil); r.Status != http.StatusOK {
			t.Fatalf("remove: %d %s", r.Status, r.Body)
		}
		if r := join(carol.Client, fullTok); r.Status != http.StatusCreated {
			t.Errorf("join once there is room: %d %s", r.Status, r.Body)
		}

		expired := storeInvitation(t, s, team.Id, "e@example.org", alice.User.Id, nil, now.Add(-49*time.Hour))
		wantError(t, join(filler.Client, expired), 400, "api.user.create_user.signup_link_expired.app_error")
		if tokenExists(t, s, expired) {
			t.Error("an expired token was kept")
		}
		gone := storeInvitation(t, s, model.NewId(), "x@example.org", alice.User.Id, nil, now)
		wantError(t, join(filler.Client, gone), 404, "app.team.get.find.app_error")
		wantError(t, join(filler.Client, "nosuchtoken"), 400, "api.user.create_user.signup_link_invalid.app_error")
		wantError(t, s.Client().Do("POST", "/api/v4/teams/members/invite?token="+url.QueryEscape(guestTok), nil), 401, "api.context.session_expired.app_error")

		if r := admin.Client.Do("PUT", "/api/v4/teams/"+team.Id+"/patch", map[string]any{"group_constrained": true}); r.Status != http.StatusOK {
			t.Fatalf("group constrain: %d %s", r.Status, r.Body)
		}
		gcTok := storeInvitation(t, s, team.Id, "f@example.org", alice.User.Id, nil, now)
		wantError(t, join(filler.Client, gcTok), 403, "app.team.invite_token.group_constrained.error")
	})
}

func TestJoinTeamWithInviteID(t *testing.T) {
	t.Parallel()
	forEachDB(t, nil, func(t *testing.T, s *apitest.Server) {
		admin := s.CreateUser(t, true)
		alice := newPerson(t, s, "alice", "", "", "", "")
		bob := newPerson(t, s, "bob", "", "", "", "")
		carol := newPerson(t, s, "carol", "", "", "", "")
		guest := newPerson(t, s, "guest1", "", "", "", "system_guest")
		team := createTeam(t, alice.Client, "alpha", false)
		join := func(c *apitest.Client, inviteID string) *apitest.Response {
			return c.Do("POST", "/api/v4/teams/members/invite?token=&invite_id="+inviteID, nil)
		}

		// The invite id works for an invite-only team too; joining twice answers the membership.
		r := join(bob.Client, team.InviteId)
		if r.Status != http.StatusCreated {
			t.Fatalf("join: %d %s", r.Status, r.Body)
		}
		first := decode[model.TeamMember](t, r)
		if first.TeamId != team.Id || first.UserId != bob.User.Id || first.Roles != "team_user" || first.DeleteAt != 0 {
			t.Errorf("member = %+v", first)
		}
		if again := decode[model.TeamMember](t, join(bob.Client, team.InviteId)); again != first {
			t.Errorf("second join = %+v, want %+v", again, first)
		}
		// bob joined the default channels.
		ts, err := s.Store.GetChannelByName(context.Background(), team.Id, "town-square")
		if err != nil {
			t.Fatal(err)
		}
		if r := bob.Client.Do("GET", "/api/v4/channels/"+ts.Id+"/members", nil); r.Status != http.StatusOK {
			t.Errorf("town square: %d %s", r.Status, r.Body)
		}

		wantError(t, join(guest.Client, team.InviteId), 403, "api.team.add_user_to_team_from_invite.guest.app_error")
		wantError(t, join(carol.Client, model.NewId()), 404, "app.team.get_by_invite_id.finding.app_error")
		wantError(t, carol.Client.Do("POST", "/api/v4/teams/members/invite", nil), 400, "api.team.add_user_to_team.missing_parameter.app_error")

		if r := admin.Client.Do("PUT", "/api/v4/teams/"+team.Id+"/patch", map[string]any{"group_constrained": true}); r.Status != http.StatusOK {
			t.Fatalf("group constrain: %d %s", r.Status, r.Body)
		}
		wantError(t, join(carol.Client, team.InviteId), 403, "app.team.invite_id.group_constrained.error")
		wantError(t, admin.Client.Do("GET", "/api/v4/teams/"+team.Id+"/members/"+carol.User.Id, nil), 404, "app.team.get_member.missing.app_error")

		other := createTeam(t, alice.Client, "beta", true)
		if r := alice.Client.Do("DELETE", "/api/v4/teams/"+other.Id, nil); r.Status != http.StatusOK {
			t.Fatalf("archive: %d %s", r.Status, r.Body)
		}
		wantError(t, join(carol.Client, other.InviteId), 404, "app.team.get_by_invite_id.finding.app_error")
	})
}

// The whole way: an emailed invitation, followed by a user who already has an account.
func TestJoinTeamWithEmailedInvitation(t *testing.T) {
	t.Parallel()
	forEachDriver(t, func(t *testing.T, driver string) {
		e := newInviteEnv(t, driver, nil)
		inviter := e.member(t)
		existing := e.s.CreateUser(t, false)
		if r := e.invite(inviter.Client, false, []string{existing.User.Email}); r.Status != http.StatusOK {
			t.Fatalf("invite: %d %s", r.Status, r.Body)
		}
		link := inviteLink(t, e.smtp.Wait(t, 10*time.Second), existing.User.Email)
		token := link.Query().Get("t")
		r := existing.Client.Do("POST", "/api/v4/teams/members/invite?token="+url.QueryEscape(token), nil)
		if r.Status != http.StatusCreated {
			t.Fatalf("join: %d %s", r.Status, r.Body)
		}
		if m := decode[model.TeamMember](t, r); m.TeamId != e.teamID || m.UserId != existing.User.Id {
			t.Errorf("member = %+v", m)
		}
		if n := e.outstanding(t, inviter.User.Id); n != 0 {
			t.Errorf("outstanding invitations %d, want 0", n)
		}
	})
}

func TestInvalidateEmailInvites(t *testing.T) {
	t.Parallel()
	forEachDB(t, nil, func(t *testing.T, s *apitest.Server) {
		admin := s.CreateUser(t, true)
		alice := newPerson(t, s, "alice", "", "", "", "")
		team := createTeam(t, alice.Client, "alpha", true)
		now := time.Now()
		tokens := []string{
			storeInvitation(t, s, team.Id, "a@example.org", alice.User.Id, nil, now),
			storeInvitation(t, s, team.Id, "b@example.org", alice.User.Id, nil, now.Add(-time.Hour)),
		}
		other := model.NewRandomString(64)
		if err := s.Store.CreateToken(context.Background(), &store.Token{Token: other, Type: "password_recovery", CreateAt: now.UnixMilli(), Extra: "{}"}); err != nil {
			t.Fatal(err)
		}

		wantError(t, alice.Client.Do("DELETE", "/api/v4/teams/invites/email", nil), 403, "api.context.permissions.app_error")
		for _, tok := range tokens {
			if !tokenExists(t, s, tok) {
				t.Fatal("a refused request removed an invitation")
			}
		}
		if r := admin.Client.Do("DELETE", "/api/v4/teams/invites/email", nil); r.Status != http.StatusOK || r.Map(t)["status"] != "OK" {
			t.Fatalf("invalidate: %d %s", r.Status, r.Body)
		}
		for _, tok := range tokens {
			if tokenExists(t, s, tok) {
				t.Error("an invitation survived")
			}
		}
		wantError(t, newPerson(t, s, "bob", "", "", "", "").Client.Do("POST", "/api/v4/teams/members/invite?token="+url.QueryEscape(tokens[0]), nil),
			400, "api.user.create_user.signup_link_invalid.app_error")
		if _, err := s.Store.GetToken(context.Background(), other, "password_recovery"); err != nil {
			t.Errorf("a token of another kind was removed: %v", err)
		}
	})
}

func TestTeamUnreads(t *testing.T) {
	t.Parallel()
	forEachDB(t, nil, func(t *testing.T, s *apitest.Server) {
		admin := s.CreateUser(t, true)
		alice := newPerson(t, s, "alice", "", "", "", "")
		bob := newPerson(t, s, "bob", "", "", "", "")
		a := createTeam(t, alice.Client, "alpha", true)
		b := createTeam(t, alice.Client, "beta", true)
		c := createTeam(t, admin.Client, "gamma", true)
		addToTeam(t, alice.Client, a.Id, bob.User.Id)

		r := alice.Client.Do("GET", "/api/v4/users/me/teams/unread?include_collapsed_threads=true", nil)
		if r.Status != http.StatusOK {
			t.Fatalf("unreads: %d %s", r.Status, r.Body)
		}
		var raw []map[string]any
		r.Decode(t, &raw)
		var got []string
		for _, u := range raw {
			got = append(got, u["team_id"].(string))
			for _, k := range []string{"msg_count", "mention_count", "mention_count_root", "msg_count_root", "thread_count", "thread_mention_count", "thread_urgent_mention_count"} {
				if v, ok := u[k]; !ok || v != float64(0) {
					t.Errorf("%s = %v in %v", k, v, u)
				}
			}
			if len(u) != 8 {
				t.Errorf("unread keys: %v", u)
			}
		}
		want := []string{a.Id, b.Id}
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("teams %v, want %v (the user's teams, not %s)", got, want, c.Id)
		}
		excluded := decode[[]model.TeamUnread](t, admin.Client.Do("GET", "/api/v4/users/"+alice.User.Id+"/teams/unread?exclude_team="+a.Id, nil))
		if len(excluded) != 1 || excluded[0].TeamId != b.Id {
			t.Errorf("excluding %s: %+v", a.Id, excluded)
		}
		wantError(t, bob.Client.Do("GET", "/api/v4/users/"+alice.User.Id+"/teams/unread", nil), 403, "api.context.permissions.app_error")

		one := alice.Client.Do("GET", "/api/v4/users/me/teams/"+a.Id+"/unread", nil)
		if one.Status != http.StatusOK {
			t.Fatalf("team unread: %d %s", one.Status, one.Body)
		}
		if u := decode[model.TeamUnread](t, one); u != (model.TeamUnread{TeamId: a.Id}) {
			t.Errorf("team unread = %+v", u)
		}
		if u := decode[model.TeamUnread](t, admin.Client.Do("GET", "/api/v4/users/"+bob.User.Id+"/teams/"+b.Id+"/unread", nil)); u != (model.TeamUnread{TeamId: b.Id}) {
			t.Errorf("unread of a team bob is not in = %+v", u)
		}
		wantError(t, bob.Client.Do("GET", "/api/v4/users/"+alice.User.Id+"/teams/"+a.Id+"/unread", nil), 403, "api.context.permissions.app_error")
		wantError(t, bob.Client.Do("GET", "/api/v4/users/me/teams/"+b.Id+"/unread", nil), 403, "api.context.permissions.app_error")
		wantError(t, bob.Client.Do("GET", "/api/v4/users/me/teams/xyz/unread", nil), 400, "api.context.invalid_url_param.app_error")
	})
}
