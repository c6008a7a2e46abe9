package metrics

import (
	"database/sql"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestMiddlewareAndDBStats(t *testing.T) {
	t.Parallel()
	m := New()
	m.RegisterDB(map[string]func() sql.DBStats{
		"writer": func() sql.DBStats { return sql.DBStats{OpenConnections: 1, MaxOpenConnections: 1} },
		"reader": func() sql.DBStats { return sql.DBStats{OpenConnections: 3, MaxOpenConnections: 8} },
	})
	m.RegisterDirectory(func() int { return 1000001 })
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v4/users/{user_id}", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(404) })
	h := m.Middleware(mux)
	for _, p := range []string{"/api/v4/users/abc", "/api/v4/users/def", "/elsewhere"} {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", p, nil))
	}
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body, _ := io.ReadAll(rec.Body)
	for _, want := range []string{
		`roster_http_requests_total{code="404",method="GET",route="GET /api/v4/users/{user_id}"} 2`,
		`roster_http_requests_total{code="404",method="GET",route="unmatched"} 1`,
		`roster_db_open_connections{pool="reader"} 3`,
		`roster_db_max_open_connections{pool="writer"} 1`,
		`roster_http_request_duration_seconds_bucket`,
		`roster_directory_index_users 1.000001e+06`,
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("metrics lack %q", want)
		}
	}
}
