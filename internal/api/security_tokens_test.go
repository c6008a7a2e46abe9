package api_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"roster/internal/apitest"
	"roster/internal/app"
	"roster/internal/config"
	"roster/internal/model"
)

func createToken(t *testing.T, c *apitest.Client, userID string) model.UserAccessToken {
	t.Helper()
	r := c.Do("POST", "/api/v4/users/"+userID+"/tokens", map[string]string{"description": "script"})
	if r.Status != 200 {
		t.Fatalf("create token: %d %s", r.Status, r.Body)
	}
	var tok model.UserAccessToken
	r.Decode(t, &tok)
	return tok
}

func TestUserAccessTokensDisabled(t *testing.T) {
	t.Parallel()
	forEachDB(t, nil, func(t *testing.T, s *apitest.Server) {
		admin := s.CreateUser(t, true)
		wantError(t, admin.Client.Do("POST", "/api/v4/users/me/tokens", map[string]string{"description": "x"}), 501, "app.user_access_token.disabled")
	})
}

func TestUserAccessTokens(t *testing.T) {
	t.Parallel()
	forEachDB(t, func(c *config.Config) { c.ServiceSettings.EnableUserAccessTokens = true }, func(t *testing.T, s *apitest.Server) {
		admin := s.CreateUser(t, true)
		alice := s.CreateUser(t, false)
		bob := s.CreateUser(t, false)
		create := func(c *apitest.Client, id string, body any) *apitest.Response {
			return c.Do("POST", "/api/v4/users/"+id+"/tokens", body)
		}
		// create_user_access_token is not a default permission of system_user.
		wantError(t, create(alice.Client, "me", map[string]string{"description": "x"}), 403, "api.context.permissions.app_error")
		wantError(t, create(alice.Client, model.NewId(), map[string]string{"description": "x"}), 403, "api.context.permissions.app_error") // permission before lookup: ids are not probed
		if r := admin.Client.Do("PUT", "/api/v4/users/"+alice.User.Id+"/roles", map[string]string{"roles": "system_user system_user_access_token"}); r.Status != 200 {
			t.Fatalf("grant role: %d", r.Status)
		}
		wantError(t, create(alice.Client, "me", map[string]string{}), 400, "api.context.invalid_body_param.app_error")
		wantError(t, create(alice.Client, "me", `{"description": 5}`), 400, "api.context.invalid_body_param.app_error")
		wantError(t, create(alice.Client, "me", map[string]string{"description": strings.Repeat("d", 256)}), 400, "model.user_access_token.is_valid.description.app_error")
		wantError(t, create(alice.Client, bob.User.Id, map[string]string{"description": "x"}), 403, "api.context.permissions.app_error")
		wantError(t, create(alice.Client, admin.User.Id, map[string]string{"description": "x"}), 403, "api.context.permissions.app_error")

		r := create(alice.Client, "me", map[string]string{"description": "deploy bot"})
		if r.Status != 200 {
			t.Fatalf("create: %d %s", r.Status, r.Body)
		}
		m := r.Map(t)
		tokenStr, _ := m["token"].(string)
		if len(m) != 5 || len(tokenStr) != 26 || m["user_id"] != alice.User.Id || m["description"] != "deploy bot" || m["is_active"] != true {
			t.Fatalf("created token %v", m)
		}
		id := m["id"].(string)
		// Stored hashed only.
		if st, err := s.Store.GetAccessToken(context.Background(), id); err != nil || st.TokenHash == tokenStr || len(st.TokenHash) != 64 {
			t.Fatalf("stored token: %+v %v", st, err)
		}

		// The token authenticates like a session, with the user's current roles.
		pat := s.Client()
		pat.Token = tokenStr
		me := pat.Do("GET", "/api/v4/users/me", nil)
		if me.Status != 200 || me.Map(t)["id"] != alice.User.Id {
			t.Fatalf("GET /users/me with token: %d %s", me.Status, me.Body)
		}
		var sessions []model.Session
		alice.Client.Do("GET", "/api/v4/users/me/sessions", nil).Decode(t, &sessions)
		found := false
		for _, sess := range sessions {
			if sess.Props["type"] == "UserAccessToken" && sess.Props["user_access_token_id"] == id {
				found = true
				if sess.Token != "" || sess.ExpiresAt-sess.CreateAt < int64(99*365*24*3600*1000) {
					t.Errorf("token session %+v", sess)
				}
			}
		}
		if !found {
			t.Errorf("no UserAccessToken session listed: %+v", sessions)
		}

		// Reading: without the secret.
		for _, path := range []string{"/api/v4/users/me/tokens", "/api/v4/users/" + alice.User.Id + "/tokens?page=0&per_page=10"} {
			r := alice.Client.Do("GET", path, nil)
			var list []map[string]any
			r.Decode(t, &list)
			if r.Status != 200 || len(list) != 1 || list[0]["id"] != id || strings.Contains(string(r.Body), tokenStr) {
				t.Errorf("%s: %d %s", path, r.Status, r.Body)
			}
			if _, ok := list[0]["token"]; ok {
				t.Errorf("%s: token field present", path)
			}
		}
		if r := alice.Client.Do("GET", "/api/v4/users/tokens/"+id, nil); r.Status != 200 || r.Map(t)["id"] != id || strings.Contains(string(r.Body), tokenStr) {
			t.Errorf("get one: %d %s", r.Status, r.Body)
		}
		wantError(t, bob.Client.Do("GET", "/api/v4/users/tokens/"+id, nil), 403, "api.context.permissions.app_error")
		wantError(t, alice.Client.Do("GET", "/api/v4/users/tokens/"+model.NewId(), nil), 404, "app.user_access_token.get_by_user.app_error")
		wantError(t, alice.Client.Do("GET", "/api/v4/users/tokens/bad", nil), 400, "api.context.invalid_url_param.app_error")
		wantError(t, alice.Client.Do("GET", "/api/v4/users/"+bob.User.Id+"/tokens", nil), 403, "api.context.permissions.app_error")
		wantError(t, alice.Client.Do("GET", "/api/v4/users/tokens", nil), 403, "api.context.permissions.app_error")
		if r := admin.Client.Do("GET", "/api/v4/users/tokens", nil); r.Status != 200 || !strings.Contains(string(r.Body), id) || strings.Contains(string(r.Body), tokenStr) {
			t.Errorf("admin list all: %d %s", r.Status, r.Body)
		}

		// Disable: refused at once (the session was cached by the request above); enable: back.
		wantError(t, bob.Client.Do("POST", "/api/v4/users/tokens/disable", map[string]string{"token_id": id}), 403, "api.context.permissions.app_error")
		wantError(t, alice.Client.Do("POST", "/api/v4/users/tokens/disable", map[string]string{}), 400, "api.context.invalid_body_param.app_error")
		wantError(t, alice.Client.Do("POST", "/api/v4/users/tokens/disable", map[string]string{"token_id": model.NewId()}), 404, "app.user_access_token.get_by_user.app_error")
		if r := alice.Client.Do("POST", "/api/v4/users/tokens/disable", map[string]string{"token_id": id}); r.Status != 200 {
			t.Fatalf("disable: %d %s", r.Status, r.Body)
		}
		wantError(t, pat.Do("GET", "/api/v4/users/me", nil), 401, "api.context.session_expired.app_error")
		if m := alice.Client.Do("GET", "/api/v4/users/tokens/"+id, nil).Map(t); m["is_active"] != false {
			t.Errorf("is_active after disable: %v", m)
		}
		if r := alice.Client.Do("POST", "/api/v4/users/tokens/enable", map[string]string{"token_id": id}); r.Status != 200 {
			t.Fatalf("enable: %d %s", r.Status, r.Body)
		}
		if r := pat.Do("GET", "/api/v4/users/me", nil); r.Status != 200 {
			t.Fatalf("after enable: %d", r.Status)
		}

		// Role changes apply to token sessions at once.
		wantError(t, pat.Do("GET", "/api/v4/users/tokens", nil), 403, "api.context.permissions.app_error")
		admin.Client.Do("PUT", "/api/v4/users/"+alice.User.Id+"/roles", map[string]string{"roles": "system_user system_admin"})
		if r := pat.Do("GET", "/api/v4/users/tokens", nil); r.Status != 200 {
			t.Errorf("token after promotion: %d", r.Status)
		}
		admin.Client.Do("PUT", "/api/v4/users/"+alice.User.Id+"/roles", map[string]string{"roles": "system_user system_user_access_token"})

		// Revoke: gone at once.
		if r := alice.Client.Do("POST", "/api/v4/users/tokens/revoke", map[string]string{"token_id": id}); r.Status != 200 {
			t.Fatalf("revoke: %d %s", r.Status, r.Body)
		}
		wantError(t, pat.Do("GET", "/api/v4/users/me", nil), 401, "api.context.session_expired.app_error")
		wantError(t, alice.Client.Do("GET", "/api/v4/users/tokens/"+id, nil), 404, "app.user_access_token.get_by_user.app_error")

		// An admin creates, lists and revokes for a user.
		other := createToken(t, admin.Client, bob.User.Id)
		if r := admin.Client.Do("POST", "/api/v4/users/tokens/revoke", map[string]string{"token_id": other.Id}); r.Status != 200 {
			t.Errorf("admin revoke: %d", r.Status)
		}

		// Deactivating the user refuses the token; reactivating accepts it again.
		third := createToken(t, alice.Client, "me")
		tc := s.Client()
		tc.Token = third.Token
		admin.Client.Do("PUT", "/api/v4/users/"+alice.User.Id+"/active", map[string]bool{"active": false})
		wantError(t, tc.Do("GET", "/api/v4/users/me", nil), 401, "api.context.session_expired.app_error")
		admin.Client.Do("PUT", "/api/v4/users/"+alice.User.Id+"/active", map[string]bool{"active": true})
		if r := tc.Do("GET", "/api/v4/users/me", nil); r.Status != 200 {
			t.Errorf("token after reactivation: %d", r.Status)
		}

		// Concurrent first uses open one session.
		alice.Client.Token = loginToken(t, s, alice.User.Username, alice.Password) // deactivation ended the old one
		fourth := createToken(t, alice.Client, "me")
		var wg sync.WaitGroup
		codes := make([]int, 8)
		for i := range codes {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c := s.Client()
				c.Token = fourth.Token
				codes[i] = c.Do("GET", "/api/v4/users/me", nil).Status
			}()
		}
		wg.Wait()
		for i, code := range codes {
			if code != 200 {
				t.Errorf("concurrent first use %d: %d", i, code)
			}
		}
		stored, _ := s.Store.GetSessionsForUser(context.Background(), alice.User.Id)
		n := 0
		for _, st := range stored {
			if st.Props["user_access_token_id"] == fourth.Id {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%d sessions for one token", n)
		}
	})
}

