package api_test

import (
	"context"
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"roster/internal/apitest"
	"roster/internal/app"
	"roster/internal/config"
	"roster/internal/mail/smtptest"
	"roster/internal/model"
	"roster/internal/store"
	"roster/internal/store/storetest"
)

// inviteEnv is a server that sends its mail to an in-process SMTP server (STARTTLS and
// AUTH), with a team created by an admin.
type inviteEnv struct {
	s      *apitest.Server
	smtp   *smtptest.Server
	admin  *apitest.NewUser
	teamID string
}

func newInviteEnv(t *testing.T, driver string, mutate func(*config.Config)) *inviteEnv {
	t.Helper()
	smtp := smtptest.Start(t, smtptest.Options{StartTLS: true, RequireTLS: true, Username: "roster", Password: "smtp-pw"})
	s := apitest.StartWithSMTP(t, driver, func(c *config.Config) {
		c.ServiceSettings.SiteURL = "https://chat.example.com"
		c.ServiceSettings.EnableEmailInvitations = true
		e := &c.EmailSettings
		e.SMTPServer, e.SMTPPort = smtp.Host, smtp.Port
		e.ConnectionSecurity, e.SkipServerCertificateVerification = "STARTTLS", true
		e.EnableSMTPAuth, e.SMTPUsername, e.SMTPPassword = true, "roster", "smtp-pw"
		e.FeedbackName, e.FeedbackEmail = "Roster", "noreply@example.com"
		if mutate != nil {
			mutate(c)
		}
	})
	admin := s.CreateUser(t, true)
	r := admin.Client.Do("POST", "/api/v4/teams", map[string]any{
		"name": "t" + strings.ToLower(model.NewId()[:10]), "display_name": "Blue Team", "type": "O", "allow_open_invite": true,
	})
	if r.Status != http.StatusCreated {
		t.Fatalf("create team: %d %s", r.Status, r.Body)
	}
	var team model.Team
	r.Decode(t, &team)
	return &inviteEnv{s: s, smtp: smtp, admin: admin, teamID: team.Id}
}

func (e *inviteEnv) invite(c *apitest.Client, graceful bool, body any) *apitest.Response {
	path := "/api/v4/teams/" + e.teamID + "/invite/email"
	if graceful {
		path += "?graceful=true"
	}
	return c.Do("POST", path, body)
}

// member adds a fresh user to the team and returns them.
func (e *inviteEnv) member(t *testing.T) *apitest.NewUser {
	t.Helper()
	u := e.s.CreateUser(t, false)
	if r := e.admin.Client.Do("POST", "/api/v4/teams/"+e.teamID+"/members", map[string]string{"team_id": e.teamID, "user_id": u.User.Id}); r.Status != http.StatusCreated {
		t.Fatalf("add member: %d %s", r.Status, r.Body)
	}
	return u
}

// outstanding counts the invitation tokens the user created in the last hour.
func (e *inviteEnv) outstanding(t *testing.T, senderID string) int {
	t.Helper()
	n, err := e.s.Store.CountTokensBySender(context.Background(), app.TokenTypeTeamInvitation, senderID, 0)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

var (
	linkRE = regexp.MustCompile(`https://chat\.example\.com/signup_user_complete/\?\S+`)
	hrefRE = regexp.MustCompile(`href="([^"]*)"`)
)

// inviteLink takes the sign-up link out of a received invitation and checks the message.
func inviteLink(t *testing.T, m smtptest.Message, to string) *url.URL {
	t.Helper()
	p, err := m.Parse()
	if err != nil {
		t.Fatalf("parse invitation: %v", err)
	}
	if len(m.To) != 1 || m.To[0] != to || !m.TLS || m.Auth != "roster" || m.From != "noreply@example.com" {
		t.Errorf("envelope: to %v, TLS %v, auth %q, from %q", m.To, m.TLS, m.Auth, m.From)
	}
	if !strings.Contains(p.Subject, "invited you to join Blue Team Team") || !strings.HasPrefix(p.Subject, "[Roster] ") {
		t.Errorf("subject %q", p.Subject)
	}
	textLink := linkRE.FindString(p.Text)
	if textLink == "" {
		t.Fatalf("no link in the text part:\n%s", p.Text)
	}
	hrefs := hrefRE.FindAllStringSubmatch(p.HTML, -1)
	if len(hrefs) == 0 {
		t.Errorf("no link in the HTML part:\n%s", p.HTML)
	}
	for _, h := range hrefs {
		if got := html.UnescapeString(h[1]); got != textLink {
			t.Errorf("HTML link %s, text link %s", got, textLink)
		}
	}
	u, err := url.Parse(textLink)
	if err != nil {
		t.Fatal(err)
	}
	var d map[string]string
	if err := json.Unmarshal([]byte(u.Query().Get("d")), &d); err != nil || d["email"] != to || d["display_name"] != "Blue Team" {
		t.Errorf("d parameter %q (%v)", u.Query().Get("d"), err)
	}
	if len(u.Query().Get("t")) != 64 {
		t.Errorf("token %q", u.Query().Get("t"))
	}
	return u
}

// forEachDriver runs fn as a parallel subtest per database kind.
func forEachDriver(t *testing.T, fn func(t *testing.T, driver string)) {
	t.Helper()
	for _, d := range storetest.Drivers {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			fn(t, d)
		})
	}
}

