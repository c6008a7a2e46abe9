package app

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"roster/internal/model"
	"roster/internal/permission"
	"roster/internal/store"
)

// TokenTypeVerifyEmail is the tokens-table type of email verification links.
const TokenTypeVerifyEmail = "verify_email"

// verifyEmailExpiry is how long a verification link works (Mattermost: 24 hours, as reset
// links).
const verifyEmailExpiry = 24 * time.Hour

// AttemptVerify counts requests of the verification flow (sending links, using them).
const AttemptVerify = "verify"

// verifyExtra is a verification token's extra JSON. Email is the address the link was sent
// to; Change marks a link that applies a new address (an email change awaiting
// verification) rather than confirming the account's current one.
type verifyExtra struct {
	UserId string
	Email  string
	Change bool `json:",omitempty"`
}

// sendVerification creates a verification link for email and mails it there: the welcome
// email of a new account (welcome), the email change confirmation (change), or the plain
// verification email. Only the newest link of a user works. When the message cannot be
// sent, the token is deleted again.
func (a *App) sendVerification(ctx context.Context, u *model.User, email string, change, welcome bool) error {
	if a.siteURL() == "" {
		return errNoSiteURL
	}
	if a.mailer == nil {
		return errNoMailer
	}
	secret := model.NewRandomString(model.PasswordRecoveryTokenSize)
	extra, err := json.Marshal(verifyExtra{UserId: u.Id, Email: email, Change: change})
	if err != nil {
		return err
	}
	err = a.store.InTx(ctx, func(ctx context.Context) error {
		if err := a.store.DeleteTokensForUser(ctx, TokenTypeVerifyEmail, u.Id); err != nil {
			return err
		}
		return a.store.CreateToken(ctx, &store.Token{Token: secret, Type: TokenTypeVerifyEmail, CreateAt: a.nowMillis(), Extra: string(extra)})
	})
	if err != nil {
		return wrapf(err, "create verification token")
	}
	link := a.verifyLink(secret, email)
	var m accountEmail
	switch {
	case change:
		m = a.emailChangeVerifyEmail(link)
	case welcome:
		m = a.welcomeEmail(link)
	default:
		m = a.verifyEmail(link)
	}
	if err := a.deliver(ctx, email, m); err != nil {
		// The request may be over: the clean-up must run regardless.
		if _, derr := a.store.ConsumeToken(context.WithoutCancel(ctx), secret, TokenTypeVerifyEmail); derr != nil && !notFound(derr) {
			a.log.Error("delete the token of an unsent verification email", "user_id", u.Id, "err", derr)
		}
		return err
	}
	a.audit(ctx, u.Id, "verification email sent")
	return nil
}

// SendVerificationEmail mails a new verification link (POST /users/email/verify/send). As
// for password resets, the answer is the same, at once, whatever the address: the lookup
// and the email happen after it. The address is looked up as a login id is (email, or
// username when sign-in by username is on). Accounts already verified get nothing.
func (a *App) SendVerificationEmail(ctx context.Context, email string) error {
	email = strings.ToLower(strings.TrimSpace(email))
	if email == "" {
		return model.InvalidBodyParam("email")
	}
	a.goBackground(ctx, time.Minute, func(ctx context.Context) {
		es := a.cfg.EmailSettings
		users, err := a.store.GetUsersForLogin(ctx, email, es.EnableSignInWithUsername, es.EnableSignInWithEmail)
		if err != nil {
			a.log.Error("verification email: look the account up", "err", err)
			return
		}
		if len(users) != 1 {
			return
		}
		u := users[0]
		if u.EmailVerified || u.IsBot || u.IsRemote() {
			a.log.Info("verification email not sent: the account needs none", "user_id", u.Id)
			return
		}
		if err := a.sendVerification(ctx, u, u.Email, false, false); err != nil {
			a.log.Warn("verification email not sent", "user_id", u.Id, "reason", err.Error())
		}
	})
	return nil
}

