package app

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"

	"roster/internal/model"
	"roster/internal/permission"
	"roster/internal/store"
)

// Team membership: roles, members by id, joining through an invitation, unread counts.

// teamMemberOrError loads a membership (active or not), mapping not-found to Mattermost's 404.
func (a *App) teamMemberOrError(ctx context.Context, where, teamID, userID string) (*model.TeamMember, error) {
	m, err := a.store.GetTeamMember(ctx, teamID, userID)
	if notFound(err) {
		return nil, model.NewAppError(where, "app.team.get_member.missing.app_error", nil, "", http.StatusNotFound)
	}
	if err != nil {
		return nil, model.NewAppError(where, "app.team.get_member.app_error", nil, "", http.StatusInternalServerError).Wrap(err)
	}
	return m, nil
}

// changeTeamMember loads a membership, lets change edit its roles and stores them, in one
// transaction; the member's cached team roles are forgotten when it ends, so the next
// permission check sees the change.
func (a *App) changeTeamMember(ctx context.Context, where, teamID, userID string, change func(m *model.TeamMember) error) (*model.TeamMember, error) {
	var (
		m       *model.TeamMember
		changes membershipChanges
	)
	err := a.store.InTx(ctx, func(ctx context.Context) error {
		var err error
		if m, err = a.teamMemberOrError(ctx, where, teamID, userID); err != nil {
			return err
		}
		if err := change(m); err != nil {
			return err
		}
		if len(m.ExplicitRoles) > model.UserRolesMaxLength {
			return model.NewAppError("TeamMember.IsValid", "model.team_member.is_valid.roles_limit.app_error",
				map[string]any{"Limit": model.UserRolesMaxLength}, "", http.StatusBadRequest)
		}
		if err := a.store.UpdateTeamMemberRoles(ctx, m); err != nil {
			return err
		}
		changes.team(userID)
		return nil
	})
	a.forgetChanges(&changes)
	if err != nil {
		if ae, ok := model.AsAppError(err); ok {
			return nil, ae
		}
		return nil, model.NewAppError(where, "app.team.save_member.save.app_error", nil, "", http.StatusInternalServerError).Wrap(err)
	}
	m.DeriveRoles()
	return m, nil
}

// UpdateTeamMemberRoles is PUT /teams/{id}/members/{user_id}/roles (manage_team_roles): roles
// replaces the member's team roles. team_user, team_admin and team_guest set the scheme
// flags; roles no scheme manages are kept as explicit roles; other scheme roles are refused,
// and so is any change of the guest role.
func (a *App) UpdateTeamMemberRoles(ctx context.Context, s *model.Session, teamID, userID, roles string) (*model.TeamMember, error) {
	if !permission.IsValidUserRoles(roles) {
		return nil, model.InvalidBodyParam("team_member_roles")
	}
	if err := a.require(ctx, s, permission.ManageTeamRoles, Target{TeamID: teamID}); err != nil {
		return nil, err
	}
	m, err := a.changeTeamMember(ctx, "UpdateTeamMemberRoles", teamID, userID, func(m *model.TeamMember) error {
		wasGuest := m.SchemeGuest
		m.SchemeGuest, m.SchemeUser, m.SchemeAdmin = false, false, false
		var explicit []string
		for _, name := range strings.Fields(roles) {
			role, ok := a.roles.get(name)
			if !ok {
				return model.NewAppError("GetRoleByName", "app.role.get_by_name.app_error", nil, "", http.StatusBadRequest)
			}
			if !role.SchemeManaged {
				explicit = append(explicit, name)
				continue
			}
			switch name {
			case permission.TeamAdmin:
				m.SchemeAdmin = true
			case permission.TeamUser:
				m.SchemeUser = true
			case permission.TeamGuest:
				m.SchemeGuest = true
			default:
				return model.NewAppError("UpdateTeamMemberRoles", "api.channel.update_team_member_roles.scheme_role.app_error", nil,
					"role_name="+name, http.StatusBadRequest)
			}
		}
		if m.SchemeGuest && m.SchemeUser {
			return model.NewAppError("UpdateTeamMemberRoles", "api.team.update_team_member_roles.guest_and_user.app_error", nil, "", http.StatusBadRequest)
		}
		if m.SchemeGuest != wasGuest {
			return model.NewAppError("UpdateTeamMemberRoles", "api.channel.update_team_member_roles.changing_guest_role.app_error", nil, "", http.StatusBadRequest)
		}
		m.ExplicitRoles = strings.Join(explicit, " ")
		return nil
	})
	if err != nil {
		return nil, err
	}
	a.log.Info("team member roles updated", "team_id", teamID, "user_id", userID, "roles", m.Roles, "by", s.UserId)
	return m, nil
}