func TestInviteAndSignUp(t *testing.T) {
	t.Parallel()
	forEachDriver(t, func(t *testing.T, driver string) {
		e := newInviteEnv(t, driver, nil)
		inviter := e.member(t)
		r := e.invite(inviter.Client, false, []string{"New.Person@Example.org", "second@example.org"})
		if r.Status != 200 || r.Map(t)["status"] != "OK" {
			t.Fatalf("invite: %d %s", r.Status, r.Body)
		}
		first := inviteLink(t, e.smtp.Wait(t, 10*time.Second), "new.person@example.org")
		second := inviteLink(t, e.smtp.Wait(t, 10*time.Second), "second@example.org")
		if e.outstanding(t, inviter.User.Id) != 2 {
			t.Errorf("outstanding invitations %d, want 2", e.outstanding(t, inviter.User.Id))
		}

		// Follow the link: sign up with the token although open sign-up is off.
		anon := e.s.Client()
		token := first.Query().Get("t")
		r = anon.Do("POST", "/api/v4/users?t="+url.QueryEscape(token), map[string]any{
			"email": "new.person@example.org", "username": "newperson", "password": "password1",
		})
		if r.Status != http.StatusCreated {
			t.Fatalf("sign-up with the invitation: %d %s", r.Status, r.Body)
		}
		var created model.User
		r.Decode(t, &created)
		if !created.EmailVerified || created.Roles != "system_user" {
			t.Errorf("created user %+v", created)
		}
		newcomer := anon
		newcomer.Token = loginToken(t, e.s, "newperson", "password1")
		if r := newcomer.Do("GET", "/api/v4/teams/"+e.teamID+"/members/"+created.Id, nil); r.Status != 200 {
			t.Errorf("the newcomer is not a team member: %d %s", r.Status, r.Body)
		}

		// The token is single-use.
		wantError(t, e.s.Client().Do("POST", "/api/v4/users?t="+url.QueryEscape(token), map[string]any{
			"email": "new.person@example.org", "username": "another", "password": "password1",
		}), 404, "api.user.create_user.signup_link_invalid.app_error")

		// Another address than the invited one is refused, and the token stays usable.
		token2 := second.Query().Get("t")
		wantError(t, e.s.Client().Do("POST", "/api/v4/users?t="+url.QueryEscape(token2), map[string]any{
			"email": "intruder@example.org", "username": "intruder", "password": "password1",
		}), 400, "api.user.create_user.bad_token_email_data.app_error")
		// A failed sign-up (taken username) leaves no account and keeps the token.
		wantError(t, e.s.Client().Do("POST", "/api/v4/users?t="+url.QueryEscape(token2), map[string]any{
			"email": "second@example.org", "username": "newperson", "password": "password1",
		}), 400, "app.user.save.username_exists.app_error")
		if r := e.s.Client().Do("POST", "/api/v4/users?t="+url.QueryEscape(token2), map[string]any{
			"email": "second@example.org", "username": "second", "password": "password1",
		}); r.Status != http.StatusCreated {
			t.Errorf("second sign-up: %d %s", r.Status, r.Body)
		}
		wantError(t, e.s.Client().Do("POST", "/api/v4/users?t=nosuchtoken", map[string]any{
			"email": "x@example.org", "username": "xx", "password": "password1",
		}), 404, "api.user.create_user.signup_link_invalid.app_error")
		if n := e.outstanding(t, inviter.User.Id); n != 0 {
			t.Errorf("%d invitations left after both were used", n)
		}
	})
}

