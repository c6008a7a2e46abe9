package app

import (
	"context"
	"errors"
	"net/http"

	"roster/internal/model"
	"roster/internal/permission"
	"roster/internal/store"
)

// channelOrError loads a channel, mapping not-found to Mattermost's 404.
func (a *App) channelOrError(ctx context.Context, id string) (*model.Channel, error) {
	c, err := a.store.GetChannel(ctx, id)
	if notFound(err) {
		return nil, model.NewAppError("GetChannel", "app.channel.get.existing.app_error", nil, "", http.StatusNotFound)
	}
	if err != nil {
		return nil, model.NewAppError("GetChannel", "app.channel.get.find.app_error", nil, "", http.StatusInternalServerError).Wrap(err)
	}
	return c, nil
}

// newChannelMember is a fresh membership of u in c with the default notify props.
func (a *App) newChannelMember(c *model.Channel, u *model.User) *model.ChannelMember {
	now := a.nowMillis()
	return &model.ChannelMember{
		ChannelId: c.Id, UserId: u.Id, NotifyProps: model.DefaultChannelNotifyProps(), LastUpdateAt: now,
		SchemeGuest: u.IsGuest(), SchemeUser: !u.IsGuest(),
	}
}

// CreateChannel creates a public or private channel in a team and makes the creator its
// admin (POST /channels). Creating needs create_public_channel / create_private_channel on
// the team, and the creator must be an active member of the team.
func (a *App) CreateChannel(ctx context.Context, s *model.Session, in *model.Channel) (*model.Channel, error) {
	switch in.Type {
	case model.ChannelTypeOpen:
		if err := a.require(ctx, s, permission.CreatePublicChannel, Target{TeamID: in.TeamId}); err != nil {
			return nil, err
		}
	case model.ChannelTypePrivate:
		if err := a.require(ctx, s, permission.CreatePrivateChannel, Target{TeamID: in.TeamId}); err != nil {
			return nil, err
		}
	case model.ChannelTypeDirect, model.ChannelTypeGroup:
		return nil, model.NewAppError("CreateChannelWithUser", "api.channel.create_channel.direct_channel.app_error", nil, "", http.StatusBadRequest)
	}
	t, err := a.teamOrError(ctx, in.TeamId)
	if err != nil {
		return nil, err
	}
	u, err := a.userOrError(ctx, s.UserId)
	if err != nil {
		return nil, err
	}
	c := &model.Channel{
		TeamId: t.Id, Type: in.Type, Name: in.Name, DisplayName: in.DisplayName, Header: in.Header,
		Purpose: in.Purpose, CreatorId: u.Id, GroupConstrained: in.GroupConstrained,
	}
	c.PreSave(a.nowMillis())
	if err := c.IsValid(); err != nil {
		return nil, err
	}
	var changes membershipChanges
	err = a.store.InTx(ctx, func(ctx context.Context) error {
		if err := a.store.LockTeam(ctx, t.Id); err != nil {
			return err
		}
		if err := a.requireActiveTeamMember(ctx, t.Id, u.Id); err != nil {
			return err
		}
		if err := a.store.CreateChannel(ctx, c, a.cfg.TeamSettings.MaxChannelsPerTeam); err != nil {
			return err
		}
		m := a.newChannelMember(c, u)
		m.SchemeAdmin = true
		if err := a.store.SaveChannelMember(ctx, m); err != nil {
			return err
		}
		changes.channel(c.Id, u.Id)
		return nil
	})
	a.forgetChanges(&changes)
	if err != nil {
		if _, ok := model.AsAppError(err); ok {
			return nil, err
		}
		switch {
		case store.IsConflictOn(err, "channels_team_name_key"):
			return nil, model.NewAppError("CreateChannel", "store.sql_channel.save_channel.exists.app_error", nil, "", http.StatusBadRequest).Wrap(err)
		case errors.Is(err, store.ErrLimitExceeded):
			return nil, model.NewAppError("CreateChannel", "store.sql_channel.save_channel.limit.app_error", nil, "", http.StatusBadRequest).Wrap(err)
		}
		return nil, model.NewAppError("CreateChannel", "app.channel.create_channel.internal_error", nil, "", http.StatusInternalServerError).Wrap(err)
	}
	a.log.Info("channel created", "channel_id", c.Id, "team_id", c.TeamId, "user_id", u.Id)
	return c, nil
}

// requireActiveTeamMember: channel membership needs an active team membership.
func (a *App) requireActiveTeamMember(ctx context.Context, teamID, userID string) error {
	tm, err := a.store.GetTeamMember(ctx, teamID, userID)
	if notFound(err) {
		return model.NewAppError("AddUserToChannel", "app.team.get_member.missing.app_error", nil, "", http.StatusNotFound)
	}
	if err != nil {
		return err
	}
	if tm.DeleteAt > 0 {
		return model.NewAppError("AddUserToChannel", "api.channel.add_user.to.channel.failed.deleted.app_error", nil, "", http.StatusBadRequest)
	}
	return nil
}

