package api_test

import (
	"net/http"
	"strings"
	"testing"

	"roster/internal/apitest"
	"roster/internal/config"
	"roster/internal/model"
	"roster/internal/store/storetest"
)

// forEachDB runs fn against a fresh server per database kind.
func forEachDB(t *testing.T, mutate func(*config.Config), fn func(t *testing.T, s *apitest.Server)) {
	t.Helper()
	for _, d := range storetest.Drivers {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			fn(t, apitest.Start(t, d, mutate))
		})
	}
}

func wantError(t *testing.T, r *apitest.Response, status int, id string) {
	t.Helper()
	if r.Status != status {
		t.Errorf("status = %d, want %d (body %s)", r.Status, status, r.Body)
		return
	}
	e := r.Error(t)
	if e.Id != id {
		t.Errorf("error id = %q, want %q", e.Id, id)
	}
	if e.StatusCode != status || e.RequestId == "" || e.RequestId != r.Header.Get("X-Request-Id") || e.Message == "" {
		t.Errorf("error body %s lacks status/request id/message (header id %q)", r.Body, r.Header.Get("X-Request-Id"))
	}
	if !strings.Contains(string(r.Body), `"detailed_error":`) {
		t.Errorf("error body %s lacks detailed_error", r.Body)
	}
}

func TestSignUp(t *testing.T) {
	t.Parallel()
	forEachDB(t, nil, func(t *testing.T, s *apitest.Server) {
		anon := s.Client()
		first := anon.Do("POST", "/api/v4/users", map[string]any{
			"username": "Alice", "email": " Alice@Example.com ", "password": "password1",
			"roles": "system_user", "first_name": "Alice",
		})
		if first.Status != http.StatusCreated {
			t.Fatalf("first sign-up: %d %s", first.Status, first.Body)
		}
		m := first.Map(t)
		if m["roles"] != "system_admin system_user" || m["username"] != "alice" || m["email"] != "alice@example.com" {
			t.Errorf("first user = %v", m)
		}
		for _, k := range []string{"password", "mfa_secret", "last_login"} {
			if _, ok := m[k]; ok {
				t.Errorf("created user carries %q", k)
			}
		}
		if m["auth_data"] != "" || m["notify_props"] == nil || m["timezone"] == nil || m["last_password_update"] == nil {
			t.Errorf("self view fields wrong: %v", m)
		}
		if id, _ := m["id"].(string); len(id) != 26 || strings.Trim(id, "ybndrfg8ejkmcpqxot1uwisza345h769") != "" {
			t.Errorf("id %q is not a Mattermost id", id)
		}

		second := anon.Do("POST", "/api/v4/users", map[string]any{"username": "bob", "email": "bob@example.com", "password": "password1"})
		wantError(t, second, http.StatusForbidden, "api.user.create_user.no_open_server")

		tests := []struct {
			name   string
			body   any
			status int
			id     string
		}{
			{"duplicate username", map[string]any{"username": "ALICE", "email": "x1@example.com", "password": "password1"}, 400, "app.user.save.username_exists.app_error"},
			{"duplicate email", map[string]any{"username": "alice2", "email": "ALICE@example.com", "password": "password1"}, 400, "app.user.save.email_exists.app_error"},
			{"invalid username", map[string]any{"username": "a b", "email": "x2@example.com", "password": "password1"}, 400, "model.user.is_valid.username.app_error"},
			{"reserved username", map[string]any{"username": "system", "email": "x3@example.com", "password": "password1"}, 400, "model.user.is_valid.username.app_error"},
			{"invalid email", map[string]any{"username": "carol", "email": "Carol <c@x.io>", "password": "password1"}, 400, "model.user.is_valid.email.app_error"},
			{"short password", map[string]any{"username": "carol", "email": "c@example.com", "password": "short"}, 400, "model.user.is_valid.pwd.app_error"},
			{"long password", map[string]any{"username": "carol", "email": "c@example.com", "password": strings.Repeat("x", 73)}, 400, "model.user.is_valid.pwd.app_error"},
			{"long nickname", map[string]any{"username": "carol", "email": "c@example.com", "password": "password1", "nickname": strings.Repeat("é", 65)}, 400, "model.user.is_valid.nickname.app_error"},
			{"bad locale", map[string]any{"username": "carol", "email": "c@example.com", "password": "password1", "locale": "toolong"}, 400, "model.user.is_valid.locale.app_error"},
			{"timezone boolean", `{"username":"carol","email":"c@example.com","password":"password1","timezone":{"useAutomaticTimezone":true}}`, 400, "api.context.invalid_body_param.app_error"},
			{"malformed json", `{"username":`, 400, "api.context.invalid_body_param.app_error"},
		}
		admin := anon
		admin.Token = loginToken(t, s, "alice", "password1")
		for _, tc := range tests {
			r := admin.Do("POST", "/api/v4/users", tc.body)
			t.Run(tc.name, func(t *testing.T) { wantError(t, r, tc.status, tc.id) })
		}

		// An admin may create more users; roles in the body are ignored.
		r := admin.Do("POST", "/api/v4/users", map[string]any{"username": "dave", "email": "dave@example.com", "password": "password1", "roles": "system_admin"})
		if r.Status != 201 || r.Map(t)["roles"] != "system_user" {
			t.Errorf("admin-created user: %d %s", r.Status, r.Body)
		}
	})
}

