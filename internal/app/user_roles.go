package app

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"

	"roster/internal/model"
	"roster/internal/permission"
	"roster/internal/store"
)

// systemRoles are the roles a user's roles string may hold: system-scope roles only.
var systemRoles = []string{
	permission.SystemGuest, permission.SystemUser, permission.SystemAdmin, permission.SystemPostAll,
	permission.SystemPostAllPublic, permission.SystemUserAccessToken, permission.SystemUserManager,
	permission.SystemReadOnlyAdmin, permission.SystemManager, permission.SystemCustomGroupAdmin,
	permission.SystemSharedChannelManager,
}

var errLastAdmin = errors.New("last system admin")

// UpdateUserRoles replaces a user's system roles (PUT /users/{id}/roles, manage_roles). The
// change reaches the user's existing sessions at once: a session's roles are read from the
// user on every request.
func (a *App) UpdateUserRoles(ctx context.Context, s *model.Session, userID, roles string) error {
	if !permission.IsValidUserRoles(roles) {
		return model.InvalidBodyParam("roles")
	}
	names := strings.Fields(roles)
	for _, n := range names {
		if slices.Contains(permission.NewSystemRoleNames(), n) {
			// These need Mattermost's CustomPermissionsSchemes licence feature.
			return model.NewAppError("updateUserRoles", "api.user.update_user_roles.license.app_error", nil, "", http.StatusBadRequest)
		}
	}
	if err := a.require(ctx, s, permission.ManageRoles, Target{}); err != nil {
		return err
	}
	user, err := a.userOrError(ctx, userID)
	if err != nil {
		if ae, ok := model.AsAppError(err); ok && ae.StatusCode == http.StatusNotFound {
			ae.StatusCode = http.StatusBadRequest
		}
		return err
	}
	for _, n := range names {
		if !a.roles.exists(n) {
			return model.NewAppError("CheckRolesExist", "app.role.check_roles_exist.role_not_found", nil, "role="+n, http.StatusBadRequest)
		}
		if !slices.Contains(systemRoles, n) {
			return model.InvalidBodyParam("roles")
		}
	}
	newRoles := strings.Join(names, " ")
	err = a.store.InTx(ctx, func(ctx context.Context) error {
		if model.HasRole(user.Roles, permission.SystemAdmin) && !model.HasRole(newRoles, permission.SystemAdmin) {
			if err := a.store.LockAdminRoles(ctx); err != nil {
				return err
			}
			n, err := a.store.CountActiveSystemAdmins(ctx)
			if err != nil {
				return err
			}
			if n <= 1 {
				return errLastAdmin
			}
		}
		if err := a.store.SetUserRoles(ctx, userID, newRoles, a.nowMillis()); err != nil {
			return err
		}
		if err := a.store.SetSessionRolesForUser(ctx, userID, newRoles); err != nil {
			return err
		}
		return a.auditTx(ctx, userID, "roles="+newRoles+byActor(s, userID))
	})
	if errors.Is(err, errLastAdmin) {
		return model.NewAppError("UpdateUserRoles", "app.user.update.lastAdmin.app_error", nil, "", http.StatusBadRequest)
	}
	if err != nil {
		return userSaveError(err)
	}
	a.invalidateUser(userID)
	a.log.Info("user roles changed", "user_id", userID, "roles", newRoles, "by", s.UserId)
	return nil
}

// UpdateUserAuth switches an account to an external authentication service
// (PUT /users/{id}/auth, manage_system): the password is cleared and the failed-attempt
// counter reset. userID is the raw path value ("me" already resolved); as in Mattermost the
// permission is checked before it is.
func (a *App) UpdateUserAuth(ctx context.Context, s *model.Session, userID string, in *model.UserAuth) (*model.UserAuth, error) {
	if err := a.AuthSwitchAllowed(s); err != nil {
		return nil, err
	}
	if !model.IsValidId(userID) {
		return nil, model.InvalidURLParam("user_id")
	}
	if in == nil || in.AuthData == nil || *in.AuthData == "" || in.AuthService == "" {
		return nil, model.NewAppError("updateUserAuth", "api.user.update_user_auth.invalid_request", nil, "", http.StatusBadRequest)
	}
	if len(*in.AuthData) > model.UserAuthDataMaxLength {
		return nil, model.NewAppError("User.IsValid", "model.user.is_valid.auth_data.app_error", nil, "user_id="+userID, http.StatusBadRequest)
	}
	if len(in.AuthService) > model.UserAuthServiceMaxLength || model.SanitizeUnicode(in.AuthService) != in.AuthService {
		return nil, model.NewAppError("updateUserAuth", "api.user.update_user_auth.invalid_request", nil, "auth_service", http.StatusBadRequest)
	}
	if _, err := a.userOrError(ctx, userID); err != nil {
		return nil, err
	}
	err := a.store.InTx(ctx, func(ctx context.Context) error {
		if err := a.store.UpdateAuthData(ctx, userID, in.AuthService, *in.AuthData, a.nowMillis()); err != nil {
			return err
		}
		return a.auditTx(ctx, userID, "updated auth to service="+clip(in.AuthService, 64)+byActor(s, userID))
	})
	if err != nil {
		// The only unique index this update can hit is users_authdata_key (SQLite names
		// the columns, not the index, in its message).
		if errors.Is(err, store.ErrConflict) {
			return nil, model.NewAppError("UpdateUserAuth", "app.user.update_auth_data.email_exists.app_error", nil, "", http.StatusBadRequest).Wrap(err)
		}
		if notFound(err) {
			return nil, model.NewAppError("UpdateUserAuth", "app.user.missing_account.const", nil, "", http.StatusNotFound)
		}
		return nil, model.NewAppError("UpdateUserAuth", "app.user.update_auth_data.app_error", nil, "", http.StatusInternalServerError).Wrap(err)
	}
	a.invalidateUser(userID)
	return &model.UserAuth{AuthData: in.AuthData, AuthService: in.AuthService}, nil
}

// AuthSwitchAllowed is the permission of PUT /users/{id}/auth: manage_system, refused (as
// in Mattermost) with an error naming edit_other_users.
func (a *App) AuthSwitchAllowed(s *model.Session) error {
	ok, err := a.Allowed(context.Background(), s, permission.ManageSystem, Target{})
	if err != nil {
		return err
	}
	if !ok {
		return model.PermissionError(sessionUser(s), permission.EditOtherUsers)
	}
	return nil
}