// GetChannel is GET /channels/{id}: public channels are readable with read_public_channel
// on their team or read_channel; others need read_channel.
func (a *App) GetChannel(ctx context.Context, s *model.Session, channelID string) (*model.Channel, error) {
	c, err := a.channelOrError(ctx, channelID)
	if err != nil {
		return nil, err
	}
	if c.Type == model.ChannelTypeOpen {
		ok, err := a.Allowed(ctx, s, permission.ReadPublicChannel, Target{TeamID: c.TeamId})
		if err != nil {
			return nil, err
		}
		if !ok {
			if ok, err = a.Allowed(ctx, s, permission.ReadChannel, Target{ChannelID: c.Id}); err != nil {
				return nil, err
			}
		}
		if !ok {
			return nil, model.PermissionError(s.UserId, permission.ReadPublicChannel)
		}
		return c, nil
	}
	if err := a.require(ctx, s, permission.ReadChannel, Target{ChannelID: c.Id}); err != nil {
		return nil, err
	}
	return c, nil
}

// GetChannelMembers is GET /channels/{id}/members (read_channel).
func (a *App) GetChannelMembers(ctx context.Context, s *model.Session, channelID string, page, perPage int) ([]*model.ChannelMember, error) {
	if err := a.require(ctx, s, permission.ReadChannel, Target{ChannelID: channelID}); err != nil {
		return nil, err
	}
	members, err := a.store.ListChannelMembers(ctx, channelID, page*perPage, perPage)
	if err != nil {
		return nil, storeError("GetChannelMembers", err)
	}
	return members, nil
}

// AddChannelMembers adds users to a channel (POST /channels/{id}/members). In a public
// channel one may add oneself with join_public_channels on the team and others with
// manage_public_channel_members; in a private channel manage_private_channel_members is
// needed. Users already in the channel are answered with their membership. Per-user
// failures are skipped; the last one is the answer when nobody could be added.
func (a *App) AddChannelMembers(ctx context.Context, s *model.Session, channelID string, userIDs []string) ([]*model.ChannelMember, error) {
	c, err := a.channelOrError(ctx, channelID)
	if err != nil {
		return nil, err
	}
	if s.Props[model.SessionPropIsGuest] == "true" {
		if err := a.require(ctx, s, permission.ReadChannel, Target{ChannelID: c.Id}); err != nil {
			return nil, err
		}
		for _, id := range userIDs {
			ok, err := a.CanSeeUser(ctx, s, id)
			if err != nil {
				return nil, err
			}
			if !ok {
				return nil, model.PermissionError(s.UserId, permission.InviteUser)
			}
		}
	}
	if c.IsGroupOrDirect() {
		return nil, model.NewAppError("addUserToChannel", "api.channel.add_user_to_channel.type.app_error", nil, "", http.StatusBadRequest)
	}
	var canAddSelf, canAddOthers bool
	switch c.Type {
	case model.ChannelTypeOpen:
		if canAddSelf, err = a.Allowed(ctx, s, permission.JoinPublicChannels, Target{TeamID: c.TeamId}); err != nil {
			return nil, err
		}
		if canAddOthers, err = a.Allowed(ctx, s, permission.ManagePublicChannelMembers, Target{ChannelID: c.Id}); err != nil {
			return nil, err
		}
	case model.ChannelTypePrivate:
		if err := a.require(ctx, s, permission.ManagePrivateChannelMembers, Target{ChannelID: c.Id}); err != nil {
			return nil, err
		}
	}
	if c.IsGroupConstrained() {
		return nil, model.NewAppError("addChannelMember", "api.channel.add_members.user_denied", map[string]any{"UserIDs": userIDs}, "", http.StatusBadRequest)
	}

	var (
		added   []*model.ChannelMember
		lastErr error
	)
	for _, id := range userIDs {
		existing, err := a.store.GetChannelMember(ctx, c.Id, id)
		if err != nil && !notFound(err) {
			lastErr = storeError("AddChannelMember", err)
			continue
		}
		if c.Type == model.ChannelTypeOpen {
			self := id == s.UserId
			switch {
			case self && existing != nil:
				added = append(added, existing)
				continue
			case self && !canAddSelf:
				lastErr = model.PermissionError(s.UserId, permission.JoinPublicChannels)
				continue
			case !self && !canAddOthers:
				lastErr = model.PermissionError(s.UserId, permission.ManagePublicChannelMembers)
				continue
			}
		}
		if existing != nil {
			added = append(added, existing)
			continue
		}
		m, err := a.addUserToChannel(ctx, c, id)
		if err != nil {
			lastErr = err
			continue
		}
		added = append(added, m)
	}
	if lastErr != nil && len(added) == 0 {
		return nil, lastErr
	}
	return added, nil
}

