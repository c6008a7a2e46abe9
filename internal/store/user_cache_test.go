package store_test

import (
	"context"
	"testing"

	"roster/internal/model"
	"roster/internal/store"
	"roster/internal/store/storetest"
)

// Users read by id come from the cache once read, and every write to a user is seen by
// the next read, inside or outside a transaction.
func TestUserCacheFollowsWrites(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		d := buildDirectory(t, s)
		id := d.id("bob")
		read := func() *model.User {
			t.Helper()
			got, err := s.ListUsers(ctx, store.UserQuery{IDs: []string{id, id, "unknown"}})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 1 {
				t.Fatalf("read %d users, want 1", len(got))
			}
			return got[0]
		}
		writes := []struct {
			name  string
			write func() error
			check func(u *model.User) bool
		}{
			{"roles", func() error { return s.SetUserRoles(ctx, id, "system_admin system_user", 10) },
				func(u *model.User) bool { return u.Roles == "system_admin system_user" }},
			{"deactivate", func() error { return s.SetUserDeleteAt(ctx, id, 11, 11) },
				func(u *model.User) bool { return u.DeleteAt == 11 }},
			{"profile", func() error {
				u := read()
				u.Nickname, u.UpdateAt = "builder-bob", 12
				return s.UpdateUserProfile(ctx, u)
			}, func(u *model.User) bool { return u.Nickname == "builder-bob" }},
			{"password", func() error { return s.UpdatePassword(ctx, id, "new-hash", 13) },
				func(u *model.User) bool { return u.PasswordHash == "new-hash" && u.LastPasswordUpdate == 13 }},
			{"failed attempts", func() error { return s.SetFailedAttempts(ctx, id, 3) },
				func(u *model.User) bool { return u.FailedAttempts == 3 }},
			{"login", func() error { return s.RecordLogin(ctx, id, 14) },
				func(u *model.User) bool { return u.FailedAttempts == 0 && u.LastLogin == 14 }},
			{"mfa secret", func() error { return s.SetMfaSecret(ctx, id, "SECRET", 15) },
				func(u *model.User) bool { return u.MfaSecret == "SECRET" }},
			{"mfa on", func() error { return s.ActivateMfa(ctx, id, "SECRET", 16) },
				func(u *model.User) bool { return u.MfaActive }},
			{"mfa off", func() error { return s.DeactivateMfa(ctx, id, 17) },
				func(u *model.User) bool { return !u.MfaActive && u.MfaSecret == "" }},
			{"email", func() error { return s.VerifyEmail(ctx, id, "Bob@New.example", 18) },
				func(u *model.User) bool { return u.Email == "bob@new.example" && u.EmailVerified }},
			{"auth data", func() error { return s.UpdateAuthData(ctx, id, "gitlab", "42", 19) },
				func(u *model.User) bool { return u.AuthService == "gitlab" }},
			{"touch", func() error { return s.TouchUser(ctx, id, 20) },
				func(u *model.User) bool { return u.UpdateAt == 20 }},
			{"in a transaction", func() error {
				return s.InTx(ctx, func(ctx context.Context) error {
					if err := s.SetUserRoles(ctx, id, "system_user", 21); err != nil {
						return err
					}
					// Read inside the transaction: its own write, not a cached row.
					got, err := s.ListUsers(ctx, store.UserQuery{IDs: []string{id}})
					if err != nil || len(got) != 1 || got[0].Roles != "system_user" {
						t.Errorf("read in the transaction: %v %v", got, err)
					}
					return nil
				})
			}, func(u *model.User) bool { return u.Roles == "system_user" && u.UpdateAt == 21 }},
		}
		for _, w := range writes {
			read() // cached
			if err := w.write(); err != nil {
				t.Fatalf("%s: %v", w.name, err)
			}
			if u := read(); !w.check(u) {
				t.Errorf("%s: the read after the write returned a stale user: %+v", w.name, u)
			}
		}
		// Callers may change what they read without changing the cache.
		u := read()
		u.Nickname, u.Props["x"] = "changed", "y"
		if u := read(); u.Nickname == "changed" || u.Props["x"] == "y" {
			t.Error("a change to a returned user reached the cache")
		}
		if err := s.DeleteUser(ctx, id); err != nil {
			t.Fatal(err)
		}
		got, err := s.ListUsers(ctx, store.UserQuery{IDs: []string{id}})
		if err != nil || got == nil || len(got) != 0 {
			t.Errorf("deleted user read back: %v %v", got, err)
		}
	})
}
