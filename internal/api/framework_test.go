package api_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"roster/internal/apitest"
	"roster/internal/config"
	"roster/internal/store"
)

func TestFrameworkErrorsAndHeaders(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t, store.SQLite, func(c *config.Config) {
		c.ServiceSettings.MaximumPayloadSizeBytes = 1000
		c.ServiceSettings.MaximumURLLength = 200
	})
	anon := s.Client()
	tests := []struct {
		name, method, path string
		body               any
		status             int
		id                 string
	}{
		{"unknown route", "GET", "/api/v4/nope", nil, 404, "api.context.404.app_error"},
		{"unknown method", "PATCH", "/api/v4/users/login", nil, 404, "api.context.404.app_error"},
		{"outside the api", "GET", "/somewhere", nil, 404, "api.context.404.app_error"},
		{"malformed json", "POST", "/api/v4/users", "{", 400, "api.context.invalid_body_param.app_error"},
		{"wrong type", "POST", "/api/v4/users", `{"username": 12}`, 400, "api.context.invalid_body_param.app_error"},
		{"too large", "POST", "/api/v4/users", `{"nickname":"` + strings.Repeat("x", 2000) + `"}`, 413, "api.context.request_body_too_large.app_error"},
		{"url too long", "GET", "/api/v4/users/" + strings.Repeat("a", 300), nil, 414, "basic_security_check.url.too_long_error"},
	}
	for _, tc := range tests {
		r := anon.Do(tc.method, tc.path, tc.body)
		t.Run(tc.name, func(t *testing.T) {
			wantError(t, r, tc.status, tc.id)
			if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
				t.Errorf("Content-Type = %q", r.Header.Get("Content-Type"))
			}
			if r.Header.Get("X-Version-Id") == "" {
				t.Error("no X-Version-Id")
			}
		})
	}
	r := anon.Do("GET", "/api/v4/nope", nil)
	if e := r.Error(t); !strings.Contains(string(r.Body), `"message":"Sorry, we could not find the page."`) || e.DetailedError != "" {
		t.Errorf("404 body %s", r.Body)
	}
	ping := anon.Do("GET", "/api/v4/system/ping", nil)
	if ping.Status != 200 || ping.Map(t)["status"] != "OK" || len(ping.Header.Get("X-Request-Id")) != 26 ||
		!strings.HasPrefix(ping.Header.Get("X-Version-Id"), "11.0.0.") || ping.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("ping: %d %s %v", ping.Status, ping.Body, ping.Header)
	}
	full := anon.Do("GET", "/api/v4/system/ping?get_server_status=true", nil).Map(t)
	if full["database_status"] != "OK" {
		t.Errorf("ping with status: %v", full)
	}
	if a, b := anon.Do("GET", "/api/v4/system/ping", nil).Header.Get("X-Request-Id"), ping.Header.Get("X-Request-Id"); a == b {
		t.Error("request ids repeat")
	}
}

func TestDeveloperModeShowsDetails(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t, store.SQLite, func(c *config.Config) { c.ServiceSettings.EnableDeveloper = true })
	r := s.Client().Do("GET", "/api/v4/nope", nil)
	if e := r.Error(t); !strings.Contains(e.DetailedError, "/api/v4/nope") {
		t.Errorf("detailed_error = %q", e.DetailedError)
	}
}

func TestRolesEndpoints(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t, store.SQLite, nil)
	u := s.CreateUser(t, false)
	r := u.Client.Do("GET", "/api/v4/roles/name/system_user", nil)
	if r.Status != 200 {
		t.Fatalf("role: %d %s", r.Status, r.Body)
	}
	m := r.Map(t)
	perms, _ := m["permissions"].([]any)
	if m["name"] != "system_user" || len(perms) == 0 || m["built_in"] != true {
		t.Errorf("role = %v", m)
	}
	r = u.Client.Do("POST", "/api/v4/roles/names", []string{"system_admin", "team_user", "nope"})
	var roles []map[string]any
	r.Decode(t, &roles)
	if r.Status != 200 || len(roles) != 2 {
		t.Errorf("roles by names: %d %d", r.Status, len(roles))
	}
	wantError(t, u.Client.Do("GET", "/api/v4/roles/name/nope", nil), 404, "app.role.get_by_name.app_error")
	wantError(t, s.Client().Do("GET", "/api/v4/roles/name/system_user", nil), 401, "api.context.session_expired.app_error")
}

func TestRouteTable(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t, store.SQLite, nil)
	seen := map[string]bool{}
	for _, p := range s.API.Routes() {
		if seen[p] {
			t.Errorf("route %s registered twice", p)
		}
		seen[p] = true
	}
	for _, want := range []string{"POST /api/v4/users/login", "GET /api/v4/users/username/{username}", "GET /api/v4/system/ping"} {
		if !seen[want] {
			t.Errorf("route %s missing", want)
		}
	}
}

// Requests larger than the limit are refused before they are read whole.
func TestBodyLimitStreams(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t, store.SQLite, nil)
	pr, pw := io.Pipe()
	go func() {
		pw.Write([]byte(`{"username":"`))
		chunk := []byte(strings.Repeat("x", 64*1024))
		for i := 0; i < 20; i++ { // 1.3 MB, far over 300 kB
			if _, err := pw.Write(chunk); err != nil {
				return
			}
		}
		pw.Close()
	}()
	req, _ := http.NewRequest("POST", s.URL+"/api/v4/users", pr)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 413 {
		t.Errorf("status = %d, want 413", resp.StatusCode)
	}
}
