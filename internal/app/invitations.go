package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"roster/internal/model"
	"roster/internal/permission"
	"roster/internal/store"
)

const (
	// TokenTypeTeamInvitation is the tokens.type of email invitations.
	TokenTypeTeamInvitation = "team_invitation"
	// InvitationExpiry is how long an invitation can be used.
	InvitationExpiry = 48 * time.Hour
	// invitationTokenLength is Mattermost's model.TokenSize.
	invitationTokenLength = 64
	// invitesPerHour bounds the invitations one user sends per hour, as Mattermost's email
	// rate limiter does (20 an hour).
	invitesPerHour = 20
	// Mattermost's default SMTP server, which means "not configured".
	defaultSMTPServer, defaultSMTPPort = "localhost", "10025"
)

// InviteInput is POST /teams/{team_id}/invite/email.
type InviteInput struct {
	TeamID     string
	Emails     []string // lower-cased by the caller
	ChannelIDs []string
	Message    string
	Graceful   bool
}

// CheckInvitePermission is the permission part of inviting: invite_user and
// add_user_to_team on the team (the error names invite_user either way, as Mattermost's),
// and TeamSettings.RestrictTeamInvite. The handler asks it before reading the body.
func (a *App) CheckInvitePermission(ctx context.Context, s *model.Session, teamID string) error {
	for _, perm := range []string{permission.InviteUser, permission.AddUserToTeam} {
		ok, err := a.Allowed(ctx, s, perm, Target{TeamID: teamID})
		if err != nil {
			return err
		}
		if !ok {
			return model.PermissionError(sessionUser(s), permission.InviteUser)
		}
	}
	switch a.cfg.TeamSettings.RestrictTeamInvite {
	case "team_admin":
		ok, err := a.Allowed(ctx, s, permission.ManageTeam, Target{TeamID: teamID})
		if err != nil {
			return err
		}
		if !ok {
			return model.PermissionError(sessionUser(s), permission.InviteUser)
		}
	case "system_admin":
		if !a.has(s, permission.ManageSystem) {
			return model.PermissionError(sessionUser(s), permission.InviteUser)
		}
	}
	return nil
}

// invitationsEnabled: EnableEmailInvitations, and email sending at all
// (SendEmailNotifications; Mattermost's console disables invitations without it). The links
// are built from ServiceSettings.SiteURL only, never from the request's Host header (which
// the caller controls), so without a SiteURL no invitation is sent.
func (a *App) invitationsEnabled() error {
	if !a.cfg.ServiceSettings.EnableEmailInvitations || !a.cfg.EmailSettings.SendEmailNotifications {
		return model.NewAppError("InviteNewUsersToTeam", "api.team.invite_members.disabled.app_error", nil, "", http.StatusNotImplemented)
	}
	if a.cfg.ServiceSettings.SiteURL == "" {
		return model.NewAppError("InviteNewUsersToTeam", "api.team.invite_members.no_site_url.app_error", nil, "", http.StatusNotImplemented)
	}
	return nil
}

