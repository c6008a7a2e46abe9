package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"net/http"
	"strings"
	"time"

	"roster/internal/auth"
	"roster/internal/model"
	"roster/internal/permission"
	"roster/internal/store"
)

// TokenTypePasswordRecovery is the tokens-table type of password reset links.
const TokenTypePasswordRecovery = "password_recovery"

// passwordRecoveryExpiry is how long a reset link works (Mattermost: 24 hours).
const passwordRecoveryExpiry = 24 * time.Hour

// PasswordChange is the body of PUT /users/{id}/password.
type PasswordChange struct {
	Current       string
	New           string
	AlreadyHashed bool // New is a hash to store as is (imports; admins only)
}

// UpdatePassword changes a password (PUT /users/{id}/password) by Mattermost's rules: the
// user themself must give the current password (even an admin); someone who may manage the
// user (sysconsole_write_user_management_users, or manage_system for an admin target) needs
// none. The user's other sessions end when TerminateSessionsOnPasswordChange is on.
func (a *App) UpdatePassword(ctx context.Context, s *model.Session, userID string, in PasswordChange) error {
	target, err := a.getUserCached(ctx, userID)
	if err != nil && !notFound(err) {
		return storeError("UpdatePassword", err)
	}
	canManage := false
	if target != nil {
		perm := permission.SysconsoleWriteUserManagementUsers
		if target.IsSystemAdmin() {
			perm = permission.ManageSystem
		}
		canManage = a.has(s, perm)
	}
	self := s.UserId == userID
	contextErr := model.NewAppError("updatePassword", "api.user.update_password.context.app_error", nil, "", http.StatusForbidden)
	if in.AlreadyHashed {
		switch {
		case canManage:
			if in.New == "" || len(in.New) > 128 {
				return model.InvalidBodyParam("new_password")
			}
			return a.storePassword(ctx, s, target, in.New, "completed - hashed password set")
		case self:
			return model.NewAppError("updatePassword", "api.user.update_password.user_and_hashed.app_error", nil, "", http.StatusUnauthorized)
		default:
			return contextErr
		}
	}
	switch {
	case self:
		if in.Current == "" {
			return model.InvalidBodyParam("current_password")
		}
		user, err := a.userOrError(ctx, userID)
		if err != nil {
			return err
		}
		if user.AuthData != nil && *user.AuthData != "" {
			return model.NewAppError("updatePassword", "api.user.update_password.oauth.app_error", nil, "auth_service="+user.AuthService, http.StatusBadRequest)
		}
		if err := a.checkPasswordForUser(ctx, user, in.Current); err != nil {
			if ae, ok := model.AsAppError(err); ok && ae.Id == "api.user.check_user_password.invalid.app_error" {
				return model.NewAppError("updatePassword", "api.user.update_password.incorrect.app_error", nil, "", http.StatusBadRequest)
			}
			return err
		}
		if err := a.setPassword(ctx, s, user, in.New, "completed"); err != nil {
			return err
		}
		a.notifyPasswordChanged(ctx, user, "api.user.update_password.menu")
		return nil
	case canManage:
		if err := a.setPassword(ctx, s, target, in.New, "completed"); err != nil {
			return err
		}
		// Mattermost names the reset link as the method here too.
		a.notifyPasswordChanged(ctx, target, "api.user.reset_password.method")
		return nil
	default:
		return contextErr
	}
}

// setPassword applies the policy, hashes and stores a new password.
func (a *App) setPassword(ctx context.Context, s *model.Session, user *model.User, password, note string) error {
	if err := a.CheckPasswordPolicy(password); err != nil {
		return err
	}
	hash, err := a.hasher.Hash(password)
	if errors.Is(err, auth.ErrPasswordTooLong) {
		return model.NewAppError("UpdatePassword", "model.user.pre_save.password_too_long.app_error", nil, "", http.StatusBadRequest)
	}
	if err != nil {
		return model.NewAppError("UpdatePassword", "api.user.update_password.password_hash.app_error", nil, "", http.StatusInternalServerError).Wrap(err)
	}
	return a.storePassword(ctx, s, user, hash, note)
}

