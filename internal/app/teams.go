package app

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"roster/internal/model"
	"roster/internal/permission"
	"roster/internal/store"
)

// membershipChanges collects the cached memberships a transaction changes; they are
// forgotten once it has committed (or failed), never before, so that no request caches a
// state that is about to change.
type membershipChanges struct {
	users    map[string]bool    // user id: user copy and team memberships
	channels map[[2]string]bool // channel id, user id: channel access
}

func (c *membershipChanges) team(userID string) {
	if c.users == nil {
		c.users = map[string]bool{}
	}
	c.users[userID] = true
}

func (c *membershipChanges) channel(channelID, userID string) {
	if c.channels == nil {
		c.channels = map[[2]string]bool{}
	}
	c.channels[[2]string{channelID, userID}] = true
}

func (a *App) forgetChanges(c *membershipChanges) {
	for id := range c.users {
		a.invalidateUser(id)
		a.invalidateTeamMemberships(id)
	}
	for k := range c.channels {
		a.invalidateChannelAccess(k[0], k[1])
	}
}

// teamOrError loads a team, mapping not-found to Mattermost's 404.
func (a *App) teamOrError(ctx context.Context, id string) (*model.Team, error) {
	t, err := a.store.GetTeam(ctx, id)
	if notFound(err) {
		return nil, model.NewAppError("GetTeam", "app.team.get.find.app_error", nil, "", http.StatusNotFound)
	}
	if err != nil {
		return nil, storeError("GetTeam", err)
	}
	return t, nil
}

// teamEmailAllowed applies the team's allowed_domains and
// TeamSettings.RestrictCreationToDomains to u: each list that is not empty must hold the
// domain of u's email. Bots are exempt.
func (a *App) teamEmailAllowed(u *model.User, t *model.Team) bool {
	if u.IsBot {
		return true
	}
	for _, list := range []string{t.AllowedDomains, a.cfg.TeamSettings.RestrictCreationToDomains} {
		if !model.EmailInDomains(u.Email, model.SplitDomains(list)) {
			return false
		}
	}
	return true
}

// defaultChannelNames are the channels every team has and every member joins: town-square,
// then off-topic, or instead of off-topic TeamSettings.ExperimentalDefaultChannels.
func (a *App) defaultChannelNames() []string {
	names := []string{model.DefaultChannelName}
	extra := a.cfg.TeamSettings.ExperimentalDefaultChannels
	if len(extra) == 0 {
		return append(names, model.OffTopicChannelName)
	}
	seen := map[string]bool{model.DefaultChannelName: true}
	for _, n := range extra {
		if !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
	}
	return names
}

// CreateTeam creates a team, its default channels, and joins the caller as team admin
// (POST /teams). The answer is not sanitised: the creator administers the team.
func (a *App) CreateTeam(ctx context.Context, s *model.Session, in *model.Team) (*model.Team, error) {
	if !a.has(s, permission.CreateTeam) {
		return nil, model.NewAppError("createTeam", "api.team.is_team_creation_allowed.disabled.app_error", nil, "", http.StatusForbidden)
	}
	if in.SchemeId != nil && !a.has(s, permission.SysconsoleWriteUserManagementPermissions) {
		return nil, model.PermissionError(s.UserId, permission.SysconsoleWriteUserManagementPermissions)
	}
	user, err := a.userOrError(ctx, s.UserId)
	if err != nil {
		return nil, err
	}
	t := in.Clone()
	t.Email = strings.ToLower(user.Email)
	if !a.teamEmailAllowed(user, t) {
		return nil, model.NewAppError("CreateTeamWithUser", "api.team.is_team_creation_allowed.domain.app_error", nil, "", http.StatusBadRequest)
	}
	if t.Id != "" {
		return nil, model.NewAppError("CreateTeam", "app.team.save.existing.app_error", nil, "id="+t.Id, http.StatusBadRequest)
	}
	t.InviteId = ""
	now := a.nowMillis()
	t.PreSave(now)
	if err := t.IsValid(); err != nil {
		return nil, err
	}
	var changes membershipChanges
	err = a.store.InTx(ctx, func(ctx context.Context) error {
		if err := a.store.CreateTeam(ctx, t); err != nil {
			return err
		}
		for _, name := range a.defaultChannelNames() {
			display := name
			switch name {
			case model.DefaultChannelName:
				display = "Town Square"
			case model.OffTopicChannelName:
				display = "Off-Topic"
			}
			ch := &model.Channel{TeamId: t.Id, Type: model.ChannelTypeOpen, Name: name, DisplayName: display}
			ch.PreSave(now)
			if err := ch.IsValid(); err != nil {
				return err
			}
			if err := a.store.CreateChannel(ctx, ch, a.cfg.TeamSettings.MaxChannelsPerTeam); err != nil {
				return err
			}
		}
		_, _, err := a.joinUserToTeam(ctx, t, user, &changes)
		return err
	})
	a.forgetChanges(&changes)
	if err != nil {
		return nil, teamSaveError(err)
	}
	a.log.Info("team created", "team_id", t.Id, "name", t.Name, "user_id", s.UserId)
	return t.Clone(), nil
}

