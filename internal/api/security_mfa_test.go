package api_test

import (
	"bytes"
	"context"
	"encoding/base32"
	"encoding/base64"
	"image/png"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"roster/internal/api"
	"roster/internal/apitest"
	"roster/internal/app"
	"roster/internal/config"
	"roster/internal/model"
)

// setUpMfa generates a secret for u and activates it with a real code; it returns the secret.
func setUpMfa(t *testing.T, e *env, u *apitest.NewUser) string {
	t.Helper()
	r := u.Client.Do("POST", "/api/v4/users/me/mfa/generate", nil)
	if r.Status != 200 {
		t.Fatalf("generate: %d %s", r.Status, r.Body)
	}
	var sec model.MfaSecret
	r.Decode(t, &sec)
	e.clock.Advance(30 * time.Second) // a step no earlier code used
	if r := u.Client.Do("PUT", "/api/v4/users/me/mfa", map[string]any{"activate": true, "code": totpAt(t, sec.Secret, e.clock.Now())}); r.Status != 200 {
		t.Fatalf("activate: %d %s", r.Status, r.Body)
	}
	return sec.Secret
}

func TestMfaDisabled(t *testing.T) {
	t.Parallel()
	forEachEnv(t, nil, func(t *testing.T, e *env) {
		u := e.CreateUser(t, false)
		wantError(t, u.Client.Do("POST", "/api/v4/users/me/mfa/generate", nil), 501, "mfa.mfa_disabled.app_error")
		wantError(t, u.Client.Do("PUT", "/api/v4/users/me/mfa", map[string]any{"activate": true, "code": "123456"}), 501, "mfa.mfa_disabled.app_error")
		// The legacy existence check is not routed.
		wantError(t, e.Client().Do("POST", "/api/v4/users/mfa", map[string]string{"login_id": u.User.Username}), 404, "api.context.404.app_error")
	})
}

