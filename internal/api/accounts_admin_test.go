package api_test

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"roster/internal/apitest"
	"roster/internal/config"
	"roster/internal/model"
)

func attach(c *apitest.Client, body any) *apitest.Response {
	return c.Do("PUT", "/api/v4/users/sessions/device", body)
}

func TestAttachDevice(t *testing.T) {
	t.Parallel()
	forEachEnv(t, func(c *config.Config) { c.ServiceSettings.SessionLengthMobileInHours = 24 }, func(t *testing.T, e *env) {
		u := e.CreateUser(t, false)
		second := e.Client()
		second.Token = loginToken(t, e.Server, u.User.Username, u.Password)
		other := e.CreateUser(t, false)

		// The session is in the cache before the change: the change must not be hidden by it.
		if r := u.Client.Do("GET", "/api/v4/users/me", nil); r.Status != 200 {
			t.Fatal(r.Status)
		}
		before := sessionOf(t, e.Server, u.Client.Token)
		// Activity queues an extension computed for a web session; it must not outlive the
		// change to a mobile session.
		e.clock.Advance(2 * time.Minute)
		if r := u.Client.Do("GET", "/api/v4/users/me", nil); r.Status != 200 {
			t.Fatal(r.Status)
		}
		now := e.clock.Now()
		r := attach(u.Client, map[string]string{"device_id": "apple_rn-v2:tok1", "device_notification_disabled": "true", "mobile_version": "2.20.0"})
		if r.Status != 200 || r.Map(t)["status"] != "OK" {
			t.Fatalf("attach: %d %s", r.Status, r.Body)
		}
		var cookie *http.Cookie
		for _, c := range (&http.Response{Header: r.Header}).Cookies() {
			if c.Name == model.SessionCookieToken {
				cookie = c
			}
		}
		if cookie == nil || cookie.Value != u.Client.Token || cookie.MaxAge != 24*3600 || !cookie.HttpOnly || cookie.Path != "/" {
			t.Errorf("session cookie: %+v", cookie)
		}
		wantExpiry := now.Add(24 * time.Hour).UnixMilli()
		storedExpiry := func() int64 {
			t.Helper()
			if err := e.App.Close(context.Background()); err != nil { // writes pending activity
				t.Fatal(err)
			}
			stored, err := e.Store.GetSession(context.Background(), before.Id)
			if err != nil {
				t.Fatal(err)
			}
			return stored.ExpiresAt
		}
		if got := storedExpiry(); got != wantExpiry {
			t.Errorf("expiry after the pending activity was written = %d, want %d", got, wantExpiry)
		}
		after := sessionOf(t, e.Server, u.Client.Token)
		if after.DeviceId != "apple_rn-v2:tok1" || after.ExpiresAt != wantExpiry || after.Props["is_mobile"] != "true" ||
			after.Props["device_notification_disabled"] != "true" || after.Props["mobile_version"] != "2.20.0" ||
			after.Props["csrf"] != before.Props["csrf"] || after.Id != before.Id {
			t.Errorf("session after attaching: %+v (expiry want %d)", after, wantExpiry)
		}
		var listed []model.Session
		u.Client.Do("GET", "/api/v4/users/me/sessions", nil).Decode(t, &listed)
		for _, s := range listed {
			if s.Id == after.Id && (s.DeviceId != "apple_rn-v2:tok1" || s.ExpiresAt != wantExpiry) {
				t.Errorf("stored session: %+v", s)
			}
		}

		// Props alone, under the documented camelCase names: no device, no new expiry, no cookie.
		sb := sessionOf(t, e.Server, second.Token)
		r = attach(second, map[string]string{"deviceNotificationDisabled": "false", "mobileVersion": "2.21.0-beta.1+build.5"})
		if r.Status != 200 || r.Header.Get("Set-Cookie") != "" {
			t.Fatalf("props only: %d %s %q", r.Status, r.Body, r.Header.Get("Set-Cookie"))
		}
		sb2 := sessionOf(t, e.Server, second.Token)
		if sb2.DeviceId != "" || sb2.ExpiresAt != sb.ExpiresAt || sb2.Props["mobile_version"] != "2.21.0-beta.1+build.5" ||
			sb2.Props["device_notification_disabled"] != "false" || sb2.Props["is_mobile"] != "" {
			t.Errorf("props only: %+v", sb2)
		}

		// Activity extends a mobile session by the mobile length, not the web one.
		e.clock.Advance(2 * time.Minute)
		if r := u.Client.Do("GET", "/api/v4/users/me", nil); r.Status != 200 {
			t.Fatal(r.Status)
		}
		if got, want := storedExpiry(), e.clock.Now().Add(24*time.Hour).UnixMilli(); got != want {
			t.Errorf("expiry after activity = %d, want %d (mobile length)", got, want)
		}

		// Another session of the user registering the same device ends the first at once,
		// though it is cached; another user's session with that device is not touched.
		if r := attach(other.Client, map[string]string{"device_id": "apple_rn-v2:tok1"}); r.Status != 200 {
			t.Fatalf("other user attaches: %d %s", r.Status, r.Body)
		}
		if r := attach(second, map[string]string{"device_id": "apple_rn-v2:tok1"}); r.Status != 200 {
			t.Fatalf("second attaches: %d %s", r.Status, r.Body)
		}
		wantError(t, u.Client.Do("GET", "/api/v4/users/me", nil), 401, "api.context.session_expired.app_error")
		for _, c := range []*apitest.Client{second, other.Client} {
			if r := c.Do("GET", "/api/v4/users/me", nil); r.Status != 200 {
				t.Errorf("a session that should live: %d", r.Status)
			}
		}

		for _, tc := range []struct {
			name string
			body any
			id   string
		}{
			{"empty", map[string]string{}, "api.context.invalid_body_param.app_error"},
			{"not strings", map[string]any{"device_id": 5}, "api.context.invalid_body_param.app_error"},
			{"not an object", "[]", "api.context.invalid_body_param.app_error"},
			{"notification flag", map[string]string{"device_notification_disabled": "maybe"}, "api.context.invalid_body_param.app_error"},
			{"version", map[string]string{"mobile_version": "2.x"}, "api.context.invalid_body_param.app_error"},
			{"device id too long", map[string]string{"device_id": "android_rn-v2:" + strings.Repeat("x", 600)}, "api.user.attach_device_id.invalid_device_id.app_error"},
		} {
			t.Run(tc.name, func(t *testing.T) { wantError(t, attach(second, tc.body), 400, tc.id) })
		}
		wantError(t, attach(e.Client(), map[string]string{"device_id": "x"}), 401, "api.context.session_expired.app_error")
	})
}

