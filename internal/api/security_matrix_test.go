package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"roster/internal/apitest"
	"roster/internal/app"
	"roster/internal/config"
	"roster/internal/model"
)

// The permission matrix: every registered route, sent by every kind of caller, on both
// databases, with the status each must get (Mattermost's, except where Roster documents a
// deliberate difference). A route without a row fails the test.
//
// Each row gets a world of its own: a team (created by the team admin, so open or
// invite-only as the row asks) with the team member in it and, for channel rows, a public
// and a private channel created by a helper user (so that the team admin and the team
// member are in neither). Each request that reaches a handler gets a fresh victim (the user
// the request is about, "same user" when it is also the caller), placed in the world as the
// row says; those refused for want of a working session share one. The callers are shared:
// rows run in parallel, except those that end sessions other than the victim's, which run
// alone afterwards with fresh logins before every request.

// Caller kinds.
const (
	kAnon           = "anonymous"
	kOther          = "other user"       // a plain user in no team of the world
	kSelf           = "same user"        // the victim
	kMember         = "team member"      // a plain member of the world's team
	kTeamAdmin      = "team admin"       // team admin of the world's team, not a system admin
	kAdmin          = "system admin"     // not a member of the world's team
	kDeactivated    = "deactivated user" // a session left behind for a deactivated account
	kExpired        = "expired session"
	kRevokedToken   = "revoked access token"
	kRevokedSession = "revoked session"
)

// codes are the statuses of a row, one column per caller kind with a valid session, and
// anonymous. Callers whose session is not valid get the anonymous column: 401 on routes that
// need a session, on public routes whatever an anonymous caller gets.
type codes [6]int

const (
	colAnon = iota
	colOther
	colSelf
	colMember
	colTeamAdmin
	colAdmin
)

var matrixKinds = []struct {
	name  string
	col   int
	valid bool // holds a working session
}{
	{kAnon, colAnon, false},
	{kOther, colOther, true},
	{kSelf, colSelf, true},
	{kMember, colMember, true},
	{kTeamAdmin, colTeamAdmin, true},
	{kAdmin, colAdmin, true},
	{kDeactivated, colAnon, false},
	{kExpired, colAnon, false},
	{kRevokedToken, colAnon, false},
	{kRevokedSession, colAnon, false},
}

// rowOpt flags a row.
type rowOpt int

const (
	public     rowOpt = 1 << iota // session optional: bad tokens are treated as anonymous
	inviteOnly                    // the world's team is invite-only (else open)
	withToken                     // the victim is logged in and has a personal access token
	loggedIn                      // the victim is logged in (always so for "same user")
	global                        // the request ends sessions of others: run alone
)

// place is where the victim stands in the world.
type place int

const (
	inTeam         place = iota // member of the team (the default)
	outsider                    // in no team
	inChannels                  // member of the team and of both channels
	besideChannels              // member of the team, in neither channel
)

// matrixWorld is what a row's requests are about besides the victim.
type matrixWorld struct {
	team            model.Team
	public, private model.Channel // only for rows that place the victim by the channels
}

// cell is one request's world: the row's, plus a fresh victim.
type cell struct {
	*matrixWorld
	victim    *apitest.NewUser // Client is nil unless the victim logged in
	sessionID string
	token     model.UserAccessToken
}

func (c *cell) user() string    { return "/api/v4/users/" + c.victim.User.Id }
func (c *cell) teamURL() string { return "/api/v4/teams/" + c.team.Id }

type request func(c *cell) (method, path string, body any)

type matrixRow struct {
	pattern string // the route it covers; "" for a path that must not be routed
	note    string // tells rows of one route apart
	opts    rowOpt
	victim  place
	req     request
	want    codes
}

func (r matrixRow) name() string {
	name := r.pattern
	if name == "" {
		name = "unrouted"
	}
	if r.note != "" {
		name += " (" + r.note + ")"
	}
	return name
}

func get(path func(c *cell) string) request {
	return func(c *cell) (string, string, any) { return "GET", path(c), nil }
}

func fixed(method, path string, body any) request {
	return func(*cell) (string, string, any) { return method, path, body }
}

