package app

import (
	"context"
	"net/http"
	"regexp"
	"strings"

	"roster/internal/model"
	"roster/internal/permission"
	"roster/internal/store"
)

// Session props set by PUT /users/sessions/device.
const (
	SessionPropDeviceNotificationDisabled = "device_notification_disabled"
	SessionPropMobileVersion              = "mobile_version"
)

// maxDeviceIDLength is the longest push device id kept (Mattermost's column holds 512).
const maxDeviceIDLength = 512

// DeviceProps is the body of PUT /users/sessions/device: a push device id, and the mobile
// app's notification state and version.
type DeviceProps struct {
	DeviceID             string
	NotificationDisabled string // "", "true" or "false"
	MobileVersion        string // a semantic version, or ""
}

// semverRE is a semantic version (semver.org 2.0.0), as Mattermost parses mobile versions.
var semverRE = regexp.MustCompile(`^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)` +
	`(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?` +
	`(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$`)

// AttachedDevice says what AttachDevice did: whether a device id was attached, and the
// session's expiry then.
type AttachedDevice struct {
	Attached  bool
	ExpiresAt int64
}

// AttachDevice registers the mobile app's push device on the caller's session (PUT
// /users/sessions/device), as Mattermost's attachDeviceId: the user's other sessions with
// the same device id end, the session becomes a mobile one (is_mobile) that expires
// SessionLengthMobileInHours from now, and the device props are stored. Caches forget the
// old copies at once.
func (a *App) AttachDevice(ctx context.Context, s *model.Session, in DeviceProps) (AttachedDevice, error) {
	var out AttachedDevice
	if in.DeviceID == "" && in.NotificationDisabled == "" && in.MobileVersion == "" {
		return out, model.InvalidBodyParam("device_id")
	}
	if in.NotificationDisabled != "" && in.NotificationDisabled != "true" && in.NotificationDisabled != "false" {
		return out, model.InvalidBodyParam(SessionPropDeviceNotificationDisabled)
	}
	if in.MobileVersion != "" && !semverRE.MatchString(in.MobileVersion) {
		return out, model.InvalidBodyParam(SessionPropMobileVersion)
	}
	if len(in.DeviceID) > maxDeviceIDLength || strings.ContainsAny(in.DeviceID, "\x00\r\n") {
		return out, model.NewAppError("attachDeviceId", "api.user.attach_device_id.invalid_device_id.app_error", nil, "", http.StatusBadRequest)
	}
	var hashes []string
	err := a.store.InTx(ctx, func(ctx context.Context) error {
		stored, err := a.store.GetSession(ctx, s.Id)
		if err != nil {
			return err
		}
		props := stored.Props.Clone()
		if props == nil {
			props = model.StringMap{}
		}
		if in.NotificationDisabled != "" {
			props[SessionPropDeviceNotificationDisabled] = in.NotificationDisabled
		}
		if in.MobileVersion != "" {
			props[SessionPropMobileVersion] = in.MobileVersion
		}
		deviceID, expiresAt := stored.DeviceId, stored.ExpiresAt
		if in.DeviceID != "" {
			if hashes, err = a.store.DeleteSessionsByDevice(ctx, s.UserId, in.DeviceID, s.Id); err != nil {
				return err
			}
			deviceID = in.DeviceID
			expiresAt = a.nowMillis() + a.sessionLength(true).Milliseconds()
			props[model.SessionPropIsMobile] = "true"
			out = AttachedDevice{Attached: true, ExpiresAt: expiresAt}
		}
		if err := a.store.AttachSessionDevice(ctx, s.Id, deviceID, expiresAt, props); err != nil {
			return err
		}
		if in.DeviceID != "" {
			return a.auditTx(ctx, s.UserId, "device attached")
		}
		return nil
	})
	if notFound(err) {
		return AttachedDevice{}, model.SessionExpired("session revoked")
	}
	if err != nil {
		return AttachedDevice{}, model.NewAppError("AttachDeviceId", "app.session.update_device_id.app_error", nil, "", http.StatusInternalServerError).Wrap(err)
	}
	a.forgetSessions(hashes)
	a.forgetSessions([]string{store.HashToken(s.Token)})
	a.activity.forget(s.Id)
	return out, nil
}

// forget drops a pending activity write for a session whose expiry was just set, so that
// an extension computed from the old session kind does not override it.
func (t *activityTracker) forget(sessionID string) {
	t.mu.Lock()
	delete(t.pending, sessionID)
	t.mu.Unlock()
}

