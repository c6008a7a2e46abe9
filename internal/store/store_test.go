package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"roster/internal/model"
	"roster/internal/store"
	"roster/internal/store/storetest"
)

func newUser(t *testing.T) *model.User {
	t.Helper()
	id := model.NewId()
	u := &model.User{Username: "u" + id[:12], Email: "u" + id[:12] + "@example.com", PasswordHash: "hash",
		FirstName: "Ada", LastName: "Lovelace", Roles: "system_user"}
	u.PreSave(model.GetMillis())
	return u
}

func TestUsers(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u := newUser(t)
		u.Props = model.StringMap{"k": "v"}
		if err := s.CreateUser(ctx, u); err != nil {
			t.Fatalf("CreateUser: %v", err)
		}
		got, err := s.GetUser(ctx, u.Id)
		if err != nil {
			t.Fatalf("GetUser: %v", err)
		}
		if got.Username != u.Username || got.Email != u.Email || got.PasswordHash != "hash" ||
			got.Props["k"] != "v" || got.NotifyProps["push"] != "mention" || got.Timezone["useAutomaticTimezone"] != "true" ||
			got.AuthData != nil || got.CreateAt != u.CreateAt {
			t.Errorf("GetUser = %+v", got)
		}
		for name, lookup := range map[string]func() (*model.User, error){
			"by username upper": func() (*model.User, error) { return s.GetUserByUsername(ctx, strings.ToUpper(u.Username)) },
			"by email upper":    func() (*model.User, error) { return s.GetUserByEmail(ctx, strings.ToUpper(u.Email)) },
		} {
			if got, err := lookup(); err != nil || got.Id != u.Id {
				t.Errorf("%s: %v, %v", name, got, err)
			}
		}
		if _, err := s.GetUser(ctx, model.NewId()); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("GetUser(unknown) err = %v, want ErrNotFound", err)
		}

		// Uniqueness is the database's, case-insensitively.
		dupName := newUser(t)
		dupName.Username = u.Username
		if err := s.CreateUser(ctx, dupName); !store.IsConflictOn(err, "users_username_key") {
			t.Errorf("duplicate username: %v", err)
		}
		dupEmail := newUser(t)
		dupEmail.Email = strings.ToUpper(u.Email)
		if err := s.CreateUser(ctx, dupEmail); !store.IsConflictOn(err, "users_email_key") {
			t.Errorf("duplicate email: %v", err)
		}

		byLogin, err := s.GetUsersForLogin(ctx, strings.ToUpper(u.Email), true, true)
		if err != nil || len(byLogin) != 1 || byLogin[0].Id != u.Id {
			t.Errorf("GetUsersForLogin(email) = %v, %v", byLogin, err)
		}
		if byLogin, _ := s.GetUsersForLogin(ctx, u.Email, true, false); len(byLogin) != 0 {
			t.Errorf("login by email with email sign-in off found %d", len(byLogin))
		}

		// Profile update leaves password and roles alone.
		got.Nickname = "ada"
		got.PasswordHash = "changed"
		got.Roles = "system_admin"
		got.UpdateAt++
		if err := s.UpdateUserProfile(ctx, got); err != nil {
			t.Fatalf("UpdateUserProfile: %v", err)
		}
		again, _ := s.GetUser(ctx, u.Id)
		if again.Nickname != "ada" || again.PasswordHash != "hash" || again.Roles != "system_user" {
			t.Errorf("after profile update: nickname %q hash %q roles %q", again.Nickname, again.PasswordHash, again.Roles)
		}

		if err := s.IncrementFailedAttempts(ctx, u.Id); err != nil {
			t.Fatal(err)
		}
		if err := s.IncrementFailedAttempts(ctx, u.Id); err != nil {
			t.Fatal(err)
		}
		if again, _ := s.GetUser(ctx, u.Id); again.FailedAttempts != 2 {
			t.Errorf("failed attempts = %d, want 2", again.FailedAttempts)
		}
		if err := s.UpdatePassword(ctx, u.Id, "newhash", 42); err != nil {
			t.Fatal(err)
		}
		if again, _ := s.GetUser(ctx, u.Id); again.FailedAttempts != 0 || again.PasswordHash != "newhash" || again.LastPasswordUpdate != 42 {
			t.Errorf("after password update: %+v", again)
		}
		if err := s.SetUserDeleteAt(ctx, model.NewId(), 1, 1); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("SetUserDeleteAt(unknown) = %v", err)
		}
	})
}