func matrixRows() []matrixRow {
	search := func(extra func(c *cell) map[string]any) request {
		return func(c *cell) (string, string, any) {
			body := map[string]any{"term": c.victim.User.Username}
			for k, v := range extra(c) {
				body[k] = v
			}
			return "POST", "/api/v4/users/search", body
		}
	}
	// Columns of want:        anonymous, other user, same user, team member, team admin, system admin
	return []matrixRow{
		// System and roles.
		{pattern: "GET /api/v4/system/ping", opts: public, req: fixed("GET", "/api/v4/system/ping", nil),
			want: codes{200, 200, 200, 200, 200, 200}},
		{pattern: "GET /api/v4/roles/name/{role_name}", req: fixed("GET", "/api/v4/roles/name/system_user", nil),
			want: codes{401, 200, 200, 200, 200, 200}},
		{pattern: "POST /api/v4/roles/names", req: fixed("POST", "/api/v4/roles/names", []string{"system_user"}),
			want: codes{401, 200, 200, 200, 200, 200}},

		// Accounts.
		{pattern: "POST /api/v4/users", opts: public, req: func(c *cell) (string, string, any) {
			id := model.NewId()[:12]
			return "POST", "/api/v4/users", map[string]string{"username": "n" + id, "email": "n" + id + "@example.com", "password": "Passw0rd-new"}
		}, want: codes{403, 403, 403, 403, 403, 201}},
		{pattern: "POST /api/v4/users/login", opts: public, req: func(c *cell) (string, string, any) {
			return "POST", "/api/v4/users/login", map[string]string{"login_id": c.victim.User.Username, "password": c.victim.Password}
		}, want: codes{200, 200, 200, 200, 200, 200}},
		{pattern: "POST /api/v4/users/logout", opts: public | global, req: fixed("POST", "/api/v4/users/logout", nil),
			want: codes{200, 200, 200, 200, 200, 200}},
		{pattern: "GET /api/v4/users/{user_id}", req: get((*cell).user),
			want: codes{401, 200, 200, 200, 200, 200}},
		{pattern: "PUT /api/v4/users/{user_id}", req: func(c *cell) (string, string, any) {
			v := c.victim.User
			v.Nickname = "renamed"
			return "PUT", c.user(), &v
		}, want: codes{401, 403, 200, 403, 403, 200}},
		// Self-deactivation is off by default (ServiceSettings.EnableUserDeactivation).
		{pattern: "DELETE /api/v4/users/{user_id}", req: func(c *cell) (string, string, any) { return "DELETE", c.user(), nil },
			want: codes{401, 403, 401, 403, 403, 200}},
		{pattern: "PUT /api/v4/users/{user_id}/patch", req: func(c *cell) (string, string, any) {
			return "PUT", c.user() + "/patch", map[string]string{"nickname": "n"}
		}, want: codes{401, 403, 200, 403, 403, 200}},
		{pattern: "PUT /api/v4/users/{user_id}/active", req: func(c *cell) (string, string, any) {
			return "PUT", c.user() + "/active", map[string]bool{"active": false}
		}, want: codes{401, 403, 401, 403, 403, 200}},
		{pattern: "GET /api/v4/users/username/{username}", req: get(func(c *cell) string { return "/api/v4/users/username/" + c.victim.User.Username }),
			want: codes{401, 200, 200, 200, 200, 200}},
		{pattern: "GET /api/v4/users/email/{email}", req: get(func(c *cell) string { return "/api/v4/users/email/" + c.victim.User.Email }),
			want: codes{401, 200, 200, 200, 200, 200}},

		// Passwords and MFA.
		{pattern: "PUT /api/v4/users/{user_id}/password", req: func(c *cell) (string, string, any) {
			return "PUT", c.user() + "/password", map[string]string{"current_password": c.victim.Password, "new_password": "Matrix-New-1"}
		}, want: codes{401, 403, 200, 403, 403, 200}},
		{pattern: "POST /api/v4/users/password/reset/send", opts: public, req: func(c *cell) (string, string, any) {
			return "POST", "/api/v4/users/password/reset/send", map[string]string{"email": c.victim.User.Email}
		}, want: codes{200, 200, 200, 200, 200, 200}},
		{pattern: "POST /api/v4/users/password/reset", opts: public, req: fixed("POST", "/api/v4/users/password/reset",
			map[string]string{"token": strings.Repeat("q", 64), "new_password": "Matrix-New-1"}),
			want: codes{400, 400, 400, 400, 400, 400}},
		{pattern: "POST /api/v4/users/{user_id}/mfa/generate", req: func(c *cell) (string, string, any) { return "POST", c.user() + "/mfa/generate", nil },
			want: codes{401, 403, 200, 403, 403, 200}},
		{pattern: "PUT /api/v4/users/{user_id}/mfa", req: func(c *cell) (string, string, any) {
			return "PUT", c.user() + "/mfa", map[string]bool{"activate": false}
		}, want: codes{401, 403, 200, 403, 403, 200}},
		// Not routed (it told anyone whether an account exists).
		{opts: public, req: fixed("POST", "/api/v4/users/mfa", map[string]string{"login_id": "someone"}),
			want: codes{404, 404, 404, 404, 404, 404}},

		// Sessions and audits.
		{pattern: "GET /api/v4/users/{user_id}/sessions", req: get(func(c *cell) string { return c.user() + "/sessions" }),
			want: codes{401, 403, 200, 403, 403, 200}},
		{pattern: "POST /api/v4/users/{user_id}/sessions/revoke", opts: loggedIn, req: func(c *cell) (string, string, any) {
			return "POST", c.user() + "/sessions/revoke", map[string]string{"session_id": c.sessionID}
		}, want: codes{401, 403, 200, 403, 403, 200}},
		{pattern: "POST /api/v4/users/{user_id}/sessions/revoke/all", req: func(c *cell) (string, string, any) {
			return "POST", c.user() + "/sessions/revoke/all", nil
		}, want: codes{401, 403, 200, 403, 403, 200}},
		{pattern: "POST /api/v4/users/sessions/revoke/all", opts: global, req: fixed("POST", "/api/v4/users/sessions/revoke/all", nil),
			want: codes{401, 403, 403, 403, 403, 200}},
		{pattern: "GET /api/v4/users/{user_id}/audits", req: get(func(c *cell) string { return c.user() + "/audits" }),
			want: codes{401, 403, 200, 403, 403, 200}},

		// Roles and authentication.
		{pattern: "PUT /api/v4/users/{user_id}/roles", req: func(c *cell) (string, string, any) {
			return "PUT", c.user() + "/roles", map[string]string{"roles": "system_user"}
		}, want: codes{401, 403, 403, 403, 403, 200}},
		{pattern: "PUT /api/v4/users/{user_id}/auth", req: func(c *cell) (string, string, any) {
			return "PUT", c.user() + "/auth", map[string]string{"auth_service": "gitlab", "auth_data": "gl-" + c.victim.User.Id}
		}, want: codes{401, 403, 403, 403, 403, 200}},

		// Personal access tokens.
		{pattern: "POST /api/v4/users/{user_id}/tokens", req: func(c *cell) (string, string, any) {
			return "POST", c.user() + "/tokens", map[string]string{"description": "matrix"}
		}, want: codes{401, 403, 200, 403, 403, 200}},
		{pattern: "GET /api/v4/users/{user_id}/tokens", req: get(func(c *cell) string { return c.user() + "/tokens" }),
			want: codes{401, 403, 200, 403, 403, 200}},
		{pattern: "GET /api/v4/users/tokens", req: fixed("GET", "/api/v4/users/tokens", nil),
			want: codes{401, 403, 403, 403, 403, 200}},
		{pattern: "GET /api/v4/users/tokens/{token_id}", opts: withToken, req: get(func(c *cell) string { return "/api/v4/users/tokens/" + c.token.Id }),
			want: codes{401, 403, 200, 403, 403, 200}},
		{pattern: "POST /api/v4/users/tokens/revoke", opts: withToken, req: func(c *cell) (string, string, any) {
			return "POST", "/api/v4/users/tokens/revoke", map[string]string{"token_id": c.token.Id}
		}, want: codes{401, 403, 200, 403, 403, 200}},
		{pattern: "POST /api/v4/users/tokens/disable", opts: withToken, req: func(c *cell) (string, string, any) {
			return "POST", "/api/v4/users/tokens/disable", map[string]string{"token_id": c.token.Id}
		}, want: codes{401, 403, 200, 403, 403, 200}},
		{pattern: "POST /api/v4/users/tokens/enable", opts: withToken, req: func(c *cell) (string, string, any) {
			return "POST", "/api/v4/users/tokens/enable", map[string]string{"token_id": c.token.Id}
		}, want: codes{401, 403, 200, 403, 403, 200}},

		// Teams (ENDPOINTS.md 5.x, api4/team.go).
		{pattern: "POST /api/v4/teams", req: func(c *cell) (string, string, any) {
			id := model.NewId()[:20]
			return "POST", "/api/v4/teams", map[string]any{"name": "n" + id, "display_name": "New " + id, "type": "O", "allow_open_invite": true}
		}, want: codes{401, 201, 201, 201, 201, 201}},
		// list_public_teams: every user; membership does not matter.
		{pattern: "GET /api/v4/teams", req: fixed("GET", "/api/v4/teams", nil),
			want: codes{401, 200, 200, 200, 200, 200}},
		// Open teams are readable by any session; others need view_team.
		// Profile images and preferences.
		{pattern: "GET /api/v4/users/{user_id}/image", req: get(func(c *cell) string { return c.user() + "/image" }),
			want: codes{401, 200, 200, 200, 200, 200}},
		{pattern: "GET /api/v4/users/{user_id}/image/default", req: get(func(c *cell) string { return c.user() + "/image/default" }),
			want: codes{401, 200, 200, 200, 200, 200}},
		// The matrix client sends no multipart Content-Type: callers past the permission check
		// get the parse error (400; Mattermost answers 500), the others 401/403.
		{pattern: "POST /api/v4/users/{user_id}/image", req: func(c *cell) (string, string, any) {
			return "POST", c.user() + "/image", []byte("not multipart")
		}, want: codes{401, 403, 400, 403, 403, 400}},
		{pattern: "DELETE /api/v4/users/{user_id}/image", req: func(c *cell) (string, string, any) { return "DELETE", c.user() + "/image", nil },
			want: codes{401, 403, 200, 403, 403, 200}},
		{pattern: "GET /api/v4/users/{user_id}/preferences", req: get(func(c *cell) string { return c.user() + "/preferences" }),
			want: codes{401, 403, 200, 403, 403, 200}},
		{pattern: "PUT /api/v4/users/{user_id}/preferences", req: func(c *cell) (string, string, any) {
			return "PUT", c.user() + "/preferences", []model.Preference{{UserId: c.victim.User.Id, Category: "display_settings", Name: "name_format", Value: "username"}}
		}, want: codes{401, 403, 200, 403, 403, 200}},
		{pattern: "POST /api/v4/users/{user_id}/preferences/delete", req: func(c *cell) (string, string, any) {
			return "POST", c.user() + "/preferences/delete", []model.Preference{{UserId: c.victim.User.Id, Category: "tutorial_step", Name: c.victim.User.Id}}
		}, want: codes{401, 403, 200, 403, 403, 200}},
		{pattern: "GET /api/v4/users/{user_id}/preferences/{category}", req: get(func(c *cell) string { return c.user() + "/preferences/tutorial_step" }),
			want: codes{401, 403, 200, 403, 403, 200}},
		{pattern: "GET /api/v4/users/{user_id}/preferences/{category}/name/{preference_name}", req: get(func(c *cell) string {
			return c.user() + "/preferences/tutorial_step/name/" + c.victim.User.Id
		}), want: codes{401, 403, 200, 403, 403, 200}},
		// Invitations are off in the matrix's configuration: a caller past the permission check
		// (invite_user on the team: its members and admins) gets the 501.
		{pattern: "POST /api/v4/teams/{team_id}/invite/email", req: func(c *cell) (string, string, any) {
			return "POST", c.teamURL() + "/invite/email", []string{"someone@example.com"}
		}, want: codes{401, 403, 501, 501, 501, 501}},

		{pattern: "GET /api/v4/teams/{team_id}", note: "open team", req: get((*cell).teamURL),
			want: codes{401, 200, 200, 200, 200, 200}},
		{pattern: "GET /api/v4/teams/{team_id}", note: "invite-only team", opts: inviteOnly, req: get((*cell).teamURL),
			want: codes{401, 403, 200, 200, 200, 200}},
		{pattern: "GET /api/v4/teams/name/{name}", note: "open team", req: get(func(c *cell) string { return "/api/v4/teams/name/" + c.team.Name }),
			want: codes{401, 200, 200, 200, 200, 200}},
		{pattern: "GET /api/v4/teams/name/{name}", note: "invite-only team", opts: inviteOnly,
			req:  get(func(c *cell) string { return "/api/v4/teams/name/" + c.team.Name }),
			want: codes{401, 403, 200, 200, 200, 200}},
		// view_team, even on an open team.
		{pattern: "GET /api/v4/teams/{team_id}/members", req: get(func(c *cell) string { return c.teamURL() + "/members" }),
			want: codes{401, 403, 200, 200, 200, 200}},
		{pattern: "GET /api/v4/teams/{team_id}/members/{user_id}", req: get(func(c *cell) string { return c.teamURL() + "/members/" + c.victim.User.Id }),
			want: codes{401, 403, 200, 200, 200, 200}},
		// Joining oneself needs join_public_teams (open team; every user) or join_private_teams
		// (admins); adding someone else needs add_user_to_team on the team (team members).
		{pattern: "POST /api/v4/teams/{team_id}/members", note: "open team", victim: outsider, req: func(c *cell) (string, string, any) {
			return "POST", c.teamURL() + "/members", map[string]string{"team_id": c.team.Id, "user_id": c.victim.User.Id}
		}, want: codes{401, 403, 201, 201, 201, 201}},
		{pattern: "POST /api/v4/teams/{team_id}/members", note: "invite-only team", opts: inviteOnly, victim: outsider, req: func(c *cell) (string, string, any) {
			return "POST", c.teamURL() + "/members", map[string]string{"team_id": c.team.Id, "user_id": c.victim.User.Id}
		}, want: codes{401, 403, 403, 201, 201, 201}},
		// add_user_to_team for everyone, oneself included.
		{pattern: "POST /api/v4/teams/{team_id}/members/batch", victim: outsider, req: func(c *cell) (string, string, any) {
			return "POST", c.teamURL() + "/members/batch", []map[string]string{{"team_id": c.team.Id, "user_id": c.victim.User.Id}}
		}, want: codes{401, 403, 403, 201, 201, 201}},
		// Leaving needs nothing; removing someone else needs remove_user_from_team (team admins).
		{pattern: "DELETE /api/v4/teams/{team_id}/members/{user_id}", req: func(c *cell) (string, string, any) {
			return "DELETE", c.teamURL() + "/members/" + c.victim.User.Id, nil
		}, want: codes{401, 403, 200, 403, 200, 200}},
		// Self or sysconsole_read_user_management_users.
		{pattern: "GET /api/v4/users/{user_id}/teams", req: get(func(c *cell) string { return c.user() + "/teams" }),
			want: codes{401, 403, 200, 403, 403, 200}},
		// Self (or edit_other_users) or read_other_users_teams.
		{pattern: "GET /api/v4/users/{user_id}/teams/members", req: get(func(c *cell) string { return c.user() + "/teams/members" }),
			want: codes{401, 403, 200, 403, 403, 200}},

		// Team settings: manage_team on the team (team admins, system admins); changing who
		// may join also needs invite_user, which they have too.
		{pattern: "PUT /api/v4/teams/{team_id}", req: func(c *cell) (string, string, any) {
			t := c.team
			t.DisplayName = "Renamed"
			return "PUT", c.teamURL(), &t
		}, want: codes{401, 403, 403, 403, 200, 200}},
		{pattern: "PUT /api/v4/teams/{team_id}/patch", req: func(c *cell) (string, string, any) {
			return "PUT", c.teamURL() + "/patch", map[string]any{"display_name": "Patched", "allow_open_invite": true}
		}, want: codes{401, 403, 403, 403, 200, 200}},
		{pattern: "PUT /api/v4/teams/{team_id}/privacy", req: func(c *cell) (string, string, any) {
			return "PUT", c.teamURL() + "/privacy", map[string]string{"privacy": "I"}
		}, want: codes{401, 403, 403, 403, 200, 200}},
		{pattern: "POST /api/v4/teams/{team_id}/regenerate_invite_id", req: func(c *cell) (string, string, any) {
			return "POST", c.teamURL() + "/regenerate_invite_id", nil
		}, want: codes{401, 403, 403, 403, 200, 200}},
		{pattern: "DELETE /api/v4/teams/{team_id}", note: "archive", req: func(c *cell) (string, string, any) {
			return "DELETE", c.teamURL(), nil
		}, want: codes{401, 403, 403, 403, 200, 200}},
		// ServiceSettings.EnableAPITeamDeletion is off by default.
		{pattern: "DELETE /api/v4/teams/{team_id}", note: "permanent", req: func(c *cell) (string, string, any) {
			return "DELETE", c.teamURL() + "?permanent=true", nil
		}, want: codes{401, 403, 403, 403, 401, 401}},
		{pattern: "POST /api/v4/teams/{team_id}/restore", req: func(c *cell) (string, string, any) {
			return "POST", c.teamURL() + "/restore", nil
		}, want: codes{401, 403, 403, 403, 200, 200}},
		// list_public_teams (every user) finds open teams, unpaged; paging needs both list
		// permissions (system admins), else 501.
		{pattern: "POST /api/v4/teams/search", note: "unpaged", req: func(c *cell) (string, string, any) {
			return "POST", "/api/v4/teams/search", map[string]any{"term": c.team.Name}
		}, want: codes{401, 200, 200, 200, 200, 200}},
		{pattern: "POST /api/v4/teams/search", note: "paged", req: func(c *cell) (string, string, any) {
			return "POST", "/api/v4/teams/search", map[string]any{"term": c.team.Name, "page": 0, "per_page": 10}
		}, want: codes{401, 501, 501, 501, 501, 200}},
		{pattern: "GET /api/v4/teams/name/{name}/exists", req: get(func(c *cell) string { return "/api/v4/teams/name/" + c.team.Name + "/exists" }),
			want: codes{401, 200, 200, 200, 200, 200}},
		// view_team.
		{pattern: "GET /api/v4/teams/{team_id}/stats", req: get(func(c *cell) string { return c.teamURL() + "/stats" }),
			want: codes{401, 403, 200, 200, 200, 200}},
		{pattern: "POST /api/v4/teams/{team_id}/members/ids", req: func(c *cell) (string, string, any) {
			return "POST", c.teamURL() + "/members/ids", []string{c.victim.User.Id}
		}, want: codes{401, 403, 200, 200, 200, 200}},
		// manage_team_roles.
		{pattern: "PUT /api/v4/teams/{team_id}/members/{user_id}/roles", req: func(c *cell) (string, string, any) {
			return "PUT", c.teamURL() + "/members/" + c.victim.User.Id + "/roles", map[string]string{"roles": "team_user team_admin"}
		}, want: codes{401, 403, 403, 403, 200, 200}},
		{pattern: "PUT /api/v4/teams/{team_id}/members/{user_id}/schemeRoles", req: func(c *cell) (string, string, any) {
			return "PUT", c.teamURL() + "/members/" + c.victim.User.Id + "/schemeRoles", map[string]bool{"scheme_user": true, "scheme_admin": true}
		}, want: codes{401, 403, 403, 403, 200, 200}},
		// No session needed; only open teams answer.
		{pattern: "GET /api/v4/teams/invite/{invite_id}", note: "open team", opts: public,
			req:  get(func(c *cell) string { return "/api/v4/teams/invite/" + c.team.InviteId }),
			want: codes{200, 200, 200, 200, 200, 200}},
		{pattern: "GET /api/v4/teams/invite/{invite_id}", note: "invite-only team", opts: public | inviteOnly,
			req:  get(func(c *cell) string { return "/api/v4/teams/invite/" + c.team.InviteId }),
			want: codes{403, 403, 403, 403, 403, 403}},
		// Any session joins itself with the team's invite id, open team or not.
		{pattern: "POST /api/v4/teams/members/invite", note: "invite id", opts: inviteOnly, victim: outsider,
			req: func(c *cell) (string, string, any) {
				return "POST", "/api/v4/teams/members/invite?invite_id=" + c.team.InviteId, nil
			}, want: codes{401, 201, 201, 201, 201, 201}},
		{pattern: "POST /api/v4/teams/members/invite", note: "nothing to join with", req: fixed("POST", "/api/v4/teams/members/invite", nil),
			want: codes{401, 400, 400, 400, 400, 400}},
		// invalidate_email_invite (system admins).
		{pattern: "DELETE /api/v4/teams/invites/email", req: fixed("DELETE", "/api/v4/teams/invites/email", nil),
			want: codes{401, 403, 403, 403, 403, 200}},
		// Self or manage_system.
		{pattern: "GET /api/v4/users/{user_id}/teams/unread", req: get(func(c *cell) string { return c.user() + "/teams/unread" }),
			want: codes{401, 403, 200, 403, 403, 200}},
		// Self or edit_other_users, and view_team.
		{pattern: "GET /api/v4/users/{user_id}/teams/{team_id}/unread", req: get(func(c *cell) string { return c.user() + "/teams/" + c.team.Id + "/unread" }),
			want: codes{401, 403, 200, 403, 403, 200}},

		// Channels (ENDPOINTS.md 7.x, api4/channel.go). Roster: the creator must be an active
		// member of the team (deliberate), so a system admin outside the team gets 404.
		{pattern: "POST /api/v4/channels", note: "public", req: func(c *cell) (string, string, any) {
			id := model.NewId()[:20]
			return "POST", "/api/v4/channels", map[string]string{"team_id": c.team.Id, "name": "n" + id, "display_name": "New " + id, "type": "O"}
		}, want: codes{401, 403, 201, 201, 201, 404}},
		{pattern: "POST /api/v4/channels", note: "private", req: func(c *cell) (string, string, any) {
			id := model.NewId()[:20]
			return "POST", "/api/v4/channels", map[string]string{"team_id": c.team.Id, "name": "n" + id, "display_name": "New " + id, "type": "P"}
		}, want: codes{401, 403, 201, 201, 201, 404}},
		// Public: read_public_channel on the team (team members) or read_channel; private:
		// read_channel (channel members; team admins do not have it).
		{pattern: "GET /api/v4/channels/{channel_id}", note: "public", victim: inChannels,
			req:  get(func(c *cell) string { return "/api/v4/channels/" + c.public.Id }),
			want: codes{401, 403, 200, 200, 200, 200}},
		{pattern: "GET /api/v4/channels/{channel_id}", note: "private", victim: inChannels,
			req:  get(func(c *cell) string { return "/api/v4/channels/" + c.private.Id }),
			want: codes{401, 403, 200, 403, 403, 200}},
		// read_channel, even on a public channel.
		{pattern: "GET /api/v4/channels/{channel_id}/members", victim: inChannels,
			req:  get(func(c *cell) string { return "/api/v4/channels/" + c.public.Id + "/members" }),
			want: codes{401, 403, 200, 403, 403, 200}},
		// Public: oneself with join_public_channels on the team, others with
		// manage_public_channel_members (channel members, team admins); private:
		// manage_private_channel_members for everyone.
		{pattern: "POST /api/v4/channels/{channel_id}/members", note: "public", victim: besideChannels, req: func(c *cell) (string, string, any) {
			return "POST", "/api/v4/channels/" + c.public.Id + "/members", map[string]string{"user_id": c.victim.User.Id}
		}, want: codes{401, 403, 201, 403, 201, 201}},
		{pattern: "POST /api/v4/channels/{channel_id}/members", note: "private", victim: besideChannels, req: func(c *cell) (string, string, any) {
			return "POST", "/api/v4/channels/" + c.private.Id + "/members", map[string]string{"user_id": c.victim.User.Id}
		}, want: codes{401, 403, 403, 403, 201, 201}},
		// Leaving needs nothing; removing someone else manage_*_channel_members.
		{pattern: "DELETE /api/v4/channels/{channel_id}/members/{user_id}", note: "public", victim: inChannels, req: func(c *cell) (string, string, any) {
			return "DELETE", "/api/v4/channels/" + c.public.Id + "/members/" + c.victim.User.Id, nil
		}, want: codes{401, 403, 200, 403, 200, 200}},
		{pattern: "DELETE /api/v4/channels/{channel_id}/members/{user_id}", note: "private", victim: inChannels, req: func(c *cell) (string, string, any) {
			return "DELETE", "/api/v4/channels/" + c.private.Id + "/members/" + c.victim.User.Id, nil
		}, want: codes{401, 403, 200, 403, 200, 200}},

		// Finding users (ENDPOINTS.md 4.7-4.11, 4.17). The first matching filter decides.
		{pattern: "GET /api/v4/users", note: "no filter", req: fixed("GET", "/api/v4/users", nil),
			want: codes{401, 200, 200, 200, 200, 200}},
		{pattern: "GET /api/v4/users", note: "in_team", req: get(func(c *cell) string { return "/api/v4/users?in_team=" + c.team.Id }),
			want: codes{401, 403, 200, 200, 200, 200}},
		{pattern: "GET /api/v4/users", note: "not_in_team", req: get(func(c *cell) string { return "/api/v4/users?not_in_team=" + c.team.Id }),
			want: codes{401, 403, 200, 200, 200, 200}},
		{pattern: "GET /api/v4/users", note: "in_channel", victim: inChannels,
			req:  get(func(c *cell) string { return "/api/v4/users?in_channel=" + c.public.Id }),
			want: codes{401, 403, 200, 403, 403, 200}},
		{pattern: "GET /api/v4/users", note: "not_in_channel", victim: inChannels,
			req:  get(func(c *cell) string { return "/api/v4/users?in_team=" + c.team.Id + "&not_in_channel=" + c.public.Id }),
			want: codes{401, 403, 200, 403, 403, 200}},
		{pattern: "GET /api/v4/users", note: "without_team", req: fixed("GET", "/api/v4/users?without_team=true", nil),
			want: codes{401, 403, 403, 403, 403, 200}},
		// Roster has no groups: app.group.no_rows (deliberate).
		{pattern: "GET /api/v4/users", note: "in_group", req: fixed("GET", "/api/v4/users?in_group="+model.NewId(), nil),
			want: codes{401, 404, 404, 404, 404, 404}},
		{pattern: "POST /api/v4/users/ids", req: func(c *cell) (string, string, any) {
			return "POST", "/api/v4/users/ids", []string{c.victim.User.Id}
		}, want: codes{401, 200, 200, 200, 200, 200}},
		{pattern: "POST /api/v4/users/usernames", req: func(c *cell) (string, string, any) {
			return "POST", "/api/v4/users/usernames", []string{c.victim.User.Username}
		}, want: codes{401, 200, 200, 200, 200, 200}},
		{pattern: "POST /api/v4/users/search", note: "no filter", req: search(func(*cell) map[string]any { return nil }),
			want: codes{401, 200, 200, 200, 200, 200}},
		{pattern: "POST /api/v4/users/search", note: "team_id", req: search(func(c *cell) map[string]any { return map[string]any{"team_id": c.team.Id} }),
			want: codes{401, 403, 200, 200, 200, 200}},
		{pattern: "POST /api/v4/users/search", note: "not_in_team_id", req: search(func(c *cell) map[string]any { return map[string]any{"not_in_team_id": c.team.Id} }),
			want: codes{401, 403, 200, 200, 200, 200}},
		{pattern: "POST /api/v4/users/search", note: "in_channel_id", victim: inChannels,
			req:  search(func(c *cell) map[string]any { return map[string]any{"in_channel_id": c.public.Id} }),
			want: codes{401, 403, 200, 403, 403, 200}},
		{pattern: "POST /api/v4/users/search", note: "not_in_channel_id", victim: inChannels,
			req: search(func(c *cell) map[string]any {
				return map[string]any{"team_id": c.team.Id, "not_in_channel_id": c.public.Id}
			}),
			want: codes{401, 403, 200, 403, 403, 200}},
		// No permission is checked for without_team in the search (unlike GET /users).
		{pattern: "POST /api/v4/users/search", note: "without_team", req: search(func(*cell) map[string]any { return map[string]any{"without_team": true} }),
			want: codes{401, 200, 200, 200, 200, 200}},
		{pattern: "POST /api/v4/users/search", note: "in_group_id", req: search(func(*cell) map[string]any { return map[string]any{"in_group_id": model.NewId()} }),
			want: codes{401, 404, 404, 404, 404, 404}},
		{pattern: "GET /api/v4/users/autocomplete", note: "no filter", req: get(func(c *cell) string { return "/api/v4/users/autocomplete?name=" + c.victim.User.Username }),
			want: codes{401, 200, 200, 200, 200, 200}},
		{pattern: "GET /api/v4/users/autocomplete", note: "in_team", req: get(func(c *cell) string { return "/api/v4/users/autocomplete?name=v&in_team=" + c.team.Id }),
			want: codes{401, 403, 200, 200, 200, 200}},
		{pattern: "GET /api/v4/users/autocomplete", note: "in_channel", victim: inChannels,
			req: get(func(c *cell) string {
				return "/api/v4/users/autocomplete?name=v&in_team=" + c.team.Id + "&in_channel=" + c.public.Id
			}),
			want: codes{401, 403, 200, 403, 403, 200}},
		{pattern: "GET /api/v4/users/stats", req: fixed("GET", "/api/v4/users/stats", nil),
			want: codes{401, 200, 200, 200, 200, 200}},
	}
}