func teamSaveError(err error) error {
	if _, ok := model.AsAppError(err); ok {
		return err
	}
	switch {
	case store.IsConflictOn(err, "teams_name_key"):
		return model.NewAppError("CreateTeam", "app.team.save.existing.app_error", nil, "", http.StatusBadRequest).Wrap(err)
	case store.IsConflictOn(err, "channels_team_name_key"):
		return model.NewAppError("CreateTeam", "store.sql_channel.save_channel.exists.app_error", nil, "", http.StatusBadRequest).Wrap(err)
	case errors.Is(err, store.ErrLimitExceeded):
		return model.NewAppError("CreateTeam", "store.sql_channel.save_channel.limit.app_error", nil, "", http.StatusBadRequest).Wrap(err)
	}
	return model.NewAppError("CreateTeam", "app.team.save.app_error", nil, "", http.StatusInternalServerError).Wrap(err)
}

// joinUserToTeam is Mattermost's JoinUserToTeam, run inside the caller's transaction: an
// active membership is returned as it is (alreadyMember); a departed one is reactivated and
// a missing one created, both within TeamSettings.MaxUsersPerTeam; the user's update_at is
// bumped and non-guests join the team's default channels (as channel admin when they
// become team admin, i.e. when their email is the team's).
func (a *App) joinUserToTeam(ctx context.Context, t *model.Team, u *model.User, changes *membershipChanges) (member *model.TeamMember, alreadyMember bool, err error) {
	if !a.teamEmailAllowed(u, t) {
		return nil, false, model.NewAppError("JoinUserToTeam", "api.team.join_user_to_team.allowed_domains.app_error", nil, "", http.StatusBadRequest)
	}
	if err := a.store.LockTeam(ctx, t.Id); err != nil {
		if notFound(err) {
			return nil, false, model.NewAppError("JoinUserToTeam", "app.team.get.find.app_error", nil, "", http.StatusNotFound)
		}
		return nil, false, err
	}
	existing, err := a.store.GetTeamMember(ctx, t.Id, u.Id)
	if err != nil && !notFound(err) {
		return nil, false, err
	}
	if existing != nil && existing.DeleteAt == 0 {
		return existing, true, nil
	}
	now := a.nowMillis()
	m := &model.TeamMember{
		TeamId: t.Id, UserId: u.Id, CreateAt: now,
		SchemeGuest: u.IsGuest(), SchemeUser: !u.IsGuest(), SchemeAdmin: t.Email != "" && t.Email == u.Email,
	}
	if err := a.store.SaveTeamMember(ctx, m, a.cfg.TeamSettings.MaxUsersPerTeam); err != nil {
		switch {
		case errors.Is(err, store.ErrLimitExceeded):
			id := "app.team.join_user_to_team.save_member.max_accounts.app_error"
			if existing != nil {
				id = "app.team.join_user_to_team.max_accounts.app_error"
			}
			return nil, false, model.NewAppError("JoinUserToTeam", id, nil, "teamId="+t.Id, http.StatusBadRequest)
		case store.IsConflictOn(err, "team_members_pkey"):
			return nil, false, model.NewAppError("JoinUserToTeam", "app.team.join_user_to_team.save_member.conflict.app_error", nil, "", http.StatusBadRequest).Wrap(err)
		}
		return nil, false, err
	}
	m.DeriveRoles()
	if err := a.store.TouchUser(ctx, u.Id, now); err != nil {
		return nil, false, err
	}
	changes.team(u.Id)
	if !u.IsGuest() {
		if err := a.joinDefaultChannels(ctx, t.Id, u, m.SchemeAdmin, changes); err != nil {
			return nil, false, err
		}
	}
	return m, false, nil
}

