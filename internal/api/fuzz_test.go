package api_test

import (
	"encoding/json"
	"strings"
	"testing"

	"roster/internal/apitest"
	"roster/internal/store"
)

// FuzzBodies sends arbitrary bytes as the body of every endpoint that reads JSON and checks
// that the answer is never a 500 and every error is an AppError. `go test` runs the seeds;
// `go test -fuzz FuzzBodies ./internal/api/` explores further.
func FuzzBodies(f *testing.F) {
	for _, seed := range []string{
		``, `{}`, `[]`, `null`, `"x"`, `1e999`, `{"username":1}`, `{"timezone":{"useAutomaticTimezone":true}}`,
		`[{"user_id":"x","category":"","name":"","value":""}]`, `{"term":"%_\\"}`, `["` + strings.Repeat("a", 26) + `"]`,
		`{"roles":"system_admin"}`, `{"active":"yes"}`, `{"login_id":"a","password":"b","token":"123456"}`,
		"\x00\xff{", `{"props":{"a":{"b":1}}}`, `[{"team_id":"","user_id":""}]`, `{"type":"Z","name":"--","display_name":""}`,
		`{"privacy":"I"}`, `{"display_name":"` + strings.Repeat("x", 65) + `","allowed_domains":3}`, `{"page":-1,"per_page":1}`,
		`{"scheme_user":true,"scheme_guest":true}`, `{"id":"` + strings.Repeat("b", 26) + `"}`,
	} {
		f.Add(seed)
	}
	s := apitest.Start(f, store.SQLite, nil)
	admin := s.CreateUser(f, true)
	c := admin.Client
	r := c.Do("POST", "/api/v4/teams", map[string]any{"name": "fuzz", "display_name": "Fuzz", "allow_open_invite": true})
	if r.Status != 201 {
		f.Fatalf("create team: %d %s", r.Status, r.Body)
	}
	var team struct{ Id string }
	r.Decode(f, &team)
	teamURL := "/api/v4/teams/" + team.Id
	endpoints := []struct{ method, path string }{
		{"POST", "/api/v4/users"},
		{"POST", "/api/v4/users/login"},
		{"PUT", "/api/v4/users/me"},
		{"PUT", "/api/v4/users/me/patch"},
		{"PUT", "/api/v4/users/me/active"},
		{"PUT", "/api/v4/users/me/roles"},
		{"PUT", "/api/v4/users/me/password"},
		{"PUT", "/api/v4/users/me/mfa"},
		{"POST", "/api/v4/users/me/tokens"},
		{"POST", "/api/v4/users/me/sessions/revoke"},
		{"POST", "/api/v4/users/ids"},
		{"POST", "/api/v4/users/usernames"},
		{"POST", "/api/v4/users/search"},
		{"PUT", "/api/v4/users/me/preferences"},
		{"POST", "/api/v4/users/me/preferences/delete"},
		{"POST", "/api/v4/users/password/reset"},
		{"POST", "/api/v4/teams"},
		{"PUT", teamURL},
		{"PUT", teamURL + "/patch"},
		{"PUT", teamURL + "/privacy"},
		{"POST", "/api/v4/teams/search"},
		{"POST", teamURL + "/members/ids"},
		{"PUT", teamURL + "/members/me/roles"},
		{"PUT", teamURL + "/members/me/schemeRoles"},
		{"POST", "/api/v4/channels"},
		{"POST", "/api/v4/roles/names"},
	}
	f.Fuzz(func(t *testing.T, body string) {
		for _, e := range endpoints {
			r := c.For(t).Do(e.method, e.path, []byte(body))
			if r.Status >= 500 {
				t.Fatalf("%s %s with body %q: %d %s", e.method, e.path, body, r.Status, r.Body)
			}
			if r.Status >= 400 {
				var ae map[string]any
				if err := json.Unmarshal(r.Body, &ae); err != nil || ae["id"] == nil || ae["status_code"] == nil {
					t.Fatalf("%s %s with body %q: error body is not an AppError: %s", e.method, e.path, body, r.Body)
				}
			}
		}
	})
}
