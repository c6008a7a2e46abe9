package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"roster/internal/apitest"
	"roster/internal/config"
	"roster/internal/model"
)

func TestUpdatePassword(t *testing.T) {
	t.Parallel()
	forEachEnv(t, func(c *config.Config) { c.PasswordSettings.Number = true }, func(t *testing.T, e *env) {
		admin := e.CreateUser(t, true)
		alice := e.CreateUser(t, false)
		bob := e.CreateUser(t, false)
		aliceOther := loginToken(t, e.Server, alice.User.Username, alice.Password)
		path := "/api/v4/users/" + alice.User.Id + "/password"
		me := "/api/v4/users/me/password"

		wantError(t, alice.Client.Do("PUT", me, map[string]string{"new_password": "newpass123"}), 400, "api.context.invalid_body_param.app_error")
		wantError(t, alice.Client.Do("PUT", me, map[string]string{"current_password": "wrong-one", "new_password": "newpass123"}), 400, "api.user.update_password.incorrect.app_error")
		wantError(t, alice.Client.Do("PUT", me, map[string]string{"current_password": alice.Password, "new_password": "short1"}), 400, "model.user.is_valid.pwd_number.app_error")
		wantError(t, alice.Client.Do("PUT", me, map[string]string{"current_password": alice.Password, "new_password": "no-digits-here"}), 400, "model.user.is_valid.pwd_number.app_error")
		// A value that is not a string makes Mattermost's string-map body empty.
		wantError(t, alice.Client.Do("PUT", me, map[string]any{"current_password": alice.Password, "new_password": 5}), 400, "api.context.invalid_body_param.app_error")
		wantError(t, bob.Client.Do("PUT", path, map[string]string{"new_password": "newpass123"}), 403, "api.user.update_password.context.app_error")
		wantError(t, alice.Client.Do("PUT", me, map[string]string{"new_password": "$2a$10$abc", "already_hashed": "true"}), 401, "api.user.update_password.user_and_hashed.app_error")
		wantError(t, bob.Client.Do("PUT", path, map[string]string{"new_password": "$2a$10$abc", "already_hashed": "true"}), 403, "api.user.update_password.context.app_error")
		wantError(t, alice.Client.Do("PUT", "/api/v4/users/"+model.NewId()+"/password", map[string]string{"new_password": "newpass123"}), 403, "api.user.update_password.context.app_error")
		wantError(t, alice.Client.Do("PUT", "/api/v4/users/bad/password", map[string]string{"new_password": "newpass123"}), 400, "api.context.invalid_url_param.app_error")

		e.clock.Advance(time.Minute)
		before := e.clock.Now().UnixMilli()
		if r := alice.Client.Do("PUT", me, map[string]string{"current_password": alice.Password, "new_password": "newpass123"}); r.Status != 200 || string(r.Body) != "{\"status\":\"OK\"}\n" {
			t.Fatalf("own password change: %d %s", r.Status, r.Body)
		}
		// The caller's session lives on; the user's other session ended at once.
		if r := alice.Client.Do("GET", "/api/v4/users/me", nil); r.Status != 200 {
			t.Errorf("caller's session after own password change: %d", r.Status)
		} else if lpu := r.Map(t)["last_password_update"].(float64); int64(lpu) < before {
			t.Errorf("last_password_update %v not moved", lpu)
		}
		other := e.Client()
		other.Token = aliceOther
		wantError(t, other.Do("GET", "/api/v4/users/me", nil), 401, "api.context.session_expired.app_error")
		wantError(t, e.Client().Do("POST", "/api/v4/users/login", map[string]string{"login_id": alice.User.Username, "password": alice.Password}), 401, "api.user.login.invalid_credentials_email_username")
		loginToken(t, e.Server, alice.User.Username, "newpass123")

		// An admin needs no current password, and every session of the user ends.
		if r := admin.Client.Do("PUT", path, map[string]string{"new_password": "adminset1"}); r.Status != 200 {
			t.Fatalf("admin password change: %d %s", r.Status, r.Body)
		}
		wantError(t, alice.Client.Do("GET", "/api/v4/users/me", nil), 401, "api.context.session_expired.app_error")
		loginToken(t, e.Server, alice.User.Username, "adminset1")
		// An admin changing their own password gives the current one like everybody.
		wantError(t, admin.Client.Do("PUT", "/api/v4/users/me/password", map[string]string{"new_password": "adminset1"}), 400, "api.context.invalid_body_param.app_error")

		// An already hashed password (an import) is stored as is by an admin.
		if r := admin.Client.Do("PUT", "/api/v4/users/"+bob.User.Id+"/password", map[string]string{
			"new_password": "$2a$04$Sk1nW4Sk6lLGObJyG84q1.vtR0tSQtySB9mBC9C5O/r0QpyyiHf9K", "already_hashed": "true"}); r.Status != 200 {
			t.Fatalf("hashed password: %d %s", r.Status, r.Body)
		}
		stored, err := e.Store.GetUser(context.Background(), bob.User.Id)
		if err != nil || !strings.HasPrefix(stored.PasswordHash, "$2a$04$") {
			t.Errorf("hashed password not stored as given: %v %q", err, stored.PasswordHash)
		}
	})
}

