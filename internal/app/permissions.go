package app

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"roster/internal/model"
	"roster/internal/permission"
	"roster/internal/store"
)

// roleTable is the in-memory copy of the roles table: role name → permission set, with
// ancillary permissions (those a sysconsole permission implies) expanded.
type roleTable struct {
	mu    sync.RWMutex
	roles map[string]model.Role
	perms map[string]map[string]bool
}

// loadRoles makes sure the built-in roles exist in the database and reads them all.
func loadRoles(ctx context.Context, st *store.Store, now int64) (*roleTable, error) {
	var defs []model.Role
	for _, d := range permission.Builtin() {
		defs = append(defs, model.Role{
			Id: model.NewId(), Name: d.Name, DisplayName: d.DisplayName, Description: d.Description,
			CreateAt: now, UpdateAt: now, Permissions: d.Permissions, SchemeManaged: d.SchemeManaged, BuiltIn: d.BuiltIn,
		})
	}
	if err := st.EnsureRoles(ctx, defs); err != nil {
		return nil, fmt.Errorf("install built-in roles: %w", err)
	}
	roles, err := st.GetRoles(ctx)
	if err != nil {
		return nil, err
	}
	t := &roleTable{}
	t.set(roles)
	return t, nil
}

func (t *roleTable) set(roles []model.Role) {
	byName := make(map[string]model.Role, len(roles))
	perms := make(map[string]map[string]bool, len(roles))
	for _, r := range roles {
		byName[r.Name] = r
		set := map[string]bool{}
		for _, p := range r.Permissions {
			set[p] = true
			for _, implied := range permission.Ancillary[p] {
				set[implied] = true
			}
		}
		perms[r.Name] = set
	}
	t.mu.Lock()
	t.roles, t.perms = byName, perms
	t.mu.Unlock()
}

// grants reports whether any of the space-separated roles grants perm.
func (t *roleTable) grants(roles, perm string) bool {
	t.mu.RLock()
	defer t.mu.RUnlock()
	for _, r := range strings.Fields(roles) {
		if t.perms[r][perm] {
			return true
		}
	}
	return false
}

func (t *roleTable) get(name string) (model.Role, bool) {
	t.mu.RLock()
	defer t.mu.RUnlock()
	r, ok := t.roles[name]
	return r, ok
}

func (t *roleTable) exists(name string) bool {
	_, ok := t.get(name)
	return ok
}

// Target is what a permission is asked about. The zero Target asks at system level.
type Target struct {
	TeamID    string
	ChannelID string
	// UserID makes the check "self, or perm on a target who is not a system admin, or
	// manage_system" (Mattermost's SessionHasPermissionToUser).
	UserID string
}

// Allowed is the one permission function: may the session do perm on target? Every
// endpoint asks it; nothing else inspects roles to grant access.
func (a *App) Allowed(ctx context.Context, s *model.Session, perm string, on Target) (bool, error) {
	if s == nil {
		return false, nil
	}
	switch {
	case on.UserID != "":
		if on.UserID == s.UserId || a.roles.grants(s.Roles, permission.ManageSystem) {
			return true, nil
		}
		if !a.roles.grants(s.Roles, perm) {
			return false, nil
		}
		target, err := a.getUserCached(ctx, on.UserID)
		if notFound(err) {
			return true, nil // nothing to protect; the caller reports the missing user
		}
		if err != nil {
			return false, err
		}
		return !target.IsSystemAdmin(), nil
	case on.ChannelID != "":
		return a.allowedOnChannel(ctx, s, perm, on.ChannelID)
	case on.TeamID != "":
		return a.allowedOnTeam(ctx, s, perm, on.TeamID)
	default:
		return a.roles.grants(s.Roles, perm), nil
	}
}

// allowedOnTeam: a team role of the caller's active membership grants perm, or a system
// role does.
func (a *App) allowedOnTeam(ctx context.Context, s *model.Session, perm, teamID string) (bool, error) {
	roles, err := a.teamRolesOf(ctx, teamID, s.UserId)
	if err != nil {
		return false, err
	}
	if roles != "" && a.roles.grants(roles, perm) {
		return true, nil
	}
	return a.roles.grants(s.Roles, perm), nil
}

// allowedOnChannel: a channel role grants perm, or manage_system, or the permission on the
// channel's team, or at system level.
func (a *App) allowedOnChannel(ctx context.Context, s *model.Session, perm, channelID string) (bool, error) {
	roles, teamID, found, err := a.channelRolesOf(ctx, channelID, s.UserId)
	if err != nil {
		return false, err
	}
	if !found {
		return false, nil
	}
	if roles != "" && a.roles.grants(roles, perm) {
		return true, nil
	}
	if a.roles.grants(s.Roles, permission.ManageSystem) {
		return true, nil
	}
	if teamID != "" {
		return a.allowedOnTeam(ctx, s, perm, teamID)
	}
	return a.roles.grants(s.Roles, perm), nil
}

// require answers a 403 naming perm when Allowed says no.
func (a *App) require(ctx context.Context, s *model.Session, perm string, on Target) error {
	ok, err := a.Allowed(ctx, s, perm, on)
	if err != nil {
		return err
	}
	if !ok {
		return model.PermissionError(sessionUser(s), perm)
	}
	return nil
}

// has is Allowed at system level, for rules whose answer changes behaviour rather than
// granting access (e.g. which fields an admin sees).
func (a *App) has(s *model.Session, perm string) bool {
	return s != nil && a.roles.grants(s.Roles, perm)
}

func sessionUser(s *model.Session) string {
	if s == nil {
		return ""
	}
	return s.UserId
}

// RoleByName returns a role (GET /roles/name/{name}).
func (a *App) RoleByName(name string) (model.Role, bool) { return a.roles.get(name) }

// RoleExists reports whether a role of that name exists.
func (a *App) RoleExists(name string) bool { return a.roles.exists(name) }