// UpdateTeamMemberSchemeRoles is PUT /teams/{id}/members/{user_id}/schemeRoles
// (manage_team_roles): the member's scheme flags are set as sent; guest and user together
// are refused. Explicit roles stay.
func (a *App) UpdateTeamMemberSchemeRoles(ctx context.Context, s *model.Session, teamID, userID string, in model.SchemeRolesUpdate) (*model.TeamMember, error) {
	if err := a.require(ctx, s, permission.ManageTeamRoles, Target{TeamID: teamID}); err != nil {
		return nil, err
	}
	m, err := a.changeTeamMember(ctx, "UpdateTeamMemberSchemeRoles", teamID, userID, func(m *model.TeamMember) error {
		if in.SchemeUser && in.SchemeGuest {
			return model.NewAppError("UpdateTeamMemberSchemeRoles", "api.team.update_team_member_roles.guest_and_user.app_error", nil, "", http.StatusBadRequest)
		}
		m.SchemeAdmin, m.SchemeUser, m.SchemeGuest = in.SchemeAdmin, in.SchemeUser, in.SchemeGuest
		return nil
	})
	if err != nil {
		return nil, err
	}
	a.log.Info("team member scheme roles updated", "team_id", teamID, "user_id", userID, "roles", m.Roles, "by", s.UserId)
	return m, nil
}

