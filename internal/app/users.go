package app

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"roster/internal/auth"
	"roster/internal/model"
	"roster/internal/permission"
	"roster/internal/store"
)

// getUserCached returns a shared copy of the user: callers must not modify it.
func (a *App) getUserCached(ctx context.Context, id string) (*model.User, error) {
	if u, ok := a.users.Get(id); ok {
		return u, nil
	}
	gen := a.users.Generation()
	u, err := a.store.GetUser(ctx, id)
	if err != nil {
		return nil, err
	}
	a.users.SetIfUnchanged(id, u, gen) // a copy read before an invalidation is not kept
	return u, nil
}

// invalidateUser forgets the cached copy after a change.
func (a *App) invalidateUser(id string) { a.caches.Invalidate(CacheUsers, id) }

// userOrError loads a user for an operation, mapping not-found to Mattermost's 404.
func (a *App) userOrError(ctx context.Context, id string) (*model.User, error) {
	u, err := a.getUserCached(ctx, id)
	if notFound(err) {
		return nil, model.NewAppError("GetUser", "app.user.missing_account.const", nil, "user_id="+id, http.StatusNotFound)
	}
	if err != nil {
		return nil, storeError("GetUser", err)
	}
	return u, nil
}

// SelfView is how users see themselves: only secrets are removed.
func SelfView(u *model.User) *model.User {
	c := u.Clone()
	c.Sanitize(nil)
	return c
}

// viewOptions: admins see email, full name and auth service of others; everybody else
// what PrivacySettings allow.
func (a *App) viewOptions(viewer *model.Session) model.SanitizeOptions {
	if a.has(viewer, permission.ManageSystem) {
		return model.SanitizeOptions{Email: true, FullName: true, AuthService: true}
	}
	return model.SanitizeOptions{
		Email:    a.cfg.PrivacySettings.ShowEmailAddress,
		FullName: a.cfg.PrivacySettings.ShowFullName,
	}
}

// ProfileView is how viewer sees u in lists and lookups: non-profile fields removed and
// privacy settings applied, even when u is the viewer.
func (a *App) ProfileView(viewer *model.Session, u *model.User) *model.User {
	return u.ProfileCopy(a.viewOptions(viewer))
}

// profileViews turns users just read from the store into how viewer sees them in lists
// (ProfileView's rules). It sanitises them in place, without copying: it only sets fields
// (NotifyProps to nil among them) and never changes the contents of a map, which
// store.ListUsers may share with its cache. So users must be what ListUsers returned,
// never users the app caches itself. The result is never nil, so an empty list encodes
// as [].
func (a *App) profileViews(viewer *model.Session, users []*model.User) []*model.User {
	if users == nil {
		return []*model.User{}
	}
	opts := a.viewOptions(viewer)
	for _, u := range users {
		u.SanitizeProfile(opts)
	}
	return users
}

// singleView: the self variant for oneself, the profile variant for anyone else.
func (a *App) singleView(viewer *model.Session, u *model.User) *model.User {
	if viewer != nil && viewer.UserId == u.Id {
		return SelfView(u)
	}
	return a.ProfileView(viewer, u)
}

// CanSeeUser applies the view restrictions: view_members at system level sees everyone;
// otherwise only users sharing a team or channel with the viewer.
func (a *App) CanSeeUser(ctx context.Context, viewer *model.Session, targetID string) (bool, error) {
	if viewer == nil {
		return false, nil
	}
	if viewer.UserId == targetID || a.has(viewer, permission.ViewMembers) {
		return true, nil
	}
	return a.sharesTeamOrChannel(ctx, viewer, targetID)
}

func (a *App) requireCanSee(ctx context.Context, viewer *model.Session, targetID string) error {
	ok, err := a.CanSeeUser(ctx, viewer, targetID)
	if err != nil {
		return err
	}
	if !ok {
		return model.PermissionError(sessionUser(viewer), permission.ViewMembers)
	}
	return nil
}

// GetUser returns the user as viewer may see it. ETag values come from UserETag.
func (a *App) GetUser(ctx context.Context, viewer *model.Session, id string) (*model.User, error) {
	if err := a.requireCanSee(ctx, viewer, id); err != nil {
		return nil, err
	}
	u, err := a.userOrError(ctx, id)
	if err != nil {
		return nil, err
	}
	return a.singleView(viewer, u), nil
}

