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
	"roster/internal/store"
)

func requireVerification(c *config.Config) {
	c.EmailSettings.RequireEmailVerification = true
	c.TeamSettings.EnableOpenServer = true
}

func verify(c *apitest.Client, token string) *apitest.Response {
	return c.Do("POST", "/api/v4/users/email/verify", map[string]string{"token": token})
}

func TestSignUpEmailVerification(t *testing.T) {
	t.Parallel()
	forEachMailEnv(t, requireVerification, func(t *testing.T, e *mailEnv) {
		e.CreateUser(t, true) // the first account
		anon := e.Client()
		r := anon.Do("POST", "/api/v4/users", map[string]string{"username": "newbie", "email": "New.Person@Example.com", "password": "Passw0rd-new"})
		if r.Status != http.StatusCreated {
			t.Fatalf("sign up: %d %s", r.Status, r.Body)
		}
		var created model.User
		r.Decode(t, &created)
		if created.EmailVerified {
			t.Fatal("a new account is verified at once")
		}
		m := e.mail(t, "new.person@example.com", "You joined")
		if m.Subject != "[Roster] You joined chat.example.com" || !strings.Contains(m.Text, "Click below to verify your email address.") {
			t.Errorf("welcome email: %q\n%s", m.Subject, m.Text)
		}
		token, email := verifyLink(t, m)
		if email != "new.person@example.com" {
			t.Errorf("link names %q", email)
		}

		wantError(t, anon.Do("POST", "/api/v4/users/login", map[string]string{"login_id": "newbie", "password": "Passw0rd-new"}),
			401, "api.user.login.not_verified.app_error")
		wantError(t, verify(anon, "short"), 400, "api.context.invalid_body_param.app_error")
		wantError(t, anon.Do("POST", "/api/v4/users/email/verify", map[string]any{"token": 5}), 400, "api.context.invalid_body_param.app_error")
		wantError(t, verify(anon, strings.Repeat("a", 64)), 400, "api.user.verify_email.bad_link.app_error")

		if r := verify(anon, token); r.Status != 200 || r.Map(t)["status"] != "OK" {
			t.Fatalf("verify: %d %s", r.Status, r.Body)
		}
		wantError(t, verify(anon, token), 400, "api.user.verify_email.bad_link.app_error") // single use
		login := anon.Do("POST", "/api/v4/users/login", map[string]string{"login_id": "newbie", "password": "Passw0rd-new"})
		if login.Status != 200 {
			t.Fatalf("login after verification: %d %s", login.Status, login.Body)
		}
		var me model.User
		login.Decode(t, &me)
		if !me.EmailVerified {
			t.Error("email_verified is not set after verification")
		}
		// A verified account gets no more links; neither does an unknown address.
		for _, addr := range []string{"new.person@example.com", "nobody@example.com"} {
			if r := anon.Do("POST", "/api/v4/users/email/verify/send", map[string]string{"email": addr}); r.Status != 200 {
				t.Errorf("send to %s: %d %s", addr, r.Status, r.Body)
			}
		}
		wantError(t, anon.Do("POST", "/api/v4/users/email/verify/send", map[string]string{"email": " "}), 400, "api.context.invalid_body_param.app_error")
		if left := e.settle(t); len(left) != 0 {
			t.Errorf("unexpected mail: %v", subjects(left))
		}
	})
}

