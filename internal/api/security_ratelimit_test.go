package api_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"roster/internal/apitest"
	"roster/internal/config"
)

func wantRateLimited(t *testing.T, r *apitest.Response) {
	t.Helper()
	wantError(t, r, 429, "api.context.rate_limited.app_error")
	if s, err := strconv.Atoi(r.Header.Get("Retry-After")); err != nil || s < 1 {
		t.Errorf("Retry-After = %q", r.Header.Get("Retry-After"))
	}
}

func TestLoginRateLimitPerAccount(t *testing.T) {
	t.Parallel()
	forEachEnv(t, func(c *config.Config) {
		c.RateLimitSettings.AuthPerMinutePerAccount = 6
		c.RateLimitSettings.AuthMaxBurstPerAccount = 3
		c.ServiceSettings.MaximumLoginAttempts = 100
	}, func(t *testing.T, e *env) {
		u := e.CreateUser(t, false) // one login
		login := func(id, pw string) *apitest.Response {
			return e.Client().Do("POST", "/api/v4/users/login", map[string]string{"login_id": id, "password": pw})
		}
		wantError(t, login(u.User.Username, "wrong-1"), 401, "api.user.login.invalid_credentials_email_username")
		wantError(t, login(u.User.Username, "wrong-2"), 401, "api.user.login.invalid_credentials_email_username")
		r := login(u.User.Username, u.Password)
		wantRateLimited(t, r)
		if r.Header.Get("Retry-After") != "10" {
			t.Errorf("Retry-After = %q, want 10 (one per 10 s)", r.Header.Get("Retry-After"))
		}
		// Counted per account (case-insensitively): another account is not affected; an
		// unknown login id is limited exactly like a real one.
		other := e.CreateUser(t, false)
		if r := login(other.User.Username, other.Password); r.Status != 200 {
			t.Errorf("other account: %d %s", r.Status, r.Body)
		}
		for range 3 {
			login("ghost-account", "whatever1")
		}
		wantRateLimited(t, login("GHOST-account", "whatever1"))
		// Time passes: allowed again.
		e.clock.Advance(10 * time.Second)
		if r := login(u.User.Username, u.Password); r.Status != 200 {
			t.Errorf("after waiting: %d %s", r.Status, r.Body)
		}
	})
}

func TestAttemptRateLimitPerIP(t *testing.T) {
	t.Parallel()
	forEachEnv(t, func(c *config.Config) {
		c.RateLimitSettings.AuthPerMinutePerIP = 1
		c.RateLimitSettings.AuthMaxBurstPerIP = 2
		c.RateLimitSettings.AuthPerMinutePerAccount = 0
		c.ServiceSettings.TrustedProxyIPHeader = []string{"X-Real-IP"}
		c.ServiceSettings.EnableMultifactorAuthentication = true
	}, func(t *testing.T, e *env) {
		from := func(ip string) *apitest.Client {
			c := e.Client()
			c.Header.Set("X-Real-IP", ip)
			return c
		}
		a, b := from("198.51.100.1"), from("198.51.100.2")
		for i := range 2 {
			if r := a.Do("POST", "/api/v4/users/login", map[string]string{"login_id": "x" + strconv.Itoa(i), "password": "p"}); r.Status != 401 {
				t.Fatalf("attempt %d: %d", i, r.Status)
			}
		}
		wantRateLimited(t, a.Do("POST", "/api/v4/users/login", map[string]string{"login_id": "y", "password": "p"}))
		if r := b.Do("POST", "/api/v4/users/login", map[string]string{"login_id": "y", "password": "p"}); r.Status != 401 {
			t.Errorf("another address: %d", r.Status)
		}
		// Each kind of attempt is counted on its own: the reset flow from the same address.
		for range 2 {
			if r := a.Do("POST", "/api/v4/users/password/reset/send", map[string]string{"email": "x@example.com"}); r.Status != 200 {
				t.Fatalf("reset send: %d", r.Status)
			}
		}
		wantRateLimited(t, a.Do("POST", "/api/v4/users/password/reset/send", map[string]string{"email": "y@example.com"}))
		token := strings.Repeat("a", 64)
		wantRateLimited(t, a.Do("POST", "/api/v4/users/password/reset", map[string]string{"token": token, "new_password": "whatever1"}))

		// MFA codes, by a user from one address.
		u := e.CreateUser(t, false)
		u.Client.Header.Set("X-Real-IP", "198.51.100.7")
		u.Client.Do("POST", "/api/v4/users/me/mfa/generate", nil)
		for range 2 {
			wantError(t, u.Client.Do("PUT", "/api/v4/users/me/mfa", map[string]any{"activate": true, "code": "000000"}), 401, "mfa.activate.bad_token.app_error")
		}
		wantRateLimited(t, u.Client.Do("PUT", "/api/v4/users/me/mfa", map[string]any{"activate": true, "code": "000000"}))
		// Password changes (guessing the current password).
		for range 2 {
			u.Client.Do("PUT", "/api/v4/users/me/password", map[string]string{"current_password": "guess-guess", "new_password": "whatever12"})
		}
		wantRateLimited(t, u.Client.Do("PUT", "/api/v4/users/me/password", map[string]string{"current_password": "guess-guess", "new_password": "whatever12"}))
	})
}