// storePassword stores a hash and, with TerminateSessionsOnPasswordChange, ends the user's
// sessions but the caller's own, in one transaction; the caches forget them at once.
func (a *App) storePassword(ctx context.Context, s *model.Session, user *model.User, hash, note string) error {
	var hashes []string
	err := a.store.InTx(ctx, func(ctx context.Context) error {
		now := a.nowMillis()
		if err := a.store.UpdatePassword(ctx, user.Id, hash, now); err != nil {
			return err
		}
		if a.cfg.ServiceSettings.TerminateSessionsOnPasswordChange {
			keep := ""
			if s != nil && s.UserId == user.Id {
				keep = s.Id
			}
			var err error
			if hashes, err = a.store.DeleteSessionsForUser(ctx, user.Id, keep); err != nil {
				return err
			}
		}
		return a.auditTx(ctx, user.Id, note+byActor(s, user.Id))
	})
	if err != nil {
		return model.NewAppError("UpdatePassword", "api.user.update_password.failed.app_error", nil, "", http.StatusInternalServerError).Wrap(err)
	}
	a.invalidateUser(user.Id)
	a.forgetSessions(hashes)
	a.log.Info("password changed", "user_id", user.Id, "sessions_revoked", len(hashes))
	return nil
}

type recoveryExtra struct {
	UserId string
	Email  string
}

// SendPasswordReset emails a reset link (POST /users/password/reset/send). It answers the
// same, at once, whatever the address: the lookup, the token and the email happen after the
// answer, so neither the answer nor its timing tells whether an account exists. Accounts
// that sign in through another service get no link.
func (a *App) SendPasswordReset(ctx context.Context, email string) error {
	email = strings.ToLower(strings.TrimSpace(email))
	if email == "" {
		return model.InvalidBodyParam("email")
	}
	a.goBackground(ctx, time.Minute, func(ctx context.Context) {
		if err := a.sendPasswordReset(ctx, email); err != nil {
			a.log.Error("password reset email", "err", err)
		}
	})
	return nil
}

func (a *App) sendPasswordReset(ctx context.Context, email string) error {
	user, err := a.store.GetUserByEmail(ctx, email)
	if notFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	if user.IsSSOUser() || (user.AuthData != nil && *user.AuthData != "") || user.IsRemote() || user.IsBot {
		a.log.Info("password reset not sent: account does not sign in with a password", "user_id", user.Id)
		return nil
	}
	if a.mailer == nil {
		a.log.Warn("password reset not sent: no mailer is configured", "user_id", user.Id)
		return nil
	}
	secret := model.NewRandomString(model.PasswordRecoveryTokenSize)
	extra, err := json.Marshal(recoveryExtra{UserId: user.Id, Email: user.Email})
	if err != nil {
		return err
	}
	err = a.store.InTx(ctx, func(ctx context.Context) error {
		// Only the newest link works.
		if err := a.store.DeleteTokensForUser(ctx, TokenTypePasswordRecovery, user.Id); err != nil {
			return err
		}
		return a.store.CreateToken(ctx, &store.Token{Token: secret, Type: TokenTypePasswordRecovery, CreateAt: a.nowMillis(), Extra: string(extra)})
	})
	if err != nil {
		return wrapf(err, "create reset token")
	}
	subject, text, htmlBody := a.passwordResetEmail(secret)
	if err := a.mailer.SendMail(ctx, user.Email, subject, text, htmlBody); err != nil {
		return wrapf(err, "send reset email to user %s", user.Id)
	}
	a.audit(ctx, user.Id, "password reset link sent")
	return nil
}

