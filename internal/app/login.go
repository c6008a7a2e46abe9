package app

import (
	"context"
	"errors"
	"net/http"

	"roster/internal/model"
)

// LoginInput is the body of POST /users/login.
type LoginInput struct {
	ID       string // log in by user id instead of LoginID
	LoginID  string // username or email
	Password string
	MFAToken string
	DeviceID string
	LDAPOnly bool
}

// loginPassThrough lists the error ids a failed login reports as they are; every other
// failure is masked as "invalid credentials" so that unknown user and wrong password look
// the same.
var loginPassThrough = map[string]bool{
	"mfa.validate_token.authenticate.app_error":             true,
	"api.user.check_user_mfa.bad_code.app_error":            true,
	"api.user.login.blank_pwd.app_error":                    true,
	"api.user.login.bot_login_forbidden.app_error":          true,
	"api.user.login.remote_users.login.error":               true,
	"api.user.login.client_side_cert.certificate.app_error": true,
	"api.user.login.inactive.app_error":                     true,
	"api.user.login.not_verified.app_error":                 true,
	"api.user.check_user_login_attempts.too_many.app_error": true,
	"app.team.join_user_to_team.max_accounts.app_error":     true,
	"store.sql_user.save.max_accounts.app_error":            true,
}

// Login checks the credentials and opens a session. It returns the user (self view) and
// the new session, whose Token is the secret to hand back.
func (a *App) Login(ctx context.Context, in LoginInput, r *http.Request) (*model.User, *model.Session, error) {
	user, err := a.authenticate(ctx, in)
	if err != nil {
		a.auditLoginFailure(ctx, user, in)
		ae, ok := model.AsAppError(err)
		if !ok {
			return nil, nil, err
		}
		if !loginPassThrough[ae.Id] {
			return nil, nil, a.invalidCredentials().Wrap(ae)
		}
		if ae.StatusCode != http.StatusBadRequest {
			ae.StatusCode = http.StatusUnauthorized
		}
		return nil, nil, ae
	}
	sess, err := a.newSession(ctx, user, in.DeviceID, r)
	if err != nil {
		return nil, nil, err
	}
	if err := a.store.RecordLogin(ctx, user.Id, sess.CreateAt); err != nil {
		return nil, nil, storeError("Login", err)
	}
	a.invalidateUser(user.Id)
	a.auditSession(ctx, user.Id, sess.Id, "success")
	a.log.Info("login", "user_id", user.Id, "session_id", sess.Id)
	view := SelfView(user)
	view.FailedAttempts = 0
	return view, sess, nil
}

func (a *App) invalidCredentials() *model.AppError {
	es := a.cfg.EmailSettings
	id := "api.user.login.invalid_credentials_email_username"
	switch {
	case es.EnableSignInWithEmail && !es.EnableSignInWithUsername:
		id = "api.user.login.invalid_credentials_email"
	case !es.EnableSignInWithEmail && es.EnableSignInWithUsername:
		id = "api.user.login.invalid_credentials_username"
	}
	return model.NewAppError("login", id, nil, "", http.StatusUnauthorized)
}

// auditLoginFailure records a failed login in the account's log when the login id named
// one, else in no account's. The password is never recorded.
func (a *App) auditLoginFailure(ctx context.Context, user *model.User, in LoginInput) {
	uid := ""
	if user != nil {
		uid = user.Id
	}
	login := in.LoginID
	if login == "" {
		login = in.ID
	}
	a.audit(ctx, uid, "failure - login_id="+clip(login, 128))
}

// authenticate runs Mattermost's login checks in order and returns the user. The user is
// also returned with an error when the login id named one (for the audit log).
func (a *App) authenticate(ctx context.Context, in LoginInput) (*model.User, error) {
	if in.Password == "" {
		return nil, model.NewAppError("login", "api.user.login.blank_pwd.app_error", nil, "", http.StatusBadRequest)
	}
	user, err := a.findLoginUser(ctx, in)
	if err != nil {
		// Spend the time a password check takes, so an unknown login id is not told apart
		// from a wrong password by the answer's timing.
		_, _ = a.hasher.Verify("", in.Password)
		return nil, err
	}
	u, err := a.checkLoginUser(ctx, user, in)
	if err != nil {
		return user, err
	}
	return u, nil
}

// checkLoginUser runs the checks on the account found for the login id.
func (a *App) checkLoginUser(ctx context.Context, user *model.User, in LoginInput) (*model.User, error) {
	if user.AuthService != "" && user.AuthService != "email" {
		return nil, model.NewAppError("login", "api.user.login.use_auth_service.app_error",
			map[string]any{"AuthService": user.AuthService}, "", http.StatusBadRequest)
	}
	if user.DeleteAt > 0 {
		return nil, model.NewAppError("login", "api.user.login.inactive.app_error", nil, "", http.StatusUnauthorized)
	}
	if user.IsBot {
		return nil, model.NewAppError("login", "api.user.login.bot_login_forbidden.app_error", nil, "", http.StatusUnauthorized)
	}
	if user.FailedAttempts >= a.cfg.ServiceSettings.MaximumLoginAttempts {
		return nil, model.NewAppError("login", "api.user.check_user_login_attempts.too_many.app_error", nil, "", http.StatusUnauthorized)
	}
	needsRehash, verr := a.hasher.Verify(user.PasswordHash, in.Password)
	if verr != nil {
		if err := a.store.IncrementFailedAttempts(ctx, user.Id); err != nil {
			return nil, storeError("login", err)
		}
		a.invalidateUser(user.Id)
		return nil, model.NewAppError("login", "api.user.check_user_password.invalid.app_error", nil, "", http.StatusUnauthorized)
	}
	if err := a.checkMFA(ctx, user, in.MFAToken); err != nil {
		return nil, err
	}
	if user.FailedAttempts > 0 {
		// Password (and MFA) right: the counter starts again, even if a check below fails.
		if err := a.store.SetFailedAttempts(ctx, user.Id, 0); err != nil {
			return nil, storeError("login", err)
		}
		a.invalidateUser(user.Id)
	}
	if needsRehash {
		if hash, err := a.hasher.Hash(in.Password); err == nil {
			if err := a.store.RehashPassword(ctx, user.Id, user.PasswordHash, hash); err != nil {
				a.log.Error("rehash password", "user_id", user.Id, "err", err)
			}
		}
	}
	if a.cfg.EmailSettings.RequireEmailVerification && !user.EmailVerified {
		return nil, model.NewAppError("login", "api.user.login.not_verified.app_error", nil, "", http.StatusUnauthorized)
	}
	return user, nil
}

// findLoginUser finds exactly one user for the login id; none or several is "not found".
func (a *App) findLoginUser(ctx context.Context, in LoginInput) (*model.User, error) {
	notFoundErr := model.NewAppError("login", "app.user.get_for_login.app_error", nil, "", http.StatusBadRequest)
	if in.ID != "" {
		u, err := a.store.GetUser(ctx, in.ID)
		if errors.Is(err, nil) {
			return u, nil
		}
		if notFound(err) {
			return nil, notFoundErr
		}
		return nil, storeError("login", err)
	}
	if in.LDAPOnly {
		return nil, notFoundErr // no LDAP directory is configured
	}
	es := a.cfg.EmailSettings
	users, err := a.store.GetUsersForLogin(ctx, in.LoginID, es.EnableSignInWithUsername, es.EnableSignInWithEmail)
	if err != nil {
		return nil, storeError("login", err)
	}
	if len(users) != 1 {
		return nil, notFoundErr
	}
	return users[0], nil
}
