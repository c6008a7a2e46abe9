package api_test

import (
	"context"
	"testing"

	"roster/internal/apitest"
	"roster/internal/config"
	"roster/internal/model"
)

func TestChannels(t *testing.T) {
	t.Parallel()
	forEachDB(t, nil, func(t *testing.T, s *apitest.Server) {
		admin := s.CreateUser(t, true)
		alice := newPerson(t, s, "alice", "", "", "", "")
		bob := newPerson(t, s, "bob", "", "", "", "")
		carol := newPerson(t, s, "carol", "", "", "", "")
		team := createTeam(t, admin.Client, "home", true)
		addToTeam(t, admin.Client, team.Id, alice.User.Id)
		addToTeam(t, admin.Client, team.Id, bob.User.Id)

		clientID := model.NewId()
		r := alice.Client.Do("POST", "/api/v4/channels", map[string]any{"team_id": team.Id, "name": "pub", "display_name": "Pub",
			"type": "O", "purpose": "talk", "creator_id": bob.User.Id, "id": clientID})
		if r.Status != 201 {
			t.Fatalf("create public channel: %d %s", r.Status, r.Body)
		}
		raw := r.Map(t)
		for _, k := range []string{"scheme_id", "props", "group_constrained", "shared", "policy_id"} {
			if v, ok := raw[k]; !ok || v != nil {
				t.Errorf("%s = %v (present %v), want null", k, v, ok)
			}
		}
		pub := decode[model.Channel](t, r)
		if pub.CreatorId != alice.User.Id || pub.TeamId != team.Id || pub.Purpose != "talk" || pub.Type != "O" || pub.Id == clientID || pub.CreateAt == 0 {
			t.Errorf("created channel = %+v", pub)
		}
		members := decode[[]model.ChannelMember](t, alice.Client.Do("GET", "/api/v4/channels/"+pub.Id+"/members", nil))
		if len(members) != 1 || members[0].UserId != alice.User.Id || members[0].Roles != "channel_user channel_admin" ||
			members[0].NotifyProps["mark_unread"] != "all" || members[0].NotifyProps["channel_auto_follow_threads"] != "off" {
			t.Errorf("creator membership = %+v", members)
		}
		priv := createChannel(t, alice.Client, team.Id, "priv", "P")

		createErrors := []struct {
			name   string
			c      *apitest.Client
			body   any
			status int
			id     string
		}{
			{"not a team member", carol.Client, map[string]string{"team_id": team.Id, "name": "x1", "display_name": "X", "type": "O"}, 403, "api.context.permissions.app_error"},
			{"private, not a team member", carol.Client, map[string]string{"team_id": team.Id, "name": "x1", "display_name": "X", "type": "P"}, 403, "api.context.permissions.app_error"},
			{"taken name", bob.Client, map[string]string{"team_id": team.Id, "name": "pub", "display_name": "X", "type": "O"}, 400, "store.sql_channel.save_channel.exists.app_error"},
			{"direct", bob.Client, map[string]string{"team_id": team.Id, "name": "x2", "display_name": "X", "type": "D"}, 400, "api.channel.create_channel.direct_channel.app_error"},
			{"bad type", bob.Client, map[string]string{"team_id": team.Id, "name": "x2", "display_name": "X", "type": "Z"}, 400, "model.channel.is_valid.type.app_error"},
			{"bad name", bob.Client, map[string]string{"team_id": team.Id, "name": "Bad Name", "display_name": "X", "type": "O"}, 400, "model.channel.is_valid.1_or_more.app_error"},
			{"no team", bob.Client, map[string]string{"name": "x3", "display_name": "X", "type": "O"}, 400, "api.context.invalid_body_param.app_error"},
			{"no display name", bob.Client, map[string]string{"team_id": team.Id, "name": "x3", "type": "O"}, 400, "api.context.invalid_body_param.app_error"},
			{"unknown team", admin.Client, map[string]string{"team_id": model.NewId(), "name": "x3", "display_name": "X", "type": "O"}, 404, "app.team.get.find.app_error"},
			{"admin outside the team", admin.Client, map[string]string{"team_id": createTeam(t, alice.Client, "other", true).Id, "name": "x3", "display_name": "X", "type": "O"}, 404, "app.team.get_member.missing.app_error"},
			{"malformed", bob.Client, `[1]`, 400, "api.context.invalid_body_param.app_error"},
		}
		for _, tc := range createErrors {
			r := tc.c.Do("POST", "/api/v4/channels", tc.body)
			t.Run(tc.name, func(t *testing.T) { wantError(t, r, tc.status, tc.id) })
		}

		// Reading: public channels by team members, private ones by their members.
		if r := bob.Client.Do("GET", "/api/v4/channels/"+pub.Id, nil); r.Status != 200 || decode[model.Channel](t, r).Id != pub.Id {
			t.Errorf("team member reads public channel: %d %s", r.Status, r.Body)
		}
		wantError(t, carol.Client.Do("GET", "/api/v4/channels/"+pub.Id, nil), 403, "api.context.permissions.app_error")
		wantError(t, bob.Client.Do("GET", "/api/v4/channels/"+priv.Id, nil), 403, "api.context.permissions.app_error")
		if r := admin.Client.Do("GET", "/api/v4/channels/"+priv.Id, nil); r.Status != 200 {
			t.Errorf("admin reads private channel: %d", r.Status)
		}
		wantError(t, bob.Client.Do("GET", "/api/v4/channels/"+model.NewId(), nil), 404, "app.channel.get.existing.app_error")
		wantError(t, bob.Client.Do("GET", "/api/v4/channels/bad", nil), 400, "api.context.invalid_url_param.app_error")
		wantError(t, bob.Client.Do("GET", "/api/v4/channels/"+priv.Id+"/members", nil), 403, "api.context.permissions.app_error")
		wantError(t, bob.Client.Do("GET", "/api/v4/channels/"+pub.Id+"/members", nil), 403, "api.context.permissions.app_error")

		// Adding members.
		r = bob.Client.Do("POST", "/api/v4/channels/"+pub.Id+"/members", map[string]string{"user_id": bob.User.Id})
		if r.Status != 201 || decode[model.ChannelMember](t, r).Roles != "channel_user" {
			t.Fatalf("bob joins the public channel: %d %s", r.Status, r.Body)
		}
		if r := bob.Client.Do("POST", "/api/v4/channels/"+pub.Id+"/members", map[string]string{"user_id": "me"}); r.Status != 400 {
			t.Errorf("me as a body id: %d", r.Status)
		}
		wantError(t, carol.Client.Do("POST", "/api/v4/channels/"+pub.Id+"/members", map[string]string{"user_id": carol.User.Id}), 403, "api.context.permissions.app_error")
		wantError(t, alice.Client.Do("POST", "/api/v4/channels/"+pub.Id+"/members", map[string]string{"user_id": carol.User.Id}), 404, "app.team.get_member.missing.app_error")
		wantError(t, bob.Client.Do("POST", "/api/v4/channels/"+priv.Id+"/members", map[string]string{"user_id": bob.User.Id}), 403, "api.context.permissions.app_error")
		wantError(t, alice.Client.Do("POST", "/api/v4/channels/"+priv.Id+"/members", map[string]string{"user_id": model.NewId()}), 404, "app.user.missing_account.const")
		wantError(t, alice.Client.Do("POST", "/api/v4/channels/"+priv.Id+"/members", map[string]any{}), 400, "api.context.invalid_body_param.app_error")
		wantError(t, alice.Client.Do("POST", "/api/v4/channels/"+priv.Id+"/members", map[string]any{"user_ids": []any{"x"}}), 400, "api.context.invalid_body_param.app_error")
		wantError(t, alice.Client.Do("POST", "/api/v4/channels/"+model.NewId()+"/members", map[string]string{"user_id": bob.User.Id}), 404, "app.channel.get.existing.app_error")
		// user_ids answers an array; members already in are answered as they are.
		r = alice.Client.Do("POST", "/api/v4/channels/"+priv.Id+"/members", map[string]any{"user_ids": []string{bob.User.Id, alice.User.Id}})
		added := decode[[]model.ChannelMember](t, r)
		if r.Status != 201 || len(added) != 2 || added[0].UserId != bob.User.Id || added[1].Roles != "channel_user channel_admin" {
			t.Errorf("batch add: %d %s", r.Status, r.Body)
		}
		if got := decode[[]model.ChannelMember](t, bob.Client.Do("GET", "/api/v4/channels/"+priv.Id+"/members?per_page=1", nil)); len(got) != 1 {
			t.Errorf("member page = %+v", got)
		}

		// Removing members: channel members may remove others (channel_user holds the
		// manage_*_channel_members permissions); outsiders may not; nobody leaves town-square.
		wantError(t, carol.Client.Do("DELETE", "/api/v4/channels/"+pub.Id+"/members/"+bob.User.Id, nil), 403, "api.context.permissions.app_error")
		if r := bob.Client.Do("DELETE", "/api/v4/channels/"+priv.Id+"/members/"+alice.User.Id, nil); r.Status != 200 {
			t.Fatalf("bob removes alice from priv: %d %s", r.Status, r.Body)
		}
		// Her access is gone at once.
		wantError(t, alice.Client.Do("GET", "/api/v4/channels/"+priv.Id, nil), 403, "api.context.permissions.app_error")
		wantError(t, bob.Client.Do("DELETE", "/api/v4/channels/"+priv.Id+"/members/"+alice.User.Id, nil), 404, "app.channel.get_member.missing.app_error")
		if r := bob.Client.Do("DELETE", "/api/v4/channels/"+pub.Id+"/members/me", nil); r.Status != 200 {
			t.Errorf("bob leaves pub: %d %s", r.Status, r.Body)
		}
		town, err := s.Store.GetChannelByName(context.Background(), team.Id, "town-square")
		if err != nil {
			t.Fatal(err)
		}
		wantError(t, bob.Client.Do("DELETE", "/api/v4/channels/"+town.Id+"/members/me", nil), 400, "api.channel.remove.default.app_error")
		wantError(t, bob.Client.Do("DELETE", "/api/v4/channels/"+pub.Id+"/members/"+model.NewId(), nil), 404, "app.user.missing_account.const")

		// A user who left the team cannot be added to its channels.
		if r := admin.Client.Do("DELETE", "/api/v4/teams/"+team.Id+"/members/"+bob.User.Id, nil); r.Status != 200 {
			t.Fatal(r.Status)
		}
		wantError(t, alice.Client.Do("POST", "/api/v4/channels/"+pub.Id+"/members", map[string]string{"user_id": bob.User.Id}),
			400, "api.channel.add_user.to.channel.failed.deleted.app_error")
	})
}