// GetUserByUsername looks a user up by name; a restricted viewer is told 403 rather than
// 404 so that existence does not leak.
func (a *App) GetUserByUsername(ctx context.Context, viewer *model.Session, username string) (*model.User, error) {
	u, err := a.store.GetUserByUsername(ctx, username)
	if notFound(err) {
		if !a.has(viewer, permission.ViewMembers) {
			return nil, model.PermissionError(sessionUser(viewer), permission.ViewMembers)
		}
		return nil, model.NewAppError("GetUserByUsername", "app.user.get_by_username.app_error", nil, "", http.StatusNotFound)
	}
	if err != nil {
		return nil, storeError("GetUserByUsername", err)
	}
	if err := a.requireCanSee(ctx, viewer, u.Id); err != nil {
		return nil, err
	}
	return a.singleView(viewer, u), nil
}

// GetUserByEmail needs ShowEmailAddress or an admin, and always answers the profile variant.
func (a *App) GetUserByEmail(ctx context.Context, viewer *model.Session, email string) (*model.User, error) {
	if !a.cfg.PrivacySettings.ShowEmailAddress && !a.has(viewer, permission.ManageSystem) {
		return nil, model.NewAppError("GetUserByEmail", "api.user.get_user_by_email.permissions.app_error", nil, "", http.StatusForbidden)
	}
	u, err := a.store.GetUserByEmail(ctx, email)
	if notFound(err) {
		return nil, model.NewAppError("GetUserByEmail", "app.user.missing_account.const", nil, "", http.StatusNotFound)
	}
	if err != nil {
		return nil, storeError("GetUserByEmail", err)
	}
	if err := a.requireCanSee(ctx, viewer, u.Id); err != nil {
		return nil, err
	}
	return a.ProfileView(viewer, u), nil
}

// UserETag is Mattermost's single-user ETag.
func (a *App) UserETag(u *model.User) string {
	return ETag(u.Id, u.UpdateAt, u.TermsOfServiceId, u.TermsOfServiceCreateAt,
		a.cfg.PrivacySettings.ShowFullName, a.cfg.PrivacySettings.ShowEmailAddress, u.BotLastIconUpdate)
}

// CreateUserInput is a sign-up: the user, and the invitation it uses, if any.
type CreateUserInput struct {
	User        *model.User
	InviteToken string // ?t=
	InviteID    string // ?iid=
}

// CreateUser signs a user up (POST /users), applying Mattermost's order of checks: an
// invitation token, a team invite id, an admin caller, or open sign-up.
func (a *App) CreateUser(ctx context.Context, caller *model.Session, in CreateUserInput) (*model.User, error) {
	u := in.User
	isAdmin := a.has(caller, permission.ManageSystem)
	u.SanitizeInput(isAdmin)
	if in.InviteToken != "" {
		if err := a.signUpAllowed(ctx); err != nil {
			return nil, err
		}
		return a.createWithInviteToken(ctx, u, in.InviteToken)
	}
	var (
		created *model.User
		err     error
	)
	switch {
	case in.InviteID != "":
		if err := a.signUpAllowed(ctx); err != nil {
			return nil, err
		}
		created, err = a.createWithInviteID(ctx, u, in.InviteID)
	case isAdmin:
		created, err = a.createUser(ctx, u, createOptions{})
	default:
		if err := a.signUpAllowed(ctx); err != nil {
			return nil, err
		}
		created, err = a.createUser(ctx, u, createOptions{requireOpenServer: true})
	}
	if err != nil {
		return nil, err
	}
	// Invited users (above) are verified and get no welcome email, as in Mattermost.
	a.sendWelcome(ctx, created)
	return created, nil
}

func (a *App) signUpAllowed(ctx context.Context) error {
	if !a.cfg.EmailSettings.EnableSignUpWithEmail || !a.cfg.TeamSettings.EnableUserCreation {
		return model.NewAppError("CreateUser", "api.user.create_user.signup_email_disabled.app_error", nil, "", http.StatusNotImplemented)
	}
	return nil
}

type createOptions struct {
	requireOpenServer bool // self sign-up: only the first account, unless EnableOpenServer
	systemAdmin       bool // operator asked for an admin
	emailVerified     bool
}

