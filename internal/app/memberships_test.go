package app_test

import (
	"context"
	"io"
	"log/slog"
	"slices"
	"testing"

	"roster/internal/app"
	"roster/internal/config"
	"roster/internal/model"
	"roster/internal/permission"
	"roster/internal/store"
	"roster/internal/store/storetest"
)

// newAppWithRoles starts an app on a store whose built-in roles were first installed with edit
// applied (an administrator's permission scheme change).
func newAppWithRoles(t *testing.T, st *store.Store, edit func(name string, perms []string) []string) *app.App {
	t.Helper()
	ctx := context.Background()
	var roles []model.Role
	for _, d := range permission.Builtin() {
		roles = append(roles, model.Role{Id: model.NewId(), Name: d.Name, DisplayName: d.DisplayName, Description: d.Description,
			CreateAt: 1, UpdateAt: 1, Permissions: edit(d.Name, d.Permissions), SchemeManaged: d.SchemeManaged, BuiltIn: d.BuiltIn})
	}
	if err := st.EnsureRoles(ctx, roles); err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	cfg.PasswordSettings.PBKDF2Iterations = 1000
	a, err := app.New(ctx, st, cfg, app.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close(context.Background()) })
	return a
}

type actor struct {
	user *model.User
	sess *model.Session
}

func newActor(t *testing.T, a *app.App, name string) actor {
	t.Helper()
	u, err := a.CreateUserByOperator(context.Background(), &model.User{Username: name, Email: name + "@example.com", Password: "Passw0rd-1"}, false)
	if err != nil {
		t.Fatal(err)
	}
	return actor{user: u, sess: &model.Session{Id: model.NewId(), UserId: u.Id, Roles: u.Roles, Props: model.StringMap{}}}
}

func allowed(t *testing.T, a *app.App, who actor, perm string, on app.Target) bool {
	t.Helper()
	ok, err := a.Allowed(context.Background(), who.sess, perm, on)
	if err != nil {
		t.Fatal(err)
	}
	return ok
}

// Team and channel scopes of the permission function, with the membership caches kept
// right across changes; and the team half of the view restrictions, which needs a scheme
// where view_members is granted by team_user instead of system_user.
func TestMembershipPermissions(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a := newAppWithRoles(t, st, func(name string, perms []string) []string {
			switch name {
			case permission.SystemUser:
				return slices.DeleteFunc(slices.Clone(perms), func(p string) bool { return p == permission.ViewMembers })
			case permission.TeamUser:
				return append(slices.Clone(perms), permission.ViewMembers)
			}
			return perms
		})
		admin := newActor(t, a, "admin1")
		alice := newActor(t, a, "alice")
		bob := newActor(t, a, "bob")
		carol := newActor(t, a, "carol")

		team, err := a.CreateTeam(ctx, admin.sess, &model.Team{Name: "home", DisplayName: "Home", AllowOpenInvite: true})
		if err != nil {
			t.Fatal(err)
		}
		on := app.Target{TeamID: team.Id}
		if !allowed(t, a, admin, permission.ManageTeam, on) {
			t.Error("the team's creator cannot manage it")
		}
		if allowed(t, a, alice, permission.ViewTeam, on) {
			t.Error("a non-member may view the team")
		}
		// Cache warm with "not a member"; joining must be seen at once.
		if _, err := a.AddTeamMember(ctx, admin.sess, team.Id, alice.user.Id); err != nil {
			t.Fatal(err)
		}
		if _, err := a.AddTeamMember(ctx, admin.sess, team.Id, bob.user.Id); err != nil {
			t.Fatal(err)
		}
		if !allowed(t, a, alice, permission.ViewTeam, on) || allowed(t, a, alice, permission.ManageTeam, on) {
			t.Error("team_user permissions wrong for alice")
		}
		if allowed(t, a, alice, permission.ViewTeam, app.Target{TeamID: model.NewId()}) {
			t.Error("view_team on an unknown team")
		}

		// Team-level view_members: alice sees her team, not carol; carol sees nobody.
		users, err := a.ListUsers(ctx, alice.sess, app.ListUsersInput{PerPage: 60})
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, u := range users {
			names = append(names, u.Username)
		}
		if !slices.Equal(names, []string{"admin1", "alice", "bob"}) {
			t.Errorf("alice sees %v", names)
		}
		if ok, _ := a.CanSeeUser(ctx, alice.sess, carol.user.Id); ok {
			t.Error("alice sees carol")
		}
		if ok, _ := a.CanSeeUser(ctx, alice.sess, bob.user.Id); !ok {
			t.Error("alice does not see her teammate")
		}
		if _, err := a.GetUser(ctx, carol.sess, alice.user.Id); err == nil {
			t.Error("carol reads alice")
		}
		if users, _ := a.ListUsers(ctx, carol.sess, app.ListUsersInput{PerPage: 60}); len(users) != 0 {
			t.Errorf("carol, in no team or channel, sees %d users", len(users))
		}

		// Channel scope: channel roles first, then the channel's team, then the system.
		ch, err := a.CreateChannel(ctx, alice.sess, &model.Channel{TeamId: team.Id, Name: "secret", DisplayName: "S", Type: model.ChannelTypePrivate})
		if err != nil {
			t.Fatal(err)
		}
		onCh := app.Target{ChannelID: ch.Id}
		if !allowed(t, a, alice, permission.ManageChannelRoles, onCh) || !allowed(t, a, alice, permission.ReadChannel, onCh) {
			t.Error("the channel's creator lacks channel_admin permissions")
		}
		if allowed(t, a, bob, permission.ReadChannel, onCh) {
			t.Error("a non-member reads a private channel")
		}
		if !allowed(t, a, bob, permission.CreatePublicChannel, onCh) {
			t.Error("team permissions do not apply on the team's channels")
		}
		if !allowed(t, a, admin, permission.ReadChannel, onCh) {
			t.Error("manage_system does not apply on channels")
		}
		if allowed(t, a, admin, permission.ReadChannel, app.Target{ChannelID: model.NewId()}) {
			t.Error("permission granted on an unknown channel")
		}
		if _, err := a.AddChannelMembers(ctx, alice.sess, ch.Id, []string{bob.user.Id}); err != nil {
			t.Fatal(err)
		}
		if !allowed(t, a, bob, permission.ReadChannel, onCh) || allowed(t, a, bob, permission.ManageChannelRoles, onCh) {
			t.Error("channel_user permissions wrong for bob")
		}
		if err := a.RemoveTeamMember(ctx, bob.sess, team.Id, bob.user.Id); err != nil {
			t.Fatal(err)
		}
		if allowed(t, a, bob, permission.ReadChannel, onCh) || allowed(t, a, bob, permission.ViewTeam, on) {
			t.Error("bob keeps team or channel permissions after leaving the team")
		}
	})
}