func TestSignUpRules(t *testing.T) {
	t.Parallel()
	forEachDB(t, func(c *config.Config) {
		c.TeamSettings.EnableOpenServer = true
		c.TeamSettings.RestrictCreationToDomains = "example.com"
		c.PasswordSettings.Uppercase = true
		c.PasswordSettings.Number = true
	}, func(t *testing.T, s *apitest.Server) {
		anon := s.Client()
		s.CreateUser(t, true)
		wantError(t, anon.Do("POST", "/api/v4/users", map[string]any{"username": "eve", "email": "eve@other.org", "password": "Password1"}),
			400, "api.user.create_user.accepted_domain.app_error")
		wantError(t, anon.Do("POST", "/api/v4/users", map[string]any{"username": "eve", "email": "eve@example.com", "password": "password1"}),
			400, "model.user.is_valid.pwd_uppercase_number.app_error")
		r := anon.Do("POST", "/api/v4/users", map[string]any{"username": "eve", "email": "eve@example.com", "password": "Password1"})
		if r.Status != 201 || r.Map(t)["roles"] != "system_user" {
			t.Errorf("open sign-up: %d %s", r.Status, r.Body)
		}
	})
	forEachDB(t, func(c *config.Config) { c.TeamSettings.EnableUserCreation = false }, func(t *testing.T, s *apitest.Server) {
		wantError(t, s.Client().Do("POST", "/api/v4/users", map[string]any{"username": "eve", "email": "eve@example.com", "password": "password1"}),
			501, "api.user.create_user.signup_email_disabled.app_error")
	})
}

func loginToken(t *testing.T, s *apitest.Server, login, password string) string {
	t.Helper()
	r := s.Client().Do("POST", "/api/v4/users/login", map[string]string{"login_id": login, "password": password})
	if r.Status != 200 || r.Header.Get("Token") == "" {
		t.Fatalf("login %s: %d %s", login, r.Status, r.Body)
	}
	return r.Header.Get("Token")
}