func TestInviteGracefulAndRules(t *testing.T) {
	t.Parallel()
	e := newInviteEnv(t, "sqlite", func(c *config.Config) {
		c.TeamSettings.RestrictCreationToDomains = "example.com, example.org, example.net"
	})
	inviter := e.member(t)

	// Graceful: one entry per address, in order; the refused one gets no mail.
	r := e.invite(inviter.Client, true, map[string]any{"emails": []string{"a@example.org", "b@elsewhere.com", "c@example.net"}})
	if r.Status != 200 {
		t.Fatalf("graceful invite: %d %s", r.Status, r.Body)
	}
	var results []struct {
		Email string          `json:"email"`
		Error *model.AppError `json:"error"`
	}
	r.Decode(t, &results)
	if len(results) != 3 || results[0].Email != "a@example.org" || results[0].Error != nil || results[2].Error != nil ||
		results[1].Error == nil || results[1].Error.Id != "api.team.invite_members.invalid_email.app_error" ||
		!strings.Contains(results[1].Error.Message, "b@elsewhere.com") || results[1].Error.StatusCode != 400 {
		t.Errorf("graceful results %s", r.Body)
	}
	if !strings.Contains(string(r.Body), `"error":null`) {
		t.Errorf("a sent invitation should carry \"error\":null: %s", r.Body)
	}
	e.smtp.Wait(t, 10*time.Second)
	e.smtp.Wait(t, 10*time.Second)

	// Not graceful: a refused address refuses the whole request, before anything is sent.
	r = e.invite(inviter.Client, false, []string{"d@example.org", "e@elsewhere.com", "f@nowhere.io"})
	wantError(t, r, 400, "api.team.invite_members.invalid_email.app_error")
	if m := r.Error(t).Message; !strings.Contains(m, "e@elsewhere.com, f@nowhere.io") {
		t.Errorf("message %q does not list the refused addresses", m)
	}
	if got := e.smtp.Received(); len(got) != 0 {
		t.Errorf("%d messages sent for a refused request", len(got))
	}

	outsider := e.s.CreateUser(t, false)
	tests := []struct {
		name   string
		resp   *apitest.Response
		status int
		id     string
	}{
		{"not a member", e.invite(outsider.Client, false, []string{"x@example.org"}), 403, "api.context.permissions.app_error"},
		{"empty list", e.invite(inviter.Client, false, []string{}), 400, "api.context.invalid_body_param.app_error"},
		{"no emails key", e.invite(inviter.Client, false, map[string]any{"message": "hi"}), 400, "api.context.invalid_body_param.app_error"},
		{"not JSON", e.invite(inviter.Client, false, "{nope"), 400, "api.context.invalid_body_param.app_error"},
		{"bad team id", inviter.Client.Do("POST", "/api/v4/teams/nope/invite/email", []string{"x@example.org"}), 400, "api.context.invalid_url_param.app_error"},
		{"unknown team (admin)", e.admin.Client.Do("POST", "/api/v4/teams/"+model.NewId()+"/invite/email", []string{"x@example.org"}), 404, "app.team.get_by_invite_id.finding.app_error"},
		{"no session", e.invite(e.s.Client(), false, []string{"x@example.org"}), 401, "api.context.session_expired.app_error"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { wantError(t, tc.resp, tc.status, tc.id) })
	}

	// Twenty invitations an hour per sender.
	many := make([]string, 19)
	for i := range many {
		many[i] = "bulk" + strings.ToLower(model.NewId()[:6]) + "@example.org"
	}
	wantError(t, e.invite(inviter.Client, false, many), 413, "app.email.rate_limit_exceeded.app_error")
	if r := e.invite(inviter.Client, false, many[:18]); r.Status != 200 {
		t.Errorf("18 more invitations (20 in all): %d %s", r.Status, r.Body)
	}
	for range 18 {
		e.smtp.Wait(t, 10*time.Second)
	}
	wantError(t, e.invite(inviter.Client, false, []string{"one-more@example.org"}), 413, "app.email.rate_limit_exceeded.app_error")
}

