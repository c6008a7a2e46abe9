package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

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
		// Callers may set the fields of what they read without changing the cache.
		u := read()
		u.Nickname, u.Props = "changed", model.StringMap{"x": "y"}
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

// Two processes on one database: what one writes, the other's directory index and user
// cache learn (PostgreSQL: announced on commit; SQLite: read from directory_changes).
func TestChangesReachOtherProcesses(t *testing.T) {
	t.Parallel()
	for _, driver := range storetest.Drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			dsn := storetest.DSN(t, driver)
			opts := store.Options{MaxOpenConns: 4, ChangePoll: 20 * time.Millisecond}
			a, b := storetest.OpenProcess(t, driver, dsn, opts), storetest.OpenProcess(t, driver, dsn, opts)
			d := buildDirectory(t, a)
			b.StartDirectory()
			if err := b.LoadDirectory(ctx); err != nil {
				t.Fatal(err)
			}
			b.ForceSearchPlan("directory")
			eventually := func(what string, q store.UserQuery, ok func([]*model.User) bool) {
				t.Helper()
				deadline := time.Now().Add(10 * time.Second)
				for {
					got, err := b.ListUsers(ctx, q)
					if err != nil {
						t.Fatal(err)
					}
					if ok(got) {
						return
					}
					if time.Now().After(deadline) {
						t.Fatalf("%s: the other process still answers %v", what, usernames(got))
					}
					time.Sleep(10 * time.Millisecond)
				}
			}
			eventually("loaded", store.UserQuery{Term: "bob", SearchColumns: allColumns, Limit: 5},
				func(u []*model.User) bool { return len(u) == 1 })
			byID := store.UserQuery{IDs: []string{d.id("bob")}}
			if _, err := b.ListUsers(ctx, byID); err != nil { // now cached in b
				t.Fatal(err)
			}
			u := d.users["bob"]
			u.Nickname, u.UpdateAt = "zebulon", 50
			if err := a.UpdateUserProfile(ctx, u); err != nil {
				t.Fatal(err)
			}
			eventually("renamed, by id", byID, func(u []*model.User) bool { return len(u) == 1 && u[0].Nickname == "zebulon" })
			eventually("renamed, by search", store.UserQuery{Term: "zebul", SearchColumns: allColumns, Limit: 5},
				func(u []*model.User) bool { return len(u) == 1 })
			nu := &model.User{Username: "latecomer", Email: "late@example.net", Roles: "system_user", PasswordHash: "x"}
			nu.PreSave(1)
			if err := a.CreateUser(ctx, nu); err != nil {
				t.Fatal(err)
			}
			eventually("created", store.UserQuery{Term: "latecom", SearchColumns: allColumns, Limit: 5},
				func(u []*model.User) bool { return len(u) == 1 })
			if err := a.SaveTeamMember(ctx, &model.TeamMember{TeamId: d.t2.Id, UserId: nu.Id, SchemeUser: true, CreateAt: 1}, -1); err != nil {
				t.Fatal(err)
			}
			eventually("joined a team", store.UserQuery{InTeam: d.t2.Id, Limit: 10},
				func(u []*model.User) bool { return slices.Contains(usernames(u), "latecomer") })
			inC1 := store.UserQuery{InChannel: d.c1.Id, Limit: 10}
			eventually("channel loaded", inC1, func(u []*model.User) bool { return len(u) == 4 })
			if err := a.DeleteChannelMember(ctx, d.c1.Id, d.id("alice")); err != nil {
				t.Fatal(err)
			}
			eventually("left a channel", inC1, func(u []*model.User) bool { return len(u) == 3 })
			if err := a.DeleteUser(ctx, nu.Id); err != nil {
				t.Fatal(err)
			}
			eventually("deleted", store.UserQuery{Term: "latecom", SearchColumns: allColumns, Limit: 5},
				func(u []*model.User) bool { return len(u) == 0 })
		})
	}
}