// notInMatrix lists registered routes deliberately left out of the matrix, with the reason.
// Empty: every route is covered. A route added without a matrix row fails the test.
var notInMatrix = map[string]string{}

// matrixFixture holds what every row shares: the callers and the tokens that must not work.
type matrixFixture struct {
	s                                      *apitest.Server
	admin, other, member, teamAdmin, owner *apitest.NewUser // owner creates the channels
	invalid                                map[string]string
}

// TestPermissionMatrix sends every registered endpoint as each kind of caller, on both
// databases, and checks the status each must get.
func TestPermissionMatrix(t *testing.T) {
	t.Parallel()
	forEachDB(t, func(c *config.Config) {
		c.ServiceSettings.EnableUserAccessTokens = true
		c.ServiceSettings.EnableMultifactorAuthentication = true
		c.ServiceSettings.MaximumLoginAttempts = 1000
		c.RateLimitSettings.AuthPerMinutePerAccount = 0
	}, func(t *testing.T, s *apitest.Server) {
		rows := append(matrixRows(), accountMatrixRows()...)
		covered, routed := map[string]bool{}, map[string]bool{}
		for _, r := range rows {
			covered[r.pattern] = true
		}
		for _, p := range s.API.Routes() {
			routed[p] = true
			if !covered[p] && notInMatrix[p] == "" {
				t.Errorf("route %s has no permission-matrix row", p)
			}
		}
		for _, r := range rows {
			if r.pattern != "" && !routed[r.pattern] {
				t.Errorf("matrix row for %s, which is not a registered route", r.pattern)
			}
		}

		f := newMatrixFixture(t, s)
		t.Run("parallel", func(t *testing.T) {
			for _, row := range rows {
				if row.opts&global != 0 {
					continue
				}
				t.Run(row.name(), func(t *testing.T) {
					t.Parallel()
					f.run(t, row)
				})
			}
		})
		for _, row := range rows {
			if row.opts&global != 0 {
				t.Run(row.name(), func(t *testing.T) { f.run(t, row) })
			}
		}

		// The fixed callers are as they were: the matrix did not lean on side effects.
		if sess, _ := s.App.SessionFromToken(context.Background(), f.invalid[kRevokedToken]); sess != nil {
			t.Error("revoked token opened a session")
		}
	})
}