// createUser validates and stores u, deciding its roles: system_user, plus system_admin
// for the first human account (or when an operator asks).
func (a *App) createUser(ctx context.Context, u *model.User, opts createOptions) (*model.User, error) {
	if !a.emailDomainAllowed(u.Email) && (u.AuthService == "" || u.AuthService == "email") {
		return nil, model.NewAppError("CreateUser", "api.user.create_user.accepted_domain.app_error", nil, "", http.StatusBadRequest)
	}
	if u.AuthService == "" {
		if err := a.CheckPasswordPolicy(u.Password); err != nil {
			return nil, err
		}
	}
	if opts.emailVerified {
		u.EmailVerified = true
	}
	u.PreSave(a.nowMillis())
	u.Roles = permission.SystemUser
	if err := u.IsValid(); err != nil {
		return nil, err
	}
	if u.Password != "" {
		hash, err := a.hasher.Hash(u.Password)
		if errors.Is(err, auth.ErrPasswordTooLong) {
			return nil, model.NewAppError("CreateUser", "model.user.pre_save.password_too_long.app_error", nil, "", http.StatusBadRequest)
		}
		if err != nil {
			return nil, model.NewAppError("CreateUser", "model.user.pre_save.password_hash.app_error", nil, "", http.StatusBadRequest).Wrap(err)
		}
		u.PasswordHash = hash
		u.Password = ""
	}
	err := a.store.InTx(ctx, func(ctx context.Context) error {
		first, err := a.isFirstUser(ctx, u)
		if err != nil {
			return err
		}
		if opts.requireOpenServer && !first && !a.cfg.TeamSettings.EnableOpenServer {
			return model.NewAppError("CreateUser", "api.user.create_user.no_open_server", nil, "", http.StatusForbidden)
		}
		if first || opts.systemAdmin {
			u.Roles = permission.SystemAdmin + " " + permission.SystemUser
		}
		return a.insertUser(ctx, u)
	})
	if err != nil {
		return nil, userSaveError(err)
	}
	a.audit(ctx, u.Id, "user created")
	a.log.Info("user created", "user_id", u.Id, "username", u.Username, "roles", u.Roles)
	return SelfView(u), nil
}

// isFirstUser reports whether u would be the first human account, serialising concurrent
// first sign-ups so that only one becomes admin.
func (a *App) isFirstUser(ctx context.Context, u *model.User) (bool, error) {
	if u.IsBot {
		return false, nil
	}
	any, err := a.store.HasHumanUsers(ctx)
	if err != nil || any {
		return false, err
	}
	if err := a.store.LockUserCreation(ctx); err != nil {
		return false, err
	}
	any, err = a.store.HasHumanUsers(ctx)
	return !any, err
}

// userSaveError maps a store failure on insert/update of a user to Mattermost's ids.
func userSaveError(err error) error {
	if _, ok := model.AsAppError(err); ok {
		return err
	}
	switch {
	case store.IsConflictOn(err, "users_username_key"):
		return model.NewAppError("SaveUser", "app.user.save.username_exists.app_error", nil, "", http.StatusBadRequest).Wrap(err)
	case store.IsConflictOn(err, "users_email_key"):
		return model.NewAppError("SaveUser", "app.user.save.email_exists.app_error", nil, "", http.StatusBadRequest).Wrap(err)
	case errors.Is(err, store.ErrConflict):
		return model.NewAppError("SaveUser", "app.user.save.existing.app_error", nil, "", http.StatusBadRequest).Wrap(err)
	case errors.Is(err, store.ErrNotFound):
		return model.NewAppError("UpdateUser", "app.user.update.find.app_error", nil, "", http.StatusBadRequest).Wrap(err)
	}
	return model.NewAppError("SaveUser", "app.user.save.app_error", nil, "", http.StatusInternalServerError).Wrap(err)
}

// CreateUserByOperator creates a user from the command line: no sign-up rules, but the same
// validation and password policy.
func (a *App) CreateUserByOperator(ctx context.Context, u *model.User, systemAdmin bool) (*model.User, error) {
	u.SanitizeInput(true)
	return a.createUser(ctx, u, createOptions{systemAdmin: systemAdmin, emailVerified: true})
}

// UpdateUser replaces a user's profile (PUT /users/{id}). Fields the server owns (roles,
// activation, password, MFA, auth) are kept whatever the body says.
func (a *App) UpdateUser(ctx context.Context, s *model.Session, in *model.User) (*model.User, error) {
	if err := a.require(ctx, s, permission.EditOtherUsers, Target{UserID: in.Id}); err != nil {
		return nil, err
	}
	old, err := a.userOrError(ctx, in.Id)
	if err != nil {
		return nil, err
	}
	updated := in.Clone()
	updated.CreateAt = old.CreateAt
	updated.AuthData = old.AuthData
	updated.AuthService = old.AuthService
	updated.PasswordHash = old.PasswordHash
	updated.LastPasswordUpdate = old.LastPasswordUpdate
	updated.LastPictureUpdate = old.LastPictureUpdate
	updated.EmailVerified = old.EmailVerified
	updated.FailedAttempts = old.FailedAttempts
	updated.MfaSecret = old.MfaSecret
	updated.MfaActive = old.MfaActive
	updated.LastLogin = old.LastLogin
	updated.Roles = old.Roles
	updated.DeleteAt = old.DeleteAt
	updated.IsBot = old.IsBot
	updated.BotDescription = old.BotDescription
	updated.BotLastIconUpdate = old.BotLastIconUpdate
	updated.TermsOfServiceId = old.TermsOfServiceId
	updated.TermsOfServiceCreateAt = old.TermsOfServiceCreateAt
	password := in.Password
	updated.Password = ""
	return a.saveProfile(ctx, s, old, updated, &password, "api.user.update_user")
}

