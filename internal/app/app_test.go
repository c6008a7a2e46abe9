package app_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"roster/internal/app"
	"roster/internal/config"
	"roster/internal/model"
	"roster/internal/store"
	"roster/internal/store/storetest"
)

func newApp(t *testing.T, s *store.Store, mutate func(*config.Config), opts app.Options) *app.App {
	t.Helper()
	cfg := config.Default()
	cfg.PasswordSettings.PBKDF2Iterations = 1000
	if mutate != nil {
		mutate(&cfg)
	}
	opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	a, err := app.New(context.Background(), s, cfg, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close(context.Background()) })
	return a
}

// Concurrent sign-ups on an empty server: exactly one account becomes system admin.
func TestFirstUserIsTheOnlyAdmin(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		a := newApp(t, s, func(c *config.Config) { c.TeamSettings.EnableOpenServer = true }, app.Options{})
		const n = 8
		var wg sync.WaitGroup
		roles := make([]string, n)
		errs := make([]error, n)
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				u, err := a.CreateUser(context.Background(), nil, app.CreateUserInput{User: &model.User{
					Username: fmt.Sprintf("racer%d", i), Email: fmt.Sprintf("racer%d@example.com", i), Password: "password1",
				}})
				errs[i] = err
				if u != nil {
					roles[i] = u.Roles
				}
			}(i)
		}
		wg.Wait()
		admins := 0
		for i := range roles {
			if errs[i] != nil {
				t.Errorf("sign-up %d: %v", i, errs[i])
			}
			if model.HasRole(roles[i], "system_admin") {
				admins++
			}
		}
		if admins != 1 {
			t.Errorf("%d admins among concurrent first sign-ups (%v), want 1", admins, roles)
		}
	})
}

// A bcrypt hash from an older server logs in and is replaced by a PBKDF2 hash.
func TestLoginRehashesBcrypt(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		a := newApp(t, s, nil, app.Options{})
		ctx := context.Background()
		hash, err := bcrypt.GenerateFromPassword([]byte("legacy-password"), 10)
		if err != nil {
			t.Fatal(err)
		}
		u := &model.User{Username: "legacy", Email: "legacy@example.com", PasswordHash: string(hash), Roles: "system_user"}
		u.PreSave(model.GetMillis())
		if err := s.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		r := httptest.NewRequest("POST", "/api/v4/users/login", nil)
		if _, _, err := a.Login(ctx, app.LoginInput{LoginID: "legacy", Password: "legacy-password"}, r); err != nil {
			t.Fatalf("login with bcrypt hash: %v", err)
		}
		stored, _ := s.GetUser(ctx, u.Id)
		if !strings.HasPrefix(stored.PasswordHash, "$pbkdf2$f=SHA256,w=1000,l=32$") {
			t.Errorf("hash after login = %q, want a PBKDF2 PHC string", stored.PasswordHash)
		}
		if _, _, err := a.Login(ctx, app.LoginInput{LoginID: "legacy", Password: "legacy-password"}, r); err != nil {
			t.Errorf("login after rehash: %v", err)
		}
		if _, _, err := a.Login(ctx, app.LoginInput{LoginID: "legacy", Password: "wrong"}, r); err == nil {
			t.Error("wrong password accepted after rehash")
		}
	})
}

// Session activity is recorded in memory and written in batches, not per request.
func TestSessionActivityIsBatched(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		var mu sync.Mutex
		now := time.Now()
		clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
		a := newApp(t, s, nil, app.Options{Now: clock, ActivityFlushInterval: time.Hour})
		ctx := context.Background()
		u, err := a.CreateUserByOperator(ctx, &model.User{Username: "act", Email: "act@example.com", Password: "password1"}, false)
		if err != nil {
			t.Fatal(err)
		}
		_, sess, err := a.Login(ctx, app.LoginInput{LoginID: u.Username, Password: "password1"}, httptest.NewRequest("POST", "/", nil))
		if err != nil {
			t.Fatal(err)
		}
		mu.Lock()
		now = now.Add(5 * time.Minute)
		mu.Unlock()
		got, err := a.SessionFromToken(ctx, sess.Token)
		if err != nil || got == nil {
			t.Fatalf("SessionFromToken: %v, %v", got, err)
		}
		stored, _ := s.GetSession(ctx, sess.Id)
		if stored.LastActivityAt != sess.LastActivityAt {
			t.Errorf("a request wrote last_activity_at directly")
		}
		if err := a.Close(ctx); err != nil { // flushes
			t.Fatal(err)
		}
		stored, _ = s.GetSession(ctx, sess.Id)
		if want := clock().UnixMilli(); stored.LastActivityAt != want {
			t.Errorf("last_activity_at after flush = %d, want %d", stored.LastActivityAt, want)
		}
		if stored.ExpiresAt <= sess.ExpiresAt {
			t.Errorf("activity did not extend the session: %d <= %d", stored.ExpiresAt, sess.ExpiresAt)
		}
	})
}

