package app

import (
	"context"
	"net/http"
	"slices"

	"roster/internal/model"
	"roster/internal/permission"
	"roster/internal/store"
)

// Team settings: update, patch, privacy, invite id, archive, restore, permanent deletion,
// search, existence and statistics.

// changeTeam loads the team, lets change edit it and saves it, in one transaction that
// holds the team's row, so that two concurrent changes do not overwrite each other's
// fields. change may refuse by returning an error. A missing team is Mattermost's 404.
func (a *App) changeTeam(ctx context.Context, where, teamID string, change func(t *model.Team) error) (*model.Team, error) {
	var saved *model.Team
	err := a.store.InTx(ctx, func(ctx context.Context) error {
		if err := a.store.LockTeam(ctx, teamID); err != nil {
			return err
		}
		t, err := a.store.GetTeam(ctx, teamID)
		if err != nil {
			return err
		}
		if err := change(t); err != nil {
			return err
		}
		t.PreUpdate(a.nowMillis())
		if err := t.IsValid(); err != nil {
			return err
		}
		if err := a.store.UpdateTeam(ctx, t); err != nil {
			return err
		}
		saved = t
		return nil
	})
	switch {
	case err == nil:
		return saved, nil
	case notFound(err):
		return nil, model.NewAppError(where, "app.team.get.find.app_error", nil, "", http.StatusNotFound)
	}
	if ae, ok := model.AsAppError(err); ok {
		return nil, ae
	}
	return nil, model.NewAppError(where, "app.team.update.updating.app_error", nil, "", http.StatusInternalServerError).Wrap(err)
}

// checkTeamDomains: with TeamSettings.RestrictCreationToDomains set, a team may only allow
// domains from that list.
func (a *App) checkTeamDomains(where, allowed string) error {
	valid := model.SplitDomains(a.cfg.TeamSettings.RestrictCreationToDomains)
	if len(valid) == 0 {
		return nil
	}
	for _, d := range model.SplitDomains(allowed) {
		if !slices.Contains(valid, d) {
			return model.NewAppError(where, "api.team.update_restricted_domains.mismatch.app_error",
				map[string]any{"Domain": d}, "", http.StatusBadRequest)
		}
	}
	return nil
}

// UpdateTeam is PUT /teams/{id} (manage_team): only display_name, description, company_name,
// allowed_domains, allow_open_invite, last_team_icon_update and group_constrained are taken
// from in; everything else is kept. Changing who may join (allow_open_invite,
// allowed_domains) also needs invite_user. allow_open_invite decides the type; a team that
// becomes invite-only gets a new invite id.
func (a *App) UpdateTeam(ctx context.Context, s *model.Session, in *model.Team) (*model.Team, error) {
	if err := a.require(ctx, s, permission.ManageTeam, Target{TeamID: in.Id}); err != nil {
		return nil, err
	}
	canInvite, err := a.Allowed(ctx, s, permission.InviteUser, Target{TeamID: in.Id})
	if err != nil {
		return nil, err
	}
	t, err := a.changeTeam(ctx, "UpdateTeam", in.Id, func(t *model.Team) error {
		if !canInvite && (in.AllowOpenInvite != t.AllowOpenInvite || in.AllowedDomains != t.AllowedDomains) {
			return model.PermissionError(s.UserId, permission.InviteUser)
		}
		if err := a.checkTeamDomains("UpdateTeam", in.AllowedDomains); err != nil {
			return err
		}
		t.DisplayName = in.DisplayName
		t.Description = in.Description
		t.CompanyName = in.CompanyName
		t.AllowedDomains = in.AllowedDomains
		t.LastTeamIconUpdate = in.LastTeamIconUpdate
		t.GroupConstrained = nil
		if in.GroupConstrained != nil {
			b := *in.GroupConstrained
			t.GroupConstrained = &b
		}
		if in.AllowOpenInvite != t.AllowOpenInvite && !in.AllowOpenInvite {
			t.InviteId = model.NewId()
		}
		t.SetOpen(in.AllowOpenInvite)
		return nil
	})
	if err != nil {
		return nil, err
	}
	a.log.Info("team updated", "team_id", t.Id, "by", s.UserId)
	return a.sanitizeTeam(ctx, s, t)
}

