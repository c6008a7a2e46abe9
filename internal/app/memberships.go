package app

import (
	"context"
	"time"

	"roster/internal/cache"
	"roster/internal/model"
	"roster/internal/permission"
	"roster/internal/store"
)

// Membership caches, for Registry.Invalidate. Every permission check on a team or channel
// scope reads one of them, so each is filled by one indexed query and forgotten on every
// membership change.
const (
	CacheTeamMemberships = "team_memberships" // key: user id → the user's active team memberships
	CacheChannelAccess   = "channel_access"   // key: channel id + user id → team and channel roles
)

// teamRoles is one active team membership: the team and the derived team roles.
type teamRoles struct {
	teamID string
	roles  string
}

type membershipCaches struct {
	teams    *cache.Cache[[]teamRoles]
	channels *cache.Cache[store.ChannelAccess]
}

func newMembershipCaches(r *cache.Registry) *membershipCaches {
	return &membershipCaches{
		teams:    cache.New[[]teamRoles](r, CacheTeamMemberships, 50000, 10*time.Minute),
		channels: cache.New[store.ChannelAccess](r, CacheChannelAccess, 100000, 10*time.Minute),
	}
}

func channelAccessKey(channelID, userID string) string { return channelID + userID }

// invalidateTeamMemberships forgets userID's cached team memberships.
func (a *App) invalidateTeamMemberships(userID string) {
	a.caches.Invalidate(CacheTeamMemberships, userID)
}

// invalidateChannelAccess forgets userID's cached roles in channelID.
func (a *App) invalidateChannelAccess(channelID, userID string) {
	a.caches.Invalidate(CacheChannelAccess, channelAccessKey(channelID, userID))
}

// userTeamRoles returns userID's active team memberships (one query on
// team_members_user_id_idx, cached).
func (a *App) userTeamRoles(ctx context.Context, userID string) ([]teamRoles, error) {
	return loadCached(a.members.teams, userID, func() ([]teamRoles, error) {
		members, err := a.store.GetTeamMembersForUser(ctx, userID, false)
		if err != nil {
			return nil, err
		}
		out := make([]teamRoles, len(members))
		for i, m := range members {
			out[i] = teamRoles{teamID: m.TeamId, roles: m.Roles}
		}
		return out, nil
	})
}

// loadCached returns the value cached under key, or loads it and caches it unless an
// invalidation happened while it was being read: a request that read the memberships just
// before another one committed a change (and invalidated) must not cache what it read, or
// the change would stay unseen until the entry expires.
func loadCached[V any](c *cache.Cache[V], key string, load func() (V, error)) (V, error) {
	if v, ok := c.Get(key); ok {
		return v, nil
	}
	gen := c.Generation()
	v, err := load()
	if err != nil {
		return v, err
	}
	c.SetIfUnchanged(key, v, gen)
	return v, nil
}

// teamRolesOf returns the team roles of userID's active membership in teamID ("" when not a
// member).
func (a *App) teamRolesOf(ctx context.Context, teamID, userID string) (string, error) {
	memberships, err := a.userTeamRoles(ctx, userID)
	if err != nil {
		return "", err
	}
	for _, m := range memberships {
		if m.teamID == teamID {
			return m.roles, nil
		}
	}
	return "", nil
}

// channelRolesOf returns userID's channel roles in channelID ("" when not a member), the
// channel's team and whether the channel exists.
func (a *App) channelRolesOf(ctx context.Context, channelID, userID string) (roles, teamID string, found bool, err error) {
	access, err := loadCached(a.members.channels, channelAccessKey(channelID, userID), func() (store.ChannelAccess, error) {
		access, err := a.store.GetChannelAccess(ctx, channelID, userID)
		if err != nil {
			return store.ChannelAccess{}, err
		}
		return *access, nil
	})
	if notFound(err) {
		return "", "", false, nil
	}
	if err != nil {
		return "", "", false, err
	}
	return access.Roles, access.TeamID, true, nil
}

// viewRestriction computes what viewer may see of other users (Mattermost's
// GetViewUsersRestrictions): nil when a system role grants view_members; otherwise the
// users sharing a channel with the viewer or a team in which a team role of the viewer
// grants view_members.
func (a *App) viewRestriction(ctx context.Context, viewer *model.Session) (*store.ViewRestriction, error) {
	if viewer == nil {
		return &store.ViewRestriction{}, nil
	}
	if a.has(viewer, permission.ViewMembers) {
		return nil, nil
	}
	memberships, err := a.userTeamRoles(ctx, viewer.UserId)
	if err != nil {
		return nil, err
	}
	r := &store.ViewRestriction{ViewerID: viewer.UserId}
	for _, m := range memberships {
		if a.roles.grants(m.roles, permission.ViewMembers) {
			r.TeamIDs = append(r.TeamIDs, m.teamID)
		}
	}
	return r, nil
}

// sharesTeamOrChannel reports whether target is in a team where viewer may view members,
// or in a channel with viewer.
func (a *App) sharesTeamOrChannel(ctx context.Context, viewer *model.Session, targetID string) (bool, error) {
	r, err := a.viewRestriction(ctx, viewer)
	if err != nil {
		return false, err
	}
	if r == nil {
		return true, nil
	}
	n, err := a.store.CountUsers(ctx, store.UserQuery{IDs: []string{targetID}, View: r})
	if err != nil {
		return false, err
	}
	return n > 0, nil
}
