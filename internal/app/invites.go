package app

import (
	"context"
	"net/http"

	"roster/internal/model"
)

// createWithInviteToken signs up with an email invitation token (POST /users?t=).
func (a *App) createWithInviteToken(ctx context.Context, u *model.User, token string) (*model.User, error) {
	return nil, model.NewAppError("CreateUserWithToken", "api.user.create_user.signup_link_invalid.app_error", nil, "", http.StatusNotFound)
}

// createWithInviteID signs up through a team's invite id (POST /users?iid=).
func (a *App) createWithInviteID(ctx context.Context, u *model.User, inviteID string) (*model.User, error) {
	return nil, model.NewAppError("CreateUserWithInviteId", "app.team.get_by_invite_id.finding.app_error", nil, "", http.StatusNotFound)
}