// InviteByEmail sends each address its own invitation: a single-use token valid for 48 hours
// and an email with the sign-up link. Each address is all or nothing: the token is stored,
// the message sent, and the token deleted again if sending fails, so no invitation exists
// that nobody received. After a failure the remaining addresses are not tried (the server is
// most likely down) and are reported as failed too.
//
// Graceful callers get one entry per address with its error (null when sent). Otherwise
// addresses outside the allowed domains refuse the whole request before anything is sent,
// and any sending failure answers 500 after the addresses before it were sent.
func (a *App) InviteByEmail(ctx context.Context, s *model.Session, in InviteInput) ([]*model.EmailInviteWithError, error) {
	if err := a.CheckInvitePermission(ctx, s, in.TeamID); err != nil {
		return nil, err
	}
	if err := a.invitationsEnabled(); err != nil {
		return nil, err
	}
	if len(in.Emails) == 0 {
		return nil, model.NewAppError("InviteNewUsersToTeam", "api.team.invite_members.no_one.app_error", nil, "", http.StatusBadRequest)
	}
	team, err := a.store.GetTeam(ctx, in.TeamID)
	if notFound(err) {
		return nil, model.NewAppError("prepareInviteNewUsersToTeam", "app.team.get_by_invite_id.finding.app_error", nil, "", http.StatusNotFound)
	}
	if err != nil {
		return nil, model.NewAppError("prepareInviteNewUsersToTeam", "app.team.get_by_invite_id.finding.app_error", nil, "", http.StatusInternalServerError).Wrap(err)
	}
	sender, err := a.userOrError(ctx, s.UserId)
	if err != nil {
		return nil, err
	}
	channels, err := a.inviteChannels(ctx, sender, team.Id, in.ChannelIDs)
	if err != nil {
		return nil, err
	}

	results := make([]*model.EmailInviteWithError, len(in.Emails))
	var good []int
	var invalid []string
	for i, email := range in.Emails {
		results[i] = &model.EmailInviteWithError{Email: email}
		if !model.IsValidEmail(email) || !inviteDomainAllowed(email, team.AllowedDomains, a.cfg.TeamSettings.RestrictCreationToDomains) {
			invalid = append(invalid, email)
			results[i].Error = model.NewAppError("InviteNewUsersToTeam", "api.team.invite_members.invalid_email.app_error",
				map[string]any{"Addresses": email}, "", http.StatusBadRequest)
			continue
		}
		good = append(good, i)
	}
	if len(invalid) > 0 && !in.Graceful {
		return nil, model.NewAppError("InviteNewUsersToTeam", "api.team.invite_members.invalid_email.app_error",
			map[string]any{"Addresses": strings.Join(invalid, ", ")}, "", http.StatusBadRequest)
	}
	if len(good) == 0 {
		return results, nil
	}
	if err := a.checkInviteRate(ctx, sender.Id, len(good)); err != nil {
		return nil, err
	}

	siteURL := a.cfg.ServiceSettings.SiteURL
	var failed []string
	var sendErr error
	for _, i := range good {
		email := in.Emails[i]
		if sendErr == nil {
			sendErr = a.sendInvitation(ctx, sender, team, channels, email, in.Message, siteURL)
		}
		if sendErr != nil {
			failed = append(failed, email)
			results[i].Error = a.unableToSend()
		}
	}
	sent := len(good) - len(failed)
	if sendErr != nil {
		a.log.Error("team invitations not sent", "team_id", team.Id, "sender_id", sender.Id, "sent", sent, "failed", len(failed), "err", sendErr)
		if !in.Graceful {
			e := a.unableToSend()
			e.DetailedError = "not sent to: " + strings.Join(failed, ", ")
			return nil, e.Wrap(sendErr)
		}
	}
	if sent > 0 {
		a.log.Info("team invitations sent", "team_id", team.Id, "sender_id", sender.Id, "count", sent)
	}
	return results, nil
}

// unableToSend is Mattermost's per-address sending error; its id says when SMTP was left at
// the default (unconfigured) server.
func (a *App) unableToSend() *model.AppError {
	e := a.cfg.EmailSettings
	if e.SMTPServer == defaultSMTPServer && e.SMTPPort == defaultSMTPPort {
		return model.NewAppError("InviteNewUsersToTeamGracefully", "api.team.invite_members.unable_to_send_email_with_defaults.app_error", nil, "", http.StatusInternalServerError)
	}
	return model.NewAppError("InviteNewUsersToTeamGracefully", "api.team.invite_members.unable_to_send_email.app_error", nil, "", http.StatusInternalServerError)
}

// inviteDomainAllowed applies the team's allowed_domains and RestrictCreationToDomains: each
// list that is not empty must hold the address's domain.
func inviteDomainAllowed(email string, lists ...string) bool {
	for _, list := range lists {
		if !model.EmailInDomains(email, model.SplitDomains(list)) {
			return false
		}
	}
	return true
}

// checkInviteRate refuses more than invitesPerHour invitations from one sender within an
// hour, counting the invitations stored in the database (so every node sees the same count).
func (a *App) checkInviteRate(ctx context.Context, senderID string, n int) error {
	since := a.now().Add(-time.Hour).UnixMilli()
	sent, err := a.store.CountTokensBySender(ctx, TokenTypeTeamInvitation, senderID, since)
	if err != nil {
		return storeError("InviteNewUsersToTeam", err)
	}
	if sent+n > invitesPerHour {
		return model.NewAppError("InviteNewUsersToTeam", "app.email.rate_limit_exceeded.app_error", nil,
			"user_id="+senderID, http.StatusRequestEntityTooLarge)
	}
	return nil
}