func TestResendVerificationEmail(t *testing.T) {
	t.Parallel()
	forEachMailEnv(t, requireVerification, func(t *testing.T, e *mailEnv) {
		admin := e.CreateUser(t, true)
		r := admin.Client.Do("POST", "/api/v4/users", map[string]string{"username": "carol", "email": "carol@example.com", "password": "Passw0rd-carol"})
		if r.Status != http.StatusCreated {
			t.Fatalf("create: %d %s", r.Status, r.Body)
		}
		var carol model.User
		r.Decode(t, &carol)
		welcome, _ := verifyLink(t, e.mail(t, "carol@example.com", "You joined"))

		anon := e.Client()
		send := func(login string) {
			t.Helper()
			if r := anon.Do("POST", "/api/v4/users/email/verify/send", map[string]string{"email": login}); r.Status != 200 || r.Map(t)["status"] != "OK" {
				t.Fatalf("send: %d %s", r.Status, r.Body)
			}
		}
		send("CAROL@example.com")
		m := e.mail(t, "carol@example.com", "Email Verification")
		if m.Subject != "[Roster] Email Verification" || !strings.Contains(m.Text, "Thanks for joining chat.example.com.") {
			t.Errorf("verification email: %q\n%s", m.Subject, m.Text)
		}
		first, _ := verifyLink(t, m)
		// Username sign-in is on, so a username finds the account too; only the newest link
		// works.
		send("carol")
		second, _ := verifyLink(t, e.mail(t, "carol@example.com", "Email Verification"))
		for _, old := range []string{welcome, first} {
			wantError(t, verify(anon, old), 400, "api.user.verify_email.bad_link.app_error")
		}
		if r := verify(anon, second); r.Status != 200 {
			t.Fatalf("verify: %d %s", r.Status, r.Body)
		}

		// Links that must not work: expired, for an address the account no longer has, for a
		// deleted account, or of another type.
		ctx := context.Background()
		plant := func(extra string, age time.Duration, typ string) string {
			t.Helper()
			secret := model.NewRandomString(64)
			tok := &store.Token{Token: secret, Type: typ, CreateAt: time.Now().Add(-age).UnixMilli(), Extra: extra}
			if err := e.Store.CreateToken(ctx, tok); err != nil {
				t.Fatal(err)
			}
			return secret
		}
		extra := func(userID, email string) string {
			b, _ := json.Marshal(map[string]string{"UserId": userID, "Email": email})
			return string(b)
		}
		dave := e.CreateUser(t, false)
		for name, secret := range map[string]string{
			"expired":       plant(extra(dave.User.Id, dave.User.Email), 24*time.Hour+time.Second, app.TokenTypeVerifyEmail),
			"stale address": plant(extra(dave.User.Id, "old@example.com"), time.Minute, app.TokenTypeVerifyEmail),
			"no account":    plant(extra(model.NewId(), "x@example.com"), time.Minute, app.TokenTypeVerifyEmail),
			"broken data":   plant("{", time.Minute, app.TokenTypeVerifyEmail),
			"reset token":   plant(extra(dave.User.Id, dave.User.Email), time.Minute, app.TokenTypePasswordRecovery),
		} {
			if r := verify(anon, secret); r.Status != 400 || r.Error(t).Id != "api.user.verify_email.bad_link.app_error" {
				t.Errorf("%s: %d %s", name, r.Status, r.Body)
			}
		}
		young := plant(extra(dave.User.Id, dave.User.Email), 24*time.Hour-time.Minute, app.TokenTypeVerifyEmail)
		if r := verify(anon, young); r.Status != 200 {
			t.Errorf("a link a minute short of 24 hours: %d %s", r.Status, r.Body)
		}
		if left := e.settle(t); len(left) != 0 {
			t.Errorf("unexpected mail: %v", subjects(left))
		}
	})
}

func TestVerificationNeedsSiteURL(t *testing.T) {
	t.Parallel()
	e := newMailEnv(t, store.SQLite, func(c *config.Config) {
		requireVerification(c)
		c.ServiceSettings.SiteURL = ""
	})
	admin := e.CreateUser(t, true)
	if r := admin.Client.Do("POST", "/api/v4/users", map[string]string{"username": "erin", "email": "erin@example.com", "password": "Passw0rd-erin"}); r.Status != 201 {
		t.Fatalf("create: %d %s", r.Status, r.Body)
	}
	if r := e.Client().Do("POST", "/api/v4/users/email/verify/send", map[string]string{"email": "erin@example.com"}); r.Status != 200 {
		t.Fatalf("send: %d %s", r.Status, r.Body)
	}
	if left := e.settle(t); len(left) != 0 {
		t.Errorf("mail sent without SiteURL: %v", subjects(left))
	}
	if logs := e.logs.String(); strings.Count(logs, "ServiceSettings.SiteURL is not set") < 2 {
		t.Errorf("no warning about SiteURL in the log:\n%s", logs)
	}
}