func TestLogin(t *testing.T) {
	t.Parallel()
	forEachDB(t, func(c *config.Config) { c.ServiceSettings.MaximumLoginAttempts = 3 }, func(t *testing.T, s *apitest.Server) {
		u := s.CreateUser(t, false)
		anon := s.Client()
		login := func(body any) *apitest.Response { return anon.Do("POST", "/api/v4/users/login", body) }

		r := login(map[string]string{"login_id": strings.ToUpper(u.User.Email), "password": u.Password})
		if r.Status != 200 {
			t.Fatalf("login by email: %d %s", r.Status, r.Body)
		}
		if tok := r.Header.Get("Token"); len(tok) != 26 {
			t.Errorf("Token header %q", tok)
		}
		if len(r.Header.Values("Set-Cookie")) != 0 {
			t.Errorf("cookies set without X-Requested-With: %v", r.Header.Values("Set-Cookie"))
		}
		if m := r.Map(t); m["id"] != u.User.Id || m["notify_props"] == nil {
			t.Errorf("login body = %v", m)
		}

		wantError(t, login(map[string]string{"login_id": u.User.Username, "password": ""}), 400, "api.user.login.blank_pwd.app_error")
		wantError(t, login(map[string]any{"login_id": u.User.Username, "password": u.Password, "ldap_only": true}), 400, "api.user.login.blank_pwd.app_error")
		wantError(t, login(map[string]string{"login_id": "nobody", "password": "whatever1"}), 401, "api.user.login.invalid_credentials_email_username")
		wantError(t, login(map[string]string{"login_id": u.User.Username, "password": "wrong-one"}), 401, "api.user.login.invalid_credentials_email_username")
		wantError(t, login(map[string]string{"login_id": u.User.Username, "password": "wrong-two"}), 401, "api.user.login.invalid_credentials_email_username")
		// The third failure reaches MaximumLoginAttempts: even the right password is refused.
		wantError(t, login(map[string]string{"login_id": u.User.Username, "password": "wrong-three"}), 401, "api.user.login.invalid_credentials_email_username")
		wantError(t, login(map[string]string{"login_id": u.User.Username, "password": u.Password}), 401, "api.user.check_user_login_attempts.too_many.app_error")
	})
}

func TestLoginCookiesAndCSRF(t *testing.T) {
	t.Parallel()
	forEachDB(t, nil, func(t *testing.T, s *apitest.Server) {
		u := s.CreateUser(t, false)
		c := s.Client()
		c.Header.Set("X-Requested-With", "XMLHttpRequest")
		r := c.Do("POST", "/api/v4/users/login", map[string]string{"login_id": u.User.Username, "password": u.Password})
		if r.Status != 200 {
			t.Fatalf("login: %d", r.Status)
		}
		cookies := map[string]*http.Cookie{}
		for _, ck := range (&http.Response{Header: r.Header}).Cookies() {
			cookies[ck.Name] = ck
		}
		tok, uid, csrf := cookies["MMAUTHTOKEN"], cookies["MMUSERID"], cookies["MMCSRF"]
		if tok == nil || uid == nil || csrf == nil {
			t.Fatalf("cookies = %v", r.Header.Values("Set-Cookie"))
		}
		if !tok.HttpOnly || uid.HttpOnly || csrf.HttpOnly || tok.Value != r.Header.Get("Token") || uid.Value != u.User.Id ||
			tok.MaxAge != 720*3600 || tok.Path != "/" {
			t.Errorf("cookie attributes wrong: %+v %+v %+v", tok, uid, csrf)
		}
		cookieHeader := "MMAUTHTOKEN=" + tok.Value + "; MMUSERID=" + uid.Value + "; MMCSRF=" + csrf.Value
		withCookie := func(extra map[string]string) *apitest.Client {
			cl := s.Client()
			cl.Header.Set("Cookie", cookieHeader)
			for k, v := range extra {
				cl.Header.Set(k, v)
			}
			return cl
		}
		if r := withCookie(nil).Do("GET", "/api/v4/users/me", nil); r.Status != 200 {
			t.Errorf("GET with cookie: %d", r.Status)
		}
		patch := map[string]string{"nickname": "nick"}
		wantError(t, withCookie(nil).Do("PUT", "/api/v4/users/me/patch", patch), 401, "api.context.session_expired.app_error")
		wantError(t, withCookie(map[string]string{"X-CSRF-Token": "wrong"}).Do("PUT", "/api/v4/users/me/patch", patch), 401, "api.context.session_expired.app_error")
		if r := withCookie(map[string]string{"X-CSRF-Token": csrf.Value}).Do("PUT", "/api/v4/users/me/patch", patch); r.Status != 200 {
			t.Errorf("PUT with CSRF token: %d %s", r.Status, r.Body)
		}
		if r := withCookie(map[string]string{"X-Requested-With": "XMLHttpRequest"}).Do("PUT", "/api/v4/users/me/patch", patch); r.Status != 200 {
			t.Errorf("PUT with X-Requested-With: %d %s", r.Status, r.Body)
		}
		// The header token needs no CSRF token; "Token" scheme works too.
		tc := s.Client()
		tc.Header.Set("Authorization", "token "+tok.Value)
		if r := tc.Do("PUT", "/api/v4/users/me/patch", patch); r.Status != 200 {
			t.Errorf("Authorization: token: %d %s", r.Status, r.Body)
		}
		// A token in the query string is refused.
		wantError(t, s.Client().Do("GET", "/api/v4/users/me?access_token="+tok.Value, nil), 401, "api.context.token_provided.app_error")
	})
}