func newMatrixFixture(t *testing.T, s *apitest.Server) *matrixFixture {
	ctx := context.Background()
	f := &matrixFixture{s: s, admin: s.CreateUser(t, true), other: s.CreateUser(t, false), member: s.CreateUser(t, false),
		teamAdmin: s.CreateUser(t, false), owner: s.CreateUser(t, false), invalid: map[string]string{}}

	deactivated := s.CreateUser(t, false)
	if r := f.admin.Client.Do("PUT", "/api/v4/users/"+deactivated.User.Id+"/active", map[string]bool{"active": false}); r.Status != 200 {
		t.Fatalf("deactivate: %d", r.Status)
	}
	now := time.Now().UnixMilli()
	staleSession := func(userID string, expiresAt int64) string {
		sess := &model.Session{Id: model.NewId(), Token: model.NewToken(), CreateAt: now - 7200000, LastActivityAt: now - 7200000,
			ExpiresAt: expiresAt, UserId: userID, Roles: "system_user", Props: model.StringMap{}}
		if err := s.Store.CreateSession(ctx, sess); err != nil {
			t.Fatalf("create session: %v", err)
		}
		return sess.Token
	}
	// A session left behind for a deactivated user (as another node might still hold).
	f.invalid[kDeactivated] = staleSession(deactivated.User.Id, now+3600000)
	f.invalid[kExpired] = staleSession(s.CreateUser(t, false).User.Id, now-3600000)

	holder := s.CreateUser(t, false)
	if r := f.admin.Client.Do("PUT", "/api/v4/users/"+holder.User.Id+"/roles", map[string]string{"roles": "system_user system_user_access_token"}); r.Status != 200 {
		t.Fatalf("grant the token role: %d %s", r.Status, r.Body)
	}
	revoked := createToken(t, holder.Client, "me")
	if r := holder.Client.Do("POST", "/api/v4/users/tokens/revoke", map[string]string{"token_id": revoked.Id}); r.Status != 200 {
		t.Fatalf("revoke token: %d", r.Status)
	}
	f.invalid[kRevokedToken] = revoked.Token
	loggedOut := s.Client()
	loggedOut.Token = loginToken(t, s, holder.User.Username, holder.Password)
	if r := loggedOut.Do("POST", "/api/v4/users/logout", nil); r.Status != 200 {
		t.Fatalf("logout: %d", r.Status)
	}
	f.invalid[kRevokedSession] = loggedOut.Token
	return f
}