func TestUserAccessTokenRefusedWhenFeatureOff(t *testing.T) {
	t.Parallel()
	forEachDB(t, func(c *config.Config) { c.ServiceSettings.EnableUserAccessTokens = true }, func(t *testing.T, s *apitest.Server) {
		admin := s.CreateUser(t, true)
		tok := createToken(t, admin.Client, "me")
		c := s.Client()
		c.Token = tok.Token
		if r := c.Do("GET", "/api/v4/users/me", nil); r.Status != 200 {
			t.Fatalf("token: %d", r.Status)
		}
		// The same database served with the feature off: neither the session the token opened
		// before nor a new one is accepted.
		off, err := app.New(context.Background(), s.Store, apitest.Config(), app.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			t.Fatal(err)
		}
		defer off.Close(context.Background())
		for range 2 { // from the database, then from the cache
			if sess, err := off.SessionFromToken(context.Background(), tok.Token); err != nil || sess != nil {
				t.Errorf("feature off: session %v, %v", sess, err)
			}
		}
		if r := c.Do("POST", "/api/v4/users/tokens/revoke", map[string]string{"token_id": tok.Id}); r.Status != 200 {
			t.Fatalf("revoke: %d", r.Status)
		}
		if sess, err := off.SessionFromToken(context.Background(), tok.Token); err != nil || sess != nil {
			t.Errorf("revoked and off: %v %v", sess, err)
		}
	})
}
