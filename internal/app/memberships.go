package app

import (
	"context"

	"roster/internal/model"
)

// teamRolesOf returns the team roles of userID's active membership in teamID ("" when not a
// member).
func (a *App) teamRolesOf(ctx context.Context, teamID, userID string) (string, error) {
	return "", nil
}

// channelRolesOf returns userID's channel roles in channelID ("" when not a member), the
// channel's team and whether the channel exists.
func (a *App) channelRolesOf(ctx context.Context, channelID, userID string) (roles, teamID string, found bool, err error) {
	return "", "", false, nil
}

// sharesTeamOrChannel reports whether target is in a team where viewer may view members,
// or in a channel with viewer.
func (a *App) sharesTeamOrChannel(ctx context.Context, viewer *model.Session, targetID string) (bool, error) {
	return false, nil
}