// relogin gives the shared callers fresh sessions (after a row that may have ended them).
func (f *matrixFixture) relogin(t *testing.T) {
	for _, u := range []*apitest.NewUser{f.admin, f.other, f.member, f.teamAdmin, f.owner} {
		u.Client.Token = loginToken(t, f.s, u.User.Username, u.Password)
	}
}

// run sends a row's request as every kind of caller. Requests that need a session and have
// none that works never reach the handler, so they share one victim.
func (f *matrixFixture) run(t *testing.T, row matrixRow) {
	if row.opts&global != 0 {
		f.relogin(t)
	}
	w := f.newWorld(t, row)
	var rejected *cell
	for _, kind := range matrixKinds {
		if row.opts&global != 0 {
			f.relogin(t)
		}
		var c *cell
		switch {
		case kind.valid || row.opts&public != 0:
			c = f.newCell(t, w, row, kind.name == kSelf)
		case rejected == nil:
			rejected = f.newCell(t, w, row, false)
			c = rejected
		default:
			c = rejected
		}
		caller := f.s.Client()
		switch kind.name {
		case kOther:
			caller.Token = f.other.Client.Token
		case kSelf:
			caller.Token = c.victim.Client.Token
		case kMember:
			caller.Token = f.member.Client.Token
		case kTeamAdmin:
			caller.Token = f.teamAdmin.Client.Token
		case kAdmin:
			caller.Token = f.admin.Client.Token
		case kAnon:
		default:
			caller.Token = f.invalid[kind.name]
		}
		want := row.want[kind.col]
		method, path, body := row.req(c)
		r := caller.Do(method, path, body)
		if r.Status != want {
			t.Errorf("%s %s as %s: status %d, want %d (%s)", method, path, kind.name, r.Status, want, r.Body)
			continue
		}
		if want == http.StatusUnauthorized && row.opts&public == 0 && !kind.valid {
			var e model.AppError
			if json.Unmarshal(r.Body, &e) != nil || e.Id != "api.context.session_expired.app_error" {
				t.Errorf("%s %s as %s: %s", method, path, kind.name, r.Body)
			}
		}
	}
}