func TestInviteDisabledAndRestricted(t *testing.T) {
	t.Parallel()
	e := newInviteEnv(t, "sqlite", func(c *config.Config) { c.ServiceSettings.EnableEmailInvitations = false })
	wantError(t, e.invite(e.member(t).Client, false, []string{"x@example.org"}), 501, "api.team.invite_members.disabled.app_error")

	e = newInviteEnv(t, "sqlite", func(c *config.Config) { c.EmailSettings.SendEmailNotifications = false })
	wantError(t, e.invite(e.admin.Client, true, []string{"x@example.org"}), 501, "api.team.invite_members.disabled.app_error")

	// Links come from SiteURL only, never from the Host header a caller controls.
	e = newInviteEnv(t, "sqlite", func(c *config.Config) { c.ServiceSettings.SiteURL = "" })
	wantError(t, e.invite(e.admin.Client, false, []string{"x@example.org"}), 501, "api.team.invite_members.no_site_url.app_error")
	if got := e.smtp.Received(); len(got) != 0 {
		t.Errorf("%d invitations sent without a SiteURL", len(got))
	}

	e = newInviteEnv(t, "sqlite", func(c *config.Config) { c.TeamSettings.RestrictTeamInvite = "team_admin" })
	wantError(t, e.invite(e.member(t).Client, false, []string{"x@example.org"}), 403, "api.context.permissions.app_error")
	if r := e.invite(e.admin.Client, false, []string{"x@example.org"}); r.Status != 200 {
		t.Errorf("team admin under team_admin restriction: %d %s", r.Status, r.Body)
	}
	e.smtp.Wait(t, 10*time.Second)

	e = newInviteEnv(t, "sqlite", func(c *config.Config) { c.TeamSettings.RestrictTeamInvite = "system_admin" })
	wantError(t, e.invite(e.member(t).Client, false, []string{"x@example.org"}), 403, "api.context.permissions.app_error")
	if r := e.invite(e.admin.Client, false, []string{"x@example.org"}); r.Status != 200 {
		t.Errorf("system admin under system_admin restriction: %d %s", r.Status, r.Body)
	}
}

// A failing SMTP server loses nothing silently: the caller is told, and no invitation
// exists for a message that was not sent.
func TestInviteSMTPFailures(t *testing.T) {
	t.Parallel()
	forEachDriver(t, func(t *testing.T, driver string) {
		e := newInviteEnv(t, driver, func(c *config.Config) { c.ServiceSettings.EnableDeveloper = true })
		inviter := e.member(t)

		e.smtp.Fail("connect")
		r := e.invite(inviter.Client, false, []string{"a@example.org", "b@example.org"})
		wantError(t, r, 500, "api.team.invite_members.unable_to_send_email.app_error")
		if d := r.Error(t).DetailedError; !strings.Contains(d, "a@example.org, b@example.org") {
			t.Errorf("detailed error %q does not name the addresses", d)
		}
		if n := e.outstanding(t, inviter.User.Id); n != 0 {
			t.Errorf("%d invitations stored for unsent mail", n)
		}
		e.smtp.Fail("")

		// One address refused by the server: those before it are sent and valid, it and those
		// after it are reported and have no invitation.
		e.smtp.RejectRecipient("bounce@example.org")
		r = e.invite(inviter.Client, true, []string{"ok1@example.org", "bounce@example.org", "after@example.org"})
		var results []struct {
			Email string          `json:"email"`
			Error *model.AppError `json:"error"`
		}
		r.Decode(t, &results)
		if r.Status != 200 || len(results) != 3 || results[0].Error != nil ||
			results[1].Error == nil || results[1].Error.Id != "api.team.invite_members.unable_to_send_email.app_error" ||
			results[2].Error == nil || results[2].Error.Id != "api.team.invite_members.unable_to_send_email.app_error" {
			t.Errorf("graceful results with a bounce: %d %s", r.Status, r.Body)
		}
		link := inviteLink(t, e.smtp.Wait(t, 10*time.Second), "ok1@example.org")
		if got := e.smtp.Received(); len(got) != 0 {
			t.Errorf("%d more messages delivered", len(got))
		}
		if n := e.outstanding(t, inviter.User.Id); n != 1 {
			t.Errorf("%d invitations stored, want only the delivered one", n)
		}
		if r := e.s.Client().Do("POST", "/api/v4/users?t="+url.QueryEscape(link.Query().Get("t")), map[string]any{
			"email": "ok1@example.org", "username": "okone", "password": "password1",
		}); r.Status != http.StatusCreated {
			t.Errorf("the delivered invitation does not work: %d %s", r.Status, r.Body)
		}

		// Not graceful: the same failure is an error naming the addresses not sent.
		r = e.invite(inviter.Client, false, []string{"ok2@example.org", "bounce@example.org"})
		wantError(t, r, 500, "api.team.invite_members.unable_to_send_email.app_error")
		if d := r.Error(t).DetailedError; !strings.Contains(d, "bounce@example.org") || strings.Contains(d, "ok2") {
			t.Errorf("detailed error %q", d)
		}
		e.smtp.Wait(t, 10*time.Second)
	})
}