// joinDefaultChannels adds u to the team's live default channels it is not in yet.
func (a *App) joinDefaultChannels(ctx context.Context, teamID string, u *model.User, admin bool, changes *membershipChanges) error {
	for _, name := range a.defaultChannelNames() {
		ch, err := a.store.GetChannelByName(ctx, teamID, name)
		if notFound(err) {
			continue
		}
		if err != nil {
			return err
		}
		if ch.DeleteAt != 0 {
			continue
		}
		if err := a.joinChannelIfAbsent(ctx, ch, u, admin, changes); err != nil {
			return err
		}
	}
	return nil
}

// joinChannelIfAbsent makes u a member of c (a channel admin when admin) unless it is one.
func (a *App) joinChannelIfAbsent(ctx context.Context, c *model.Channel, u *model.User, admin bool, changes *membershipChanges) error {
	if _, err := a.store.GetChannelMember(ctx, c.Id, u.Id); err == nil {
		return nil
	} else if !notFound(err) {
		return err
	}
	m := a.newChannelMember(c, u)
	m.SchemeAdmin = admin
	if err := a.store.SaveChannelMember(ctx, m); err != nil {
		return err
	}
	changes.channel(c.Id, u.Id)
	return nil
}

// GetTeam returns a team as the caller may see it (GET /teams/{id}): teams that are not open
// need view_team.
func (a *App) GetTeam(ctx context.Context, s *model.Session, teamID string) (*model.Team, error) {
	t, err := a.teamOrError(ctx, teamID)
	if err != nil {
		return nil, err
	}
	return a.readableTeam(ctx, s, t)
}

// GetTeamByName is GET /teams/name/{name}.
func (a *App) GetTeamByName(ctx context.Context, s *model.Session, name string) (*model.Team, error) {
	t, err := a.store.GetTeamByName(ctx, name)
	if notFound(err) {
		return nil, model.NewAppError("GetTeamByName", "app.team.get_by_name.missing.app_error", nil, "", http.StatusNotFound)
	}
	if err != nil {
		return nil, storeError("GetTeamByName", err)
	}
	return a.readableTeam(ctx, s, t)
}

func (a *App) readableTeam(ctx context.Context, s *model.Session, t *model.Team) (*model.Team, error) {
	if !t.IsOpen() {
		if err := a.require(ctx, s, permission.ViewTeam, Target{TeamID: t.Id}); err != nil {
			return nil, err
		}
	}
	return a.sanitizeTeam(ctx, s, t)
}

// sanitizeTeam returns a copy of t as the caller may see it: everything for those who may
// manage the team; the invite id but not the email for those who may invite; neither for
// anyone else.
func (a *App) sanitizeTeam(ctx context.Context, s *model.Session, t *model.Team) (*model.Team, error) {
	c := t.Clone()
	manage, err := a.Allowed(ctx, s, permission.ManageTeam, Target{TeamID: t.Id})
	if err != nil || manage {
		return c, err
	}
	invite, err := a.Allowed(ctx, s, permission.InviteUser, Target{TeamID: t.Id})
	if err != nil {
		return nil, err
	}
	inviteID := c.InviteId
	c.Sanitize()
	if invite {
		c.InviteId = inviteID
	}
	return c, nil
}

