// Package apitest starts a real Roster API over HTTP on a fresh database for tests, and
// gives them a small JSON client.
package apitest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"roster/internal/api"
	"roster/internal/app"
	"roster/internal/config"
	"roster/internal/model"
	"roster/internal/store"
	"roster/internal/store/storetest"
)

// Server is a running API with direct access to its app and store for setup.
type Server struct {
	URL   string
	App   *app.App
	Store *store.Store
	API   *api.API
	srv   *httptest.Server
	t     testing.TB
}

// Config returns the configuration tests start from: Mattermost defaults with a cheap
// password hash, and Roster's limits on login attempts off (every test client logs in from
// 127.0.0.1, often as the same user; the rate-limit tests turn them on).
func Config() config.Config {
	c := config.Default()
	c.PasswordSettings.PBKDF2Iterations = 1000
	c.LogSettings.ConsoleLevel = "ERROR"
	c.RateLimitSettings.AuthPerMinutePerIP = 0
	c.RateLimitSettings.AuthPerMinutePerAccount = 0
	return c
}

// Start runs the API on a fresh database of the given kind. mutate, if not nil, edits the
// configuration first.
func Start(t testing.TB, driver string, mutate func(*config.Config)) *Server {
	t.Helper()
	return StartWith(t, driver, mutate, app.Options{})
}

// StartWith is Start with app options (a mailer, a clock, a logger).
func StartWith(t testing.TB, driver string, mutate func(*config.Config), opts app.Options) *Server {
	t.Helper()
	cfg := Config()
	if mutate != nil {
		mutate(&cfg)
	}
	st := storetest.Open(t, driver)
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	a, err := app.New(context.Background(), st, cfg, opts)
	if err != nil {
		t.Fatalf("app.New: %v", err)
	}
	h := api.New(a)
	srv := httptest.NewServer(h)
	t.Cleanup(func() {
		srv.Close()
		if err := a.Close(context.Background()); err != nil {
			t.Errorf("app.Close: %v", err)
		}
	})
	return &Server{URL: srv.URL, App: a, Store: st, API: h, srv: srv, t: t}
}

// Response is a decoded answer.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// Decode unmarshals the body into v, failing the test on error.
func (r *Response) Decode(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decode %s: %v", r.Body, err)
	}
}

// Map returns the body as a JSON object.
func (r *Response) Map(t testing.TB) map[string]any {
	t.Helper()
	m := map[string]any{}
	r.Decode(t, &m)
	return m
}

// Error returns the AppError in the body.
func (r *Response) Error(t testing.TB) model.AppError {
	t.Helper()
	var e model.AppError
	r.Decode(t, &e)
	return e
}

// Client talks to the server, optionally with a token.
type Client struct {
	S      *Server
	Token  string
	Header http.Header // sent with every request
	t      testing.TB  // nil: the server's
}

// For returns a copy of the client that reports to t (e.g. inside a fuzz target).
func (c *Client) For(t testing.TB) *Client {
	cc := *c
	cc.t = t
	return &cc
}

func (c *Client) tb() testing.TB {
	if c.t != nil {
		return c.t
	}
	return c.S.t
}

// Client returns an anonymous client.
func (s *Server) Client() *Client { return &Client{S: s, Header: http.Header{}} }

// Do sends a request; body may be nil, a string or []byte (sent as is) or any value
// (encoded as JSON).
func (c *Client) Do(method, path string, body any) *Response {
	c.tb().Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			c.tb().Fatalf("encode body: %v", err)
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, c.S.URL+path, rd)
	if err != nil {
		c.tb().Fatalf("new request: %v", err)
	}
	for k, v := range c.Header {
		req.Header[k] = v
	}
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.tb().Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		c.tb().Fatalf("read body: %v", err)
	}
	return &Response{Status: resp.StatusCode, Header: resp.Header, Body: data}
}

// NewUser describes a user created by CreateUser.
type NewUser struct {
	User     model.User
	Password string
	Client   *Client // logged in
}

// CreateUser makes a user directly through the app (as an operator would) and logs in.
func (s *Server) CreateUser(t testing.TB, admin bool) *NewUser {
	t.Helper()
	id := model.NewId()
	u := &model.User{Username: "u" + id[:10], Email: "u" + id[:10] + "@example.com", Password: "Passw0rd-" + id[:6],
		FirstName: "First" + id[:3], LastName: "Last" + id[:3]}
	pw := u.Password
	created, err := s.App.CreateUserByOperator(context.Background(), u, admin)
	if err != nil {
		t.Fatalf("create user: %v", err)
	}
	c := s.Client()
	r := c.Do("POST", "/api/v4/users/login", map[string]string{"login_id": created.Username, "password": pw})
	if r.Status != 200 {
		t.Fatalf("login %s: %d %s", created.Username, r.Status, r.Body)
	}
	c.Token = r.Header.Get("Token")
	return &NewUser{User: *created, Password: pw, Client: c}
}