// PatchTeam is PUT /teams/{id}/patch (manage_team, and invite_user when the patch sends
// allow_open_invite or allowed_domains).
func (a *App) PatchTeam(ctx context.Context, s *model.Session, teamID string, p *model.TeamPatch) (*model.Team, error) {
	if err := a.require(ctx, s, permission.ManageTeam, Target{TeamID: teamID}); err != nil {
		return nil, err
	}
	if p.AllowOpenInvite != nil || p.AllowedDomains != nil {
		if err := a.require(ctx, s, permission.InviteUser, Target{TeamID: teamID}); err != nil {
			return nil, err
		}
	}
	t, err := a.changeTeam(ctx, "PatchTeam", teamID, func(t *model.Team) error {
		t.Patch(p)
		return a.checkTeamDomains("PatchTeam", t.AllowedDomains)
	})
	if err != nil {
		return nil, err
	}
	a.log.Info("team patched", "team_id", t.Id, "by", s.UserId)
	return a.sanitizeTeam(ctx, s, t)
}

// UpdateTeamPrivacy is PUT /teams/{id}/privacy (manage_team and invite_user): "O" opens the
// team, "I" makes it invite-only with a new invite id (the handler has checked the value).
func (a *App) UpdateTeamPrivacy(ctx context.Context, s *model.Session, teamID, privacy string) (*model.Team, error) {
	for _, perm := range []string{permission.ManageTeam, permission.InviteUser} {
		if err := a.require(ctx, s, perm, Target{TeamID: teamID}); err != nil {
			return nil, err
		}
	}
	open := privacy == model.TeamOpen
	t, err := a.changeTeam(ctx, "UpdateTeamPrivacy", teamID, func(t *model.Team) error {
		if !open && (t.AllowOpenInvite || t.Type != model.TeamInvite) {
			t.InviteId = model.NewId()
		}
		t.SetOpen(open)
		return nil
	})
	if err != nil {
		return nil, err
	}
	a.log.Info("team privacy changed", "team_id", t.Id, "type", t.Type, "by", s.UserId)
	return a.sanitizeTeam(ctx, s, t)
}

// RegenerateTeamInviteID is POST /teams/{id}/regenerate_invite_id (manage_team and
// invite_user): links with the old invite id stop working.
func (a *App) RegenerateTeamInviteID(ctx context.Context, s *model.Session, teamID string) (*model.Team, error) {
	for _, perm := range []string{permission.ManageTeam, permission.InviteUser} {
		if err := a.require(ctx, s, perm, Target{TeamID: teamID}); err != nil {
			return nil, err
		}
	}
	t, err := a.changeTeam(ctx, "RegenerateTeamInviteId", teamID, func(t *model.Team) error {
		t.InviteId = model.NewId()
		return nil
	})
	if err != nil {
		return nil, err
	}
	a.log.Info("team invite id regenerated", "team_id", t.Id, "by", s.UserId)
	out, err := a.sanitizeTeam(ctx, s, t)
	if err != nil {
		return nil, err
	}
	if !a.cfg.PrivacySettings.ShowEmailAddress && !a.has(s, permission.ManageSystem) {
		out.Email = ""
	}
	return out, nil
}