func TestFirstUserAndAdmins(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if any, err := s.HasHumanUsers(ctx); err != nil || any {
			t.Fatalf("HasHumanUsers on empty = %v, %v", any, err)
		}
		admin := newUser(t)
		admin.Roles = "system_admin system_user"
		if err := s.CreateUser(ctx, admin); err != nil {
			t.Fatal(err)
		}
		if any, _ := s.HasHumanUsers(ctx); !any {
			t.Error("HasHumanUsers = false after insert")
		}
		if n, err := s.CountActiveSystemAdmins(ctx); err != nil || n != 1 {
			t.Errorf("CountActiveSystemAdmins = %d, %v", n, err)
		}
		// Transactions: the lock and the insert commit together.
		err := s.InTx(ctx, func(ctx context.Context) error {
			if err := s.LockUserCreation(ctx); err != nil {
				return err
			}
			return s.CreateUser(ctx, newUser(t))
		})
		if err != nil {
			t.Fatalf("InTx: %v", err)
		}
	})
}

func TestInTxRollsBack(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u := newUser(t)
		boom := errors.New("boom")
		err := s.InTx(ctx, func(ctx context.Context) error {
			if err := s.CreateUser(ctx, u); err != nil {
				return err
			}
			if _, err := s.GetUser(ctx, u.Id); err != nil { // reads its own write
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("InTx err = %v", err)
		}
		if _, err := s.GetUser(ctx, u.Id); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("user survived a rolled-back transaction: %v", err)
		}
	})
}

func TestSessions(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u := newUser(t)
		if err := s.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		mk := func(device string) *model.Session {
			sess := &model.Session{Id: model.NewId(), Token: model.NewToken(), CreateAt: 10, ExpiresAt: 1000,
				LastActivityAt: 10, UserId: u.Id, DeviceId: device, Roles: u.Roles, Props: model.StringMap{"csrf": "x"}}
			if err := s.CreateSession(ctx, sess); err != nil {
				t.Fatalf("CreateSession: %v", err)
			}
			return sess
		}
		a, b, c := mk(""), mk("dev1"), mk("dev1")
		got, err := s.GetSessionByTokenHash(ctx, store.HashToken(a.Token))
		if err != nil || got.Id != a.Id || got.Props["csrf"] != "x" {
			t.Fatalf("GetSessionByTokenHash = %+v, %v", got, err)
		}
		if _, err := s.GetSessionByTokenHash(ctx, store.HashToken(a.Id)); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("the session id must not work as a token: %v", err)
		}
		hashes, err := s.DeleteSessionsByDevice(ctx, u.Id, "dev1", c.Id)
		if err != nil || len(hashes) != 1 || hashes[0] != store.HashToken(b.Token) {
			t.Errorf("DeleteSessionsByDevice = %v, %v", hashes, err)
		}
		if err := s.UpdateSessionActivity(ctx, []store.SessionActivity{{ID: a.Id, LastActivityAt: 500, ExpiresAt: 2000}}); err != nil {
			t.Fatal(err)
		}
		if err := s.UpdateSessionActivity(ctx, []store.SessionActivity{{ID: a.Id, LastActivityAt: 400, ExpiresAt: 1500}}); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.GetSession(ctx, a.Id); got.LastActivityAt != 500 || got.ExpiresAt != 2000 {
			t.Errorf("activity: last %d expires %d, want 500 2000 (never backwards)", got.LastActivityAt, got.ExpiresAt)
		}
		list, err := s.GetSessionsForUser(ctx, u.Id)
		if err != nil || len(list) != 2 {
			t.Errorf("GetSessionsForUser = %d, %v", len(list), err)
		}
		hashes, err = s.DeleteSessionsForUser(ctx, u.Id, a.Id)
		if err != nil || len(hashes) != 1 {
			t.Errorf("DeleteSessionsForUser = %v, %v", hashes, err)
		}
		if n, err := s.DeleteExpiredSessions(ctx, 5000); err != nil || n != 1 {
			t.Errorf("DeleteExpiredSessions = %d, %v", n, err)
		}
		// Sessions go with their user.
		mk("")
		if err := s.DeleteUser(ctx, u.Id); err != nil {
			t.Fatal(err)
		}
		if list, _ := s.GetSessionsForUser(ctx, u.Id); len(list) != 0 {
			t.Errorf("sessions outlived their user: %d", len(list))
		}
	})
}

