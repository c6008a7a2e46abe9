package api

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"roster/internal/app"
	"roster/internal/config"
	"roster/internal/model"
	"roster/internal/store"
	"roster/internal/store/storetest"
)

func TestPanicIsRecoveredAndLogged(t *testing.T) {
	t.Parallel()
	cfg := config.Default()
	cfg.PasswordSettings.PBKDF2Iterations = 1000
	var logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&syncWriter{buf: &logs}, nil))
	a, err := app.New(context.Background(), storetest.Open(t, store.SQLite), cfg, app.Options{Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close(context.Background())
	h := New(a)
	h.route("GET /api/v4/test/panic", public, func(c *Context, w http.ResponseWriter, r *http.Request) error {
		panic("boom")
	})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/api/v4/test/panic", nil))
	if rec.Code != 500 {
		t.Fatalf("status = %d", rec.Code)
	}
	var e model.AppError
	if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.StatusCode != 500 || e.RequestId != rec.Header().Get("X-Request-Id") {
		t.Errorf("body %s (%v)", rec.Body, err)
	}
	if !strings.Contains(logs.String(), `"panic":"boom"`) || !strings.Contains(logs.String(), e.RequestId) {
		t.Errorf("panic not logged with the request id: %s", logs.String())
	}
	if strings.Contains(rec.Body.String(), "boom") {
		t.Error("panic text leaked to the client")
	}
}

type syncWriter struct{ buf *bytes.Buffer }

func (w *syncWriter) Write(p []byte) (int, error) { return w.buf.Write(p) }