// SMTP left at Mattermost's default server says so.
func TestInviteUnconfiguredSMTP(t *testing.T) {
	t.Parallel()
	e := newInviteEnv(t, "sqlite", func(c *config.Config) {
		c.EmailSettings.SMTPServer, c.EmailSettings.SMTPPort = "localhost", "10025"
		c.EmailSettings.ConnectionSecurity = ""
		c.EmailSettings.SMTPServerTimeout = 2
	})
	r := e.invite(e.admin.Client, true, []string{"x@example.org"})
	if r.Status != 200 || !strings.Contains(string(r.Body), "api.team.invite_members.unable_to_send_email_with_defaults.app_error") {
		t.Errorf("unconfigured SMTP: %d %s", r.Status, r.Body)
	}
}

// signUp follows an invitation link's token.
func signUp(e *inviteEnv, token, email, username string) *apitest.Response {
	return e.s.Client().Do("POST", "/api/v4/users?t="+url.QueryEscape(token), map[string]any{
		"email": email, "username": username, "password": "password1",
	})
}

// An invitation older than 48 hours is refused and deleted; of two sign-ups racing for one
// token exactly one gets it.
func TestInvitationExpiryAndRace(t *testing.T) {
	t.Parallel()
	forEachDriver(t, func(t *testing.T, driver string) {
		e := newInviteEnv(t, driver, nil)
		ctx := context.Background()
		extra := `{"teamId":"` + e.teamID + `","email":"late@example.org","channels":"","senderId":"` + e.admin.User.Id + `"}`
		old := &store.Token{Token: model.NewRandomString(64), Type: app.TokenTypeTeamInvitation,
			CreateAt: time.Now().Add(-app.InvitationExpiry - time.Minute).UnixMilli(), Extra: extra}
		if err := e.s.Store.CreateToken(ctx, old); err != nil {
			t.Fatal(err)
		}
		wantError(t, signUp(e, old.Token, "late@example.org", "late"), 400, "api.user.create_user.signup_link_expired.app_error")
		wantError(t, signUp(e, old.Token, "late@example.org", "late"), 404, "api.user.create_user.signup_link_invalid.app_error")
		if _, err := e.s.Store.GetUserByEmail(ctx, "late@example.org"); err == nil {
			t.Error("an expired invitation created an account")
		}

		if r := e.invite(e.admin.Client, false, []string{"race@example.org"}); r.Status != 200 {
			t.Fatalf("invite: %d %s", r.Status, r.Body)
		}
		token := inviteLink(t, e.smtp.Wait(t, 10*time.Second), "race@example.org").Query().Get("t")
		statuses := make(chan int, 2)
		for _, name := range []string{"racer1", "racer2"} {
			go func() { statuses <- signUp(e, token, "race@example.org", name).Status }()
		}
		got := map[int]int{}
		for range 2 {
			got[<-statuses]++
		}
		if got[http.StatusCreated] != 1 || got[http.StatusCreated]+got[http.StatusNotFound]+got[http.StatusBadRequest] != 2 {
			t.Errorf("racing sign-ups answered %v, want one 201", got)
		}
	})
}