func TestStrictCSRF(t *testing.T) {
	t.Parallel()
	forEachDB(t, func(c *config.Config) { c.ServiceSettings.ExperimentalStrictCSRFEnforcement = true }, func(t *testing.T, s *apitest.Server) {
		u := s.CreateUser(t, false)
		cl := s.Client()
		cl.Header.Set("Cookie", "MMAUTHTOKEN="+u.Client.Token)
		cl.Header.Set("X-Requested-With", "XMLHttpRequest")
		wantError(t, cl.Do("PUT", "/api/v4/users/me/patch", map[string]string{"nickname": "n"}), 401, "api.context.session_expired.app_error")
	})
}

func TestGetUsers(t *testing.T) {
	t.Parallel()
	forEachDB(t, nil, func(t *testing.T, s *apitest.Server) {
		admin := s.CreateUser(t, true)
		alice := s.CreateUser(t, false)
		bob := s.CreateUser(t, false)

		me := alice.Client.Do("GET", "/api/v4/users/me", nil)
		if me.Status != 200 {
			t.Fatalf("me: %d", me.Status)
		}
		m := me.Map(t)
		if m["id"] != alice.User.Id || m["notify_props"] == nil || m["email"] != alice.User.Email || m["auth_data"] != "" {
			t.Errorf("me = %v", m)
		}
		if etag := me.Header.Get("ETag"); etag == "" {
			t.Error("no ETag on GET /users/me")
		} else {
			c := *alice.Client
			c.Header = http.Header{"If-None-Match": {etag}}
			if r := c.Do("GET", "/api/v4/users/me", nil); r.Status != http.StatusNotModified || len(r.Body) != 0 {
				t.Errorf("If-None-Match: %d %q", r.Status, r.Body)
			}
		}

		other := alice.Client.Do("GET", "/api/v4/users/"+bob.User.Id, nil).Map(t)
		if _, ok := other["notify_props"]; ok {
			t.Errorf("another user's notify_props visible: %v", other)
		}
		if _, ok := other["last_password_update"]; ok {
			t.Errorf("another user's last_password_update visible: %v", other)
		}
		if other["email"] != bob.User.Email || other["first_name"] != bob.User.FirstName {
			t.Errorf("email/full name hidden under default privacy: %v", other)
		}
		byName := alice.Client.Do("GET", "/api/v4/users/username/"+bob.User.Username, nil)
		if byName.Status != 200 || byName.Map(t)["id"] != bob.User.Id {
			t.Errorf("by username: %d %s", byName.Status, byName.Body)
		}
		byEmail := alice.Client.Do("GET", "/api/v4/users/email/"+strings.ToUpper(bob.User.Email), nil)
		if byEmail.Status != 200 || byEmail.Map(t)["id"] != bob.User.Id {
			t.Errorf("by email: %d %s", byEmail.Status, byEmail.Body)
		}
		// Looking yourself up by email gives the profile variant.
		if _, ok := alice.Client.Do("GET", "/api/v4/users/email/"+alice.User.Email, nil).Map(t)["notify_props"]; ok {
			t.Error("GET /users/email/{own} must use the profile variant")
		}
		if r := admin.Client.Do("GET", "/api/v4/users/"+bob.User.Id, nil).Map(t); r["email"] != bob.User.Email {
			t.Errorf("admin view: %v", r)
		}

		wantError(t, alice.Client.Do("GET", "/api/v4/users/"+model.NewId(), nil), 404, "app.user.missing_account.const")
		wantError(t, alice.Client.Do("GET", "/api/v4/users/notanid", nil), 400, "api.context.invalid_url_param.app_error")
		wantError(t, alice.Client.Do("GET", "/api/v4/users/username/nobody", nil), 404, "app.user.get_by_username.app_error")
		wantError(t, alice.Client.Do("GET", "/api/v4/users/username/Bob", nil), 400, "api.context.invalid_body_param.app_error")
		wantError(t, alice.Client.Do("GET", "/api/v4/users/email/nobody@example.com", nil), 404, "app.user.missing_account.const")
		wantError(t, alice.Client.Do("GET", "/api/v4/users/email/not-an-email", nil), 400, "api.context.invalid_url_param.app_error")
		wantError(t, s.Client().Do("GET", "/api/v4/users/me", nil), 401, "api.context.session_expired.app_error")
		bad := s.Client()
		bad.Token = model.NewId()
		wantError(t, bad.Do("GET", "/api/v4/users/me", nil), 401, "api.context.session_expired.app_error")
	})
}