func TestKnownUsers(t *testing.T) {
	t.Parallel()
	forEachDB(t, nil, func(t *testing.T, s *apitest.Server) {
		a, b, c, d := s.CreateUser(t, false), s.CreateUser(t, false), s.CreateUser(t, false), s.CreateUser(t, false)
		known := func(u *apitest.NewUser) []string {
			t.Helper()
			r := u.Client.Do("GET", "/api/v4/users/known", nil)
			if r.Status != 200 {
				t.Fatalf("known: %d %s", r.Status, r.Body)
			}
			if string(r.Body) == "null\n" {
				t.Error("an empty list must be [], not null")
			}
			var ids []string
			r.Decode(t, &ids)
			return ids
		}
		sorted := func(us ...*apitest.NewUser) []string {
			ids := []string{}
			for _, u := range us {
				ids = append(ids, u.User.Id)
			}
			slices.Sort(ids)
			return ids
		}
		// Joining a team joins its default channels.
		teamA := createTeam(t, a.Client, "ka"+strings.ToLower(model.NewId()[:8]), true)
		addToTeam(t, a.Client, teamA.Id, b.User.Id)
		teamC := createTeam(t, c.Client, "kc"+strings.ToLower(model.NewId()[:8]), true)
		for _, tc := range []struct {
			who  *apitest.NewUser
			want []string
		}{{a, sorted(b)}, {b, sorted(a)}, {c, sorted()}, {d, sorted()}} {
			if diff := cmp.Diff(tc.want, known(tc.who)); diff != "" {
				t.Errorf("known by %s (-want +got):\n%s", tc.who.User.Username, diff)
			}
		}
		// A channel shared with a user of another team counts (known users are channel-based).
		addToTeam(t, c.Client, teamC.Id, d.User.Id)
		addToTeam(t, a.Client, teamA.Id, c.User.Id)
		createChannel(t, a.Client, teamA.Id, "solo"+strings.ToLower(model.NewId()[:6]), "P") // a alone
		for _, tc := range []struct {
			who  *apitest.NewUser
			want []string
		}{{a, sorted(b, c)}, {c, sorted(a, b, d)}, {d, sorted(c)}} {
			if diff := cmp.Diff(tc.want, known(tc.who)); diff != "" {
				t.Errorf("known by %s (-want +got):\n%s", tc.who.User.Username, diff)
			}
		}
		wantError(t, s.Client().Do("GET", "/api/v4/users/known", nil), 401, "api.context.session_expired.app_error")
	})
}

