package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"roster/internal/apitest"
	"roster/internal/model"
)

func sessionOf(t *testing.T, s *apitest.Server, token string) *model.Session {
	t.Helper()
	sess, err := s.App.SessionFromToken(context.Background(), token)
	if err != nil || sess == nil {
		t.Fatalf("session of token: %v %v", sess, err)
	}
	return sess
}

func TestSessions(t *testing.T) {
	t.Parallel()
	forEachDB(t, nil, func(t *testing.T, s *apitest.Server) {
		admin := s.CreateUser(t, true)
		alice := s.CreateUser(t, false)
		bob := s.CreateUser(t, false)
		second := s.Client()
		second.Header.Set("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0")
		r := second.Do("POST", "/api/v4/users/login", map[string]string{"login_id": alice.User.Username, "password": alice.Password})
		second.Token = r.Header.Get("Token")
		secondID := sessionOf(t, s, second.Token).Id

		list := alice.Client.Do("GET", "/api/v4/users/me/sessions", nil)
		if list.Status != 200 {
			t.Fatalf("list: %d %s", list.Status, list.Body)
		}
		var sessions []map[string]any
		list.Decode(t, &sessions)
		if len(sessions) != 2 {
			t.Fatalf("%d sessions, want 2", len(sessions))
		}
		for _, sess := range sessions {
			if sess["token"] != "" || sess["user_id"] != alice.User.Id || sess["roles"] != "system_user" {
				t.Errorf("session %v", sess)
			}
			for _, k := range []string{"id", "create_at", "expires_at", "last_activity_at", "device_id", "is_oauth", "expired_notify", "props", "team_members", "local"} {
				if _, ok := sess[k]; !ok {
					t.Errorf("session lacks %q", k)
				}
			}
		}
		if strings.Contains(string(list.Body), alice.Client.Token) || strings.Contains(string(list.Body), second.Token) {
			t.Fatal("a session token is in the list")
		}
		wantError(t, bob.Client.Do("GET", "/api/v4/users/"+alice.User.Id+"/sessions", nil), 403, "api.context.permissions.app_error")
		wantError(t, bob.Client.Do("GET", "/api/v4/users/"+admin.User.Id+"/sessions", nil), 403, "api.context.permissions.app_error")
		if r := admin.Client.Do("GET", "/api/v4/users/"+alice.User.Id+"/sessions", nil); r.Status != 200 {
			t.Errorf("admin list: %d", r.Status)
		}

		// Revoking one session: it stops at once, although it was just used (and cached).
		if r := second.Do("GET", "/api/v4/users/me", nil); r.Status != 200 {
			t.Fatalf("second session: %d", r.Status)
		}
		revoke := "/api/v4/users/" + alice.User.Id + "/sessions/revoke"
		wantError(t, alice.Client.Do("POST", revoke, map[string]string{}), 400, "api.context.invalid_body_param.app_error")
		wantError(t, alice.Client.Do("POST", revoke, map[string]string{"session_id": model.NewId()}), 400, "app.session.get.app_error")
		bobSession := sessionOf(t, s, bob.Client.Token).Id
		wantError(t, alice.Client.Do("POST", revoke, map[string]string{"session_id": bobSession}), 400, "api.context.invalid_url_param.app_error")
		wantError(t, bob.Client.Do("POST", revoke, map[string]string{"session_id": secondID}), 403, "api.context.permissions.app_error")
		if r := alice.Client.Do("POST", revoke, map[string]string{"session_id": secondID}); r.Status != 200 || string(r.Body) != "{\"status\":\"OK\"}\n" {
			t.Fatalf("revoke: %d %s", r.Status, r.Body)
		}
		wantError(t, second.Do("GET", "/api/v4/users/me", nil), 401, "api.context.session_expired.app_error")
		if r := alice.Client.Do("GET", "/api/v4/users/me", nil); r.Status != 200 {
			t.Errorf("the other session must live: %d", r.Status)
		}

		// Revoking all of a user's sessions, by an admin.
		third := s.Client()
		third.Token = loginToken(t, s, alice.User.Username, alice.Password)
		wantError(t, bob.Client.Do("POST", "/api/v4/users/"+alice.User.Id+"/sessions/revoke/all", nil), 403, "api.context.permissions.app_error")
		if r := admin.Client.Do("POST", "/api/v4/users/"+alice.User.Id+"/sessions/revoke/all", nil); r.Status != 200 {
			t.Fatalf("revoke all: %d %s", r.Status, r.Body)
		}
		for _, c := range []*apitest.Client{alice.Client, third} {
			wantError(t, c.Do("GET", "/api/v4/users/me", nil), 401, "api.context.session_expired.app_error")
		}
		if r := admin.Client.Do("GET", "/api/v4/users/me", nil); r.Status != 200 {
			t.Errorf("admin's own session: %d", r.Status)
		}
		// Self: revoke/all includes the caller's own session.
		if r := bob.Client.Do("POST", "/api/v4/users/me/sessions/revoke/all", nil); r.Status != 200 {
			t.Fatalf("self revoke all: %d", r.Status)
		}
		wantError(t, bob.Client.Do("GET", "/api/v4/users/me", nil), 401, "api.context.session_expired.app_error")

		// Everybody's sessions: manage_system only; the admin's own ends too.
		carol := s.CreateUser(t, false)
		wantError(t, carol.Client.Do("POST", "/api/v4/users/sessions/revoke/all", nil), 403, "api.context.permissions.app_error")
		if r := admin.Client.Do("POST", "/api/v4/users/sessions/revoke/all", nil); r.Status != 200 {
			t.Fatalf("revoke all users: %d %s", r.Status, r.Body)
		}
		for _, c := range []*apitest.Client{carol.Client, admin.Client} {
			wantError(t, c.Do("GET", "/api/v4/users/me", nil), 401, "api.context.session_expired.app_error")
		}
	})
}

func TestSessionsByCookieNeedCSRF(t *testing.T) {
	t.Parallel()
	forEachDB(t, nil, func(t *testing.T, s *apitest.Server) {
		u := s.CreateUser(t, false)
		c := s.Client()
		c.Header.Set("Cookie", "MMAUTHTOKEN="+u.Client.Token)
		wantError(t, c.Do("POST", "/api/v4/users/me/sessions/revoke/all", nil), 401, "api.context.session_expired.app_error")
		if r := u.Client.Do("GET", "/api/v4/users/me", nil); r.Status != http.StatusOK {
			t.Errorf("a refused cookie request must not have revoked anything: %d", r.Status)
		}
	})
}