// KnownUsers lists the ids of the users who share a channel with the caller (GET
// /users/known; Mattermost's GetKnownUsers is channel-based).
func (a *App) KnownUsers(ctx context.Context, s *model.Session) ([]string, error) {
	ids, err := a.store.KnownUserIDs(ctx, s.UserId)
	if err != nil {
		return nil, model.NewAppError("GetKnownUsers", "app.user.get_known_users.get_users.app_error", nil, "", http.StatusInternalServerError).Wrap(err)
	}
	return ids, nil
}

// FilteredStatsInput is the query of GET /users/stats/filtered as sent.
type FilteredStatsInput struct {
	InTeam, InChannel                          string
	IncludeDeleted, IncludeBots, IncludeRemote string
	Roles, ChannelRoles, TeamRoles             string
}

// FilteredUsersStats counts users by team or channel, activation, bots, remote users and
// roles (GET /users/stats/filtered). As in Mattermost the role lists are checked before the
// permission (sysconsole_read_user_management_users); team roles count only with in_team,
// channel roles only with in_channel, and in_team wins over in_channel.
func (a *App) FilteredUsersStats(ctx context.Context, s *model.Session, in FilteredStatsInput) (*model.UsersStats, error) {
	c := store.UserCount{
		IncludeDeleted: parseBool(in.IncludeDeleted),
		IncludeBots:    parseBool(in.IncludeBots),
		IncludeRemote:  parseBool(in.IncludeRemote),
		InTeam:         in.InTeam,
		InChannel:      in.InChannel,
	}
	var ok bool
	if in.Roles != "" {
		if c.Roles, ok = cleanRoleNames(strings.Split(in.Roles, ",")); !ok {
			return nil, model.InvalidBodyParam("roles")
		}
	}
	if in.ChannelRoles != "" && in.InChannel != "" {
		if c.ChannelRoles, ok = cleanRoleNames(strings.Split(in.ChannelRoles, ",")); !ok {
			return nil, model.InvalidBodyParam("channelRoles")
		}
	}
	if in.TeamRoles != "" && in.InTeam != "" {
		if c.TeamRoles, ok = cleanRoleNames(strings.Split(in.TeamRoles, ",")); !ok {
			return nil, model.InvalidBodyParam("teamRoles")
		}
	}
	if err := a.require(ctx, s, permission.SysconsoleReadUserManagementUsers, Target{}); err != nil {
		return nil, err
	}
	n, err := a.store.CountUsersFiltered(ctx, c)
	if err != nil {
		return nil, model.NewAppError("GetFilteredUsersStats", "app.user.get_total_users_count.app_error", nil, "", http.StatusInternalServerError).Wrap(err)
	}
	return &model.UsersStats{TotalUsersCount: n}, nil
}

// SearchUserAccessTokens finds personal access tokens by the start of their id, their
// user's id or their user's username (POST /users/tokens/search, manage_system).
func (a *App) SearchUserAccessTokens(ctx context.Context, s *model.Session, term string) ([]*model.UserAccessToken, error) {
	if err := a.CheckManageSystem(ctx, s); err != nil {
		return nil, err
	}
	if term == "" {
		return nil, model.InvalidBodyParam("term")
	}
	tokens, err := a.store.SearchAccessTokens(ctx, term)
	if err != nil {
		return nil, model.NewAppError("SearchUserAccessTokens", "app.user_access_token.search.app_error", nil, "", http.StatusInternalServerError).Wrap(err)
	}
	return tokens, nil
}

// CheckManageSystem is the permission of the token search, which Mattermost checks before
// reading the body.
func (a *App) CheckManageSystem(ctx context.Context, s *model.Session) error {
	return a.require(ctx, s, permission.ManageSystem, Target{})
}

// UsersWithInvalidEmails pages through the active users who sign in with an email address
// outside TeamSettings.RestrictCreationToDomains (GET /users/invalid_emails). As in
// Mattermost it answers 400 while open sign-up is on, and needs
// sysconsole_read_user_management_users. Bots, guests and SSO accounts are not listed.
func (a *App) UsersWithInvalidEmails(ctx context.Context, s *model.Session, page, perPage int) ([]*model.User, error) {
	if a.cfg.TeamSettings.EnableOpenServer {
		return nil, model.NewUntranslatedError("GetUsersWithInvalidEmails", "TeamSettings.EnableOpenServer is enabled", http.StatusBadRequest)
	}
	if err := a.require(ctx, s, permission.SysconsoleReadUserManagementUsers, Target{}); err != nil {
		return nil, err
	}
	users, err := a.store.ListUsersWithInvalidEmails(ctx, a.cfg.RestrictedDomains(), page*perPage, perPage)
	if err != nil {
		return nil, model.NewAppError("GetUsersWithInvalidEmails", "app.user.get_profiles.app_error", nil, "", http.StatusInternalServerError).Wrap(err)
	}
	out := make([]*model.User, len(users))
	for i, u := range users {
		out[i] = SelfView(u)
	}
	return out, nil
}
