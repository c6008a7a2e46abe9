package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"net/url"
	"path"
	"strings"
	"time"

	"roster/internal/model"
)

// The emails about an account: verification links, the welcome email, and the
// notifications Mattermost sends when a password, MFA, email address or username changes,
// when users deactivate themselves, and when a personal access token is added. Texts are
// Mattermost's English templates; each message has a plain-text and an HTML part.
//
// Every one is sent after the answer, as background work the App's Close waits for, so
// neither a slow nor a failing mail server slows or fails a request; failures are logged
// with the kind of email and the user id, never with the message (which may hold a link).

var (
	errNoMailer  = errors.New("no mailer is configured")
	errNoSiteURL = errors.New("ServiceSettings.SiteURL is not set: links in emails are built from it only")
)

// accountEmail is one message before rendering.
type accountEmail struct {
	Subject string
	Title   string
	Lines   []string // paragraphs before the button
	Button  string   // the button's text; no button when Link is empty
	Link    string
	After   []string // paragraphs after the button
	Warning string
}

var accountEmailHTML = template.Must(template.New("account").Parse(`<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{{.Subject}}</title></head>
<body style="margin:0;padding:24px;background:#f3f3f3;font-family:'Open Sans',Helvetica,Arial,sans-serif;color:#3f4350">
<table role="presentation" width="100%" cellspacing="0" cellpadding="0" style="max-width:600px;margin:0 auto;background:#ffffff;border-radius:4px">
<tr><td style="padding:32px">
<h1 style="font-size:22px;font-weight:600;margin:0 0 16px">{{.Title}}</h1>
{{range .Lines}}<p style="font-size:16px;margin:0 0 16px">{{.}}</p>
{{end}}{{if .Link}}<p style="margin:8px 0 24px"><a href="{{.Link}}" style="display:inline-block;padding:12px 24px;background:#1c58d9;color:#ffffff;text-decoration:none;border-radius:4px;font-weight:600">{{.Button}}</a></p>
<p style="font-size:13px;color:#63656d;margin:0 0 16px">If the button does not work, open this link: <a href="{{.Link}}">{{.Link}}</a></p>
{{end}}{{range .After}}<p style="font-size:14px;margin:0 0 12px">{{.}}</p>
{{end}}{{if .Warning}}<p style="font-size:14px;color:#63656d;margin:16px 0 0">{{.Warning}}</p>
{{end}}<p style="font-size:14px;margin:24px 0 0">{{.Regards}}<br>{{.Signature}}</p>
</td></tr>
</table>
</body>
</html>
`))

// render returns the text and HTML parts.
func (m accountEmail) render(siteName string) (text, html string, err error) {
	regards := model.Translate("api.templates.email_info2", nil)
	signature := model.Translate("api.templates.email_info3", map[string]any{"SiteName": siteName})
	var h bytes.Buffer
	data := struct {
		accountEmail
		Regards, Signature string
	}{m, regards, signature}
	if err := accountEmailHTML.Execute(&h, data); err != nil {
		return "", "", fmt.Errorf("render email: %w", err)
	}
	var t strings.Builder
	t.WriteString(m.Title + "\n\n")
	for _, l := range m.Lines {
		t.WriteString(l + "\n\n")
	}
	if m.Link != "" {
		t.WriteString(m.Button + ": " + m.Link + "\n\n")
	}
	for _, l := range m.After {
		t.WriteString(l + "\n\n")
	}
	if m.Warning != "" {
		t.WriteString(m.Warning + "\n\n")
	}
	t.WriteString(regards + "\n" + signature + "\n")
	return t.String(), h.String(), nil
}

// deliver renders and sends m to one address.
func (a *App) deliver(ctx context.Context, to string, m accountEmail) error {
	if a.mailer == nil {
		return errNoMailer
	}
	text, html, err := m.render(a.cfg.TeamSettings.SiteName)
	if err != nil {
		return err
	}
	if err := a.mailer.SendMail(ctx, to, m.Subject, text, html); err != nil {
		return fmt.Errorf("send: %w", err)
	}
	return nil
}

