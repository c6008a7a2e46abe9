package api_test

import (
	"context"
	"testing"
	"time"

	"roster/internal/apitest"
	"roster/internal/config"
	"roster/internal/model"
)

func TestUpdateUserRoles(t *testing.T) {
	t.Parallel()
	forEachDB(t, nil, func(t *testing.T, s *apitest.Server) {
		admin := s.CreateUser(t, true)
		alice := s.CreateUser(t, false)
		bob := s.CreateUser(t, false)
		roles := func(c *apitest.Client, id, roles any) *apitest.Response {
			return c.Do("PUT", "/api/v4/users/"+id.(string)+"/roles", map[string]any{"roles": roles})
		}
		path := "/api/v4/users/" + bob.User.Id + "/roles"

		// Body validation comes first (as in Mattermost), then the permission.
		for _, bad := range []any{"system_admin", "System_User", "system_user bad-name"} {
			wantError(t, roles(alice.Client, bob.User.Id, bad), 400, "api.context.invalid_body_param.app_error")
		}
		wantError(t, roles(admin.Client, bob.User.Id, "system_user system_manager"), 400, "api.user.update_user_roles.license.app_error")
		wantError(t, roles(alice.Client, bob.User.Id, "system_user system_admin"), 403, "api.context.permissions.app_error")
		wantError(t, roles(alice.Client, alice.User.Id, "system_user system_admin"), 403, "api.context.permissions.app_error")
		wantError(t, roles(admin.Client, model.NewId(), "system_user"), 400, "app.user.missing_account.const")
		wantError(t, roles(admin.Client, bob.User.Id, "system_user no_such_role"), 400, "app.role.check_roles_exist.role_not_found")
		wantError(t, roles(admin.Client, bob.User.Id, "system_user team_admin"), 400, "api.context.invalid_body_param.app_error")
		wantError(t, admin.Client.Do("PUT", "/api/v4/users/bad/roles", map[string]string{"roles": "system_user"}), 400, "api.context.invalid_url_param.app_error")

		// Bob's existing session can't do admin things, then can at once, then can't again.
		wantError(t, bob.Client.Do("GET", "/api/v4/users/"+alice.User.Id+"/sessions", nil), 403, "api.context.permissions.app_error")
		if r := admin.Client.Do("PUT", path, map[string]string{"roles": "system_user system_admin"}); r.Status != 200 || string(r.Body) != "{\"status\":\"OK\"}\n" {
			t.Fatalf("promote: %d %s", r.Status, r.Body)
		}
		if r := bob.Client.Do("GET", "/api/v4/users/"+alice.User.Id+"/sessions", nil); r.Status != 200 {
			t.Errorf("promoted session: %d %s", r.Status, r.Body)
		}
		if m := bob.Client.Do("GET", "/api/v4/users/me", nil).Map(t); m["roles"] != "system_user system_admin" {
			t.Errorf("roles = %v", m["roles"])
		}
		stored, err := s.Store.GetSessionsForUser(context.Background(), bob.User.Id)
		if err != nil || len(stored) == 0 || stored[0].Roles != "system_user system_admin" {
			t.Errorf("stored session roles not updated: %v %v", stored, err)
		}
		if r := admin.Client.Do("PUT", path, map[string]string{"roles": "system_user"}); r.Status != 200 {
			t.Fatalf("demote: %d %s", r.Status, r.Body)
		}
		wantError(t, bob.Client.Do("GET", "/api/v4/users/"+alice.User.Id+"/sessions", nil), 403, "api.context.permissions.app_error")

		// The last active admin cannot lose the role.
		wantError(t, roles(admin.Client, admin.User.Id, "system_user"), 400, "app.user.update.lastAdmin.app_error")
		if r := admin.Client.Do("PUT", "/api/v4/users/"+alice.User.Id+"/roles", map[string]string{"roles": "system_user system_admin"}); r.Status != 200 {
			t.Fatalf("second admin: %d", r.Status)
		}
		if r := admin.Client.Do("PUT", "/api/v4/users/me/roles", map[string]string{"roles": "system_user"}); r.Status != 200 {
			t.Errorf("demoting one of two admins: %d %s", r.Status, r.Body)
		}
		// The access-token role is a system role anyone can be given.
		if r := alice.Client.Do("PUT", "/api/v4/users/"+bob.User.Id+"/roles", map[string]string{"roles": "system_user system_user_access_token"}); r.Status != 200 {
			t.Errorf("system_user_access_token: %d %s", r.Status, r.Body)
		}
	})
}

