package api_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"roster/internal/apitest"
	"roster/internal/app"
	"roster/internal/config"
	"roster/internal/store/storetest"
)

// syncBuffer is a log sink safe for the server's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestNoSecretInLogsOrAudits drives every flow that handles a secret with debug logging and
// developer error details on, then looks for each secret in the log, the audit records and
// the error bodies.
func TestNoSecretInLogsOrAudits(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Drivers {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			logs := &syncBuffer{}
			clock, mail := newTestClock(), newMailbox()
			s := apitest.StartWith(t, d, func(c *config.Config) {
				c.ServiceSettings.EnableMultifactorAuthentication = true
				c.ServiceSettings.EnableUserAccessTokens = true
				c.ServiceSettings.EnableDeveloper = true
				c.LogSettings.ConsoleLevel = "DEBUG"
			}, app.Options{Now: clock.Now, Mailer: mail, Logger: slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
			e := &env{Server: s, clock: clock, mail: mail}
			var secrets []string
			var bodies []string
			keep := func(r *apitest.Response) *apitest.Response {
				if r.Status >= 400 {
					bodies = append(bodies, string(r.Body))
				}
				return r
			}

			admin := s.CreateUser(t, true)
			u := s.CreateUser(t, false)
			secrets = append(secrets, admin.Password, u.Password, admin.Client.Token, u.Client.Token)
			keep(s.Client().Do("POST", "/api/v4/users/login", map[string]string{"login_id": u.User.Username, "password": "Wrong-Secret-Pw-1"}))
			secrets = append(secrets, "Wrong-Secret-Pw-1")
			keep(u.Client.Do("PUT", "/api/v4/users/me/password", map[string]string{"current_password": "Bad-Current-Pw-2", "new_password": "New-Secret-Pw-3"}))
			keep(u.Client.Do("PUT", "/api/v4/users/me/password", map[string]string{"current_password": u.Password, "new_password": "New-Secret-Pw-3"}))
			secrets = append(secrets, "Bad-Current-Pw-2", "New-Secret-Pw-3")

			keep(s.Client().Do("POST", "/api/v4/users/password/reset/send", map[string]string{"email": u.User.Email}))
			reset := resetToken(t, mail.waitForSubject(t, u.User.Email, resetSubject, 1))
			keep(s.Client().Do("POST", "/api/v4/users/password/reset", map[string]string{"token": reset, "new_password": "x"}))
			keep(s.Client().Do("POST", "/api/v4/users/password/reset", map[string]string{"token": reset, "new_password": "Reset-Secret-Pw-4"}))
			keep(s.Client().Do("POST", "/api/v4/users/password/reset", map[string]string{"token": reset, "new_password": "Reset-Secret-Pw-4"}))
			secrets = append(secrets, reset, "Reset-Secret-Pw-4")
			u.Client.Token = loginToken(t, s, u.User.Username, "Reset-Secret-Pw-4")
			secrets = append(secrets, u.Client.Token)

			mfaSecret := setUpMfa(t, e, u)
			secrets = append(secrets, mfaSecret)
			clock.Advance(30 * time.Second)
			code := totpAt(t, mfaSecret, clock.Now())
			login := s.Client().Do("POST", "/api/v4/users/login", map[string]string{"login_id": u.User.Username, "password": "Reset-Secret-Pw-4", "token": code})
			if login.Status != 200 {
				t.Fatalf("MFA login: %d %s", login.Status, login.Body)
			}
			keep(s.Client().Do("POST", "/api/v4/users/login", map[string]string{"login_id": u.User.Username, "password": "Reset-Secret-Pw-4", "token": code}))
			secrets = append(secrets, login.Header.Get("Token"))

			admin.Client.Do("PUT", "/api/v4/users/"+u.User.Id+"/roles", map[string]string{"roles": "system_user system_user_access_token"})
			tok := createToken(t, u.Client, "me")
			pat := s.Client()
			pat.Token = tok.Token
			pat.Do("GET", "/api/v4/users/me", nil)
			u.Client.Do("POST", "/api/v4/users/tokens/revoke", map[string]string{"token_id": tok.Id})
			keep(pat.Do("GET", "/api/v4/users/me", nil)) // a revoked token, logged as a failure
			keep(s.Client().Do("GET", "/api/v4/users/me?access_token="+tok.Token, nil))
			cookie := s.Client()
			cookie.Header.Set("Cookie", "MMAUTHTOKEN="+u.Client.Token)
			keep(cookie.Do("PUT", "/api/v4/users/me/patch", map[string]string{"nickname": "n"})) // CSRF failure
			secrets = append(secrets, tok.Token)

			if err := s.App.Close(context.Background()); err != nil { // flush background work
				t.Fatal(err)
			}
			logText := logs.String()
			if !strings.Contains(logText, "/api/v4/users/login") {
				t.Fatalf("the request log is not captured:\n%s", logText)
			}
			var audits []string
			for _, id := range []string{admin.User.Id, u.User.Id} {
				list, err := s.Store.GetAuditsForUser(context.Background(), id, 0, 1000)
				if err != nil {
					t.Fatal(err)
				}
				if len(list) < 2 {
					t.Fatalf("only %d audit records for %s", len(list), id)
				}
				for _, a := range list {
					audits = append(audits, a.Action+" "+a.ExtraInfo+" "+a.IpAddress+" "+a.SessionId)
				}
			}
			for _, secret := range secrets {
				if secret == "" || len(secret) < 6 {
					t.Fatalf("bad secret %q in the list", secret)
				}
				if strings.Contains(logText, secret) {
					t.Errorf("secret %q appears in the log", secret)
				}
				for _, a := range audits {
					if strings.Contains(a, secret) {
						t.Errorf("secret %q appears in audit %q", secret, a)
					}
				}
				for _, b := range bodies {
					if strings.Contains(b, secret) {
						t.Errorf("secret %q appears in error body %s", secret, b)
					}
				}
				// Nor a prefix long enough to narrow a guess.
				if len(secret) >= 26 && strings.Contains(logText, secret[:8]) {
					t.Errorf("a prefix of secret %q appears in the log", secret)
				}
			}
		})
	}
}