// newWorld creates the row's team (the team admin's, with the team member in it) and, when
// the row places the victim by them, a public and a private channel of the owner's.
func (f *matrixFixture) newWorld(t *testing.T, row matrixRow) *matrixWorld {
	w := &matrixWorld{}
	id := model.NewId()[:20]
	w.team = createTeam(t, f.teamAdmin.Client, "w"+id, row.opts&inviteOnly == 0)
	addToTeam(t, f.teamAdmin.Client, w.team.Id, f.member.User.Id)
	if row.victim == inChannels || row.victim == besideChannels {
		addToTeam(t, f.teamAdmin.Client, w.team.Id, f.owner.User.Id)
		w.public = createChannel(t, f.owner.Client, w.team.Id, "o"+id, "O")
		w.private = createChannel(t, f.owner.Client, w.team.Id, "p"+id, "P")
	}
	return w
}

// newCell creates the victim (with the access-token role) and places it in the world.
func (f *matrixFixture) newCell(t *testing.T, w *matrixWorld, row matrixRow, self bool) *cell {
	ctx := context.Background()
	s := f.s
	id := model.NewId()[:10]
	u := &model.User{Username: "v" + id, Email: "v" + id + "@example.com", Password: "Passw0rd-" + id}
	pw := u.Password
	created, err := s.App.CreateUserByOperator(ctx, u, false)
	if err != nil {
		t.Fatalf("create victim: %v", err)
	}
	const roles = "system_user system_user_access_token"
	if err := s.Store.SetUserRoles(ctx, created.Id, roles, model.GetMillis()); err != nil {
		t.Fatalf("victim roles: %v", err)
	}
	s.App.Caches().Invalidate(app.CacheUsers, created.Id)
	created.Roles = roles
	c := &cell{matrixWorld: w, victim: &apitest.NewUser{User: *created, Password: pw}}

	if row.victim != outsider {
		addToTeam(t, f.teamAdmin.Client, w.team.Id, created.Id)
	}
	if row.victim == inChannels {
		addToChannel(t, f.owner.Client, w.public.Id, created.Id)
		addToChannel(t, f.owner.Client, w.private.Id, created.Id)
	}
	if self || row.opts&(loggedIn|withToken) != 0 {
		c.victim.Client = s.Client()
		c.victim.Client.Token = loginToken(t, s, created.Username, pw)
		c.sessionID = sessionOf(t, s, c.victim.Client.Token).Id
	}
	if row.opts&withToken != 0 {
		c.token = createToken(t, c.victim.Client, "me")
	}
	return c
}
