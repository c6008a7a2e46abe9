package app_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"

	"roster/internal/model"
	"roster/internal/permission"
	"roster/internal/store"
	"roster/internal/store/storetest"
)

// Changing who may join a team (allow_open_invite, allowed_domains, the invite id) needs
// invite_user besides manage_team: a scheme that takes invite_user from team roles leaves
// team admins able to rename the team but not to open it.
func TestTeamAccessChangesNeedInviteUser(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a := newAppWithRoles(t, st, func(name string, perms []string) []string {
			if name == permission.TeamUser || name == permission.TeamAdmin {
				return slices.DeleteFunc(slices.Clone(perms), func(p string) bool { return p == permission.InviteUser })
			}
			return perms
		})
		admin := newActor(t, a, "admin1")
		alice := newActor(t, a, "alice")
		team, err := a.CreateTeam(ctx, alice.sess, &model.Team{Name: "home", DisplayName: "Home"})
		if err != nil {
			t.Fatal(err)
		}
		wantPermissionError := func(what string, err error) {
			t.Helper()
			ae, ok := model.AsAppError(err)
			if !ok || ae.StatusCode != 403 || ae.Id != "api.context.permissions.app_error" {
				t.Errorf("%s: %v, want a 403 permission error", what, err)
			}
		}

		if _, err := a.PatchTeam(ctx, alice.sess, team.Id, &model.TeamPatch{DisplayName: new("Renamed")}); err != nil {
			t.Errorf("rename: %v", err)
		}
		_, err = a.PatchTeam(ctx, alice.sess, team.Id, &model.TeamPatch{AllowOpenInvite: new(true)})
		wantPermissionError("patch allow_open_invite", err)
		_, err = a.PatchTeam(ctx, alice.sess, team.Id, &model.TeamPatch{AllowedDomains: new("example.com")})
		wantPermissionError("patch allowed_domains", err)
		_, err = a.UpdateTeamPrivacy(ctx, alice.sess, team.Id, model.TeamOpen)
		wantPermissionError("privacy", err)
		_, err = a.RegenerateTeamInviteID(ctx, alice.sess, team.Id)
		wantPermissionError("regenerate invite id", err)

		current, err := st.GetTeam(ctx, team.Id)
		if err != nil {
			t.Fatal(err)
		}
		// A full update that keeps both settings is fine; one that changes them is not.
		same := current.Clone()
		same.Description = "About"
		if _, err := a.UpdateTeam(ctx, alice.sess, same); err != nil {
			t.Errorf("update keeping the access settings: %v", err)
		}
		opened := current.Clone()
		opened.AllowOpenInvite = true
		_, err = a.UpdateTeam(ctx, alice.sess, opened)
		wantPermissionError("update allow_open_invite", err)

		after, err := st.GetTeam(ctx, team.Id)
		if err != nil {
			t.Fatal(err)
		}
		if after.AllowOpenInvite || after.Type != model.TeamInvite || after.InviteId != team.InviteId || after.AllowedDomains != "" ||
			after.DisplayName != "Renamed" || after.Description != "About" {
			t.Errorf("team after the refusals = %+v", after)
		}
		// System admins hold invite_user.
		if _, err := a.UpdateTeamPrivacy(ctx, admin.sess, team.Id, model.TeamOpen); err != nil {
			t.Errorf("admin opens the team: %v", err)
		}
	})
}

// Concurrent changes of different fields of one team all survive: each change reads and
// writes the team under its row lock.
func TestConcurrentTeamPatchesKeepEveryField(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a := newAppWithRoles(t, st, func(_ string, perms []string) []string { return perms })
		alice := newActor(t, a, "alice")
		team, err := a.CreateTeam(ctx, alice.sess, &model.Team{Name: "home", DisplayName: "Home", AllowOpenInvite: true})
		if err != nil {
			t.Fatal(err)
		}
		for round := range 15 {
			display, desc := fmt.Sprintf("Display %d", round), fmt.Sprintf("Description %d", round)
			var wg sync.WaitGroup
			errs := make([]error, 2)
			for i, p := range []*model.TeamPatch{{DisplayName: &display}, {Description: &desc}} {
				wg.Go(func() { _, errs[i] = a.PatchTeam(ctx, alice.sess, team.Id, p) })
			}
			wg.Wait()
			for _, err := range errs {
				if err != nil {
					t.Fatal(err)
				}
			}
			got, err := st.GetTeam(ctx, team.Id)
			if err != nil {
				t.Fatal(err)
			}
			if got.DisplayName != display || got.Description != desc {
				t.Fatalf("round %d: display %q, description %q: a concurrent patch was lost", round, got.DisplayName, got.Description)
			}
		}
	})
}