func TestFilteredUsersStats(t *testing.T) {
	t.Parallel()
	forEachDB(t, nil, func(t *testing.T, s *apitest.Server) {
		ctx := context.Background()
		admin, m1, m2, gone := s.CreateUser(t, true), s.CreateUser(t, false), s.CreateUser(t, false), s.CreateUser(t, false)
		team := createTeam(t, admin.Client, "fs"+strings.ToLower(model.NewId()[:8]), true)
		for _, u := range []*apitest.NewUser{m1, m2, gone} {
			addToTeam(t, admin.Client, team.Id, u.User.Id)
		}
		if r := admin.Client.Do("PUT", "/api/v4/users/"+gone.User.Id+"/active", map[string]bool{"active": false}); r.Status != 200 {
			t.Fatal(r.Status)
		}
		bot := &model.User{Username: "statsbot", Email: "statsbot@example.com", IsBot: true, Roles: "system_user"}
		bot.PreSave(model.GetMillis())
		if err := s.Store.CreateUser(ctx, bot); err != nil {
			t.Fatal(err)
		}
		ch := createChannel(t, m1.Client, team.Id, "fs"+strings.ToLower(model.NewId()[:6]), "O") // m1 is its admin
		addToChannel(t, m1.Client, ch.Id, m2.User.Id)

		count := func(query string) int64 {
			t.Helper()
			r := admin.Client.Do("GET", "/api/v4/users/stats/filtered?"+query, nil)
			if r.Status != 200 {
				t.Fatalf("%s: %d %s", query, r.Status, r.Body)
			}
			m := r.Map(t)
			n, ok := m["total_users_count"].(float64)
			if !ok || len(m) != 1 {
				t.Fatalf("%s: body %s", query, r.Body)
			}
			return int64(n)
		}
		for _, tc := range []struct {
			query string
			want  int64
		}{
			{"", 3}, // admin, m1, m2
			{"include_deleted=true", 4},
			{"include_bots=true", 4},
			{"include_deleted=true&include_bots=true&include_remote_users=true", 5},
			{"include_bots=yes-please", 3}, // not a boolean: false
			{"in_team=" + team.Id, 3},
			{"in_team=" + team.Id + "&include_deleted=true", 4},
			{"in_team=" + team.Id + "&team_roles=team_user", 2}, // a system admin is no team user here
			{"in_team=" + team.Id + "&team_roles=team_admin", 0},
			{"in_channel=" + ch.Id, 2},
			{"in_channel=" + ch.Id + "&channel_roles=channel_admin", 1},
			{"in_team=" + team.Id + "&in_channel=" + ch.Id, 3}, // the team wins
			{"roles=system_admin", 1},
			{"roles=system_user,system_admin", 3},
			{"team_roles=NOT%20A%20ROLE", 3}, // ignored without in_team
			{"in_team=" + model.NewId(), 0},
		} {
			if got := count(tc.query); got != tc.want {
				t.Errorf("%q: %d, want %d", tc.query, got, tc.want)
			}
		}
		// The role lists are checked before the permission, as in Mattermost.
		for _, c := range []*apitest.Client{admin.Client, m1.Client} {
			wantError(t, c.Do("GET", "/api/v4/users/stats/filtered?roles=not%20a%20role", nil), 400, "api.context.invalid_body_param.app_error")
			wantError(t, c.Do("GET", "/api/v4/users/stats/filtered?in_team="+team.Id+"&team_roles=Bad", nil), 400, "api.context.invalid_body_param.app_error")
			wantError(t, c.Do("GET", "/api/v4/users/stats/filtered?in_channel="+ch.Id+"&channel_roles=x%20y", nil), 400, "api.context.invalid_body_param.app_error")
		}
		wantError(t, m1.Client.Do("GET", "/api/v4/users/stats/filtered?in_team="+team.Id, nil), 403, "api.context.permissions.app_error")
	})
}

