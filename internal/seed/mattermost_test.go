package seed_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/crypto/bcrypt"

	"roster/internal/model"
	"roster/internal/seed"
	"roster/internal/store"
	"roster/internal/store/storetest"
)

// mattermostSchema is the part of a Mattermost database the copy reads, as an older server
// has it: teams without invite ids, users without disablewelcomeemail.
const mattermostSchema = `
CREATE TABLE users (
    id varchar(26) PRIMARY KEY, createat bigint, updateat bigint, deleteat bigint, username varchar(64),
    password varchar(128), authdata varchar(128), authservice varchar(32), email varchar(128),
    emailverified boolean, nickname varchar(64), firstname varchar(64), lastname varchar(64),
    position varchar(128), roles varchar(256), allowmarketing boolean, props jsonb, notifyprops jsonb,
    lastpasswordupdate bigint, lastpictureupdate bigint, failedattempts integer, locale varchar(5),
    timezone jsonb, mfaactive boolean, mfasecret varchar(128), remoteid varchar(26), lastlogin bigint);
CREATE TABLE bots (userid varchar(26) PRIMARY KEY, description varchar(1024), ownerid varchar(190),
    createat bigint, updateat bigint, deleteat bigint, lasticonupdate bigint);
CREATE TABLE teams (id varchar(26) PRIMARY KEY, createat bigint, updateat bigint, deleteat bigint,
    displayname varchar(64), name varchar(64), type varchar(255));
CREATE TABLE teammembers (teamid varchar(26), userid varchar(26), roles varchar(64), deleteat bigint,
    schemeuser boolean, schemeadmin boolean, schemeguest boolean, createat bigint, PRIMARY KEY (teamid, userid));
CREATE TABLE channels (id varchar(26) PRIMARY KEY, createat bigint, updateat bigint, deleteat bigint,
    teamid varchar(26), type varchar(1), displayname varchar(64), name varchar(64));
CREATE TABLE channelmembers (channelid varchar(26), userid varchar(26), roles varchar(64),
    lastviewedat bigint, msgcount bigint, mentioncount bigint, notifyprops jsonb, lastupdateat bigint,
    schemeuser boolean, schemeadmin boolean, schemeguest boolean, PRIMARY KEY (channelid, userid));
`

// Ids of the Mattermost rows.
var (
	mmIvan, mmWei, mmBot, mmMaria = ids("ivan"), ids("wei"), ids("bot"), ids("maria")
	mmAlpha, mmBeta               = ids("alpha"), ids("beta")
	mmTown, mmSecret, mmDM        = ids("town"), ids("secret"), ids("dm")
	mmGhost                       = ids("ghost") // referenced, never created
)

func ids(s string) string { return (s + "aaaaaaaaaaaaaaaaaaaaaaaaaa")[:26] }