// Invitations may add channels: those the inviter may add members to, of the same team.
func TestInviteWithChannels(t *testing.T) {
	t.Parallel()
	e := newInviteEnv(t, "sqlite", nil)
	inviter, other := e.member(t), e.member(t)
	mkChannel := func(c *apitest.Client, name, typ string) model.Channel {
		t.Helper()
		r := c.Do("POST", "/api/v4/channels", map[string]string{"team_id": e.teamID, "name": name, "display_name": strings.ToUpper(name), "type": typ})
		if r.Status != http.StatusCreated {
			t.Fatalf("create channel %s: %d %s", name, r.Status, r.Body)
		}
		var ch model.Channel
		r.Decode(t, &ch)
		return ch
	}
	mine := mkChannel(inviter.Client, "mine", "P")
	public := mkChannel(other.Client, "open", "O")
	theirs := mkChannel(other.Client, "theirs", "P")

	r := e.invite(inviter.Client, false, map[string]any{
		"emails": []string{"chan@example.org"}, "channelIds": []string{mine.Id, public.Id, theirs.Id, model.NewId()},
		"message": "Welcome <b>aboard</b>!",
	})
	if r.Status != 200 {
		t.Fatalf("invite with channels: %d %s", r.Status, r.Body)
	}
	m := e.smtp.Wait(t, 10*time.Second)
	p, err := m.Parse()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(p.Subject, "2 channels on the Blue Team Team") {
		t.Errorf("subject %q", p.Subject)
	}
	if !strings.Contains(p.HTML, "Welcome &lt;b&gt;aboard&lt;/b&gt;!") || !strings.Contains(p.Text, "Welcome <b>aboard</b>!") {
		t.Errorf("the message is not in the mail (escaped in HTML):\n%s\n%s", p.HTML, p.Text)
	}
	u := linkRE.FindString(p.Text)
	link, _ := url.Parse(u)
	r = signUp(e, link.Query().Get("t"), "chan@example.org", "channeler")
	if r.Status != http.StatusCreated {
		t.Fatalf("sign-up: %d %s", r.Status, r.Body)
	}
	var created model.User
	r.Decode(t, &created)
	in := func(ch model.Channel) bool {
		var members []model.ChannelMember
		e.admin.Client.Do("GET", "/api/v4/channels/"+ch.Id+"/members", nil).Decode(t, &members)
		for _, m := range members {
			if m.UserId == created.Id {
				return true
			}
		}
		return false
	}
	if !in(mine) || !in(public) {
		t.Error("the newcomer was not added to the inviter's channels")
	}
	if in(theirs) {
		t.Error("the newcomer was added to a private channel the inviter does not manage")
	}

	// A channel of another team refuses the invitation.
	r = e.admin.Client.Do("POST", "/api/v4/teams", map[string]any{"name": "o" + strings.ToLower(model.NewId()[:10]), "display_name": "Other", "type": "O"})
	var otherTeam model.Team
	r.Decode(t, &otherTeam)
	r = e.admin.Client.Do("POST", "/api/v4/channels", map[string]string{"team_id": otherTeam.Id, "name": "elsewhere", "display_name": "E", "type": "O"})
	var foreign model.Channel
	r.Decode(t, &foreign)
	wantError(t, e.invite(e.admin.Client, false, map[string]any{"emails": []string{"x@example.org"}, "channelIds": []string{foreign.Id}}),
		400, "api.team.invite_guests.channel_in_invalid_team.app_error")
}

// A sign-up whose team join fails (the team is full) leaves no account and keeps the
// invitation usable.
func TestInvitationSignUpIsAtomic(t *testing.T) {
	t.Parallel()
	forEachDriver(t, func(t *testing.T, driver string) {
		e := newInviteEnv(t, driver, func(c *config.Config) { c.TeamSettings.MaxUsersPerTeam = 2 })
		e.member(t) // the team is now full: its creator and this member
		if r := e.invite(e.admin.Client, false, []string{"full@example.org"}); r.Status != 200 {
			t.Fatalf("invite: %d %s", r.Status, r.Body)
		}
		token := inviteLink(t, e.smtp.Wait(t, 10*time.Second), "full@example.org").Query().Get("t")
		r := signUp(e, token, "full@example.org", "toomany")
		if r.Status != http.StatusBadRequest || !strings.Contains(r.Error(t).Id, "max_accounts") {
			t.Fatalf("sign-up into a full team: %d %s", r.Status, r.Body)
		}
		if _, err := e.s.Store.GetUserByEmail(context.Background(), "full@example.org"); err == nil {
			t.Error("the failed sign-up left an account behind")
		}
		if n := e.outstanding(t, e.admin.User.Id); n != 1 {
			t.Errorf("%d invitations left, want the unused one", n)
		}
	})
}
