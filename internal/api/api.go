// Package api serves Mattermost's REST API v4 over HTTP. Handlers are thin: decode the
// request, call the app, encode the answer. Authentication, CSRF, limits and the error body
// are handled once, in ServeHTTP and the route wrapper.
package api

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	"roster/internal/app"
	"roster/internal/model"
)

// API is the HTTP handler for /api/v4.
type API struct {
	app       *app.App
	mux       *http.ServeMux
	log       *slog.Logger
	versionID string
	routes    []string // registered patterns, for the route table test
	limiter   *requestLimiter
}

// New builds the handler with every route registered.
func New(a *app.App) *API {
	h := &API{app: a, mux: http.NewServeMux(), log: a.Logger(), limiter: newRequestLimiter(a.Config())}
	h.versionID = fmt.Sprintf("%s.roster-%s.%s.false", app.CompatibleServerVersion, strings.ReplaceAll(app.Version, ".", "_"), configHash(a))
	h.registerRoutes()
	h.mux.HandleFunc("/", h.notFound)
	return h
}

// Routes lists the registered patterns.
func (h *API) Routes() []string { return append([]string(nil), h.routes...) }

// ServeHTTP assigns the request id, sets the headers every response carries, guards the
// URL length, recovers panics and logs the request.
func (h *API) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rid := model.NewId()
	hdr := w.Header()
	hdr.Set(model.HeaderRequestID, rid)
	hdr.Set(model.HeaderVersionID, h.versionID)
	hdr.Set("X-Content-Type-Options", "nosniff")
	hdr.Set("Referrer-Policy", "no-referrer")
	hdr.Set("Content-Type", "application/json")
	if r.Method == http.MethodGet {
		hdr.Set("Expires", "0")
	}
	if h.app.Config().ServiceSettings.TLSStrictTransport {
		hdr.Set("Strict-Transport-Security", "max-age=63072000")
	}
	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
	ctx := withRequestInfo(r.Context(), &requestInfo{id: rid})
	r = r.WithContext(ctx)
	defer func() {
		if p := recover(); p != nil {
			if p == http.ErrAbortHandler {
				panic(p)
			}
			h.log.Error("panic in handler", "request_id", rid, "method", r.Method, "path", r.URL.Path,
				"panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			if !rec.wrote {
				h.writeError(rec, r, model.NewAppError("ServeHTTP", "app.internal.app_error", nil, "", http.StatusInternalServerError))
			}
		}
		info := requestInfoFrom(r.Context())
		attrs := []any{"request_id", rid, "method", r.Method, "path", r.URL.Path, "status", rec.status,
			"duration_ms", float64(time.Since(start).Microseconds()) / 1000, "ip", clientIP(r, h.app.Config().ServiceSettings.TrustedProxyIPHeader)}
		if info.userID != "" {
			attrs = append(attrs, "user_id", info.userID)
		}
		if info.err != nil {
			attrs = append(attrs, "err", info.err.Error())
		}
		level := slog.LevelInfo
		if rec.status >= 500 {
			level = slog.LevelError
		}
		h.log.Log(r.Context(), level, "request", attrs...)
	}()
	if len(r.RequestURI) > h.app.Config().ServiceSettings.MaximumURLLength {
		h.writeError(rec, r, model.NewAppError("ServeHTTP", "basic_security_check.url.too_long_error", nil, "", http.StatusRequestURITooLong))
		return
	}
	if h.limiter != nil && !h.limiter.allow(h, rec, r) {
		return
	}
	h.mux.ServeHTTP(rec, r)
}

func (h *API) notFound(w http.ResponseWriter, r *http.Request) {
	h.writeError(w, r, model.NotFoundRoute(r.URL.Path))
}

// writeJSON encodes v as Mattermost does (json.Encoder: HTML escaped, trailing newline).
// Users and lists of users, the bulk of what the directory endpoints answer, are encoded
// without reflection by model's AppendJSON, which writes the same bytes.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	switch v := v.(type) {
	case []*model.User:
		writeAppended(w, status, func(b []byte) []byte { return model.AppendUsersJSON(b, v) })
	case *model.User:
		writeAppended(w, status, v.AppendJSON)
	default:
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(v) // the client went away; nothing left to tell it
	}
}

// jsonBuffers recycles the buffers of writeAppended.
var jsonBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 16<<10); return &b }}

// writeAppended writes what appendJSON appends, and a newline, in one Write as
// json.Encoder does.
func writeAppended(w http.ResponseWriter, status int, appendJSON func([]byte) []byte) {
	bp := jsonBuffers.Get().(*[]byte)
	b := append(appendJSON((*bp)[:0]), '\n')
	w.WriteHeader(status)
	_, _ = w.Write(b) // the client went away; nothing left to tell it
	// A rare huge answer's buffer is not kept.
	if cap(b) <= 1<<20 {
		*bp = b
		jsonBuffers.Put(bp)
	}
}

func writeOK(w http.ResponseWriter) { writeJSON(w, http.StatusOK, model.OK) }

// writeError renders err as an AppError body with the request id. Errors that are not
// AppErrors are logged and answered as a 500 that reveals nothing.
func (h *API) writeError(w http.ResponseWriter, r *http.Request, err error) {
	info := requestInfoFrom(r.Context())
	info.err = err
	ae, ok := model.AsAppError(err)
	if !ok {
		ae = model.InternalError("", err)
	}
	body := *ae
	if body.StatusCode == 0 {
		body.StatusCode = http.StatusInternalServerError
	}
	body.RequestId = info.id
	if !h.app.Config().ServiceSettings.EnableDeveloper {
		body.DetailedError = ""
	}
	if body.StatusCode >= 500 {
		h.log.Error("request failed", "request_id", info.id, "path", r.URL.Path, "err", err)
	}
	writeJSON(w, body.StatusCode, &body)
}

type statusRecorder struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (s *statusRecorder) WriteHeader(code int) {
	if !s.wrote {
		s.status = code
		s.wrote = true
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	s.wrote = true
	return s.ResponseWriter.Write(b)
}

func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// clientIP returns the caller's address, from the trusted proxy headers when configured.
func clientIP(r *http.Request, trusted []string) string {
	for _, hname := range trusted {
		if v := r.Header.Get(hname); v != "" {
			ip, _, _ := strings.Cut(v, ",")
			return strings.TrimSpace(ip)
		}
	}
	host := r.RemoteAddr
	if i := strings.LastIndexByte(host, ':'); i >= 0 {
		host = host[:i]
	}
	return strings.Trim(host, "[]")
}

// configHash is the config part of X-Version-Id: changes when settings clients see change.
func configHash(a *app.App) string {
	c := a.Config()
	s := fmt.Sprintf("%v|%v|%v|%v|%v", c.ServiceSettings.SiteURL, c.PrivacySettings, c.PasswordSettings.MinimumLength,
		c.ServiceSettings.EnableMultifactorAuthentication, c.TeamSettings.EnableOpenServer)
	var h uint32 = 2166136261
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return strconv.FormatUint(uint64(h), 16)
}