func TestSearchUserAccessTokens(t *testing.T) {
	t.Parallel()
	forEachDB(t, func(c *config.Config) { c.ServiceSettings.EnableUserAccessTokens = true }, func(t *testing.T, s *apitest.Server) {
		admin, u := s.CreateUser(t, true), s.CreateUser(t, false)
		t1 := createToken(t, admin.Client, u.User.Id)
		t2 := createToken(t, admin.Client, u.User.Id)
		mine := createToken(t, admin.Client, "me")
		if r := admin.Client.Do("POST", "/api/v4/users/tokens/disable", map[string]string{"token_id": t2.Id}); r.Status != 200 {
			t.Fatal(r.Status)
		}
		search := func(c *apitest.Client, body any) *apitest.Response {
			return c.Do("POST", "/api/v4/users/tokens/search", body)
		}
		ids := func(r *apitest.Response) []string {
			t.Helper()
			if r.Status != 200 {
				t.Fatalf("search: %d %s", r.Status, r.Body)
			}
			if strings.Contains(string(r.Body), `"token"`) {
				t.Errorf("the answer carries token secrets: %s", r.Body)
			}
			var list []model.UserAccessToken
			r.Decode(t, &list)
			out := []string{}
			for _, tok := range list {
				out = append(out, tok.Id)
				if tok.Id == t2.Id && tok.IsActive {
					t.Error("a disabled token is reported active")
				}
				if tok.Description != "script" {
					t.Errorf("token description %q", tok.Description)
				}
			}
			return out
		}
		sorted := func(list ...string) []string {
			slices.Sort(list)
			return list
		}
		for _, tc := range []struct {
			term string
			want []string
		}{
			{u.User.Username, sorted(t1.Id, t2.Id)},
			{strings.ToUpper(u.User.Username[:5]), nil}, // filled below: every user sharing the prefix
			{u.User.Id, sorted(t1.Id, t2.Id)},
			{t1.Id, []string{t1.Id}},
			{mine.Id[:10], []string{mine.Id}},
			{"zz" + model.NewId(), []string{}},
		} {
			want := tc.want
			if want == nil {
				want = sorted(t1.Id, t2.Id)
				if strings.HasPrefix(admin.User.Username, strings.ToLower(tc.term)) {
					want = sorted(t1.Id, t2.Id, mine.Id)
				}
			}
			if diff := cmp.Diff(want, ids(search(admin.Client, map[string]string{"term": tc.term}))); diff != "" {
				t.Errorf("search %q (-want +got):\n%s", tc.term, diff)
			}
		}
		wantError(t, search(admin.Client, map[string]string{"term": ""}), 400, "api.context.invalid_body_param.app_error")
		wantError(t, search(admin.Client, "{"), 400, "api.context.invalid_body_param.app_error")
		// The permission is checked first.
		wantError(t, search(u.Client, "{"), 403, "api.context.permissions.app_error")
		wantError(t, search(u.Client, map[string]string{"term": u.User.Username}), 403, "api.context.permissions.app_error")
	})
}