// mailLater runs send after the answer. A failure is logged (a missing mailer or SiteURL as
// a warning: that is configuration, not an outage).
func (a *App) mailLater(ctx context.Context, kind, userID string, send func(ctx context.Context) error) {
	a.goBackground(ctx, time.Minute, func(ctx context.Context) {
		err := send(ctx)
		switch {
		case err == nil:
		case errors.Is(err, errNoMailer), errors.Is(err, errNoSiteURL):
			a.log.Warn("account email not sent", "kind", kind, "user_id", userID, "reason", err.Error())
		default:
			a.log.Error("account email not sent", "kind", kind, "user_id", userID, "err", err)
		}
	})
}

// notify sends a notification about a change to the user's account, when
// EmailSettings.SendEmailNotifications is on.
func (a *App) notify(ctx context.Context, kind, userID, to string, m accountEmail) {
	if !a.cfg.EmailSettings.SendEmailNotifications || to == "" {
		return
	}
	a.mailLater(ctx, kind, userID, func(ctx context.Context) error { return a.deliver(ctx, to, m) })
}

// siteURL is ServiceSettings.SiteURL without a trailing slash.
func (a *App) siteURL() string { return strings.TrimRight(a.cfg.ServiceSettings.SiteURL, "/") }

// siteShown is how notifications name the site: its URL, or its name when no URL is set.
func (a *App) siteShown() string {
	if u := a.siteURL(); u != "" {
		return u
	}
	return a.cfg.TeamSettings.SiteName
}

// serverURL is SiteURL without its scheme (Mattermost's condenseSiteURL).
func (a *App) serverURL() string {
	u, err := url.Parse(a.siteURL())
	if err != nil || u.Host == "" {
		return a.siteShown()
	}
	if u.Path == "" || u.Path == "/" {
		return u.Host
	}
	return path.Join(u.Host, u.Path)
}

func (a *App) templateParams() map[string]any {
	site := a.cfg.TeamSettings.SiteName
	return map[string]any{"SiteName": site, "TeamDisplayName": site, "SiteURL": a.siteShown(),
		"TeamURL": a.siteShown(), "ServerURL": a.serverURL()}
}

func (a *App) params(extra map[string]any) map[string]any {
	p := a.templateParams()
	for k, v := range extra {
		p[k] = v
	}
	return p
}

// The notifications.

func (a *App) notifyPasswordChanged(ctx context.Context, u *model.User, methodID string) {
	p := a.params(map[string]any{"Method": model.Translate(methodID, nil)})
	a.notify(ctx, "password_changed", u.Id, u.Email, accountEmail{
		Subject: model.Translate("api.templates.password_change_subject", p),
		Title:   model.Translate("api.templates.password_change_body.title", p),
		Lines:   []string{model.Translate("api.templates.password_change_body.info", p)},
		Warning: model.Translate("api.templates.email_warning", p),
	})
}

func (a *App) notifyMfaChanged(ctx context.Context, u *model.User, activated bool) {
	p := a.templateParams()
	state := "deactivated"
	if activated {
		state = "activated"
	}
	a.notify(ctx, "mfa_"+state, u.Id, u.Email, accountEmail{
		Subject: model.Translate("api.templates.mfa_change_subject", p),
		Title:   model.Translate("api.templates.mfa_"+state+"_body.title", p),
		Lines:   []string{model.Translate("api.templates.mfa_"+state+"_body.info", p)},
		Warning: model.Translate("api.templates.email_warning", p),
	})
}

// notifyEmailChanged tells the old address that the account's address is now newEmail.
func (a *App) notifyEmailChanged(ctx context.Context, userID, oldEmail, newEmail string) {
	p := a.params(map[string]any{"NewEmail": newEmail})
	a.notify(ctx, "email_changed", userID, oldEmail, accountEmail{
		Subject: model.Translate("api.templates.email_change_subject", p),
		Title:   model.Translate("api.templates.email_change_body.title", p),
		Lines:   []string{model.Translate("api.templates.email_change_body.info", p)},
		Warning: model.Translate("api.templates.email_warning", p),
	})
}