func TestChannelLimitAndGuests(t *testing.T) {
	t.Parallel()
	forEachDB(t, func(c *config.Config) { c.TeamSettings.MaxChannelsPerTeam = 3 }, func(t *testing.T, s *apitest.Server) {
		admin := s.CreateUser(t, true)
		guest := newPerson(t, s, "guest1", "", "", "", "system_guest")
		team := createTeam(t, admin.Client, "small", true)
		ch := createChannel(t, admin.Client, team.Id, "third", "O") // town-square, off-topic, third
		wantError(t, admin.Client.Do("POST", "/api/v4/channels", map[string]string{"team_id": team.Id, "name": "fourth", "display_name": "F", "type": "P"}),
			400, "store.sql_channel.save_channel.limit.app_error")

		// Guests join a team without its default channels, and leave it with their last channel.
		addToTeam(t, admin.Client, team.Id, guest.User.Id)
		if m := decode[model.TeamMember](t, admin.Client.Do("GET", "/api/v4/teams/"+team.Id+"/members/"+guest.User.Id, nil)); m.Roles != "team_guest" || !m.SchemeGuest {
			t.Errorf("guest membership = %+v", m)
		}
		town, _ := s.Store.GetChannelByName(context.Background(), team.Id, "town-square")
		if _, err := s.Store.GetChannelMember(context.Background(), town.Id, guest.User.Id); err == nil {
			t.Error("a guest joined town-square")
		}
		addToChannel(t, admin.Client, ch.Id, guest.User.Id)
		if m := decode[[]model.ChannelMember](t, guest.Client.Do("GET", "/api/v4/channels/"+ch.Id+"/members", nil)); len(m) != 2 {
			t.Errorf("guest reads its channel's members: %+v", m)
		}
		// A guest may not add users it cannot see.
		other := newPerson(t, s, "zed", "", "", "", "")
		addToTeam(t, admin.Client, team.Id, other.User.Id)
		wantError(t, guest.Client.Do("POST", "/api/v4/channels/"+ch.Id+"/members", map[string]string{"user_id": other.User.Id}), 403, "api.context.permissions.app_error")
		if r := guest.Client.Do("DELETE", "/api/v4/channels/"+ch.Id+"/members/me", nil); r.Status != 200 {
			t.Fatalf("guest leaves: %d %s", r.Status, r.Body)
		}
		if m := decode[model.TeamMember](t, admin.Client.Do("GET", "/api/v4/teams/"+team.Id+"/members/"+guest.User.Id, nil)); m.DeleteAt == 0 {
			t.Error("a guest who left their last channel is still in the team")
		}
	})
}