// addUserToChannel is Mattermost's AddUserToChannel: the user must exist and be an active
// member of the channel's team; archived channels take no new members.
func (a *App) addUserToChannel(ctx context.Context, c *model.Channel, userID string) (*model.ChannelMember, error) {
	u, err := a.userOrError(ctx, userID)
	if err != nil {
		return nil, err
	}
	if c.DeleteAt != 0 {
		return nil, model.NewAppError("AddUserToChannel", "api.channel.add_user_to_channel.deleted.app_error", nil, "", http.StatusBadRequest)
	}
	var (
		changes membershipChanges
		m       *model.ChannelMember
	)
	err = a.store.InTx(ctx, func(ctx context.Context) error {
		if err := a.store.LockTeam(ctx, c.TeamId); err != nil && !notFound(err) {
			return err
		}
		if err := a.requireActiveTeamMember(ctx, c.TeamId, u.Id); err != nil {
			return err
		}
		if existing, err := a.store.GetChannelMember(ctx, c.Id, u.Id); err == nil {
			m = existing
			return nil
		} else if !notFound(err) {
			return err
		}
		m = a.newChannelMember(c, u)
		if err := a.store.SaveChannelMember(ctx, m); err != nil {
			return err
		}
		m.DeriveRoles()
		changes.channel(c.Id, u.Id)
		return nil
	})
	a.forgetChanges(&changes)
	if err != nil {
		if _, ok := model.AsAppError(err); ok {
			return nil, err
		}
		return nil, model.NewAppError("AddUserToChannel", "api.channel.add_user.to.channel.failed.app_error", nil, "", http.StatusInternalServerError).Wrap(err)
	}
	return m, nil
}

// RemoveChannelMember is DELETE /channels/{id}/members/{user_id}. Leaving oneself needs no
// permission; removing someone else needs manage_public_channel_members or
// manage_private_channel_members. Nobody but guests leaves town-square; a guest who leaves
// their last channel of a team leaves the team too.
func (a *App) RemoveChannelMember(ctx context.Context, s *model.Session, channelID, userID string) error {
	c, err := a.channelOrError(ctx, channelID)
	if err != nil {
		return err
	}
	u, err := a.userOrError(ctx, userID)
	if err != nil {
		return err
	}
	if c.Type != model.ChannelTypeOpen && c.Type != model.ChannelTypePrivate {
		return model.NewAppError("removeChannelMember", "api.channel.remove_channel_member.type.app_error", nil, "", http.StatusBadRequest)
	}
	if c.IsGroupConstrained() && userID != s.UserId && !u.IsBot {
		return model.NewAppError("removeChannelMember", "api.channel.remove_member.group_constrained.app_error", nil, "", http.StatusBadRequest)
	}
	if userID != s.UserId {
		perm := permission.ManagePublicChannelMembers
		if c.Type == model.ChannelTypePrivate {
			perm = permission.ManagePrivateChannelMembers
		}
		if err := a.require(ctx, s, perm, Target{ChannelID: c.Id}); err != nil {
			return err
		}
	}
	if c.Name == model.DefaultChannelName && !u.IsGuest() {
		return model.NewAppError("RemoveUserFromChannel", "api.channel.remove.default.app_error",
			map[string]any{"Channel": model.DefaultChannelName}, "", http.StatusBadRequest)
	}
	var changes membershipChanges
	err = a.store.InTx(ctx, func(ctx context.Context) error {
		if err := a.store.DeleteChannelMember(ctx, c.Id, u.Id); notFound(err) {
			return model.NewAppError("GetChannelMember", "app.channel.get_member.missing.app_error", nil, "", http.StatusNotFound)
		} else if err != nil {
			return err
		}
		changes.channel(c.Id, u.Id)
		if !u.IsGuest() {
			return nil
		}
		left, err := a.store.CountUserChannelsInTeam(ctx, c.TeamId, u.Id)
		if err != nil || left > 0 {
			return err
		}
		return a.leaveTeam(ctx, c.TeamId, u.Id, &changes)
	})
	a.forgetChanges(&changes)
	if err != nil {
		if _, ok := model.AsAppError(err); ok {
			return err
		}
		return model.NewAppError("removeUserFromChannel", "app.channel.remove_member.app_error", nil, "", http.StatusInternalServerError).Wrap(err)
	}
	return nil
}