func TestPasswordResetRateLimitPerEmail(t *testing.T) {
	t.Parallel()
	forEachEnv(t, func(c *config.Config) {
		c.RateLimitSettings.AuthPerMinutePerAccount = 1
		c.RateLimitSettings.AuthMaxBurstPerAccount = 2
	}, func(t *testing.T, e *env) {
		u := e.CreateUser(t, false)
		for range 2 {
			if r := e.Client().Do("POST", "/api/v4/users/password/reset/send", map[string]string{"email": u.User.Email}); r.Status != 200 {
				t.Fatalf("send: %d", r.Status)
			}
		}
		wantRateLimited(t, e.Client().Do("POST", "/api/v4/users/password/reset/send", map[string]string{"email": u.User.Email}))
		e.mail.waitFor(t, u.User.Email, 2)
		time.Sleep(50 * time.Millisecond)
		if n := e.mail.countTo(u.User.Email); n != 2 {
			t.Errorf("%d emails, want 2: the limited request must not send", n)
		}
	})
}

func TestGeneralRateLimit(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t, "sqlite", func(c *config.Config) {
		c.RateLimitSettings.Enable = true
		c.RateLimitSettings.PerSec = 1
		c.RateLimitSettings.MaxBurst = 3
		c.RateLimitSettings.VaryByHeader = "X-Client"
	})
	c := s.Client()
	c.Header.Set("X-Client", "one")
	for i, want := range []string{"2", "1", "0"} {
		r := c.Do("GET", "/api/v4/system/ping", nil)
		if r.Status != 200 || r.Header.Get("X-Ratelimit-Limit") != "3" || r.Header.Get("X-Ratelimit-Remaining") != want || r.Header.Get("X-Ratelimit-Reset") == "" {
			t.Fatalf("request %d: %d limit=%q remaining=%q reset=%q", i, r.Status, r.Header.Get("X-Ratelimit-Limit"),
				r.Header.Get("X-Ratelimit-Remaining"), r.Header.Get("X-Ratelimit-Reset"))
		}
	}
	wantRateLimited(t, c.Do("GET", "/api/v4/system/ping", nil))
	other := s.Client()
	other.Header.Set("X-Client", "two")
	if r := other.Do("GET", "/api/v4/system/ping", nil); r.Status != 200 {
		t.Errorf("another header value: %d", r.Status)
	}
	// Off by default (as Mattermost): no headers.
	plain := apitest.Start(t, "sqlite", nil)
	if r := plain.Client().Do("GET", "/api/v4/system/ping", nil); r.Header.Get("X-Ratelimit-Limit") != "" {
		t.Errorf("X-Ratelimit headers with RateLimitSettings.Enable off")
	}
}

// The shipped defaults limit guessing: ten attempts at once per account, then one every six
// seconds.
func TestDefaultAuthLimits(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t, "sqlite", func(c *config.Config) {
		c.RateLimitSettings = config.Default().RateLimitSettings
		c.ServiceSettings.MaximumLoginAttempts = 1000
	})
	for i := range 10 {
		if r := s.Client().Do("POST", "/api/v4/users/login", map[string]string{"login_id": "target", "password": "guess" + strconv.Itoa(i)}); r.Status != 401 {
			t.Fatalf("attempt %d: %d", i, r.Status)
		}
	}
	r := s.Client().Do("POST", "/api/v4/users/login", map[string]string{"login_id": "target", "password": "guess-11"})
	wantRateLimited(t, r)
	if r.Header.Get("Retry-After") != "6" {
		t.Errorf("Retry-After = %q, want 6", r.Header.Get("Retry-After"))
	}
}