// passwordResetEmail builds the message. The link is built from ServiceSettings.SiteURL
// only, never from the request's Host header, which a caller controls.
func (a *App) passwordResetEmail(secret string) (subject, text, htmlBody string) {
	site := a.cfg.TeamSettings.SiteName
	link := strings.TrimRight(a.cfg.ServiceSettings.SiteURL, "/") + "/reset_password_complete?token=" + secret
	subject = fmt.Sprintf("[%s] Reset your password", site)
	text = fmt.Sprintf("A password reset was requested for your %s account.\n\n"+
		"To choose a new password, open this link within 24 hours:\n%s\n\n"+
		"If you did not ask for this, ignore this email: your password stays as it is.\n", site, link)
	htmlBody = fmt.Sprintf("<p>A password reset was requested for your %s account.</p>"+
		"<p><a href=\"%s\">Choose a new password</a> (the link works for 24 hours).</p>"+
		"<p>If you did not ask for this, ignore this email: your password stays as it is.</p>",
		html.EscapeString(site), html.EscapeString(link))
	return subject, text, htmlBody
}

// ResetPassword sets a new password with a reset link's token (POST /users/password/reset).
// The token works once: it is used up in the transaction that stores the password, so of
// two concurrent uses one fails, and a password the policy refuses leaves it usable.
func (a *App) ResetPassword(ctx context.Context, secret, newPassword string) error {
	if len(secret) != model.PasswordRecoveryTokenSize {
		return model.InvalidBodyParam("token")
	}
	invalid := model.NewAppError("resetPassword", "api.user.reset_password.invalid_link.app_error", nil, "", http.StatusBadRequest)
	expired := model.NewAppError("resetPassword", "api.user.reset_password.link_expired.app_error", nil, "", http.StatusBadRequest)
	tok, err := a.store.GetToken(ctx, secret, TokenTypePasswordRecovery)
	if notFound(err) {
		return invalid
	}
	if err != nil {
		return storeError("ResetPassword", err)
	}
	if a.nowMillis()-tok.CreateAt >= passwordRecoveryExpiry.Milliseconds() {
		return expired
	}
	var extra recoveryExtra
	if err := json.Unmarshal([]byte(tok.Extra), &extra); err != nil {
		return model.NewAppError("resetPassword", "api.user.reset_password.broken_token.app_error", nil, "", http.StatusBadRequest)
	}
	user, err := a.store.GetUser(ctx, extra.UserId)
	if notFound(err) {
		return invalid
	}
	if err != nil {
		return storeError("ResetPassword", err)
	}
	if user.Email != extra.Email {
		return expired
	}
	if user.IsSSOUser() || (user.AuthData != nil && *user.AuthData != "") {
		return model.NewAppError("ResetPasswordFromCode", "api.user.reset_password.sso.app_error", nil, "", http.StatusBadRequest)
	}
	if err := a.CheckPasswordPolicy(newPassword); err != nil {
		return err
	}
	hash, err := a.hasher.Hash(newPassword)
	if err != nil {
		return model.NewAppError("ResetPassword", "api.user.update_password.password_hash.app_error", nil, "", http.StatusInternalServerError).Wrap(err)
	}
	var hashes []string
	err = a.store.InTx(ctx, func(ctx context.Context) error {
		if _, err := a.store.ConsumeToken(ctx, secret, TokenTypePasswordRecovery); err != nil {
			return err
		}
		if err := a.store.UpdatePassword(ctx, user.Id, hash, a.nowMillis()); err != nil {
			return err
		}
		if a.cfg.ServiceSettings.TerminateSessionsOnPasswordChange {
			var err error
			if hashes, err = a.store.DeleteSessionsForUser(ctx, user.Id, ""); err != nil {
				return err
			}
		}
		return a.auditTx(ctx, user.Id, "success - password reset with a link")
	})
	if notFound(err) {
		return invalid // used by a concurrent request
	}
	if err != nil {
		return model.NewAppError("ResetPassword", "api.user.update_password.failed.app_error", nil, "", http.StatusInternalServerError).Wrap(err)
	}
	a.invalidateUser(user.Id)
	a.forgetSessions(hashes)
	a.log.Info("password reset with a link", "user_id", user.Id, "sessions_revoked", len(hashes))
	a.notifyPasswordChanged(ctx, user, "api.user.reset_password.method")
	return nil
}