func TestWelcomeEmail(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name                string
		require, notify     bool
		body                map[string]any
		wantMail, wantLink  bool
		verifiedByAdminBody bool
	}{
		{name: "notifications on", notify: true, wantMail: true},
		{name: "verification required, notifications off", require: true, wantMail: true, wantLink: true},
		{name: "both off"},
		{name: "welcome email declined", require: true, notify: true, body: map[string]any{"disable_welcome_email": true}},
		{name: "created verified by an admin", require: true, notify: true, body: map[string]any{"email_verified": true}, wantMail: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := newMailEnv(t, store.SQLite, func(c *config.Config) {
				c.EmailSettings.RequireEmailVerification = tc.require
				c.EmailSettings.SendEmailNotifications = tc.notify
			})
			admin := e.CreateUser(t, true)
			body := map[string]any{"username": "frank", "email": "frank@example.com", "password": "Passw0rd-frank"}
			for k, v := range tc.body {
				body[k] = v
			}
			if r := admin.Client.Do("POST", "/api/v4/users", body); r.Status != 201 {
				t.Fatalf("create: %d %s", r.Status, r.Body)
			}
			left := e.settle(t)
			if !tc.wantMail {
				if len(left) != 0 {
					t.Errorf("unexpected mail: %v", subjects(left))
				}
				return
			}
			if len(left) != 1 || left[0].To != "frank@example.com" || left[0].Subject != "[Roster] You joined chat.example.com" {
				t.Fatalf("want one welcome email, got %v", subjects(left))
			}
			if got := verifyLinkRE.MatchString(left[0].Text); got != tc.wantLink {
				t.Errorf("verification link present = %v, want %v:\n%s", got, tc.wantLink, left[0].Text)
			}
		})
	}
}

func TestEmailChangeNeedsVerification(t *testing.T) {
	t.Parallel()
	forEachMailEnv(t, func(c *config.Config) {
		c.EmailSettings.RequireEmailVerification = true
		c.TeamSettings.RestrictCreationToDomains = "example.com"
	}, func(t *testing.T, e *mailEnv) {
		admin := e.CreateUser(t, true)
		alice, bob := e.CreateUser(t, false), e.CreateUser(t, false)
		oldEmail := alice.User.Email
		change := func(c *apitest.Client, userID, email, password string) *apitest.Response {
			return c.Do("PUT", "/api/v4/users/"+userID+"/patch", map[string]string{"email": email, "password": password})
		}

		r := change(alice.Client, "me", "Alice.New@example.com", alice.Password)
		if r.Status != 200 {
			t.Fatalf("patch: %d %s", r.Status, r.Body)
		}
		var got model.User
		r.Decode(t, &got)
		if got.Email != oldEmail || !got.EmailVerified {
			t.Errorf("the new address was applied before verification: %+v", got)
		}
		first, email := verifyLink(t, e.mail(t, "alice.new@example.com", "[Roster] Verify new email address"))
		if email != "alice.new@example.com" {
			t.Errorf("link names %q", email)
		}

		// The usual checks still apply, before anything is sent.
		wantError(t, change(alice.Client, "me", bob.User.Email, alice.Password), 400, "app.user.save.email_exists.app_error")
		wantError(t, change(alice.Client, "me", "alice@other.org", alice.Password), 400, "api.user.update_user.accepted_domain.app_error")
		wantError(t, change(alice.Client, "me", "alice.x@example.com", ""), 400, "api.context.invalid_body_param.app_error")

		// A second change replaces the first link (PUT, the full update, defers it too).
		full := alice.User
		full.Email = "alice.2@example.com"
		full.Password = alice.Password
		if r := alice.Client.Do("PUT", "/api/v4/users/me", &full); r.Status != 200 || r.Map(t)["email"] != oldEmail {
			t.Fatalf("put: %d %s", r.Status, r.Body)
		}
		second, _ := verifyLink(t, e.mail(t, "alice.2@example.com", "Verify new email address"))
		wantError(t, verify(e.Client(), first), 400, "api.user.verify_email.bad_link.app_error")
		if r := verify(e.Client(), second); r.Status != 200 {
			t.Fatalf("verify: %d %s", r.Status, r.Body)
		}
		me := alice.Client.Do("GET", "/api/v4/users/me", nil).Map(t)
		if me["email"] != "alice.2@example.com" || me["email_verified"] != true {
			t.Errorf("after verification: %v", me)
		}
		notice := e.mail(t, oldEmail, "[Roster] Your email address has changed")
		if !strings.Contains(notice.Text, "has been changed to alice.2@example.com") {
			t.Errorf("change notice: %s", notice.Text)
		}
		loginToken(t, e.Server, "alice.2@example.com", alice.Password)

		// The address must still be free when the link is used.
		if r := change(alice.Client, "me", "taken@example.com", alice.Password); r.Status != 200 {
			t.Fatalf("patch: %d %s", r.Status, r.Body)
		}
		late, _ := verifyLink(t, e.mail(t, "taken@example.com", "Verify new email address"))
		if r := admin.Client.Do("POST", "/api/v4/users", map[string]any{"username": "taker", "email": "taken@example.com", "password": "Passw0rd-taker", "email_verified": true}); r.Status != 201 {
			t.Fatalf("create: %d %s", r.Status, r.Body)
		}
		e.mail(t, "taken@example.com", "You joined")
		wantError(t, verify(e.Client(), late), 400, "api.user.verify_email.bad_link.app_error")
		if me := alice.Client.Do("GET", "/api/v4/users/me", nil).Map(t); me["email"] != "alice.2@example.com" {
			t.Errorf("email after a refused verification: %v", me["email"])
		}

		// An admin's change of someone else's address waits for verification too.
		if r := change(admin.Client, bob.User.Id, "bob.new@example.com", ""); r.Status != 200 || r.Map(t)["email"] != bob.User.Email {
			t.Fatalf("admin patch: %d %s", r.Status, r.Body)
		}
		e.mail(t, "bob.new@example.com", "Verify new email address")
		if left := e.settle(t); len(left) != 0 {
			t.Errorf("unexpected mail: %v", subjects(left))
		}
	})
}