func createMattermost(t *testing.T, passwordHash string) string {
	t.Helper()
	dsn := storetest.DSN(t, store.Postgres)
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	stmts := []struct {
		sql  string
		args []any
	}{
		{sql: mattermostSchema},
		{`INSERT INTO users VALUES ($1, 1500000000000, 1500000000500, 0, 'ivan.petrov', $2, '', '', 'ivan.petrov@example.com',
			true, NULL, 'Иван', 'Петров', 'Инженер', 'system_user system_admin', false, NULL,
			'{"push": "mention", "email": "true"}', 1500000000000, 0, 2, 'ru',
			'{"automaticTimezone": "Europe/Moscow", "manualTimezone": "", "useAutomaticTimezone": "true"}',
			false, '', NULL, 1700000000000)`, []any{mmIvan, passwordHash}},
		{`INSERT INTO users VALUES ($1, 1500000000000, 1600000000000, 1600000000000, 'wei.wang', '', 'wei-gitlab', 'gitlab',
			'wei.wang@example.com', true, '小王', '伟', '王', '', 'system_user', true, '{"a": "b"}', '{}', 0, 0, 0, 'zh-CN',
			'{}', false, '', '', NULL)`, []any{mmWei}},
		{`INSERT INTO users VALUES ($1, 1600000000000, 1600000000000, 0, 'botty', '', NULL, '', 'botty@localhost', false,
			'', 'Botty', '', '', 'system_user', false, '{}', '{}', 0, 0, 0, 'en', '{}', false, '', NULL, 0)`, []any{mmBot}},
		{`INSERT INTO users (id, createat, updateat, deleteat, username, email, nickname, firstname, lastname, roles)
			VALUES ($1, 1650000000000, 1650000000000, 0, 'maria.garcia', 'maria.garcia@example.com', 'Mari', 'María',
			'García', 'system_user')`, []any{mmMaria}},
		{`INSERT INTO bots VALUES ($1, 'a helpful bot', $2, 1600000000000, 1600000000000, 0, 1600000000123)`, []any{mmBot, mmIvan}},
		{`INSERT INTO teams VALUES ($1, 1500000000000, 1500000000000, 0, 'Alpha', 'alpha', 'O'),
			($2, 1500000000000, 1500000000000, 0, 'Beta', 'beta', 'I')`, []any{mmAlpha, mmBeta}},
		{`INSERT INTO teammembers VALUES ($1, $3, '', 0, true, false, false, 1500000000001),
			($1, $4, '', 1600000000000, true, false, false, 1500000000002),
			($2, $3, 'custom_role', 0, true, true, false, 1500000000003),
			($1, $5, '', 0, true, false, false, 0),
			($1, $6, '', 0, true, false, false, NULL)`, []any{mmAlpha, mmBeta, mmIvan, mmWei, mmGhost, mmMaria}},
		{`INSERT INTO channels VALUES ($1, 1500000000000, 1500000000000, 0, $4, 'O', 'Town Square', 'town-square'),
			($2, 1500000000000, 1500000000000, 0, $4, 'P', 'Secret', 'secret'),
			($3, 1500000000000, 1500000000000, 0, '', 'D', '', $5)`,
			[]any{mmTown, mmSecret, mmDM, mmAlpha, mmIvan + "__" + mmMaria}},
		{`INSERT INTO channelmembers VALUES ($1, $4, '', 1700000000000, 10, 2, '{"push": "all", "desktop": "default"}', 1700000000000, true, false, false),
			($1, $6, '', 0, 0, 0, NULL, 0, true, false, false),
			($2, $4, '', 0, 0, 0, '{}', 0, true, true, false),
			($3, $4, '', 0, 0, 0, '{}', 0, true, false, false),
			($3, $6, '', 0, 0, 0, '{}', 0, true, false, false),
			($1, $5, '', 0, 0, 0, '{}', 0, true, false, false)`, []any{mmTown, mmSecret, mmDM, mmIvan, mmGhost, mmMaria}},
	}
	for _, s := range stmts {
		if _, err := db.Exec(s.sql, s.args...); err != nil {
			t.Fatalf("create the Mattermost data: %v\n%s", err, s.sql)
		}
	}
	return dsn
}

// loaded is what a store holds after a copy, in comparable form.
type loaded struct {
	Users          []*model.User
	Teams          []*model.Team
	TeamMembers    []*model.TeamMember
	ChannelMembers []*model.ChannelMember
}

func dump(t *testing.T, st *store.Store) loaded {
	t.Helper()
	ctx := context.Background()
	var out loaded
	users, err := st.ListUsers(ctx, store.UserQuery{})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		if u.Username == "seedadmin" {
			continue // its id and hash differ from load to load
		}
		out.Users = append(out.Users, u)
	}
	for _, id := range []string{mmAlpha, mmBeta} {
		team, err := st.GetTeam(ctx, id)
		if err != nil {
			t.Fatalf("team %s: %v", id, err)
		}
		team.InviteId = "" // generated
		out.Teams = append(out.Teams, team)
		for _, u := range out.Users {
			if m, err := st.GetTeamMember(ctx, id, u.Id); err == nil {
				out.TeamMembers = append(out.TeamMembers, m)
			}
		}
	}
	for _, c := range []string{mmTown, mmSecret, mmDM} {
		for _, u := range out.Users {
			if m, err := st.GetChannelMember(ctx, c, u.Id); err == nil {
				out.ChannelMembers = append(out.ChannelMembers, m)
			}
		}
	}
	return out
}