func TestPrivacySettings(t *testing.T) {
	t.Parallel()
	forEachDB(t, func(c *config.Config) {
		c.PrivacySettings.ShowEmailAddress = false
		c.PrivacySettings.ShowFullName = false
	}, func(t *testing.T, s *apitest.Server) {
		admin := s.CreateUser(t, true)
		alice := s.CreateUser(t, false)
		bob := s.CreateUser(t, false)
		m := alice.Client.Do("GET", "/api/v4/users/"+bob.User.Id, nil).Map(t)
		if m["email"] != "" || m["first_name"] != "" || m["last_name"] != "" {
			t.Errorf("privacy not applied: %v", m)
		}
		wantError(t, alice.Client.Do("GET", "/api/v4/users/email/"+bob.User.Email, nil), 403, "api.user.get_user_by_email.permissions.app_error")
		am := admin.Client.Do("GET", "/api/v4/users/email/"+bob.User.Email, nil).Map(t)
		if am["email"] != bob.User.Email || am["first_name"] != bob.User.FirstName {
			t.Errorf("admin must see everything: %v", am)
		}
		if me := alice.Client.Do("GET", "/api/v4/users/me", nil).Map(t); me["email"] != alice.User.Email {
			t.Errorf("self must see own email: %v", me)
		}
	})
}

