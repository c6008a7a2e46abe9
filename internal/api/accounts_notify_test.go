package api_test

import (
	"net"
	"strings"
	"testing"
	"time"

	"roster/internal/apitest"
	"roster/internal/config"
	"roster/internal/model"
	"roster/internal/store"
)

func notificationConfig(c *config.Config) {
	c.ServiceSettings.EnableMultifactorAuthentication = true
	c.ServiceSettings.EnableUserAccessTokens = true
	c.TeamSettings.EnableUserDeactivation = true
}

// accountChanges makes every change that notifies the account's owner, and one that does
// not (an admin deactivating someone else).
func accountChanges(t *testing.T, s *apitest.Server, admin, u, other *apitest.NewUser) {
	t.Helper()
	ok := func(r *apitest.Response, what string) {
		t.Helper()
		if r.Status != 200 {
			t.Fatalf("%s: %d %s", what, r.Status, r.Body)
		}
	}
	ok(u.Client.Do("PUT", "/api/v4/users/me/password", map[string]string{"current_password": u.Password, "new_password": "Changed-pw-1"}), "own password")
	ok(admin.Client.Do("PUT", "/api/v4/users/"+u.User.Id+"/password", map[string]string{"new_password": "Changed-pw-2"}), "admin sets password")
	u.Client.Token = loginToken(t, s, u.User.Username, "Changed-pw-2") // that ended u's sessions
	r := u.Client.Do("POST", "/api/v4/users/me/mfa/generate", nil)
	ok(r, "generate MFA secret")
	var sec model.MfaSecret
	r.Decode(t, &sec)
	ok(u.Client.Do("PUT", "/api/v4/users/me/mfa", map[string]any{"activate": true, "code": totpAt(t, sec.Secret, time.Now())}), "activate MFA")
	ok(u.Client.Do("PUT", "/api/v4/users/me/mfa", map[string]any{"activate": false}), "deactivate MFA")
	ok(admin.Client.Do("POST", "/api/v4/users/"+u.User.Id+"/tokens", map[string]string{"description": "ci"}), "token")
	ok(admin.Client.Do("PUT", "/api/v4/users/"+other.User.Id+"/active", map[string]bool{"active": false}), "admin deactivates")
	ok(u.Client.Do("PUT", "/api/v4/users/me/active", map[string]bool{"active": false}), "self-deactivation")
}

func TestAccountNotifications(t *testing.T) {
	t.Parallel()
	forEachMailEnv(t, notificationConfig, func(t *testing.T, e *mailEnv) {
		admin, u, other := e.CreateUser(t, true), e.CreateUser(t, false), e.CreateUser(t, false)
		accountChanges(t, e.Server, admin, u, other)
		// Close waits for the background sends; then every message is in.
		left := e.settle(t)
		for _, want := range []struct {
			subject, text string
		}{
			{"[Roster] Your password has been updated", "Your password has been updated for Roster on https://chat.example.com by using the settings menu."},
			{"[Roster] Your password has been updated", "Your password has been updated for Roster on https://chat.example.com by using a reset password link."},
			{"[Roster] Your MFA has been updated", "Multi-factor authentication has been added to your account on https://chat.example.com."},
			{"[Roster] Your MFA has been updated", "Multi-factor authentication has been removed from your account on https://chat.example.com."},
			{"[Roster] Personal access token added to your account", "A personal access token was added to your account on https://chat.example.com."},
			{"[Roster] Your account at chat.example.com has been deactivated", "You deactivated your account on https://chat.example.com."},
		} {
			found := -1
			for i, m := range left {
				if m.To == u.User.Email && m.Subject == want.subject && strings.Contains(m.Text, want.text) && strings.Contains(m.HTML, "<h1") {
					found = i
					break
				}
			}
			if found < 0 {
				t.Errorf("no message %q saying %q among %v", want.subject, want.text, subjects(left))
				continue
			}
			left = append(left[:found], left[found+1:]...)
		}
		if len(left) != 0 {
			t.Errorf("unexpected mail (an admin's deactivation sends none): %v", subjects(left))
		}
	})
}

func TestNoNotificationsWhenTurnedOff(t *testing.T) {
	t.Parallel()
	forEachMailEnv(t, func(c *config.Config) {
		notificationConfig(c)
		c.EmailSettings.SendEmailNotifications = false
	}, func(t *testing.T, e *mailEnv) {
		admin, u, other := e.CreateUser(t, true), e.CreateUser(t, false), e.CreateUser(t, false)
		if r := other.Client.Do("PUT", "/api/v4/users/me/patch", map[string]string{"email": "elsewhere@example.com", "password": other.Password, "username": "elsewhere"}); r.Status != 200 {
			t.Fatalf("patch: %d %s", r.Status, r.Body)
		}
		accountChanges(t, e.Server, admin, u, other)
		if left := e.settle(t); len(left) != 0 {
			t.Errorf("mail sent with SendEmailNotifications off: %v", subjects(left))
		}
	})
}

// An SMTP server that accepts connections and never answers: requests that notify must not
// wait for it, a failed notification changes nothing, and the log says why without secrets.
func TestNotificationsDoNotSlowOrFailRequests(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			t.Cleanup(func() { conn.Close() })
		}
	}()
	host, port, _ := net.SplitHostPort(ln.Addr().String())
	e := newMailEnvWith(t, store.SQLite, host, port, nil, 2*time.Second, nil)
	u := e.CreateUser(t, false)
	start := time.Now()
	r := u.Client.Do("PUT", "/api/v4/users/me/password", map[string]string{"current_password": u.Password, "new_password": "Silent-Secret-9"})
	if r.Status != 200 {
		t.Fatalf("password change: %d %s", r.Status, r.Body)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("the password change waited %v for the mail server", d)
	}
	loginToken(t, e.Server, u.User.Username, "Silent-Secret-9")
	// Close waits for the send to time out.
	if err := e.App.Close(t.Context()); err != nil {
		t.Fatal(err)
	}
	if time.Since(start) < 2*time.Second {
		t.Errorf("Close returned before the background send finished")
	}
	logs := e.logs.String()
	if !strings.Contains(logs, `"msg":"account email not sent"`) || !strings.Contains(logs, `"kind":"password_changed"`) || !strings.Contains(logs, u.User.Id) {
		t.Errorf("no log line for the failed notification:\n%s", logs)
	}
	for _, secret := range []string{"Silent-Secret-9", u.Password} {
		if strings.Contains(logs, secret) {
			t.Errorf("the log holds a password")
		}
	}
}
