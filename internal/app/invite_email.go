package app

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"net/url"
	"strings"

	"roster/internal/model"
)

// inviteEmail is one invitation message.
type inviteEmail struct {
	Subject, Text, HTML string
}

// inviteLink is the sign-up link of an invitation, as Mattermost builds it:
// SiteURL/signup_user_complete/?d=<team and address, JSON>&t=<token>. The web app reads t to
// sign up with POST /users?t= and d to show the team's name and the address.
func inviteLink(siteURL string, team inviteTeam, email, token string) string {
	d, err := json.Marshal(map[string]string{"display_name": team.DisplayName, "email": email, "name": team.Name})
	if err != nil { // a map of strings always encodes
		panic(err)
	}
	return strings.TrimRight(siteURL, "/") + "/signup_user_complete/?d=" + url.QueryEscape(string(d)) + "&t=" + url.QueryEscape(token)
}

// inviteTeam is what an invitation shows of the team.
type inviteTeam struct {
	Name, DisplayName string
}

var inviteHTML = template.Must(template.New("invite").Parse(`<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{{.Subject}}</title></head>
<body style="margin:0;padding:24px;background:#f3f3f3;font-family:'Open Sans',Helvetica,Arial,sans-serif;color:#3f4350">
<table role="presentation" width="100%" cellspacing="0" cellpadding="0" style="max-width:600px;margin:0 auto;background:#ffffff;border-radius:4px">
<tr><td style="padding:32px">
<h1 style="font-size:22px;font-weight:600;margin:0 0 12px">{{.Title}}</h1>
<p style="font-size:16px;margin:0 0 24px">{{.SubTitle}}</p>
{{if .Message}}<blockquote style="margin:0 0 24px;padding:12px 16px;border-left:4px solid #1c58d9;background:#f5f8fd"><strong>{{.SenderName}}:</strong> {{.Message}}</blockquote>{{end}}
<p style="margin:0 0 24px"><a href="{{.Link}}" style="display:inline-block;padding:12px 24px;background:#1c58d9;color:#ffffff;text-decoration:none;border-radius:4px;font-weight:600">{{.Button}}</a></p>
<p style="font-size:13px;color:#63656d;margin:0 0 8px">If the button does not work, open this link: <a href="{{.Link}}">{{.Link}}</a></p>
<p style="font-size:13px;color:#63656d;margin:0">The invitation expires in 48 hours and can be used once.</p>
</td></tr>
</table>
</body>
</html>
`))

// buildInviteEmail renders the subject, text and HTML of an invitation from sender to team.
// Invitations that also add channels name the channel (one) or count them (several).
func (a *App) buildInviteEmail(senderName string, team inviteTeam, channels []*model.Channel, link, message string) (inviteEmail, error) {
	params := map[string]any{"SiteName": a.cfg.TeamSettings.SiteName, "SenderName": senderName,
		"TeamDisplayName": team.DisplayName, "ChannelsLen": len(channels)}
	subjectID, titleID := "api.templates.invite_subject", "api.templates.invite_body.title"
	switch {
	case len(channels) == 1:
		params["ChannelName"] = channels[0].DisplayName
		subjectID, titleID = "api.templates.invite_team_and_channel_subject", "api.templates.invite_team_and_channel_body.title"
	case len(channels) > 1:
		subjectID, titleID = "api.templates.invite_team_and_channels_subject", "api.templates.invite_team_and_channels_body.title"
	}
	data := struct {
		Subject, Title, SubTitle, Button, SenderName, Message, Link string
	}{
		Subject:    model.Translate(subjectID, params),
		Title:      model.Translate(titleID, params),
		SubTitle:   model.Translate("api.templates.invite_body.subTitle", nil),
		Button:     model.Translate("api.templates.invite_body.button", nil),
		SenderName: senderName,
		Message:    message,
		Link:       link,
	}
	var html bytes.Buffer
	if err := inviteHTML.Execute(&html, data); err != nil {
		return inviteEmail{}, fmt.Errorf("render invitation: %w", err)
	}
	var text strings.Builder
	fmt.Fprintf(&text, "%s\n\n%s\n\n", data.Title, data.SubTitle)
	if message != "" {
		fmt.Fprintf(&text, "%s: %s\n\n", senderName, message)
	}
	fmt.Fprintf(&text, "%s: %s\n\nThe invitation expires in 48 hours and can be used once.\n", data.Button, link)
	return inviteEmail{Subject: data.Subject, Text: text.String(), HTML: html.String()}, nil
}