// GetTeamMembersByIDs is POST /teams/{id}/members/ids (view_team): the active memberships
// of those users the caller may see; unknown ids are left out.
func (a *App) GetTeamMembersByIDs(ctx context.Context, s *model.Session, teamID string, userIDs []string) ([]*model.TeamMember, error) {
	if err := a.require(ctx, s, permission.ViewTeam, Target{TeamID: teamID}); err != nil {
		return nil, err
	}
	view, err := a.viewRestriction(ctx, s)
	if err != nil {
		return nil, err
	}
	seen := make(map[string]bool, len(userIDs))
	ids := make([]string, 0, len(userIDs))
	for _, id := range userIDs {
		if model.IsValidId(id) && !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	members, err := a.store.GetTeamMembersByIDs(ctx, teamID, ids, view)
	if err != nil {
		return nil, model.NewAppError("GetTeamMembersByIds", "app.team.get_members_by_ids.app_error", nil, "", http.StatusInternalServerError).Wrap(err)
	}
	return members, nil
}

// JoinTeamFromInvite is POST /teams/members/invite: the caller joins a team with an email
// invitation's token (which is used up) or, when no token is given, with a team's invite id.
func (a *App) JoinTeamFromInvite(ctx context.Context, s *model.Session, token, inviteID string) (*model.TeamMember, error) {
	switch {
	case token != "":
		return a.joinTeamByToken(ctx, s, token)
	case inviteID != "":
		if s.Props[model.SessionPropIsGuest] == "true" {
			return nil, model.NewAppError("addUserToTeamFromInvite", "api.team.add_user_to_team_from_invite.guest.app_error", nil, "", http.StatusForbidden)
		}
		return a.joinTeamByInviteID(ctx, s, inviteID)
	}
	return nil, model.NewAppError("addTeamMember", "api.team.add_user_to_team.missing_parameter.app_error", nil, "", http.StatusBadRequest)
}

// joinTeamByToken joins the caller to the invitation's team and the invitation's channels
// the sender may still add members to. The token is used up in the same transaction: if
// joining fails it stays usable, and of two concurrent uses only one succeeds.
func (a *App) joinTeamByToken(ctx context.Context, s *model.Session, secret string) (*model.TeamMember, error) {
	invalid := model.NewAppError("AddUserToTeamByToken", "api.user.create_user.signup_link_invalid.app_error", nil, "", http.StatusBadRequest)
	tok, err := a.store.GetToken(ctx, secret, TokenTypeTeamInvitation)
	if notFound(err) {
		return nil, invalid
	}
	if err != nil {
		return nil, storeError("AddUserToTeamByToken", err)
	}
	if a.nowMillis()-tok.CreateAt >= InvitationExpiry.Milliseconds() {
		if _, err := a.store.ConsumeToken(ctx, secret, TokenTypeTeamInvitation); err != nil && !notFound(err) {
			a.log.Error("delete an expired invitation", "err", err)
		}
		return nil, model.NewAppError("AddUserToTeamByToken", "api.user.create_user.signup_link_expired.app_error", nil, "", http.StatusBadRequest)
	}
	var data invitationData
	if err := json.Unmarshal([]byte(tok.Extra), &data); err != nil {
		return nil, invalid
	}
	team, err := a.store.GetTeam(ctx, data.TeamID)
	if notFound(err) {
		return nil, model.NewAppError("AddUserToTeamByToken", "app.team.get.find.app_error", nil, "", http.StatusNotFound)
	}
	if err != nil {
		return nil, model.NewAppError("AddUserToTeamByToken", "app.team.get.finding.app_error", nil, "", http.StatusInternalServerError).Wrap(err)
	}
	if team.IsGroupConstrained() {
		return nil, model.NewAppError("AddUserToTeamByToken", "app.team.invite_token.group_constrained.error", nil, "", http.StatusForbidden)
	}
	user, err := a.userOrError(ctx, s.UserId)
	if err != nil {
		return nil, err
	}
	if user.IsGuest() {
		return nil, model.NewAppError("AddUserToTeamByToken", "api.user.create_user.invalid_invitation_type.app_error", nil, "", http.StatusBadRequest)
	}
	channels := a.signUpChannels(ctx, data)

	var (
		member  *model.TeamMember
		changes membershipChanges
	)
	err = a.store.InTx(ctx, func(ctx context.Context) error {
		if _, err := a.store.ConsumeToken(ctx, secret, TokenTypeTeamInvitation); notFound(err) {
			return invalid // used by a concurrent request
		} else if err != nil {
			return err
		}
		stored, err := a.store.GetUser(ctx, user.Id)
		if err != nil {
			return err
		}
		if member, _, err = a.joinUserToTeam(ctx, team, stored, &changes); err != nil {
			return err
		}
		for _, c := range channels {
			if err := a.joinChannelIfAbsent(ctx, c, stored, false, &changes); err != nil {
				return err
			}
		}
		return nil
	})
	a.forgetChanges(&changes)
	if err != nil {
		if _, ok := model.AsAppError(err); ok {
			return nil, err
		}
		return nil, model.NewAppError("JoinUserToTeam", "app.team.join_user_to_team.save_member.app_error", nil, "", http.StatusInternalServerError).Wrap(err)
	}
	a.log.Info("invitation used", "user_id", user.Id, "team_id", team.Id)
	return member, nil
}

// joinTeamByInviteID joins the caller to the live team with that invite id (open or not:
// the invite id is the team's shareable link).
func (a *App) joinTeamByInviteID(ctx context.Context, s *model.Session, inviteID string) (*model.TeamMember, error) {
	team, err := a.store.GetTeamByInviteID(ctx, inviteID)
	if notFound(err) {
		return nil, model.NewAppError("AddUserToTeamByInviteId", "app.team.get_by_invite_id.finding.app_error", nil, "", http.StatusNotFound)
	}
	if err != nil {
		return nil, model.NewAppError("AddUserToTeamByInviteId", "app.team.get_by_invite_id.finding.app_error", nil, "", http.StatusInternalServerError).Wrap(err)
	}
	if team.IsGroupConstrained() {
		return nil, model.NewAppError("AddTeamMemberByInviteId", "app.team.invite_id.group_constrained.error", nil, "", http.StatusForbidden)
	}
	return a.addUserToTeam(ctx, team, s.UserId)
}

// teamUnreads sums channel unread counts per team, in the order the channels come (by
// team): messages count only in channels not set to mark unread on mentions alone.
func teamUnreads(rows []store.ChannelUnread) []*model.TeamUnread {
	out := []*model.TeamUnread{}
	byTeam := map[string]*model.TeamUnread{}
	for _, r := range rows {
		tu := byTeam[r.TeamID]
		if tu == nil {
			tu = &model.TeamUnread{TeamId: r.TeamID}
			byTeam[r.TeamID] = tu
			out = append(out, tu)
		}
		tu.MentionCount += r.MentionCount
		tu.MentionCountRoot += r.MentionCountRoot
		if r.NotifyProps[model.MarkUnreadNotifyProp] != model.ChannelMarkUnreadMention {
			tu.MsgCount += r.MsgCount
			tu.MsgCountRoot += r.MsgCountRoot
		}
	}
	return out
}

func (a *App) channelUnreads(ctx context.Context, userID, teamID, excludeTeamID string) ([]store.ChannelUnread, error) {
	rows, err := a.store.ChannelUnreads(ctx, userID, teamID, excludeTeamID)
	if err != nil {
		return nil, model.NewAppError("GetTeamUnread", "app.team.get_unread.app_error", nil, "", http.StatusInternalServerError).Wrap(err)
	}
	return rows, nil
}

// GetTeamsUnreadForUser is GET /users/{id}/teams/unread (the user themself, or
// manage_system): per team with a channel of the user's, its unread message and mention
// counts, leaving out excludeTeamID. Roster keeps no posts, so the counts stay 0 and thread
// counts are always 0.
func (a *App) GetTeamsUnreadForUser(ctx context.Context, s *model.Session, userID, excludeTeamID string) ([]*model.TeamUnread, error) {
	if s.UserId != userID && !a.has(s, permission.ManageSystem) {
		return nil, model.PermissionError(s.UserId, permission.ManageSystem)
	}
	rows, err := a.channelUnreads(ctx, userID, "", excludeTeamID)
	if err != nil {
		return nil, err
	}
	return teamUnreads(rows), nil
}

// GetTeamUnread is GET /users/{id}/teams/{team_id}/unread (the user themself or
// edit_other_users, and view_team on the team).
func (a *App) GetTeamUnread(ctx context.Context, s *model.Session, userID, teamID string) (*model.TeamUnread, error) {
	if err := a.require(ctx, s, permission.EditOtherUsers, Target{UserID: userID}); err != nil {
		return nil, err
	}
	if err := a.require(ctx, s, permission.ViewTeam, Target{TeamID: teamID}); err != nil {
		return nil, err
	}
	rows, err := a.channelUnreads(ctx, userID, teamID, "")
	if err != nil {
		return nil, err
	}
	if unreads := teamUnreads(rows); len(unreads) == 1 {
		return unreads[0], nil
	}
	return &model.TeamUnread{TeamId: teamID}, nil
}
