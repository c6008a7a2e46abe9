package app

import (
	"context"
	"net/http"

	"roster/internal/model"
)

// createWithInviteID signs up through a team's invite id (POST /users?iid=): the user is
// created (email not verified) and joined to the team, in one transaction, so that a
// failed join leaves no account behind.
func (a *App) createWithInviteID(ctx context.Context, u *model.User, inviteID string) (*model.User, error) {
	team, err := a.store.GetTeamByInviteID(ctx, inviteID)
	if notFound(err) {
		return nil, model.NewAppError("CreateUserWithInviteId", "app.team.get_by_invite_id.finding.app_error", nil, "", http.StatusNotFound)
	}
	if err != nil {
		return nil, model.NewAppError("CreateUserWithInviteId", "app.team.get_by_invite_id.finding.app_error", nil, "", http.StatusInternalServerError).Wrap(err)
	}
	if team.IsGroupConstrained() {
		return nil, model.NewAppError("CreateUserWithInviteId", "app.team.invite_id.group_constrained.error", nil, "", http.StatusForbidden)
	}
	if !model.EmailInDomains(u.Email, model.SplitDomains(team.AllowedDomains)) {
		return nil, model.NewAppError("CreateUserWithInviteId", "api.team.invite_members.invalid_email.app_error",
			map[string]any{"Addresses": team.AllowedDomains}, "", http.StatusForbidden)
	}
	u.EmailVerified = false
	var (
		created *model.User
		changes membershipChanges
	)
	err = a.store.InTx(ctx, func(ctx context.Context) error {
		var err error
		if created, err = a.createUser(ctx, u, createOptions{}); err != nil {
			return err
		}
		stored, err := a.store.GetUser(ctx, created.Id)
		if err != nil {
			return err
		}
		_, _, err = a.joinUserToTeam(ctx, team, stored, &changes)
		return err
	})
	a.forgetChanges(&changes)
	if err != nil {
		if _, ok := model.AsAppError(err); ok {
			return nil, err
		}
		return nil, storeError("CreateUserWithInviteId", err)
	}
	a.invalidateUser(created.Id)
	return created, nil
}