func TestEmailChangeWithoutVerification(t *testing.T) {
	t.Parallel()
	forEachMailEnv(t, nil, func(t *testing.T, e *mailEnv) {
		u := e.CreateUser(t, false)
		r := u.Client.Do("PUT", "/api/v4/users/me/patch", map[string]string{"email": "moved@example.com", "password": u.Password, "username": "renamed"})
		if r.Status != 200 {
			t.Fatalf("patch: %d %s", r.Status, r.Body)
		}
		got := r.Map(t)
		if got["email"] != "moved@example.com" || got["username"] != "renamed" || got["email_verified"] != nil {
			t.Errorf("after the change: %v", got)
		}
		notice := e.mail(t, u.User.Email, "[Roster] Your email address has changed")
		if !strings.Contains(notice.Text, "Your email address for Roster has been changed to moved@example.com.") {
			t.Errorf("email change notice: %s", notice.Text)
		}
		renamed := e.mail(t, "moved@example.com", "[Roster] Your username has changed")
		if !strings.Contains(renamed.Text, "has been changed to renamed.") || !strings.Contains(renamed.HTML, "You updated your username") {
			t.Errorf("username notice: %s", renamed.Text)
		}
		if left := e.settle(t); len(left) != 0 {
			t.Errorf("unexpected mail: %v", subjects(left))
		}
	})
}

func TestVerifyUserEmailWithoutToken(t *testing.T) {
	t.Parallel()
	forEachMailEnv(t, requireVerification, func(t *testing.T, e *mailEnv) {
		admin := e.CreateUser(t, true)
		other := e.CreateUser(t, false)
		r := admin.Client.Do("POST", "/api/v4/users", map[string]string{"username": "gina", "email": "gina@example.com", "password": "Passw0rd-gina"})
		if r.Status != 201 {
			t.Fatalf("create: %d %s", r.Status, r.Body)
		}
		var gina model.User
		r.Decode(t, &gina)
		path := "/api/v4/users/" + gina.Id + "/email/verify/member"
		wantError(t, other.Client.Do("POST", path, nil), 403, "api.context.permissions.app_error")
		wantError(t, admin.Client.Do("POST", "/api/v4/users/"+model.NewId()+"/email/verify/member", nil), 404, "app.user.missing_account.const")
		wantError(t, admin.Client.Do("POST", "/api/v4/users/nope/email/verify/member", nil), 400, "api.context.invalid_url_param.app_error")
		loginFails := e.Client().Do("POST", "/api/v4/users/login", map[string]string{"login_id": "gina", "password": "Passw0rd-gina"})
		wantError(t, loginFails, 401, "api.user.login.not_verified.app_error")

		r = admin.Client.Do("POST", path, nil)
		if r.Status != 200 {
			t.Fatalf("verify member: %d %s", r.Status, r.Body)
		}
		var verified map[string]any
		r.Decode(t, &verified)
		if verified["id"] != gina.Id || verified["email"] != "gina@example.com" || verified["email_verified"] != true {
			t.Errorf("answer: %v", verified)
		}
		for _, secret := range []string{"password", "mfa_secret", "auth_data"} {
			if v, ok := verified[secret]; ok && v != "" {
				t.Errorf("answer carries %s", secret)
			}
		}
		loginToken(t, e.Server, "gina", "Passw0rd-gina")
		// The welcome link is not needed any more but stays harmless.
		e.mail(t, "gina@example.com", "You joined")
		if left := e.settle(t); len(left) != 0 {
			t.Errorf("unexpected mail: %v", subjects(left))
		}
	})
}