// VerifyEmail uses a verification link (POST /users/email/verify): the address the link was
// sent to becomes the account's, verified. The token works once and for 24 hours; every
// failure answers Mattermost's api.user.verify_email.bad_link.app_error (the reason is in
// the detailed error). A link confirming an address the account no longer has does not
// work; a link for an email change applies the new address, unless another account took it
// meanwhile, and the old address is told.
func (a *App) VerifyEmail(ctx context.Context, secret string) error {
	bad := func(reason string) error {
		return model.NewAppError("verifyUserEmail", "api.user.verify_email.bad_link.app_error", nil, reason, http.StatusBadRequest)
	}
	tok, err := a.store.GetToken(ctx, secret, TokenTypeVerifyEmail)
	if notFound(err) {
		return bad("unknown or used token")
	}
	if err != nil {
		return storeError("VerifyEmailFromToken", err)
	}
	if a.nowMillis()-tok.CreateAt >= verifyEmailExpiry.Milliseconds() {
		return bad(model.Translate("api.user.verify_email.link_expired.app_error", nil))
	}
	var extra verifyExtra
	if err := json.Unmarshal([]byte(tok.Extra), &extra); err != nil || extra.Email == "" {
		return bad(model.Translate("api.user.verify_email.token_parse.error", nil))
	}
	user, err := a.store.GetUser(ctx, extra.UserId)
	if notFound(err) {
		return bad("the account no longer exists")
	}
	if err != nil {
		return storeError("VerifyEmailFromToken", err)
	}
	email := strings.ToLower(extra.Email)
	if !extra.Change && email != strings.ToLower(user.Email) {
		return bad("the account's address changed since the link was sent")
	}
	err = a.store.InTx(ctx, func(ctx context.Context) error {
		if _, err := a.store.ConsumeToken(ctx, secret, TokenTypeVerifyEmail); err != nil {
			return err
		}
		if err := a.store.VerifyEmail(ctx, user.Id, email, a.nowMillis()); err != nil {
			return err
		}
		note := "email verified"
		if email != strings.ToLower(user.Email) {
			note = "email changed after verification"
		}
		return a.auditTx(ctx, user.Id, note)
	})
	switch {
	case notFound(err):
		return bad("unknown or used token")
	case store.IsConflictOn(err, "users_email_key"):
		return bad("another account uses the address now")
	case err != nil:
		return model.NewAppError("VerifyUserEmail", "app.user.verify_email.app_error", nil, "", http.StatusInternalServerError).Wrap(err)
	}
	a.invalidateUser(user.Id)
	if email != strings.ToLower(user.Email) {
		a.notifyEmailChanged(ctx, user.Id, user.Email, email)
	}
	a.log.Info("email verified", "user_id", user.Id)
	return nil
}

// VerifyUserEmailWithoutToken marks a user's current address verified (POST
// /users/{id}/email/verify/member, manage_system) and answers the user.
func (a *App) VerifyUserEmailWithoutToken(ctx context.Context, s *model.Session, userID string) (*model.User, error) {
	if err := a.require(ctx, s, permission.ManageSystem, Target{}); err != nil {
		return nil, err
	}
	user, err := a.userOrError(ctx, userID)
	if err != nil {
		return nil, err
	}
	now := a.nowMillis()
	err = a.store.InTx(ctx, func(ctx context.Context) error {
		if err := a.store.VerifyEmail(ctx, user.Id, user.Email, now); err != nil {
			return err
		}
		return a.auditTx(ctx, user.Id, "email verified"+byActor(s, user.Id))
	})
	if notFound(err) {
		return nil, model.NewAppError("VerifyUserEmail", "app.user.missing_account.const", nil, "user_id="+userID, http.StatusNotFound)
	}
	if err != nil {
		return nil, model.NewAppError("VerifyUserEmail", "app.user.verify_email.app_error", nil, "", http.StatusInternalServerError).Wrap(err)
	}
	a.invalidateUser(user.Id)
	out := SelfView(user)
	out.Email = strings.ToLower(user.Email)
	out.EmailVerified = true
	out.UpdateAt = now
	return out, nil
}

// sendWelcome greets an account created through the API (not with an email invitation), as
// Mattermost's SendWelcomeEmail: unless the user asked for no welcome email, when
// EmailSettings.SendEmailNotifications or RequireEmailVerification is on. When verification
// is required and the address is not verified yet, the email carries the verification link.
func (a *App) sendWelcome(ctx context.Context, u *model.User) {
	es := a.cfg.EmailSettings
	if u.DisableWelcomeEmail || u.IsBot || (!es.SendEmailNotifications && !es.RequireEmailVerification) {
		return
	}
	verify := es.RequireEmailVerification && !u.EmailVerified
	user := u.Clone()
	a.mailLater(ctx, "welcome", u.Id, func(ctx context.Context) error {
		if verify {
			return a.sendVerification(ctx, user, user.Email, false, true)
		}
		if a.siteURL() == "" {
			return errNoSiteURL
		}
		return a.deliver(ctx, user.Email, a.welcomeEmail(""))
	})
}

// requestEmailChange mails the link that applies a new address awaiting verification.
func (a *App) requestEmailChange(ctx context.Context, u *model.User, newEmail string) {
	user := u.Clone()
	a.mailLater(ctx, "email_change_verification", u.Id, func(ctx context.Context) error {
		return a.sendVerification(ctx, user, newEmail, true, false)
	})
}

// deleteExpiredVerifications removes verification tokens past their 24 hours (hourly
// clean-up).
func (a *App) deleteExpiredVerifications(ctx context.Context) {
	cutoff := a.now().Add(-verifyEmailExpiry).UnixMilli()
	if n, err := a.store.DeleteTokensOlderThan(ctx, TokenTypeVerifyEmail, cutoff); err != nil {
		a.log.Error("delete expired verification links", "err", err)
	} else if n > 0 {
		a.log.Info("deleted expired verification links", "count", n)
	}
}