func (a *App) sanitizeTeams(ctx context.Context, s *model.Session, teams []*model.Team) ([]*model.Team, error) {
	out := make([]*model.Team, len(teams))
	for i, t := range teams {
		c, err := a.sanitizeTeam(ctx, s, t)
		if err != nil {
			return nil, err
		}
		out[i] = c
	}
	return out, nil
}

// ListTeamsInput is GET /teams.
type ListTeamsInput struct {
	Page, PerPage            int
	IncludeTotalCount        bool
	ExcludePolicyConstrained bool
}

// ListTeams returns the live teams the caller may list: all with list_private_teams and
// list_public_teams, else only open-invite or only invite-only ones. Membership does not
// matter.
func (a *App) ListTeams(ctx context.Context, s *model.Session, in ListTeamsInput) ([]*model.Team, int64, error) {
	if in.ExcludePolicyConstrained && !a.has(s, permission.SysconsoleReadComplianceDataRetentionPolicy) {
		return nil, 0, model.PermissionError(s.UserId, permission.SysconsoleReadComplianceDataRetentionPolicy)
	}
	listPrivate := a.has(s, permission.ListPrivateTeams)
	listPublic := a.has(s, permission.ListPublicTeams)
	opts := store.TeamListOptions{Offset: in.Page * in.PerPage, Limit: in.PerPage}
	switch {
	case listPrivate && listPublic:
	case listPrivate:
		opts.AllowOpenInvite = new(false)
	case listPublic:
		opts.AllowOpenInvite = new(true)
	default:
		return nil, 0, model.NewAppError("getAllTeams", "api.team.get_all_teams.insufficient_permissions", nil, "", http.StatusForbidden)
	}
	teams, err := a.store.ListTeams(ctx, opts)
	if err != nil {
		return nil, 0, storeError("GetAllTeamsPage", err)
	}
	var total int64
	if in.IncludeTotalCount {
		if total, err = a.store.CountTeams(ctx, opts); err != nil {
			return nil, 0, storeError("GetAllTeamsPageWithCount", err)
		}
	}
	teams, err = a.sanitizeTeams(ctx, s, teams)
	return teams, total, err
}

// GetTeamsForUser is GET /users/{id}/teams: the user themself, or
// sysconsole_read_user_management_users.
func (a *App) GetTeamsForUser(ctx context.Context, s *model.Session, userID string) ([]*model.Team, error) {
	if s.UserId != userID && !a.has(s, permission.SysconsoleReadUserManagementUsers) {
		return nil, model.PermissionError(s.UserId, permission.SysconsoleReadUserManagementUsers)
	}
	teams, err := a.store.GetTeamsForUser(ctx, userID)
	if err != nil {
		return nil, storeError("GetTeamsForUser", err)
	}
	if teams, err = a.sanitizeTeams(ctx, s, teams); err != nil {
		return nil, err
	}
	if !a.cfg.PrivacySettings.ShowEmailAddress && !a.has(s, permission.ManageSystem) {
		for _, t := range teams {
			t.Email = ""
		}
	}
	return teams, nil
}

// GetTeamMembersForUser is GET /users/{id}/teams/members: every membership of the user,
// departed ones included.
func (a *App) GetTeamMembersForUser(ctx context.Context, s *model.Session, userID string) ([]*model.TeamMember, error) {
	self, err := a.Allowed(ctx, s, permission.EditOtherUsers, Target{UserID: userID})
	if err != nil {
		return nil, err
	}
	if !self && !a.has(s, permission.ReadOtherUsersTeams) {
		return nil, model.PermissionError(s.UserId, permission.ReadOtherUsersTeams)
	}
	if err := a.requireCanSee(ctx, s, userID); err != nil {
		return nil, err
	}
	members, err := a.store.GetTeamMembersForUser(ctx, userID, true)
	if err != nil {
		return nil, model.NewAppError("GetTeamMembersForUser", "app.team.get_members.app_error", nil, "", http.StatusInternalServerError).Wrap(err)
	}
	return members, nil
}

// TeamMembersInput is GET /teams/{id}/members.
type TeamMembersInput struct {
	Page, PerPage       int
	Sort                string // only "Username" sorts by username
	ExcludeDeletedUsers bool
}