func TestMfaSetupAndLogin(t *testing.T) {
	t.Parallel()
	forEachEnv(t, func(c *config.Config) {
		c.ServiceSettings.EnableMultifactorAuthentication = true
		c.ServiceSettings.SiteURL = "https://www.chat.example.com"
	}, func(t *testing.T, e *env) {
		admin := e.CreateUser(t, true)
		alice := e.CreateUser(t, false)
		bob := e.CreateUser(t, false)

		wantError(t, bob.Client.Do("POST", "/api/v4/users/"+alice.User.Id+"/mfa/generate", nil), 403, "api.context.permissions.app_error")
		wantError(t, bob.Client.Do("PUT", "/api/v4/users/"+alice.User.Id+"/mfa", map[string]any{"activate": false}), 403, "api.context.permissions.app_error")
		wantError(t, admin.Client.Do("POST", "/api/v4/users/"+model.NewId()+"/mfa/generate", nil), 404, "app.user.missing_account.const")

		r := alice.Client.Do("POST", "/api/v4/users/me/mfa/generate", nil)
		if r.Status != 200 || r.Header.Get("Cache-Control") != "no-cache" || r.Header.Get("Pragma") != "no-cache" {
			t.Fatalf("generate: %d %v %s", r.Status, r.Header, r.Body)
		}
		var sec model.MfaSecret
		r.Decode(t, &sec)
		if raw, err := base32.StdEncoding.DecodeString(sec.Secret); err != nil || len(raw) != 20 || len(sec.Secret) != 32 {
			t.Errorf("secret %q: %d bytes, %v", sec.Secret, len(raw), err)
		}
		img, err := base64.StdEncoding.DecodeString(sec.QRCode)
		if err != nil {
			t.Fatalf("qr_code is not base64: %v", err)
		}
		pic, err := png.Decode(bytes.NewReader(img))
		if err != nil || pic.Bounds().Dx() < 100 || pic.Bounds().Dx() != pic.Bounds().Dy() {
			t.Fatalf("qr_code is not a square PNG: %v", err)
		}
		// Generating is not activating.
		if m := alice.Client.Do("GET", "/api/v4/users/me", nil).Map(t); m["mfa_active"] == true {
			t.Error("mfa_active after generate")
		}
		if _, ok := alice.Client.Do("GET", "/api/v4/users/me", nil).Map(t)["mfa_secret"]; ok {
			t.Error("mfa_secret serialised")
		}

		activate := func(body any) *apitest.Response { return alice.Client.Do("PUT", "/api/v4/users/me/mfa", body) }
		wantError(t, activate(map[string]any{"activate": "true"}), 400, "api.context.invalid_body_param.app_error")
		wantError(t, activate(map[string]any{"activate": true}), 400, "api.context.invalid_body_param.app_error")
		wantError(t, activate(map[string]any{"activate": true, "code": ""}), 400, "api.context.invalid_body_param.app_error")
		wantError(t, activate(map[string]any{"activate": true, "code": "abcdef"}), 401, "mfa.activate.bad_token.app_error")
		wrong := totpAt(t, sec.Secret, e.clock.Now().Add(-5*time.Minute))
		wantError(t, activate(map[string]any{"activate": true, "code": wrong}), 401, "mfa.activate.bad_token.app_error")
		e.clock.Advance(30 * time.Second)
		if r := activate(map[string]any{"activate": true, "code": " " + totpAt(t, sec.Secret, e.clock.Now()) + " "}); r.Status != 200 {
			t.Fatalf("activate: %d %s", r.Status, r.Body)
		}
		if m := alice.Client.Do("GET", "/api/v4/users/me", nil).Map(t); m["mfa_active"] != true {
			t.Errorf("mfa_active = %v", m["mfa_active"])
		}

		login := func(token string) *apitest.Response {
			body := map[string]string{"login_id": alice.User.Username, "password": alice.Password}
			if token != "" {
				body["token"] = token
			}
			return e.Client().Do("POST", "/api/v4/users/login", body)
		}
		failures := func() int {
			u, err := e.Store.GetUser(context.Background(), alice.User.Id)
			if err != nil {
				t.Fatal(err)
			}
			return u.FailedAttempts
		}
		// No code: the signal that a code is needed; not counted as a failure.
		wantError(t, login(""), 401, "mfa.validate_token.authenticate.app_error")
		if n := failures(); n != 0 {
			t.Errorf("a login without a code counted as a failure: %d", n)
		}
		// The wrong password is still just invalid credentials (no MFA hint).
		wantError(t, e.Client().Do("POST", "/api/v4/users/login", map[string]string{"login_id": alice.User.Username, "password": "nope-nope"}), 401, "api.user.login.invalid_credentials_email_username")
		wantError(t, login("12345x"), 401, "mfa.validate_token.authenticate.app_error")
		wantError(t, login(wrong), 401, "api.user.check_user_mfa.bad_code.app_error")
		if n := failures(); n != 3 {
			t.Errorf("failed_attempts = %d, want 3 (wrong password, malformed and wrong codes)", n)
		}
		// The code just used for activation cannot be replayed within its window.
		wantError(t, login(totpAt(t, sec.Secret, e.clock.Now())), 401, "api.user.check_user_mfa.bad_code.app_error")
		e.clock.Advance(30 * time.Second)
		code := totpAt(t, sec.Secret, e.clock.Now())
		r = login(code)
		if r.Status != 200 {
			t.Fatalf("login with code: %d %s", r.Status, r.Body)
		}
		if n := failures(); n != 0 {
			t.Errorf("failed_attempts after success = %d", n)
		}
		// Replay of a code that just logged in, and of the previous step's code (still inside
		// the ±1 step window): both refused.
		wantError(t, login(code), 401, "api.user.check_user_mfa.bad_code.app_error")
		wantError(t, login(totpAt(t, sec.Secret, e.clock.Now().Add(-30*time.Second))), 401, "api.user.check_user_mfa.bad_code.app_error")
		// The next step (clock skew allowance) works once.
		if r := login(totpAt(t, sec.Secret, e.clock.Now().Add(30*time.Second))); r.Status != 200 {
			t.Errorf("next-step code: %d %s", r.Status, r.Body)
		}

		// Deactivation (by an admin here) clears the secret; login needs no code again.
		if r := admin.Client.Do("PUT", "/api/v4/users/"+alice.User.Id+"/mfa", map[string]any{"activate": false}); r.Status != 200 {
			t.Fatalf("deactivate: %d %s", r.Status, r.Body)
		}
		if u, _ := e.Store.GetUser(context.Background(), alice.User.Id); u.MfaActive || u.MfaSecret != "" {
			t.Errorf("after deactivation: active=%v secret=%q", u.MfaActive, u.MfaSecret)
		}
		if r := login(""); r.Status != 200 {
			t.Errorf("login after deactivation: %d %s", r.Status, r.Body)
		}
	})
}