func (a *App) notifyUsernameChanged(ctx context.Context, u *model.User) {
	p := a.params(map[string]any{"NewUsername": u.Username})
	a.notify(ctx, "username_changed", u.Id, u.Email, accountEmail{
		Subject: model.Translate("api.templates.username_change_subject", p),
		Title:   model.Translate("api.templates.username_change_body.title", p),
		Lines:   []string{model.Translate("api.templates.username_change_body.info", p)},
		Warning: model.Translate("api.templates.email_warning", p),
	})
}

func (a *App) notifyDeactivated(ctx context.Context, u *model.User) {
	p := a.templateParams()
	a.notify(ctx, "deactivated", u.Id, u.Email, accountEmail{
		Subject: model.Translate("api.templates.deactivate_subject", p),
		Title:   model.Translate("api.templates.deactivate_body.title", p),
		Lines:   []string{model.Translate("api.templates.deactivate_body.info", p)},
		Warning: model.Translate("api.templates.deactivate_body.warning", p),
	})
}

func (a *App) notifyAccessTokenAdded(ctx context.Context, u *model.User) {
	if u.IsBot {
		return // as Mattermost: bots get no email
	}
	p := a.templateParams()
	a.notify(ctx, "access_token_added", u.Id, u.Email, accountEmail{
		Subject: model.Translate("api.templates.user_access_token_subject", p),
		Title:   model.Translate("api.templates.user_access_token_body.title", p),
		Lines:   []string{model.Translate("api.templates.user_access_token_body.info", p)},
		Warning: model.Translate("api.templates.email_warning", p),
	})
}

// The emails with a verification link.

// verifyLink is the web app's verification page, as Mattermost builds it.
func (a *App) verifyLink(secret, email string) string {
	return a.siteURL() + "/do_verify_email?token=" + url.QueryEscape(secret) + "&email=" + url.QueryEscape(email)
}

// verifyEmail asks a new account to verify its address.
func (a *App) verifyEmail(link string) accountEmail {
	p := a.templateParams()
	return accountEmail{
		Subject: model.Translate("api.templates.verify_subject", p),
		Title:   model.Translate("api.templates.verify_body.title", p),
		Lines: []string{model.Translate("api.templates.verify_body.subTitle1", p) + model.Translate("api.templates.verify_body.serverURL", p),
			model.Translate("api.templates.verify_body.subTitle2", p)},
		Button: model.Translate("api.templates.verify_body.button", p),
		Link:   link,
		After:  []string{model.Translate("api.templates.verify_body.info", p), model.Translate("api.templates.verify_body.info1", p)},
	}
}

// emailChangeVerifyEmail asks the new address of an account to confirm itself.
func (a *App) emailChangeVerifyEmail(link string) accountEmail {
	p := a.templateParams()
	return accountEmail{
		Subject: model.Translate("api.templates.email_change_verify_subject", p),
		Title:   model.Translate("api.templates.email_change_verify_body.title", p),
		Lines:   []string{model.Translate("api.templates.email_change_verify_body.info", p)},
		Button:  model.Translate("api.templates.email_change_verify_body.button", p),
		Link:    link,
	}
}

// welcomeEmail greets a new account; with a link, it also asks to verify the address.
func (a *App) welcomeEmail(link string) accountEmail {
	p := a.templateParams()
	m := accountEmail{
		Subject: model.Translate("api.templates.welcome_subject", p),
		Title:   model.Translate("api.templates.welcome_body.title", p),
		Lines:   []string{model.Translate("api.templates.welcome_body.subTitle1", p) + model.Translate("api.templates.welcome_body.serverURL", p)},
		After:   []string{model.Translate("api.templates.welcome_body.info", p), model.Translate("api.templates.welcome_body.info1", p)},
	}
	if link != "" {
		m.Lines = append(m.Lines, model.Translate("api.templates.welcome_body.subTitle2", p))
		m.Button = model.Translate("api.templates.welcome_body.button", p)
		m.Link = link
	}
	return m
}