func TestUpdateUserAuth(t *testing.T) {
	t.Parallel()
	forEachDB(t, nil, func(t *testing.T, s *apitest.Server) {
		admin := s.CreateUser(t, true)
		alice := s.CreateUser(t, false)
		bob := s.CreateUser(t, false)
		path := "/api/v4/users/" + alice.User.Id + "/auth"
		body := map[string]string{"auth_service": "gitlab", "auth_data": "gl-1234", "password": "ignored"}

		wantError(t, alice.Client.Do("PUT", "/api/v4/users/me/auth", body), 403, "api.context.permissions.app_error")
		wantError(t, bob.Client.Do("PUT", path, body), 403, "api.context.permissions.app_error")
		// Permission before the id: a non-admin learns nothing from a bad id.
		wantError(t, bob.Client.Do("PUT", "/api/v4/users/bad/auth", body), 403, "api.context.permissions.app_error")
		wantError(t, admin.Client.Do("PUT", "/api/v4/users/bad/auth", body), 400, "api.context.invalid_url_param.app_error")
		wantError(t, admin.Client.Do("PUT", path, `{"auth_service": 5}`), 400, "api.context.invalid_body_param.app_error")
		wantError(t, admin.Client.Do("PUT", path, map[string]string{"auth_service": "gitlab"}), 400, "api.user.update_user_auth.invalid_request")
		wantError(t, admin.Client.Do("PUT", path, map[string]string{"auth_service": "", "auth_data": "x"}), 400, "api.user.update_user_auth.invalid_request")
		wantError(t, admin.Client.Do("PUT", path, map[string]string{"auth_service": "gitlab", "auth_data": string(make([]byte, 129))}), 400, "model.user.is_valid.auth_data.app_error")
		wantError(t, admin.Client.Do("PUT", path, map[string]string{"auth_service": "a-service-name-longer-than-32-bytes", "auth_data": "x"}), 400, "api.user.update_user_auth.invalid_request")
		wantError(t, admin.Client.Do("PUT", "/api/v4/users/"+model.NewId()+"/auth", body), 404, "app.user.missing_account.const")

		r := admin.Client.Do("PUT", path, body)
		if r.Status != 200 || string(r.Body) != "{\"auth_data\":\"gl-1234\",\"auth_service\":\"gitlab\"}\n" {
			t.Fatalf("switch: %d %s", r.Status, r.Body)
		}
		u, err := s.Store.GetUser(context.Background(), alice.User.Id)
		if err != nil || u.AuthService != "gitlab" || u.AuthData == nil || *u.AuthData != "gl-1234" || u.PasswordHash != "" || u.FailedAttempts != 0 {
			t.Fatalf("stored user after switch: %+v %v", u, err)
		}
		// The password no longer signs in; the account is told to use its service (masked).
		wantError(t, s.Client().Do("POST", "/api/v4/users/login", map[string]string{"login_id": alice.User.Username, "password": alice.Password}), 401, "api.user.login.invalid_credentials_email_username")
		if m := admin.Client.Do("GET", "/api/v4/users/"+alice.User.Id, nil).Map(t); m["auth_service"] != "gitlab" || m["auth_data"] != "" {
			t.Errorf("user after switch: %v", m)
		}
		// The same service and data on another account is refused.
		wantError(t, admin.Client.Do("PUT", "/api/v4/users/"+bob.User.Id+"/auth", body), 400, "app.user.update_auth_data.email_exists.app_error")
	})
}