// GetTeamMembers returns a page of the team's active members (view_team on the team).
func (a *App) GetTeamMembers(ctx context.Context, s *model.Session, teamID string, in TeamMembersInput) ([]*model.TeamMember, error) {
	if err := a.require(ctx, s, permission.ViewTeam, Target{TeamID: teamID}); err != nil {
		return nil, err
	}
	view, err := a.viewRestriction(ctx, s)
	if err != nil {
		return nil, err
	}
	members, err := a.store.ListTeamMembers(ctx, teamID, store.TeamMemberListOptions{
		SortByUsername: in.Sort == "Username", ExcludeDeletedUsers: in.ExcludeDeletedUsers,
		View: view, Offset: in.Page * in.PerPage, Limit: in.PerPage,
	})
	if err != nil {
		return nil, model.NewAppError("GetTeamMembers", "app.team.get_members.app_error", nil, "", http.StatusInternalServerError).Wrap(err)
	}
	return members, nil
}

// GetTeamMember is GET /teams/{id}/members/{user_id}.
func (a *App) GetTeamMember(ctx context.Context, s *model.Session, teamID, userID string) (*model.TeamMember, error) {
	if err := a.require(ctx, s, permission.ViewTeam, Target{TeamID: teamID}); err != nil {
		return nil, err
	}
	if err := a.requireCanSee(ctx, s, userID); err != nil {
		return nil, err
	}
	m, err := a.store.GetTeamMember(ctx, teamID, userID)
	if notFound(err) {
		return nil, model.NewAppError("GetTeamMember", "app.team.get_member.missing.app_error", nil, "", http.StatusNotFound)
	}
	if err != nil {
		return nil, storeError("GetTeamMember", err)
	}
	return m, nil
}

// AddTeamMember adds one user (POST /teams/{id}/members). Adding oneself needs
// join_public_teams (open-invite teams) or join_private_teams; adding someone else needs
// add_user_to_team on the team. An existing membership is answered as it is.
func (a *App) AddTeamMember(ctx context.Context, s *model.Session, teamID, userID string) (*model.TeamMember, error) {
	if userID == s.UserId {
		t, err := a.teamOrError(ctx, teamID)
		if err != nil {
			return nil, err
		}
		perm := permission.JoinPrivateTeams
		if t.AllowOpenInvite {
			perm = permission.JoinPublicTeams
		}
		if !a.has(s, perm) {
			return nil, model.PermissionError(s.UserId, perm)
		}
	} else if err := a.require(ctx, s, permission.AddUserToTeam, Target{TeamID: teamID}); err != nil {
		return nil, err
	}
	t, err := a.teamOrError(ctx, teamID)
	if err != nil {
		return nil, err
	}
	if t.IsGroupConstrained() {
		return nil, groupDenied("addTeamMember", []string{userID})
	}
	return a.addUserToTeam(ctx, t, userID)
}

// groupDenied: no user belongs to a synced group (Roster has none), so a group-constrained
// team or channel admits nobody.
func groupDenied(where string, userIDs []string) *model.AppError {
	return model.NewAppError(where, "api.team.add_members.user_denied", map[string]any{"UserIDs": userIDs}, "", http.StatusBadRequest)
}

func (a *App) addUserToTeam(ctx context.Context, t *model.Team, userID string) (*model.TeamMember, error) {
	u, err := a.userOrError(ctx, userID)
	if err != nil {
		return nil, err
	}
	var (
		changes membershipChanges
		m       *model.TeamMember
	)
	err = a.store.InTx(ctx, func(ctx context.Context) error {
		var err error
		m, _, err = a.joinUserToTeam(ctx, t, u, &changes)
		return err
	})
	a.forgetChanges(&changes)
	if err != nil {
		if _, ok := model.AsAppError(err); ok {
			return nil, err
		}
		return nil, model.NewAppError("JoinUserToTeam", "app.team.join_user_to_team.save_member.app_error", nil, "", http.StatusInternalServerError).Wrap(err)
	}
	return m, nil
}

