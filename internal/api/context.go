package api

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"

	"roster/internal/app"
	"roster/internal/auth"
	"roster/internal/model"
)

// requestInfo travels in the request context so the outer log line can report what the
// inner handler learned (user, error).
type requestInfo struct {
	id     string
	userID string
	err    error
}

type requestInfoKey struct{}

func withRequestInfo(ctx context.Context, i *requestInfo) context.Context {
	return context.WithValue(ctx, requestInfoKey{}, i)
}

func requestInfoFrom(ctx context.Context) *requestInfo {
	if i, ok := ctx.Value(requestInfoKey{}).(*requestInfo); ok {
		return i
	}
	return &requestInfo{}
}

// RequestID returns the id ServeHTTP gave the request.
func RequestID(ctx context.Context) string { return requestInfoFrom(ctx).id }

// kind says what a route demands of the caller, as Mattermost's handler constructors do.
type kind int

const (
	public       kind = iota // session optional (APIHandler)
	session                  // session required, MFA enforcement applies
	sessionMfa               // session required, usable before MFA is set up
	sessionTrust             // session required, no CSRF check (image GETs)
)

// Context is what a handler receives besides the request.
type Context struct {
	Session   *model.Session // nil on public routes without a valid token
	RequestID string
	IP        string
	r         *http.Request
}

type handlerFunc func(c *Context, w http.ResponseWriter, r *http.Request) error

// route registers pattern with its authentication kind and body limit.
func (h *API) route(pattern string, k kind, fn handlerFunc) {
	h.routes = append(h.routes, pattern)
	h.mux.Handle(pattern, h.wrap(k, fn, 0))
}

// routeUpload is route with the upload body limit (FileSettings.MaxFileSize).
func (h *API) routeUpload(pattern string, k kind, fn handlerFunc) {
	h.routes = append(h.routes, pattern)
	h.mux.Handle(pattern, h.wrap(k, fn, h.app.Config().FileSettings.MaxFileSize+512))
}

func (h *API) wrap(k kind, fn handlerFunc, limit int64) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cfg := h.app.Config()
		max := limit
		if max == 0 {
			max = cfg.ServiceSettings.MaximumPayloadSizeBytes + 512
		}
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, max)
		}
		info := requestInfoFrom(r.Context())
		c := &Context{RequestID: info.id, IP: clientIP(r, cfg.ServiceSettings.TrustedProxyIPHeader), r: r}
		if err := h.authenticate(c, w, r, k); err != nil {
			h.writeError(w, r, err)
			return
		}
		meta := app.RequestMeta{IP: c.IP, Path: r.URL.Path}
		if c.Session != nil {
			info.userID = c.Session.UserId
			meta.SessionID = c.Session.Id
		}
		r = r.WithContext(app.WithRequestMeta(r.Context(), meta))
		c.r = r
		if err := fn(c, w, r); err != nil {
			h.writeError(w, r, err)
		}
	})
}

// authenticate finds the session for the request's token and applies the session, CSRF and
// MFA rules of the route kind.
func (h *API) authenticate(c *Context, w http.ResponseWriter, r *http.Request, k kind) error {
	token, loc := auth.TokenFromRequest(r)
	if loc == auth.TokenQuery {
		// Only OAuth sessions may travel in the query string; Roster has none.
		return model.NewAppError("ServeHTTP", "api.context.token_provided.app_error", nil, "", http.StatusUnauthorized)
	}
	if token != "" {
		s, err := h.app.SessionFromToken(r.Context(), token)
		if err != nil {
			return err
		}
		if s == nil && k != public {
			if loc == auth.TokenCookie {
				clearSessionCookies(w, r, h.app.Config())
			}
			return model.SessionExpired("token=" + redact(token))
		}
		c.Session = s
	}
	if c.Session != nil && loc == auth.TokenCookie && k != sessionTrust && r.Method != http.MethodGet {
		if !h.csrfOK(c.Session, r) {
			c.Session = nil
			return model.SessionExpired("CSRF check failed")
		}
	}
	if k == public {
		return nil
	}
	if c.Session == nil {
		return model.SessionExpired("UserRequired")
	}
	// As Mattermost, /users/me is exempt whatever the method: a user can see (and edit)
	// themself before setting MFA up.
	if k != sessionMfa && r.URL.Path != "/api/v4/users/me" {
		if err := h.app.MfaRequired(r.Context(), c.Session); err != nil {
			return err
		}
	}
	return nil
}

// csrfOK: X-CSRF-Token equals the session's token, or (unless strict enforcement is on)
// the request says X-Requested-With: XMLHttpRequest.
func (h *API) csrfOK(s *model.Session, r *http.Request) bool {
	if t := r.Header.Get(model.HeaderCSRFToken); t != "" && constantTimeEqual(t, s.CSRFToken()) {
		return true
	}
	if r.Header.Get(model.HeaderRequestedWith) == model.HeaderRequestedWithXML &&
		!h.app.Config().ServiceSettings.ExperimentalStrictCSRFEnforcement {
		return true
	}
	return false
}

// redact hides a token entirely: not even a prefix of a secret reaches a log line.
func redact(string) string { return "****" }

// decodeJSON reads the body into v. Malformed or mistyped JSON answers
// invalid_body_param(name); an over-limit body answers 413.
func decodeJSON(r *http.Request, v any, name string) error {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return bodyReadError(err, name)
	}
	if err := json.Unmarshal(body, v); err != nil {
		return model.InvalidBodyParam(name).Wrap(err)
	}
	return nil
}

// decodeStringMap decodes a body the way Mattermost's MapFromJSON does: any non-string
// value makes the whole map empty.
func decodeStringMap(r *http.Request) (map[string]string, error) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, bodyReadError(err, "body")
	}
	m := map[string]string{}
	if json.Unmarshal(body, &m) != nil {
		return map[string]string{}, nil
	}
	return m, nil
}

// decodeObject decodes a body into a generic object (for bodies with typed values); a body
// that is not a JSON object gives an empty map.
func decodeObject(r *http.Request) (map[string]any, error) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, bodyReadError(err, "body")
	}
	m := map[string]any{}
	if json.Unmarshal(body, &m) != nil {
		return map[string]any{}, nil
	}
	return m, nil
}

func bodyReadError(err error, name string) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return model.BodyTooLarge().Wrap(err)
	}
	return model.InvalidBodyParam(name).Wrap(err)
}

// userIDParam reads {user_id}, replacing "me" with the caller's id, and validates it.
func userIDParam(c *Context, r *http.Request) (string, error) {
	return idParam(c, r, "user_id")
}

func idParam(c *Context, r *http.Request, name string) (string, error) {
	v := r.PathValue(name)
	if name == "user_id" && v == model.Me && c.Session != nil {
		v = c.Session.UserId
	}
	if !model.IsValidId(v) {
		return "", model.InvalidURLParam(name)
	}
	return v, nil
}

func isXHR(r *http.Request) bool {
	return r.Header.Get(model.HeaderRequestedWith) == model.HeaderRequestedWithXML
}

func isSecure(r *http.Request) bool {
	return r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")
}