// PatchUser applies the sent fields (PUT /users/{id}/patch).
func (a *App) PatchUser(ctx context.Context, s *model.Session, userID string, p *model.UserPatch) (*model.User, error) {
	if err := a.require(ctx, s, permission.EditOtherUsers, Target{UserID: userID}); err != nil {
		return nil, err
	}
	old, err := a.getUserCached(ctx, userID)
	if notFound(err) {
		return nil, model.InvalidBodyParam("user_id")
	}
	if err != nil {
		return nil, storeError("PatchUser", err)
	}
	updated := old.Clone()
	updated.Patch(p)
	return a.saveProfile(ctx, s, old, updated, p.Password, "api.user.patch_user")
}

// saveProfile is the update path shared by PUT and patch: SSO attribute protection, the
// password check for one's own email change, domain rules, validation, uniqueness.
func (a *App) saveProfile(ctx context.Context, s *model.Session, old, updated *model.User, password *string, idPrefix string) (*model.User, error) {
	updated.Username = strings.ToLower(updated.Username)
	updated.Email = strings.ToLower(strings.TrimSpace(updated.Email))
	emailChanged := updated.Email != old.Email
	if old.IsSSOUser() && updated.Username != old.Username {
		return nil, model.NewAppError("UpdateUser", idPrefix+".login_provider_attribute_set.app_error",
			map[string]any{"Field": "username"}, "", http.StatusConflict)
	}
	if emailChanged {
		if s.IsOAuth {
			return nil, model.PermissionError(s.UserId, permission.EditOtherUsers)
		}
		if s.UserId == old.Id {
			if password == nil || *password == "" {
				return nil, model.InvalidBodyParam("password")
			}
			if err := a.checkPasswordForUser(ctx, old, *password); err != nil {
				if idPrefix == "api.user.update_user" {
					return nil, model.InvalidBodyParam("password")
				}
				return nil, err
			}
		}
		if !a.emailDomainAllowed(updated.Email) {
			return nil, model.NewAppError("UpdateUser", "api.user.update_user.accepted_domain.app_error", nil, "", http.StatusBadRequest)
		}
		updated.EmailVerified = false
	}
	// With RequireEmailVerification a new address is not applied at once: a link goes to it,
	// and using the link applies it (as Mattermost does, so that nobody can take an address
	// they do not control). The address must be free now and still when the link is used.
	pendingEmail := ""
	if emailChanged && a.cfg.EmailSettings.RequireEmailVerification && !old.IsBot {
		if err := updated.IsValid(); err != nil {
			return nil, err
		}
		if _, err := a.store.GetUserByEmail(ctx, updated.Email); err == nil {
			return nil, model.NewAppError("UpdateUser", "app.user.save.email_exists.app_error", nil, "user_id="+old.Id, http.StatusBadRequest)
		} else if !notFound(err) {
			return nil, storeError("UpdateUser", err)
		}
		pendingEmail = updated.Email
		updated.Email = old.Email
		updated.EmailVerified = old.EmailVerified
	}
	updated.PreUpdate(a.nowMillis())
	if err := updated.IsValid(); err != nil {
		return nil, err
	}
	if err := a.updateProfile(ctx, old, updated); err != nil {
		return nil, userSaveError(err)
	}
	a.invalidateUser(updated.Id)
	switch {
	case pendingEmail != "":
		a.requestEmailChange(ctx, updated, pendingEmail)
	case updated.Email != old.Email:
		a.notifyEmailChanged(ctx, old.Id, old.Email, updated.Email)
	}
	if updated.Username != old.Username {
		a.notifyUsernameChanged(ctx, updated)
	}
	return SelfView(updated), nil
}