// invitationData is the token's extra JSON, a string map as Mattermost stores it.
type invitationData struct {
	TeamID   string `json:"teamId"`
	Email    string `json:"email"`
	Channels string `json:"channels"` // space-separated ids
	SenderID string `json:"senderId"`
}

// sendInvitation stores one invitation token and sends its email; when sending fails the
// token is deleted again and the error returned.
func (a *App) sendInvitation(ctx context.Context, sender *model.User, team *model.Team, channels []*model.Channel, email, message, siteURL string) error {
	ids := make([]string, len(channels))
	for i, c := range channels {
		ids[i] = c.Id
	}
	extra, err := json.Marshal(invitationData{TeamID: team.Id, Email: email, Channels: strings.Join(ids, " "), SenderID: sender.Id})
	if err != nil {
		return err
	}
	secret := model.NewRandomString(invitationTokenLength)
	if err := a.store.CreateToken(ctx, &store.Token{Token: secret, Type: TokenTypeTeamInvitation, CreateAt: a.nowMillis(), Extra: string(extra)}); err != nil {
		return fmt.Errorf("store invitation: %w", err)
	}
	link := inviteLink(siteURL, inviteTeam{Name: team.Name, DisplayName: team.DisplayName}, email, secret)
	msg, err := a.buildInviteEmail(sender.Username, inviteTeam{Name: team.Name, DisplayName: team.DisplayName}, channels, link, message)
	if err == nil {
		if a.mailer == nil {
			err = errors.New("no mailer is configured")
		} else {
			err = a.mailer.SendMail(ctx, email, msg.Subject, msg.Text, msg.HTML)
		}
	}
	if err != nil {
		// The request may have been cancelled: the clean-up must run regardless.
		if _, derr := a.store.ConsumeToken(context.WithoutCancel(ctx), secret, TokenTypeTeamInvitation); derr != nil && !notFound(derr) {
			a.log.Error("delete the token of an unsent invitation", "team_id", team.Id, "err", derr)
		}
		return fmt.Errorf("send invitation: %w", err)
	}
	return nil
}

// inviteChannels keeps the requested channels the sender may add members to (private
// channels need manage_private_channel_members; unknown ids are dropped, as Mattermost's
// ValidateUserPermissionsOnChannels does); a channel of another team refuses the request.
func (a *App) inviteChannels(ctx context.Context, sender *model.User, teamID string, ids []string) ([]*model.Channel, error) {
	as := &model.Session{UserId: sender.Id, Roles: sender.Roles}
	var out []*model.Channel
	seen := map[string]bool{}
	for _, id := range ids {
		if seen[id] || !model.IsValidId(id) {
			continue
		}
		seen[id] = true
		c, err := a.store.GetChannel(ctx, id)
		if notFound(err) {
			continue
		}
		if err != nil {
			return nil, model.NewAppError("prepareInviteNewUsersToTeam", "app.channel.get_channels_by_ids.app_error", nil, "", http.StatusInternalServerError).Wrap(err)
		}
		if c.DeleteAt != 0 || c.IsGroupOrDirect() {
			continue
		}
		if c.Type == model.ChannelTypePrivate {
			ok, err := a.Allowed(ctx, as, permission.ManagePrivateChannelMembers, Target{ChannelID: c.Id})
			if err != nil {
				return nil, err
			}
			if !ok {
				continue
			}
		}
		if c.TeamId != teamID {
			return nil, model.NewAppError("prepareInviteNewUsersToTeam", "api.team.invite_guests.channel_in_invalid_team.app_error", nil, "", http.StatusBadRequest)
		}
		out = append(out, c)
	}
	return out, nil
}