// An expired session is refused even while it is cached.
func TestExpiredSessionRefused(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		var mu sync.Mutex
		now := time.Now()
		clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
		a := newApp(t, s, func(c *config.Config) { c.ServiceSettings.SessionLengthWebInHours = 1 }, app.Options{Now: clock})
		ctx := context.Background()
		u, _ := a.CreateUserByOperator(ctx, &model.User{Username: "exp", Email: "exp@example.com", Password: "password1"}, false)
		_, sess, err := a.Login(ctx, app.LoginInput{LoginID: u.Username, Password: "password1"}, httptest.NewRequest("POST", "/", nil))
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := a.SessionFromToken(ctx, sess.Token); got == nil {
			t.Fatal("fresh session refused")
		}
		mu.Lock()
		now = now.Add(2 * time.Hour)
		mu.Unlock()
		if got, _ := a.SessionFromToken(ctx, sess.Token); got != nil {
			t.Error("expired session accepted")
		}
	})
}

// Role changes apply to live sessions at once: permissions come from the user's current roles.
func TestSessionCarriesCurrentRoles(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		a := newApp(t, s, nil, app.Options{})
		ctx := context.Background()
		if _, err := a.CreateUserByOperator(ctx, &model.User{Username: "first", Email: "first@example.com", Password: "password1"}, false); err != nil {
			t.Fatal(err) // the first account becomes admin; the next one is the subject
		}
		u, _ := a.CreateUserByOperator(ctx, &model.User{Username: "rr", Email: "rr@example.com", Password: "password1"}, false)
		_, sess, err := a.Login(ctx, app.LoginInput{LoginID: u.Username, Password: "password1"}, httptest.NewRequest("POST", "/", nil))
		if err != nil {
			t.Fatal(err)
		}
		got, _ := a.SessionFromToken(ctx, sess.Token)
		if a.SessionIsAdmin(got) {
			t.Fatal("plain user is admin")
		}
		if err := s.SetUserRoles(ctx, u.Id, "system_admin system_user", model.GetMillis()); err != nil {
			t.Fatal(err)
		}
		a.Caches().Invalidate(app.CacheUsers, u.Id)
		got, _ = a.SessionFromToken(ctx, sess.Token)
		if !a.SessionIsAdmin(got) {
			t.Error("role change did not reach the live session")
		}
	})
}

// An unknown login id costs as much time as a wrong password, so timing does not reveal
// which accounts exist. The two kinds of attempt are interleaved so that load on the machine
// slows both alike; without the dummy check an unknown id is refused about 100 times faster.
func TestUnknownLoginTakesAsLongAsWrongPassword(t *testing.T) {
	t.Parallel()
	s := storetest.Open(t, store.SQLite)
	a := newApp(t, s, func(c *config.Config) {
		c.PasswordSettings.PBKDF2Iterations = 200000
		c.ServiceSettings.MaximumLoginAttempts = 1000
	}, app.Options{})
	ctx := context.Background()
	if _, err := a.CreateUserByOperator(ctx, &model.User{Username: "known", Email: "known@example.com", Password: "password1"}, false); err != nil {
		t.Fatal(err)
	}
	r := httptest.NewRequest("POST", "/", nil)
	attempt := func(login string) time.Duration {
		t0 := time.Now()
		if _, _, err := a.Login(ctx, app.LoginInput{LoginID: login, Password: "wrong-password"}, r); err == nil {
			t.Fatal("wrong password accepted")
		}
		return time.Since(t0)
	}
	attempt("nobody") // warm up
	var wrong, unknown []time.Duration
	for i := 0; i < 7; i++ {
		wrong = append(wrong, attempt("known"))
		unknown = append(unknown, attempt("nobody"))
	}
	median := func(ds []time.Duration) time.Duration {
		slices.Sort(ds)
		return ds[len(ds)/2]
	}
	if w, u := median(wrong), median(unknown); u < w/4 {
		t.Errorf("unknown login id answered in %v, a wrong password in %v: timing tells them apart", u, w)
	}
}