func TestMfaIgnoredWhenDisabled(t *testing.T) {
	t.Parallel()
	forEachEnv(t, func(c *config.Config) { c.ServiceSettings.EnableMultifactorAuthentication = true }, func(t *testing.T, e *env) {
		u := e.CreateUser(t, false)
		setUpMfa(t, e, u)
		body := `{"login_id":"` + u.User.Username + `","password":"` + u.Password + `"}`
		wantError(t, e.Client().Do("POST", "/api/v4/users/login", body), 401, "mfa.validate_token.authenticate.app_error")
		// The same database served with MFA turned off: login ignores MFA, as Mattermost does.
		off, err := app.New(context.Background(), e.Store, apitest.Config(), app.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(api.New(off))
		defer srv.Close()
		defer off.Close(context.Background())
		resp, err := http.Post(srv.URL+"/api/v4/users/login", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("login with MFA disabled on the server: %d", resp.StatusCode)
		}
	})
}

func TestMfaEnforcement(t *testing.T) {
	t.Parallel()
	forEachEnv(t, func(c *config.Config) {
		c.ServiceSettings.EnableMultifactorAuthentication = true
		c.ServiceSettings.EnforceMultifactorAuthentication = true
	}, func(t *testing.T, e *env) {
		u := e.CreateUser(t, false)
		other := e.CreateUser(t, false)
		wantError(t, u.Client.Do("GET", "/api/v4/users/"+other.User.Id, nil), 403, "api.context.mfa_required.app_error")
		wantError(t, u.Client.Do("GET", "/api/v4/users/me/sessions", nil), 403, "api.context.mfa_required.app_error")
		// Users can still see and edit themselves, and set MFA up.
		if r := u.Client.Do("GET", "/api/v4/users/me", nil); r.Status != 200 {
			t.Errorf("GET /users/me under enforcement: %d", r.Status)
		}
		full := u.Client.Do("GET", "/api/v4/users/me", nil).Map(t)
		full["nickname"] = "nick"
		if r := u.Client.Do("PUT", "/api/v4/users/me", full); r.Status != 200 {
			t.Errorf("PUT /users/me under enforcement: %d %s", r.Status, r.Body)
		}
		setUpMfa(t, e, u)
		if r := u.Client.Do("GET", "/api/v4/users/"+other.User.Id, nil); r.Status != 200 {
			t.Errorf("after MFA setup: %d %s", r.Status, r.Body)
		}
	})
}

func TestMfaSecretEncryptedAtRest(t *testing.T) {
	t.Parallel()
	key := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{7}, 32))
	forEachEnv(t, func(c *config.Config) {
		c.ServiceSettings.EnableMultifactorAuthentication = true
		c.ServiceSettings.MfaSecretEncryptionKey = key
	}, func(t *testing.T, e *env) {
		u := e.CreateUser(t, false)
		secret := setUpMfa(t, e, u)
		stored, err := e.Store.GetUser(context.Background(), u.User.Id)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(stored.MfaSecret, "enc:v1:") || strings.Contains(stored.MfaSecret, secret) {
			t.Fatalf("stored secret %q is not encrypted", stored.MfaSecret)
		}
		// A ciphertext moved to another user does not open (it is bound to the user id).
		victim := e.CreateUser(t, false)
		if err := e.Store.SetMfaSecret(context.Background(), victim.User.Id, stored.MfaSecret, 1); err != nil {
			t.Fatal(err)
		}
		e.clock.Advance(30 * time.Second)
		wantError(t, victim.Client.Do("PUT", "/api/v4/users/me/mfa", map[string]any{"activate": true, "code": totpAt(t, secret, e.clock.Now())}),
			500, "mfa.activate.app_error")

		// A secret stored in plaintext (before a key was configured) still works, and is
		// encrypted when it is next used.
		legacy := e.CreateUser(t, false)
		plain := "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
		if err := e.Store.SetMfaSecret(context.Background(), legacy.User.Id, plain, 1); err != nil {
			t.Fatal(err)
		}
		e.clock.Advance(30 * time.Second)
		if r := legacy.Client.Do("PUT", "/api/v4/users/me/mfa", map[string]any{"activate": true, "code": totpAt(t, plain, e.clock.Now())}); r.Status != 200 {
			t.Fatalf("activate with a legacy plaintext secret: %d %s", r.Status, r.Body)
		}
		if got, _ := e.Store.GetUser(context.Background(), legacy.User.Id); !strings.HasPrefix(got.MfaSecret, "enc:v1:") || !got.MfaActive {
			t.Errorf("legacy secret after use: %q active=%v", got.MfaSecret, got.MfaActive)
		}
		e.clock.Advance(30 * time.Second)
		if r := e.Client().Do("POST", "/api/v4/users/login", map[string]string{"login_id": legacy.User.Username, "password": legacy.Password,
			"token": totpAt(t, plain, e.clock.Now())}); r.Status != 200 {
			t.Errorf("login with re-encrypted secret: %d %s", r.Status, r.Body)
		}
	})
}

func TestMfaPlaintextWithoutKey(t *testing.T) {
	t.Parallel()
	forEachEnv(t, func(c *config.Config) { c.ServiceSettings.EnableMultifactorAuthentication = true }, func(t *testing.T, e *env) {
		u := e.CreateUser(t, false)
		secret := setUpMfa(t, e, u)
		if stored, _ := e.Store.GetUser(context.Background(), u.User.Id); stored.MfaSecret != secret {
			t.Errorf("without a key the secret is stored as Mattermost does; got %q", stored.MfaSecret)
		}
	})
}