func TestUserAudits(t *testing.T) {
	t.Parallel()
	forEachEnv(t, func(c *config.Config) {
		c.ServiceSettings.EnableUserAccessTokens = true
		c.ServiceSettings.TrustedProxyIPHeader = []string{"X-Forwarded-For"}
	}, func(t *testing.T, e *env) {
		admin := e.CreateUser(t, true)
		alice := e.CreateUser(t, false)
		bob := e.CreateUser(t, false)
		step := func() { e.clock.Advance(time.Millisecond) } // distinct times: a defined order
		step()
		anon := e.Client()
		anon.Header.Set("X-Forwarded-For", "203.0.113.9")
		anon.Do("POST", "/api/v4/users/login", map[string]string{"login_id": alice.User.Username, "password": "wrong-password"})
		step()
		c := e.Client()
		c.Header.Set("X-Forwarded-For", "203.0.113.9")
		r := c.Do("POST", "/api/v4/users/login", map[string]string{"login_id": alice.User.Username, "password": alice.Password})
		c.Token = r.Header.Get("Token")
		step()
		sessID := sessionOf(t, e.Server, c.Token).Id
		c.Do("PUT", "/api/v4/users/me/password", map[string]string{"current_password": alice.Password, "new_password": "second-pass"})
		step()
		admin.Client.Do("PUT", "/api/v4/users/"+alice.User.Id+"/roles", map[string]string{"roles": "system_user system_user_access_token"})
		step()
		tok := c.Do("POST", "/api/v4/users/me/tokens", map[string]string{"description": "ci"})
		var token model.UserAccessToken
		tok.Decode(t, &token)
		step()
		c.Do("POST", "/api/v4/users/tokens/revoke", map[string]string{"token_id": token.Id})
		step()
		admin.Client.Do("PUT", "/api/v4/users/"+alice.User.Id+"/active", map[string]bool{"active": false})
		step()
		admin.Client.Do("PUT", "/api/v4/users/"+alice.User.Id+"/active", map[string]bool{"active": true})

		wantError(t, bob.Client.Do("GET", "/api/v4/users/"+alice.User.Id+"/audits", nil), 403, "api.context.permissions.app_error")
		r = admin.Client.Do("GET", "/api/v4/users/"+alice.User.Id+"/audits", nil)
		if r.Status != 200 {
			t.Fatalf("audits: %d %s", r.Status, r.Body)
		}
		var audits []model.Audit
		r.Decode(t, &audits)
		var got []string
		for i, a := range audits {
			if i > 0 && a.CreateAt > audits[i-1].CreateAt {
				t.Errorf("not newest first at %d", i)
			}
			if a.UserId != alice.User.Id || len(a.Id) != 26 {
				t.Errorf("audit %+v", a)
			}
			got = append(got, a.Action+" "+a.ExtraInfo)
		}
		want := []string{
			"/api/v4/users/" + alice.User.Id + "/active active=true",
			"/api/v4/users/" + alice.User.Id + "/active active=false",
			"/api/v4/users/tokens/revoke success - revoked token_id=" + token.Id,
			"/api/v4/users/me/tokens success - token_id=" + token.Id + " created",
			"/api/v4/users/" + alice.User.Id + "/roles roles=system_user system_user_access_token by=" + admin.User.Id,
			"/api/v4/users/me/password completed",
			"/api/v4/users/login success",
			"/api/v4/users/login failure - login_id=" + alice.User.Username,
			"/api/v4/users/login success", // apitest's own login
			" user created",
		}
		if len(got) != len(want) {
			t.Fatalf("audits:\n%v\nwant:\n%v", got, want)
		}
		// The last two (apitest's creation and login) happen at the same clock time.
		if got[8] > got[9] {
			got[8], got[9] = got[9], got[8]
		}
		if want[8] > want[9] {
			want[8], want[9] = want[9], want[8]
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("audit %d = %q, want %q", i, got[i], want[i])
			}
		}
		// The login through the proxy: its address and its new session.
		login := audits[6]
		if login.IpAddress != "203.0.113.9" || login.SessionId != sessID {
			t.Errorf("login audit %+v, want ip 203.0.113.9 and session %s", login, sessID)
		}
		if audits[5].SessionId != sessID || audits[7].SessionId != "" {
			t.Errorf("session ids: password change %q, failed login %q", audits[5].SessionId, audits[7].SessionId)
		}
		// Paging.
		var page []model.Audit
		admin.Client.Do("GET", "/api/v4/users/"+alice.User.Id+"/audits?page=1&per_page=3", nil).Decode(t, &page)
		if len(page) != 3 || page[0].Id != audits[3].Id {
			t.Errorf("page 1 of 3: %v", page)
		}
		var self []model.Audit
		if r := c.Do("GET", "/api/v4/users/me/audits?per_page=1000", nil); r.Status != 401 {
			// The deactivation ended alice's sessions.
			t.Errorf("alice's old session after deactivation: %d", r.Status)
		}
		c.Token = loginToken(t, e.Server, alice.User.Username, "second-pass")
		c.Do("GET", "/api/v4/users/me/audits", nil).Decode(t, &self)
		if len(self) != len(want)+1 {
			t.Errorf("self audits: %d", len(self))
		}
		// Unknown user: an empty list for an admin, as Mattermost.
		if r := admin.Client.Do("GET", "/api/v4/users/"+model.NewId()+"/audits", nil); r.Status != 200 || string(r.Body) != "[]\n" {
			t.Errorf("unknown user audits: %d %s", r.Status, r.Body)
		}
	})
}