// createWithInviteToken signs up with an email invitation token (POST /users?t=), even when
// open sign-up is off: the token must exist, be younger than 48 hours and name the address
// signing up. The account (email verified), its team membership and the invitation's
// channels are created and the token used up in one transaction: a failure leaves the token
// usable and no account behind, and of two concurrent sign-ups only one gets the token.
func (a *App) createWithInviteToken(ctx context.Context, u *model.User, secret string) (*model.User, error) {
	invalid := func(status int) error {
		return model.NewAppError("CreateUserWithToken", "api.user.create_user.signup_link_invalid.app_error", nil, "", status)
	}
	tok, err := a.store.GetToken(ctx, secret, TokenTypeTeamInvitation)
	if notFound(err) {
		return nil, invalid(http.StatusNotFound)
	}
	if err != nil {
		return nil, storeError("CreateUserWithToken", err)
	}
	if a.nowMillis()-tok.CreateAt >= InvitationExpiry.Milliseconds() {
		if _, err := a.store.ConsumeToken(ctx, secret, TokenTypeTeamInvitation); err != nil && !notFound(err) {
			a.log.Error("delete an expired invitation", "err", err)
		}
		return nil, model.NewAppError("CreateUserWithToken", "api.user.create_user.signup_link_expired.app_error", nil, "", http.StatusBadRequest)
	}
	var data invitationData
	if err := json.Unmarshal([]byte(tok.Extra), &data); err != nil {
		return nil, invalid(http.StatusBadRequest)
	}
	team, err := a.store.GetTeam(ctx, data.TeamID)
	if notFound(err) {
		return nil, model.NewAppError("CreateUserWithToken", "app.team.get.find.app_error", nil, "", http.StatusNotFound)
	}
	if err != nil {
		return nil, model.NewAppError("CreateUserWithToken", "app.team.get.finding.app_error", nil, "", http.StatusInternalServerError).Wrap(err)
	}
	if !strings.EqualFold(strings.TrimSpace(u.Email), data.Email) {
		return nil, model.NewAppError("CreateUserWithToken", "api.user.create_user.bad_token_email_data.app_error", nil, "", http.StatusBadRequest)
	}
	u.Email = data.Email
	channels := a.signUpChannels(ctx, data)

	var (
		created *model.User
		changes membershipChanges
	)
	err = a.store.InTx(ctx, func(ctx context.Context) error {
		if _, err := a.store.ConsumeToken(ctx, secret, TokenTypeTeamInvitation); notFound(err) {
			return invalid(http.StatusNotFound) // used by a concurrent sign-up
		} else if err != nil {
			return err
		}
		var err error
		if created, err = a.createUser(ctx, u, createOptions{emailVerified: true}); err != nil {
			return err
		}
		stored, err := a.store.GetUser(ctx, created.Id)
		if err != nil {
			return err
		}
		if _, _, err := a.joinUserToTeam(ctx, team, stored, &changes); err != nil {
			return err
		}
		for _, c := range channels {
			if err := a.joinChannelIfAbsent(ctx, c, stored, false, &changes); err != nil {
				return err
			}
		}
		return nil
	})
	a.forgetChanges(&changes)
	if err != nil {
		if _, ok := model.AsAppError(err); ok {
			return nil, err
		}
		return nil, storeError("CreateUserWithToken", err)
	}
	a.invalidateUser(created.Id)
	a.log.Info("invitation used", "user_id", created.Id, "team_id", team.Id)
	return created, nil
}

// signUpChannels are the invitation's channels the sender may still add members to and
// that are still live channels of the team; others are skipped, as in Mattermost.
func (a *App) signUpChannels(ctx context.Context, data invitationData) []*model.Channel {
	ids := strings.Fields(data.Channels)
	if len(ids) == 0 {
		return nil
	}
	sender, err := a.getUserCached(ctx, data.SenderID)
	if err != nil || sender.DeleteAt != 0 {
		return nil
	}
	channels, err := a.inviteChannels(ctx, sender, data.TeamID, ids)
	if err != nil {
		a.log.Warn("invitation channels skipped", "team_id", data.TeamID, "err", err)
		return nil
	}
	return channels
}

// deleteExpiredInvitations removes invitation tokens past their 48 hours (hourly clean-up).
func (a *App) deleteExpiredInvitations(ctx context.Context) {
	cutoff := a.now().Add(-InvitationExpiry).UnixMilli()
	if n, err := a.store.DeleteTokensOlderThan(ctx, TokenTypeTeamInvitation, cutoff); err != nil {
		a.log.Error("delete expired invitations", "err", err)
	} else if n > 0 {
		a.log.Info("deleted expired invitations", "count", n)
	}
}