func TestFromMattermost(t *testing.T) {
	t.Parallel()
	hash, err := bcrypt.GenerateFromPassword([]byte("mm-Password-1"), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	mmDSN := createMattermost(t, string(hash))

	results := map[string]loaded{}
	for _, driver := range storetest.Drivers {
		ctx := context.Background()
		st, db := openPair(t, driver)
		mm, err := seed.OpenMattermost(ctx, mmDSN)
		if err != nil {
			t.Fatal(err)
		}
		stats, err := st.BulkLoad(ctx, seed.WithAdmin(mm.Source(ctx), testAdmin(t)), store.BulkOptions{})
		if cerr := mm.Close(ctx); cerr != nil {
			t.Error(cerr)
		}
		if err != nil {
			t.Fatalf("%s: load: %v", driver, err)
		}
		// The orphan memberships are skipped; the admin joins both teams and the two
		// non-direct channels.
		want := store.BulkStats{Users: 5, Teams: 2, TeamMembers: 4 + 2, Channels: 3, ChannelMembers: 5 + 2}
		stats.Phases = nil
		if diff := cmp.Diff(want, *stats); diff != "" {
			t.Errorf("%s: stats (-want +got):\n%s", driver, diff)
		}
		if n := db.count(t, `SELECT count(*) FROM teams WHERE length(invite_id) = 26`); n != 2 {
			t.Errorf("%s: %d teams with a generated invite id, want 2", driver, n)
		}
		results[driver] = dump(t, st)
	}

	got := results[store.SQLite]
	if diff := cmp.Diff(got, results[store.Postgres]); diff != "" {
		t.Errorf("SQLite and PostgreSQL hold different data (-sqlite +postgres):\n%s", diff)
	}
	byName := map[string]*model.User{}
	for _, u := range got.Users {
		byName[u.Username] = u
	}
	ivan, wei, bot, maria := byName["ivan.petrov"], byName["wei.wang"], byName["botty"], byName["maria.garcia"]
	if ivan == nil || wei == nil || bot == nil || maria == nil {
		t.Fatalf("users: %v", byName)
	}
	checks := []struct {
		name string
		ok   bool
	}{
		{"ids kept", ivan.Id == mmIvan && maria.Id == mmMaria},
		{"native names", ivan.FirstName == "Иван" && ivan.LastName == "Петров" && wei.FirstName == "伟"},
		{"NULL nickname reads as empty", ivan.Nickname == ""},
		{"NULL props read as {}", len(ivan.Props) == 0 && wei.Props["a"] == "b"},
		{"notify props", ivan.NotifyProps["push"] == "mention"},
		{"timezone", ivan.Timezone["automaticTimezone"] == "Europe/Moscow"},
		{"roles", ivan.IsSystemAdmin() && !wei.IsSystemAdmin()},
		{"times", ivan.CreateAt == 1500000000000 && ivan.UpdateAt == 1500000000500 && ivan.LastLogin == 1700000000000},
		{"failed attempts and position", ivan.FailedAttempts == 2 && ivan.Position == "Инженер"},
		{"deactivated", wei.DeleteAt == 1600000000000 && ivan.DeleteAt == 0},
		{"SSO user", wei.AuthService == "gitlab" && wei.AuthData != nil && *wei.AuthData == "wei-gitlab"},
		{"empty auth data is NULL", ivan.AuthData == nil},
		{"bot", bot.IsBot && bot.BotDescription == "a helpful bot" && bot.BotLastIconUpdate == 1600000000123 && !ivan.IsBot},
		{"missing columns read as defaults", maria.Locale == "en" && len(maria.Timezone) == 0 && maria.Nickname == "Mari" &&
			maria.Password == "" && maria.RemoteId == nil},
	}
	for _, c := range checks {
		if !c.ok {
			t.Errorf("%s: ivan %+v\nwei %+v\nbot %+v\nmaria %+v", c.name, ivan, wei, bot, maria)
		}
	}
	if _, err := hasher.Verify(ivan.PasswordHash, "mm-Password-1"); err != nil {
		t.Errorf("the copied Mattermost password does not verify: %v", err)
	}
	if got.Teams[0].Name != "alpha" || got.Teams[1].Type != model.TeamInvite {
		t.Errorf("teams: %+v %+v", got.Teams[0], got.Teams[1])
	}
	members := map[string]*model.TeamMember{}
	for _, m := range got.TeamMembers {
		members[m.TeamId+" "+m.UserId] = m
	}
	if m := members[mmBeta+" "+mmIvan]; m == nil || !m.SchemeAdmin || m.ExplicitRoles != "custom_role" {
		t.Errorf("ivan in beta: %+v", m)
	}
	if m := members[mmAlpha+" "+mmWei]; m == nil || m.DeleteAt != 1600000000000 {
		t.Errorf("wei in alpha (departed): %+v", m)
	}
	if m := members[mmAlpha+" "+mmMaria]; m == nil || m.CreateAt != 0 {
		t.Errorf("maria in alpha (NULL create time): %+v", m)
	}
	var town *model.ChannelMember
	for _, m := range got.ChannelMembers {
		if m.ChannelId == mmTown && m.UserId == mmIvan {
			town = m
		}
	}
	if town == nil || town.MsgCount != 10 || town.MentionCount != 2 || town.NotifyProps["push"] == "" ||
		town.LastViewedAt != 1700000000000 {
		t.Errorf("ivan in town-square: %+v", town)
	}
}

func TestFromMattermostMissingTable(t *testing.T) {
	t.Parallel()
	dsn := storetest.DSN(t, store.Postgres)
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TABLE users (id varchar(26))`); err != nil {
		t.Fatal(err)
	}
	if _, err := seed.OpenMattermost(context.Background(), dsn); err == nil {
		t.Error("a database without Mattermost's tables was accepted")
	}
}