func TestPasswordChangeKeepsSessionsWhenConfigured(t *testing.T) {
	t.Parallel()
	forEachEnv(t, func(c *config.Config) { c.ServiceSettings.TerminateSessionsOnPasswordChange = false }, func(t *testing.T, e *env) {
		alice := e.CreateUser(t, false)
		second := e.Client()
		second.Token = loginToken(t, e.Server, alice.User.Username, alice.Password)
		if r := alice.Client.Do("PUT", "/api/v4/users/me/password", map[string]string{"current_password": alice.Password, "new_password": "another-pass"}); r.Status != 200 {
			t.Fatalf("change: %d %s", r.Status, r.Body)
		}
		if r := second.Do("GET", "/api/v4/users/me", nil); r.Status != 200 {
			t.Errorf("other session ended although TerminateSessionsOnPasswordChange is false: %d", r.Status)
		}
	})
}

func TestLockout(t *testing.T) {
	t.Parallel()
	forEachEnv(t, func(c *config.Config) {
		c.ServiceSettings.MaximumLoginAttempts = 3
		c.RateLimitSettings.AuthPerMinutePerAccount = 0 // this test is about the counter
	}, func(t *testing.T, e *env) {
		admin := e.CreateUser(t, true)
		alice := e.CreateUser(t, false)
		login := func(pw string) *apitest.Response {
			return e.Client().Do("POST", "/api/v4/users/login", map[string]string{"login_id": alice.User.Username, "password": pw})
		}
		failures := func() int {
			u, err := e.Store.GetUser(context.Background(), alice.User.Id)
			if err != nil {
				t.Fatal(err)
			}
			return u.FailedAttempts
		}
		// Unknown account and wrong password answer alike.
		unknown := e.Client().Do("POST", "/api/v4/users/login", map[string]string{"login_id": "nobody-" + model.NewId()[:8], "password": "whatever1"})
		wrong := login("wrong-1")
		if unknown.Status != wrong.Status || unknown.Error(t).Id != wrong.Error(t).Id || unknown.Error(t).Message != wrong.Error(t).Message {
			t.Errorf("unknown account %s vs wrong password %s", unknown.Body, wrong.Body)
		}
		login("wrong-2")
		if n := failures(); n != 2 {
			t.Fatalf("failed_attempts = %d, want 2", n)
		}
		// Success resets the counter, so three more failures are needed to lock.
		if r := login(alice.Password); r.Status != 200 {
			t.Fatalf("login before the limit: %d %s", r.Status, r.Body)
		}
		if n := failures(); n != 0 {
			t.Fatalf("failed_attempts after success = %d, want 0", n)
		}
		login("wrong-3")
		login("wrong-4")
		if r := login(alice.Password); r.Status != 200 {
			t.Fatalf("two failures must not lock: %d %s", r.Status, r.Body)
		}
		for i := range 3 {
			login("wrong-again-" + string(rune('a'+i)))
		}
		wantError(t, login(alice.Password), 401, "api.user.check_user_login_attempts.too_many.app_error")
		// A password change checked against the current password is locked as well.
		wantError(t, alice.Client.Do("PUT", "/api/v4/users/me/password", map[string]string{"current_password": alice.Password, "new_password": "whatever12"}),
			401, "api.user.check_user_login_attempts.too_many.app_error")
		// An admin setting a password unlocks the account.
		if r := admin.Client.Do("PUT", "/api/v4/users/"+alice.User.Id+"/password", map[string]string{"new_password": "unlocked-1"}); r.Status != 200 {
			t.Fatalf("admin reset: %d %s", r.Status, r.Body)
		}
		if n := failures(); n != 0 {
			t.Errorf("failed_attempts after admin reset = %d", n)
		}
		loginToken(t, e.Server, alice.User.Username, "unlocked-1")
	})
}