func TestUsersWithInvalidEmails(t *testing.T) {
	t.Parallel()
	forEachDB(t, func(c *config.Config) { c.TeamSettings.RestrictCreationToDomains = "example.com, corp.example.org" }, func(t *testing.T, s *apitest.Server) {
		ctx := context.Background()
		admin, member := s.CreateUser(t, true), s.CreateUser(t, false)
		// Addresses that the restriction would refuse now are stored directly, as if created
		// before it.
		stored := func(username, email string, edit func(u *model.User)) {
			t.Helper()
			u := &model.User{Username: username, Email: email, PasswordHash: "x", Roles: "system_user"}
			u.PreSave(model.GetMillis())
			if edit != nil {
				edit(u)
			}
			if err := s.Store.CreateUser(ctx, u); err != nil {
				t.Fatal(err)
			}
		}
		stored("inv-a", "a@other.net", nil)
		stored("inv-b", "b@sub.corp.example.org", nil)
		stored("inv-c", "c@Gmail.com", nil)
		stored("ok-corp", "x@Corp.Example.org", nil)
		stored("inv-gone", "gone@other.net", func(u *model.User) { u.DeleteAt = 1 })
		stored("inv-guest", "guest@other.net", func(u *model.User) { u.Roles = "system_guest" })
		stored("inv-bot", "bot@other.net", func(u *model.User) { u.IsBot = true })

		list := func(query string) []map[string]any {
			t.Helper()
			r := admin.Client.Do("GET", "/api/v4/users/invalid_emails"+query, nil)
			if r.Status != 200 {
				t.Fatalf("%s: %d %s", query, r.Status, r.Body)
			}
			var out []map[string]any
			r.Decode(t, &out)
			return out
		}
		names := func(users []map[string]any) []string {
			out := []string{}
			for _, u := range users {
				out = append(out, u["username"].(string))
				if _, ok := u["password"]; ok {
					t.Errorf("%v carries a password", u["username"])
				}
				if u["email"] == "" {
					t.Errorf("%v: no email", u["username"])
				}
			}
			return out
		}
		if diff := cmp.Diff([]string{"inv-a", "inv-b", "inv-c"}, names(list(""))); diff != "" {
			t.Errorf("invalid emails (-want +got):\n%s", diff)
		}
		for page, want := range [][]string{{"inv-a", "inv-b"}, {"inv-c"}, {}} {
			if diff := cmp.Diff(want, names(list("?per_page=2&page="+strconv.Itoa(page)))); diff != "" {
				t.Errorf("page %d (-want +got):\n%s", page, diff)
			}
		}
		wantError(t, member.Client.Do("GET", "/api/v4/users/invalid_emails", nil), 403, "api.context.permissions.app_error")
	})
	// Open sign-up answers 400, whoever asks; no restriction lists nobody.
	forEachDB(t, func(c *config.Config) {
		c.TeamSettings.EnableOpenServer = true
	}, func(t *testing.T, s *apitest.Server) {
		u := s.CreateUser(t, false)
		r := u.Client.Do("GET", "/api/v4/users/invalid_emails", nil)
		wantError(t, r, 400, "NO_TRANSLATE")
		if e := r.Error(t); e.Message != "TeamSettings.EnableOpenServer is enabled" {
			t.Errorf("message %q", e.Message)
		}
	})
	forEachDB(t, nil, func(t *testing.T, s *apitest.Server) {
		admin := s.CreateUser(t, true)
		s.CreateUser(t, false)
		if r := admin.Client.Do("GET", "/api/v4/users/invalid_emails", nil); r.Status != 200 || string(r.Body) != "[]\n" {
			t.Errorf("without a restriction: %d %s", r.Status, r.Body)
		}
	})
}