// DeleteTeam is DELETE /teams/{id} (manage_team): the team is archived (delete_at set; its
// members and channels stay), or with permanent, when ServiceSettings.EnableAPITeamDeletion
// allows it, removed with its channels and every membership.
func (a *App) DeleteTeam(ctx context.Context, s *model.Session, teamID string, permanent bool) error {
	if err := a.require(ctx, s, permission.ManageTeam, Target{TeamID: teamID}); err != nil {
		return err
	}
	if !permanent {
		if _, err := a.changeTeam(ctx, "SoftDeleteTeam", teamID, func(t *model.Team) error {
			t.DeleteAt = a.nowMillis()
			return nil
		}); err != nil {
			return err
		}
		a.log.Info("team archived", "team_id", teamID, "by", s.UserId)
		return nil
	}
	if !a.cfg.ServiceSettings.EnableAPITeamDeletion {
		return model.NewAppError("deleteTeam", "api.user.delete_team.not_enabled.app_error", nil, "teamId="+teamID, http.StatusUnauthorized)
	}
	var gone *store.TeamDeletion
	err := a.store.InTx(ctx, func(ctx context.Context) error {
		if err := a.store.LockTeam(ctx, teamID); err != nil {
			return err
		}
		var err error
		gone, err = a.store.DeleteTeam(ctx, teamID)
		return err
	})
	if gone != nil {
		var changes membershipChanges
		for _, id := range gone.MemberIDs {
			changes.team(id)
		}
		for _, p := range gone.ChannelMembers {
			changes.channel(p[0], p[1])
		}
		a.forgetChanges(&changes)
	}
	if notFound(err) {
		return model.NewAppError("PermanentDeleteTeam", "app.team.get.find.app_error", nil, "", http.StatusNotFound)
	}
	if err != nil {
		return model.NewAppError("PermanentDeleteTeam", "app.team.permanent_delete.app_error", nil, "", http.StatusInternalServerError).Wrap(err)
	}
	a.log.Info("team deleted permanently", "team_id", teamID, "members", len(gone.MemberIDs), "by", s.UserId)
	return nil
}

// RestoreTeam is POST /teams/{id}/restore (manage_team): the archived team is live again.
func (a *App) RestoreTeam(ctx context.Context, s *model.Session, teamID string) (*model.Team, error) {
	if err := a.require(ctx, s, permission.ManageTeam, Target{TeamID: teamID}); err != nil {
		return nil, err
	}
	t, err := a.changeTeam(ctx, "RestoreTeam", teamID, func(t *model.Team) error {
		t.DeleteAt = 0
		return nil
	})
	if err != nil {
		return nil, err
	}
	a.log.Info("team restored", "team_id", teamID, "by", s.UserId)
	return a.sanitizeTeam(ctx, s, t)
}

// TeamSearchResult is what POST /teams/search answers: Paged results are written with
// their total count.
type TeamSearchResult struct {
	Teams      []*model.Team
	TotalCount int64
	Paged      bool
}

// SearchTeams is POST /teams/search. Callers with list_private_teams and list_public_teams
// search every team (archived ones included) with the filters and paging they send; with
// only one of them, the invite-only or the open teams, unpaged; with neither, nothing.
func (a *App) SearchTeams(ctx context.Context, s *model.Session, in *model.TeamSearch) (*TeamSearchResult, error) {
	if in.ExcludePolicyConstrained != nil && !a.has(s, permission.SysconsoleReadComplianceDataRetentionPolicy) {
		return nil, model.PermissionError(s.UserId, permission.SysconsoleReadComplianceDataRetentionPolicy)
	}
	if (in.Page != nil && *in.Page < 0) || (in.PerPage != nil && *in.PerPage < 0) {
		return nil, model.InvalidBodyParam("team_search")
	}
	listPrivate, listPublic := a.has(s, permission.ListPrivateTeams), a.has(s, permission.ListPublicTeams)
	opts := store.TeamSearchOptions{Term: in.Term, AllowOpenInvite: in.AllowOpenInvite, GroupConstrained: in.GroupConstrained}
	where := "SearchAllTeams"
	switch {
	case listPrivate && listPublic:
		if in.IsPaginated() {
			opts.Paged, opts.Offset, opts.Limit = true, *in.Page**in.PerPage, *in.PerPage
		}
	case listPrivate:
		if in.Page != nil || in.PerPage != nil {
			return nil, model.NewAppError("searchTeams", "api.team.search_teams.pagination_not_implemented.private_team_search", nil, "", http.StatusNotImplemented)
		}
		opts.Type, opts.AllowOpenInvite, where = model.TeamInvite, new(false), "SearchPrivateTeams"
	case listPublic:
		if in.Page != nil || in.PerPage != nil {
			return nil, model.NewAppError("searchTeams", "api.team.search_teams.pagination_not_implemented.public_team_search", nil, "", http.StatusNotImplemented)
		}
		opts.Type, opts.AllowOpenInvite, where = model.TeamOpen, new(true), "SearchPublicTeams"
	default:
		return &TeamSearchResult{Teams: []*model.Team{}, Paged: in.IsPaginated()}, nil
	}
	teams, total, err := a.store.SearchTeams(ctx, opts)
	if err != nil {
		return nil, model.NewAppError(where, "app.team.search_all_team.app_error", nil, "", http.StatusInternalServerError).Wrap(err)
	}
	if teams, err = a.sanitizeTeams(ctx, s, teams); err != nil {
		return nil, err
	}
	return &TeamSearchResult{Teams: teams, TotalCount: total, Paged: in.IsPaginated()}, nil
}