func TestPatchAndUpdate(t *testing.T) {
	t.Parallel()
	forEachDB(t, nil, func(t *testing.T, s *apitest.Server) {
		admin := s.CreateUser(t, true)
		alice := s.CreateUser(t, false)
		bob := s.CreateUser(t, false)

		r := alice.Client.Do("PUT", "/api/v4/users/me/patch", map[string]any{"nickname": "Al", "position": "Eng", "props": map[string]string{"a": "b"},
			"timezone": map[string]string{"useAutomaticTimezone": "false", "manualTimezone": "Europe/Paris", "automaticTimezone": ""}})
		if r.Status != 200 {
			t.Fatalf("patch: %d %s", r.Status, r.Body)
		}
		m := r.Map(t)
		if m["nickname"] != "Al" || m["position"] != "Eng" || m["first_name"] != alice.User.FirstName || m["props"].(map[string]any)["a"] != "b" ||
			m["timezone"].(map[string]any)["manualTimezone"] != "Europe/Paris" {
			t.Errorf("patched = %v", m)
		}
		if m["update_at"].(float64) <= float64(alice.User.UpdateAt) {
			t.Error("update_at did not move")
		}

		wantError(t, alice.Client.Do("PUT", "/api/v4/users/"+bob.User.Id+"/patch", map[string]string{"nickname": "x"}), 403, "api.context.permissions.app_error")
		wantError(t, alice.Client.Do("PUT", "/api/v4/users/"+admin.User.Id+"/patch", map[string]string{"nickname": "x"}), 403, "api.context.permissions.app_error")
		if r := admin.Client.Do("PUT", "/api/v4/users/"+bob.User.Id+"/patch", map[string]string{"nickname": "bobby"}); r.Status != 200 {
			t.Errorf("admin patch: %d %s", r.Status, r.Body)
		}
		wantError(t, alice.Client.Do("PUT", "/api/v4/users/me/patch", map[string]string{"username": bob.User.Username}), 400, "app.user.save.username_exists.app_error")
		wantError(t, alice.Client.Do("PUT", "/api/v4/users/me/patch", map[string]string{"username": "Bad Name"}), 400, "model.user.is_valid.username.app_error")
		wantError(t, alice.Client.Do("PUT", "/api/v4/users/me/patch", `{"nickname": 5}`), 400, "api.context.invalid_body_param.app_error")
		wantError(t, admin.Client.Do("PUT", "/api/v4/users/"+model.NewId()+"/patch", map[string]string{"nickname": "x"}), 400, "api.context.invalid_body_param.app_error")

		// Own email change needs the password.
		wantError(t, alice.Client.Do("PUT", "/api/v4/users/me/patch", map[string]string{"email": "new@example.com"}), 400, "api.context.invalid_body_param.app_error")
		wantError(t, alice.Client.Do("PUT", "/api/v4/users/me/patch", map[string]string{"email": "new@example.com", "password": "wrong"}), 401, "api.user.check_user_password.invalid.app_error")
		if r := alice.Client.Do("PUT", "/api/v4/users/me/patch", map[string]string{"email": "New@Example.com", "password": alice.Password}); r.Status != 200 || r.Map(t)["email"] != "new@example.com" {
			t.Errorf("email change: %d %s", r.Status, r.Body)
		}
		// An admin changes another user's email without a password.
		if r := admin.Client.Do("PUT", "/api/v4/users/"+bob.User.Id+"/patch", map[string]string{"email": "bob2@example.com"}); r.Status != 200 {
			t.Errorf("admin email change: %d %s", r.Status, r.Body)
		}

		// PUT replaces the profile but keeps roles, delete_at and the password.
		full := alice.Client.Do("GET", "/api/v4/users/me", nil).Map(t)
		full["nickname"] = ""
		full["roles"] = "system_admin system_user"
		full["delete_at"] = 12345
		full["password"] = "ignored-unless-email-changes"
		r = alice.Client.Do("PUT", "/api/v4/users/me", full)
		if r.Status != 200 {
			t.Fatalf("PUT user: %d %s", r.Status, r.Body)
		}
		if m := r.Map(t); m["nickname"] != "" || m["roles"] != "system_user" || m["delete_at"].(float64) != 0 {
			t.Errorf("PUT user result %v", m)
		}
		if tok := loginToken(t, s, "new@example.com", alice.Password); tok == "" {
			t.Error("password changed by PUT")
		}
		full["id"] = bob.User.Id
		wantError(t, alice.Client.Do("PUT", "/api/v4/users/me", full), 400, "api.context.invalid_body_param.app_error")
		delete(full, "username")
		full["id"] = alice.User.Id
		wantError(t, alice.Client.Do("PUT", "/api/v4/users/me", full), 400, "model.user.is_valid.username.app_error")
	})
}

