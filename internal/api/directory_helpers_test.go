package api_test

import (
	"context"
	"encoding/json"
	"testing"

	"roster/internal/apitest"
	"roster/internal/app"
	"roster/internal/model"
)

// newPerson creates a user with a chosen username and names (and, if roles is not empty,
// those system roles) and logs them in. Create an admin first: the first human account
// becomes system admin.
func newPerson(t *testing.T, s *apitest.Server, username, first, last, nick, roles string) *apitest.NewUser {
	t.Helper()
	ctx := context.Background()
	pw := "Passw0rd-" + username
	u := &model.User{Username: username, Email: username + "@example.com", Password: pw, FirstName: first, LastName: last, Nickname: nick}
	created, err := s.App.CreateUserByOperator(ctx, u, false)
	if err != nil {
		t.Fatalf("create %s: %v", username, err)
	}
	if roles != "" {
		if err := s.Store.SetUserRoles(ctx, created.Id, roles, model.GetMillis()); err != nil {
			t.Fatal(err)
		}
		s.App.Caches().Invalidate(app.CacheUsers, created.Id)
		created.Roles = roles
	}
	c := s.Client()
	c.Token = loginToken(t, s, username, pw)
	return &apitest.NewUser{User: *created, Password: pw, Client: c}
}

func decode[T any](t *testing.T, r *apitest.Response) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(r.Body, &v); err != nil {
		t.Fatalf("decode %s (status %d): %v", r.Body, r.Status, err)
	}
	return v
}

func createTeam(t *testing.T, c *apitest.Client, name string, open bool) model.Team {
	t.Helper()
	r := c.Do("POST", "/api/v4/teams", map[string]any{"name": name, "display_name": "Team " + name, "type": "O", "allow_open_invite": open})
	if r.Status != 201 {
		t.Fatalf("create team %s: %d %s", name, r.Status, r.Body)
	}
	return decode[model.Team](t, r)
}

func addToTeam(t *testing.T, c *apitest.Client, teamID, userID string) {
	t.Helper()
	r := c.Do("POST", "/api/v4/teams/"+teamID+"/members", map[string]string{"team_id": teamID, "user_id": userID})
	if r.Status != 201 {
		t.Fatalf("add %s to team: %d %s", userID, r.Status, r.Body)
	}
}

func createChannel(t *testing.T, c *apitest.Client, teamID, name, typ string) model.Channel {
	t.Helper()
	r := c.Do("POST", "/api/v4/channels", map[string]string{"team_id": teamID, "name": name, "display_name": "Channel " + name, "type": typ})
	if r.Status != 201 {
		t.Fatalf("create channel %s: %d %s", name, r.Status, r.Body)
	}
	return decode[model.Channel](t, r)
}

func addToChannel(t *testing.T, c *apitest.Client, channelID, userID string) {
	t.Helper()
	r := c.Do("POST", "/api/v4/channels/"+channelID+"/members", map[string]string{"user_id": userID})
	if r.Status != 201 {
		t.Fatalf("add %s to channel: %d %s", userID, r.Status, r.Body)
	}
}

func userNames(users []model.User) []string {
	out := make([]string, len(users))
	for i, u := range users {
		out[i] = u.Username
	}
	return out
}

// listNames GETs a user list and returns the usernames, failing unless it answers 200.
func listNames(t *testing.T, c *apitest.Client, path string) []string {
	t.Helper()
	r := c.Do("GET", path, nil)
	if r.Status != 200 {
		t.Fatalf("GET %s: %d %s", path, r.Status, r.Body)
	}
	return userNames(decode[[]model.User](t, r))
}