func TestRoles(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		r := model.Role{Id: model.NewId(), Name: "custom_role", Permissions: []string{"a", "b"}, CreateAt: 1, UpdateAt: 1, BuiltIn: true}
		if err := s.EnsureRoles(ctx, []model.Role{r}); err != nil {
			t.Fatal(err)
		}
		r2 := r
		r2.Id = model.NewId()
		r2.Permissions = []string{"c"}
		if err := s.EnsureRoles(ctx, []model.Role{r2}); err != nil {
			t.Fatal(err)
		}
		roles, err := s.GetRoles(ctx)
		if err != nil || len(roles) != 1 || roles[0].Id != r.Id || strings.Join(roles[0].Permissions, ",") != "a,b" || !roles[0].BuiltIn {
			t.Errorf("GetRoles = %+v, %v (existing roles must be kept)", roles, err)
		}
	})
}

// A migration that fails leaves the database as it was before it.
func TestFailedMigrationRollsBack(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Drivers {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			s := storetest.Open(t, d)
			ctx := context.Background()
			before, err := s.SchemaVersion(ctx)
			if err != nil {
				t.Fatal(err)
			}
			fsys := fstest.MapFS{
				"m/9001_good.sql": {Data: []byte(`CREATE TABLE good_one (id TEXT PRIMARY KEY)`)},
				"m/9002_bad.sql":  {Data: []byte("CREATE TABLE half_done (id TEXT PRIMARY KEY);\nINSERT INTO no_such_table VALUES (1);")},
			}
			ms, err := store.LoadMigrations(fsys, "m")
			if err != nil {
				t.Fatal(err)
			}
			err = s.ApplyMigrations(ctx, ms)
			if err == nil || !strings.Contains(err.Error(), "9002_bad") {
				t.Fatalf("ApplyMigrations err = %v, want failure naming 9002_bad", err)
			}
			v, _ := s.SchemaVersion(ctx)
			if v != 9001 || before >= v {
				t.Errorf("schema version %d after failure, want 9001", v)
			}
			if err := s.EnsureRoles(ctx, nil); err != nil {
				t.Fatal(err)
			}
			// half_done must not exist: creating it again succeeds.
			ms2 := []store.Migration{{Version: 9003, Name: "probe", SQL: `CREATE TABLE half_done (id TEXT PRIMARY KEY)`}}
			if err := s.ApplyMigrations(ctx, ms2); err != nil {
				t.Errorf("half_done survived the failed migration: %v", err)
			}
		})
	}
}

func TestLoadMigrationsRejectsBadNames(t *testing.T) {
	t.Parallel()
	for _, files := range []fstest.MapFS{
		{"m/x_bad.sql": {Data: []byte("")}},
		{"m/0001_a.sql": {Data: []byte("")}, "m/0001_b.sql": {Data: []byte("")}},
	} {
		if _, err := store.LoadMigrations(files, "m"); err == nil {
			t.Errorf("LoadMigrations(%v) accepted bad names", files)
		}
	}
}

func TestTokens(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tok := &store.Token{Token: model.NewRandomString(64), Type: "password_recovery", CreateAt: 100, Extra: `{"user_id":"x"}`}
		if err := s.CreateToken(ctx, tok); err != nil {
			t.Fatal(err)
		}
		if got, err := s.GetToken(ctx, tok.Token, "password_recovery"); err != nil || got.Extra != tok.Extra || got.CreateAt != 100 {
			t.Errorf("GetToken = %+v, %v", got, err)
		}
		if _, err := s.GetToken(ctx, tok.Token, "team_invitation"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("a token must not be found under another type: %v", err)
		}
		got, err := s.ConsumeToken(ctx, tok.Token, "password_recovery")
		if err != nil || got.Extra != tok.Extra {
			t.Fatalf("ConsumeToken = %+v, %v", got, err)
		}
		if _, err := s.ConsumeToken(ctx, tok.Token, "password_recovery"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("a token must be usable once: %v", err)
		}
		old := &store.Token{Token: model.NewRandomString(64), Type: "t", CreateAt: 10}
		if err := s.CreateToken(ctx, old); err != nil {
			t.Fatal(err)
		}
		if n, err := s.DeleteTokensOlderThan(ctx, "t", 50); err != nil || n != 1 {
			t.Errorf("DeleteTokensOlderThan = %d, %v", n, err)
		}
	})
}