func TestActivation(t *testing.T) {
	t.Parallel()
	forEachDB(t, nil, func(t *testing.T, s *apitest.Server) {
		admin := s.CreateUser(t, true)
		alice := s.CreateUser(t, false)
		bob := s.CreateUser(t, false)

		wantError(t, alice.Client.Do("PUT", "/api/v4/users/me/active", map[string]bool{"active": false}), 401, "api.user.update_active.not_enable.app_error")
		wantError(t, alice.Client.Do("PUT", "/api/v4/users/"+bob.User.Id+"/active", map[string]bool{"active": false}), 403, "api.user.update_active.permissions.app_error")
		wantError(t, admin.Client.Do("PUT", "/api/v4/users/"+bob.User.Id+"/active", map[string]string{"active": "false"}), 400, "api.context.invalid_body_param.app_error")
		wantError(t, alice.Client.Do("DELETE", "/api/v4/users/me", nil), 401, "api.user.update_active.not_enable.app_error")
		wantError(t, alice.Client.Do("DELETE", "/api/v4/users/"+bob.User.Id, nil), 403, "api.context.permissions.app_error")

		if r := admin.Client.Do("PUT", "/api/v4/users/"+bob.User.Id+"/active", map[string]bool{"active": false}); r.Status != 200 || string(r.Body) != "{\"status\":\"OK\"}\n" {
			t.Fatalf("deactivate: %d %s", r.Status, r.Body)
		}
		// Bob's session is gone at once, and he cannot log in.
		wantError(t, bob.Client.Do("GET", "/api/v4/users/me", nil), 401, "api.context.session_expired.app_error")
		wantError(t, s.Client().Do("POST", "/api/v4/users/login", map[string]string{"login_id": bob.User.Username, "password": bob.Password}), 401, "api.user.login.inactive.app_error")
		if m := alice.Client.Do("GET", "/api/v4/users/"+bob.User.Id, nil).Map(t); m["delete_at"].(float64) == 0 {
			t.Errorf("deactivated user has delete_at 0: %v", m)
		}
		if r := admin.Client.Do("PUT", "/api/v4/users/"+bob.User.Id+"/active", map[string]bool{"active": true}); r.Status != 200 {
			t.Fatalf("reactivate: %d", r.Status)
		}
		loginToken(t, s, bob.User.Username, bob.Password)

		if r := admin.Client.Do("DELETE", "/api/v4/users/"+alice.User.Id, nil); r.Status != 200 {
			t.Fatalf("delete: %d %s", r.Status, r.Body)
		}
		wantError(t, alice.Client.Do("GET", "/api/v4/users/me", nil), 401, "api.context.session_expired.app_error")
		wantError(t, admin.Client.Do("DELETE", "/api/v4/users/"+bob.User.Id+"?permanent=true", nil), 401, "api.user.delete_user.not_enabled.app_error")
		wantError(t, admin.Client.Do("DELETE", "/api/v4/users/"+model.NewId(), nil), 404, "app.user.missing_account.const")
	})
	forEachDB(t, func(c *config.Config) {
		c.TeamSettings.EnableUserDeactivation = true
		c.ServiceSettings.EnableAPIUserDeletion = true
	}, func(t *testing.T, s *apitest.Server) {
		admin := s.CreateUser(t, true)
		alice := s.CreateUser(t, false)
		bob := s.CreateUser(t, false)
		if r := alice.Client.Do("PUT", "/api/v4/users/me/active", map[string]bool{"active": false}); r.Status != 200 {
			t.Errorf("self-deactivate when enabled: %d %s", r.Status, r.Body)
		}
		if r := admin.Client.Do("DELETE", "/api/v4/users/"+bob.User.Id+"?permanent=true", nil); r.Status != 200 {
			t.Fatalf("permanent delete: %d %s", r.Status, r.Body)
		}
		wantError(t, admin.Client.Do("GET", "/api/v4/users/"+bob.User.Id, nil), 404, "app.user.missing_account.const")
	})
}

func TestLogout(t *testing.T) {
	t.Parallel()
	forEachDB(t, nil, func(t *testing.T, s *apitest.Server) {
		u := s.CreateUser(t, false)
		r := u.Client.Do("POST", "/api/v4/users/logout", nil)
		if r.Status != 200 || string(r.Body) != "{\"status\":\"OK\"}\n" {
			t.Fatalf("logout: %d %s", r.Status, r.Body)
		}
		cleared := false
		for _, ck := range (&http.Response{Header: r.Header}).Cookies() {
			if ck.Name == "MMAUTHTOKEN" && ck.MaxAge < 0 {
				cleared = true
			}
		}
		if !cleared {
			t.Errorf("logout did not clear MMAUTHTOKEN: %v", r.Header.Values("Set-Cookie"))
		}
		wantError(t, u.Client.Do("GET", "/api/v4/users/me", nil), 401, "api.context.session_expired.app_error")
		if r := s.Client().Do("POST", "/api/v4/users/logout", nil); r.Status != 200 {
			t.Errorf("anonymous logout: %d", r.Status)
		}
	})
}