// checkPasswordForUser verifies a password typed to confirm a sensitive change; a wrong one
// counts as a failed login attempt.
func (a *App) checkPasswordForUser(ctx context.Context, u *model.User, password string) error {
	if u.FailedAttempts >= a.cfg.ServiceSettings.MaximumLoginAttempts {
		return model.NewAppError("checkUserPassword", "api.user.check_user_login_attempts.too_many.app_error", nil, "", http.StatusUnauthorized)
	}
	if _, err := a.hasher.Verify(u.PasswordHash, password); err != nil {
		if ierr := a.store.IncrementFailedAttempts(ctx, u.Id); ierr != nil {
			return storeError("checkUserPassword", ierr)
		}
		a.invalidateUser(u.Id)
		return model.NewAppError("checkUserPassword", "api.user.check_user_password.invalid.app_error", nil, "", http.StatusUnauthorized)
	}
	return nil
}

// UpdateUserActive activates or deactivates a user (PUT /users/{id}/active).
func (a *App) UpdateUserActive(ctx context.Context, s *model.Session, userID string, active bool) error {
	selfDeactivate := !active && userID == s.UserId
	if !selfDeactivate {
		ok, err := a.Allowed(ctx, s, permission.SysconsoleWriteUserManagementUsers, Target{})
		if err != nil {
			return err
		}
		if !ok {
			return model.NewAppError("UpdateUserActive", "api.user.update_active.permissions.app_error", nil, "userId="+userID, http.StatusForbidden)
		}
	}
	if selfDeactivate && !a.cfg.TeamSettings.EnableUserDeactivation {
		return model.NewAppError("UpdateUserActive", "api.user.update_active.not_enable.app_error", nil, "", http.StatusUnauthorized)
	}
	user, err := a.userOrError(ctx, userID)
	if err != nil {
		return err
	}
	if user.IsSystemAdmin() && !a.has(s, permission.ManageSystem) {
		return model.PermissionError(s.UserId, permission.ManageSystem)
	}
	if err := a.setActive(ctx, user, active); err != nil {
		return err
	}
	if selfDeactivate {
		a.notifyDeactivated(ctx, user)
	}
	return nil
}

// DeleteUser deactivates a user, or removes them for good with permanent=true when
// ServiceSettings.EnableAPIUserDeletion allows it (DELETE /users/{id}).
func (a *App) DeleteUser(ctx context.Context, s *model.Session, userID string, permanent bool) error {
	if err := a.require(ctx, s, permission.EditOtherUsers, Target{UserID: userID}); err != nil {
		return err
	}
	if userID == s.UserId && !a.cfg.TeamSettings.EnableUserDeactivation && !a.has(s, permission.ManageSystem) {
		return model.NewAppError("DeleteUser", "api.user.update_active.not_enable.app_error", nil, "", http.StatusUnauthorized)
	}
	user, err := a.userOrError(ctx, userID)
	if err != nil {
		return err
	}
	if user.IsSystemAdmin() && !a.has(s, permission.ManageSystem) {
		return model.PermissionError(s.UserId, permission.ManageSystem)
	}
	if permanent {
		if !a.cfg.ServiceSettings.EnableAPIUserDeletion {
			return model.NewAppError("DeleteUser", "api.user.delete_user.not_enabled.app_error", nil, "", http.StatusUnauthorized)
		}
		return a.permanentDelete(ctx, user)
	}
	return a.setActive(ctx, user, false)
}

// setActive stores the activation state; deactivation revokes every session at once.
func (a *App) setActive(ctx context.Context, user *model.User, active bool) error {
	now := a.nowMillis()
	deleteAt := int64(0)
	if !active {
		deleteAt = now
	}
	var hashes []string
	err := a.store.InTx(ctx, func(ctx context.Context) error {
		if err := a.store.SetUserDeleteAt(ctx, user.Id, deleteAt, now); err != nil {
			return err
		}
		if err := a.auditTx(ctx, user.Id, fmt.Sprintf("active=%v", active)); err != nil {
			return err
		}
		if active {
			return nil
		}
		var err error
		hashes, err = a.store.DeleteSessionsForUser(ctx, user.Id, "")
		return err
	})
	if err != nil {
		return storeError("UpdateActive", err)
	}
	a.invalidateUser(user.Id)
	a.forgetSessions(hashes)
	a.log.Info("user activation changed", "user_id", user.Id, "active", active)
	return nil
}

func (a *App) permanentDelete(ctx context.Context, user *model.User) error {
	var hashes []string
	err := a.store.InTx(ctx, func(ctx context.Context) error {
		var err error
		if hashes, err = a.store.DeleteSessionsForUser(ctx, user.Id, ""); err != nil {
			return err
		}
		return a.store.DeleteUser(ctx, user.Id)
	})
	if err != nil {
		return storeError("PermanentDeleteUser", err)
	}
	a.invalidateUser(user.Id)
	a.forgetSessions(hashes)
	a.log.Info("user permanently deleted", "user_id", user.Id)
	return nil
}