func TestPasswordResetFlow(t *testing.T) {
	t.Parallel()
	forEachEnv(t, func(c *config.Config) { c.ServiceSettings.SiteURL = "https://chat.example.com" }, func(t *testing.T, e *env) {
		alice := e.CreateUser(t, false)
		anon := e.Client()
		send := func(email string) *apitest.Response {
			return anon.Do("POST", "/api/v4/users/password/reset/send", map[string]string{"email": email})
		}
		wantError(t, send(""), 400, "api.context.invalid_body_param.app_error")
		// Unknown address: the same answer, and nothing is sent.
		unknown := send("nobody@example.com")
		known := send(strings.ToUpper(alice.User.Email))
		if unknown.Status != 200 || known.Status != 200 || string(unknown.Body) != string(known.Body) {
			t.Fatalf("answers differ: %d %s / %d %s", unknown.Status, unknown.Body, known.Status, known.Body)
		}
		msg := e.mail.waitForSubject(t, alice.User.Email, resetSubject, 1)
		if !strings.Contains(msg.Subject, "Reset your password") || !strings.Contains(msg.Text, "https://chat.example.com/reset_password_complete?token=") ||
			!strings.Contains(msg.HTML, "https://chat.example.com/reset_password_complete?token=") {
			t.Errorf("reset email: %+v", msg)
		}
		first := resetToken(t, msg)
		// A second request replaces the first link.
		send(alice.User.Email)
		token := resetToken(t, e.mail.waitForSubject(t, alice.User.Email, resetSubject, 2))
		if token == first {
			t.Fatal("second link reuses the first token")
		}
		if e.mail.countTo("nobody@example.com") != 0 {
			t.Error("mail sent to an unknown address")
		}
		reset := func(tok, pw string) *apitest.Response {
			return anon.Do("POST", "/api/v4/users/password/reset", map[string]string{"token": tok, "new_password": pw})
		}
		wantError(t, reset(first, "brand-new-1"), 400, "api.user.reset_password.invalid_link.app_error")
		wantError(t, reset("short", "brand-new-1"), 400, "api.context.invalid_body_param.app_error")
		wantError(t, reset(strings.Repeat("a", 64), "brand-new-1"), 400, "api.user.reset_password.invalid_link.app_error")
		// A password the policy refuses leaves the link usable.
		wantError(t, reset(token, "short"), 400, "model.user.is_valid.pwd.app_error")
		if r := reset(token, "brand-new-1"); r.Status != 200 {
			t.Fatalf("reset: %d %s", r.Status, r.Body)
		}
		// Single use; every session ended; the new password works.
		wantError(t, reset(token, "brand-new-2"), 400, "api.user.reset_password.invalid_link.app_error")
		wantError(t, alice.Client.Do("GET", "/api/v4/users/me", nil), 401, "api.context.session_expired.app_error")
		loginToken(t, e.Server, alice.User.Username, "brand-new-1")

		// Links expire after 24 hours.
		send(alice.User.Email)
		late := resetToken(t, e.mail.waitForSubject(t, alice.User.Email, resetSubject, 3))
		e.clock.Advance(24*time.Hour + time.Second)
		wantError(t, reset(late, "brand-new-3"), 400, "api.user.reset_password.link_expired.app_error")
	})
}

func TestPasswordResetSSOAccount(t *testing.T) {
	t.Parallel()
	forEachEnv(t, nil, func(t *testing.T, e *env) {
		admin := e.CreateUser(t, true)
		sso := e.CreateUser(t, false)
		if r := admin.Client.Do("PUT", "/api/v4/users/"+sso.User.Id+"/auth", map[string]string{"auth_service": "gitlab", "auth_data": "gl-" + sso.User.Id}); r.Status != 200 {
			t.Fatalf("switch to gitlab: %d %s", r.Status, r.Body)
		}
		// Same answer as for anyone (no account is revealed), but no link is sent.
		if r := e.Client().Do("POST", "/api/v4/users/password/reset/send", map[string]string{"email": sso.User.Email}); r.Status != http.StatusOK {
			t.Fatalf("send: %d %s", r.Status, r.Body)
		}
		// A known address is processed after the answer; give it a moment and check.
		plain := e.CreateUser(t, false)
		e.Client().Do("POST", "/api/v4/users/password/reset/send", map[string]string{"email": plain.User.Email})
		e.mail.waitFor(t, plain.User.Email, 1)
		if n := e.mail.countTo(sso.User.Email); n != 0 {
			t.Errorf("%d reset emails sent to an SSO account", n)
		}
	})
}