// AddTeamMembers adds users one after the other (POST /teams/{id}/members/batch). Without
// graceful the first failure is the answer and the users added before it stay added; with
// graceful every user gets an entry with its member or its error.
func (a *App) AddTeamMembers(ctx context.Context, s *model.Session, teamID string, members []*model.TeamMember, graceful bool) ([]*model.TeamMemberWithError, error) {
	t, err := a.teamOrError(ctx, teamID)
	if err != nil {
		return nil, err
	}
	userIDs := make([]string, 0, len(members))
	for _, m := range members {
		userIDs = append(userIDs, m.UserId)
	}
	if t.IsGroupConstrained() {
		return nil, groupDenied("addTeamMembers", userIDs)
	}
	for _, m := range members {
		if m.TeamId != teamID {
			return nil, model.InvalidBodyParam("team_id for member with user_id=" + m.UserId)
		}
		if !model.IsValidId(m.UserId) {
			return nil, model.InvalidBodyParam("user_id")
		}
	}
	if err := a.require(ctx, s, permission.AddUserToTeam, Target{TeamID: teamID}); err != nil {
		return nil, err
	}
	out := make([]*model.TeamMemberWithError, 0, len(userIDs))
	for _, id := range userIDs {
		m, err := a.addUserToTeam(ctx, t, id)
		if err != nil {
			ae, ok := model.AsAppError(err)
			if !graceful || !ok {
				return nil, err
			}
			out = append(out, &model.TeamMemberWithError{UserId: id, Error: ae})
			continue
		}
		out = append(out, &model.TeamMemberWithError{UserId: id, Member: m})
	}
	return out, nil
}

// RemoveTeamMember makes a user leave a team (DELETE /teams/{id}/members/{user_id}): the
// membership is soft-deleted and the user leaves every channel of the team. Leaving
// oneself needs no permission; removing someone else needs remove_user_from_team.
func (a *App) RemoveTeamMember(ctx context.Context, s *model.Session, teamID, userID string) error {
	if userID != s.UserId {
		if err := a.require(ctx, s, permission.RemoveUserFromTeam, Target{TeamID: teamID}); err != nil {
			return err
		}
	}
	t, err := a.teamOrError(ctx, teamID)
	if err != nil {
		return err
	}
	u, err := a.userOrError(ctx, userID)
	if err != nil {
		return err
	}
	if t.IsGroupConstrained() && userID != s.UserId && !u.IsBot {
		return model.NewAppError("removeTeamMember", "api.team.remove_member.group_constrained.app_error", nil, "", http.StatusBadRequest)
	}
	var changes membershipChanges
	err = a.store.InTx(ctx, func(ctx context.Context) error { return a.leaveTeam(ctx, t.Id, u.Id, &changes) })
	a.forgetChanges(&changes)
	if err != nil {
		if _, ok := model.AsAppError(err); ok {
			return err
		}
		return model.NewAppError("RemoveTeamMemberFromTeam", "app.team.save_member.save.app_error", nil, "", http.StatusInternalServerError).Wrap(err)
	}
	a.log.Info("team member removed", "team_id", teamID, "user_id", userID, "by", s.UserId)
	return nil
}

// leaveTeam is Mattermost's LeaveTeam inside the caller's transaction.
func (a *App) leaveTeam(ctx context.Context, teamID, userID string, changes *membershipChanges) error {
	if _, err := a.store.GetTeamMember(ctx, teamID, userID); notFound(err) {
		return model.NewAppError("LeaveTeam", "api.team.remove_user_from_team.missing.app_error", nil, "", http.StatusBadRequest)
	} else if err != nil {
		return err
	}
	left, err := a.store.LeaveTeamChannels(ctx, teamID, userID)
	if err != nil {
		return err
	}
	for _, id := range left {
		changes.channel(id, userID)
	}
	now := a.nowMillis()
	if err := a.store.RemoveTeamMember(ctx, teamID, userID, now); err != nil {
		return err
	}
	changes.team(userID)
	return a.store.TouchUser(ctx, userID, now)
}