// TeamExists is GET /teams/name/{name}/exists: true when the team exists and the caller is
// an active member or may list teams of its kind (open or invite-only).
func (a *App) TeamExists(ctx context.Context, s *model.Session, name string) (bool, error) {
	t, err := a.store.GetTeamByName(ctx, name)
	if notFound(err) {
		return false, nil
	}
	if err != nil {
		return false, model.NewAppError("GetTeamByName", "app.team.get_by_name.app_error", nil, "", http.StatusInternalServerError).Wrap(err)
	}
	m, err := a.store.GetTeamMember(ctx, t.Id, s.UserId)
	if err != nil && !notFound(err) {
		return false, model.NewAppError("GetTeamMember", "app.team.get_member.app_error", nil, "", http.StatusInternalServerError).Wrap(err)
	}
	switch {
	case m != nil && m.DeleteAt == 0:
		return true, nil
	case t.AllowOpenInvite:
		return a.has(s, permission.ListPublicTeams), nil
	default:
		return a.has(s, permission.ListPrivateTeams), nil
	}
}

// GetTeamStats is GET /teams/{id}/stats (view_team): the members the caller may see, and
// how many of them are active users.
func (a *App) GetTeamStats(ctx context.Context, s *model.Session, teamID string) (*model.TeamStats, error) {
	if err := a.require(ctx, s, permission.ViewTeam, Target{TeamID: teamID}); err != nil {
		return nil, err
	}
	view, err := a.viewRestriction(ctx, s)
	if err != nil {
		return nil, err
	}
	total, active, err := a.store.TeamMemberCounts(ctx, teamID, view)
	if err != nil {
		return nil, model.NewAppError("GetTeamStats", "app.team.get_member_count.app_error", nil, "", http.StatusInternalServerError).Wrap(err)
	}
	return &model.TeamStats{TeamId: teamID, TotalMemberCount: total, ActiveMemberCount: active}, nil
}

// GetTeamInviteInfo is GET /teams/invite/{invite_id}, open to anyone holding the link: the
// id, names and description of the live open team with that invite id.
func (a *App) GetTeamInviteInfo(ctx context.Context, inviteID string) (*model.TeamInviteInfo, error) {
	t, err := a.store.GetTeamByInviteID(ctx, inviteID)
	if notFound(err) {
		return nil, model.NewAppError("GetTeamByInviteId", "app.team.get_by_invite_id.finding.app_error", nil, "", http.StatusNotFound)
	}
	if err != nil {
		return nil, model.NewAppError("GetTeamByInviteId", "app.team.get_by_invite_id.finding.app_error", nil, "", http.StatusInternalServerError).Wrap(err)
	}
	if t.Type != model.TeamOpen {
		return nil, model.NewAppError("getInviteInfo", "api.team.get_invite_info.not_open_team", nil, "id="+inviteID, http.StatusForbidden)
	}
	return &model.TeamInviteInfo{DisplayName: t.DisplayName, Description: t.Description, Name: t.Name, Id: t.Id}, nil
}

// InvalidateEmailInvites is DELETE /teams/invites/email (invalidate_email_invite): every
// pending email invitation stops working.
func (a *App) InvalidateEmailInvites(ctx context.Context, s *model.Session) error {
	if err := a.require(ctx, s, permission.InvalidateEmailInvite, Target{}); err != nil {
		return err
	}
	n, err := a.store.DeleteTokensOfType(ctx, TokenTypeTeamInvitation)
	if err != nil {
		return model.NewAppError("InvalidateAllEmailInvites", "api.team.invalidate_all_email_invites.app_error", nil, "", http.StatusInternalServerError).Wrap(err)
	}
	a.log.Info("email invitations invalidated", "count", n, "by", s.UserId)
	return nil
}
