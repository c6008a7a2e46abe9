package api_test

import (
	"strings"

	"roster/internal/model"
)

// accountMatrixRows are the permission-matrix rows of email verification, device
// attachment and the account endpoints of the system console. The matrix runs without a
// mailer and without SiteURL: the verification requests answer as they would otherwise.
func accountMatrixRows() []matrixRow {
	// Columns of want:        anonymous, other user, same user, team member, team admin, system admin
	return []matrixRow{
		// Anonymous; the same answer whatever the address.
		{pattern: "POST /api/v4/users/email/verify/send", opts: public, req: func(c *cell) (string, string, any) {
			return "POST", "/api/v4/users/email/verify/send", map[string]string{"email": c.victim.User.Email}
		}, want: codes{200, 200, 200, 200, 200, 200}},
		// Anonymous; an unknown link is a 400 for everyone.
		{pattern: "POST /api/v4/users/email/verify", opts: public, req: fixed("POST", "/api/v4/users/email/verify",
			map[string]string{"token": strings.Repeat("q", 64)}),
			want: codes{400, 400, 400, 400, 400, 400}},
		// manage_system, even for oneself.
		{pattern: "POST /api/v4/users/{user_id}/email/verify/member", req: func(c *cell) (string, string, any) {
			return "POST", c.user() + "/email/verify/member", nil
		}, want: codes{401, 403, 403, 403, 403, 200}},
		// Any session, on itself (a fresh device id each time: no other session ends).
		{pattern: "PUT /api/v4/users/sessions/device", req: func(c *cell) (string, string, any) {
			return "PUT", "/api/v4/users/sessions/device", map[string]string{"device_id": "android_rn-v2:" + model.NewId()}
		}, want: codes{401, 200, 200, 200, 200, 200}},
		// Any session: the caller's own acquaintances.
		{pattern: "GET /api/v4/users/known", req: fixed("GET", "/api/v4/users/known", nil),
			want: codes{401, 200, 200, 200, 200, 200}},
		// sysconsole_read_user_management_users, even for the caller's own team.
		{pattern: "GET /api/v4/users/stats/filtered", req: get(func(c *cell) string { return "/api/v4/users/stats/filtered?in_team=" + c.team.Id }),
			want: codes{401, 403, 403, 403, 403, 200}},
		// manage_system.
		{pattern: "POST /api/v4/users/tokens/search", opts: withToken, req: func(c *cell) (string, string, any) {
			return "POST", "/api/v4/users/tokens/search", map[string]string{"term": c.victim.User.Username}
		}, want: codes{401, 403, 403, 403, 403, 200}},
		// sysconsole_read_user_management_users.
		{pattern: "GET /api/v4/users/invalid_emails", req: fixed("GET", "/api/v4/users/invalid_emails", nil),
			want: codes{401, 403, 403, 403, 403, 200}},
	}
}
