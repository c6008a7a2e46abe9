package seed

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"roster/internal/model"
	"roster/internal/store"
)

// Mattermost reads the users, teams, channels and memberships of a Mattermost PostgreSQL
// database, so that Roster can be loaded with the same data. Columns differ between
// Mattermost versions: only the ones Roster stores are read, a missing optional column and
// a NULL read as what Roster gives a new row. Memberships of users, teams or channels that
// do not exist are skipped.
type Mattermost struct {
	conn *pgx.Conn
	cols map[string]map[string]bool // table → its columns
}

// mattermostTables are read; bots is optional (it marks bot users).
var mattermostTables = []string{"users", "teams", "teammembers", "channels", "channelmembers", "bots"}

// OpenMattermost connects to the Mattermost database named by a PostgreSQL URL or DSN and
// checks that it has the tables to read.
func OpenMattermost(ctx context.Context, dsn string) (*Mattermost, error) {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return nil, fmt.Errorf("connect to the Mattermost database: %w", err)
	}
	m := &Mattermost{conn: conn, cols: map[string]map[string]bool{}}
	for _, t := range mattermostTables {
		rows, err := conn.Query(ctx, `SELECT attname FROM pg_attribute
			WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped`, t)
		if err != nil {
			conn.Close(ctx)
			return nil, fmt.Errorf("read the columns of Mattermost table %s: %w", t, err)
		}
		names, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			conn.Close(ctx)
			return nil, fmt.Errorf("read the columns of Mattermost table %s: %w", t, err)
		}
		if len(names) == 0 {
			if t == "bots" {
				continue
			}
			conn.Close(ctx)
			return nil, fmt.Errorf("the Mattermost database has no table %s (is it a Mattermost database, and is its schema in the search path?)", t)
		}
		m.cols[t] = map[string]bool{}
		for _, n := range names {
			m.cols[t][strings.ToLower(n)] = true
		}
	}
	return m, nil
}

// Close disconnects.
func (m *Mattermost) Close(ctx context.Context) error {
	if err := m.conn.Close(ctx); err != nil {
		return fmt.Errorf("close the Mattermost connection: %w", err)
	}
	return nil
}

// column kinds, deciding how NULLs and missing columns read.
const (
	kText     = iota // NULL and missing read as the default (a SQL literal)
	kInt             // … as 0
	kBool            // … as false
	kJSON            // JSON object: NULL, JSON null and missing read as {}
	kNullable        // NULL stays NULL (scanned into a pointer); missing reads as NULL
	kRequired        // text column that must exist
)

type mmCol struct {
	name string
	kind int
	def  string // kText: SQL literal
}

// selectList renders the columns of table (aliased a) as expressions that never fail on a
// missing column or a NULL.
func (m *Mattermost) selectList(table, a string, cols []mmCol) (string, error) {
	have := m.cols[table]
	out := make([]string, len(cols))
	for i, c := range cols {
		ref := a + "." + c.name
		switch {
		case c.kind == kRequired && !have[c.name]:
			return "", fmt.Errorf("the Mattermost table %s has no column %s", table, c.name)
		case c.kind == kRequired:
			out[i] = ref + "::text"
		case !have[c.name]:
			out[i] = map[int]string{kText: c.def + "::text", kInt: "0::bigint", kBool: "false",
				kJSON: "'{}'::text", kNullable: "NULL"}[c.kind]
		case c.kind == kText:
			out[i] = "COALESCE(" + ref + "::text, " + c.def + ")"
		case c.kind == kInt:
			out[i] = "COALESCE(" + ref + ", 0)::bigint"
		case c.kind == kBool:
			out[i] = "COALESCE(" + ref + ", false)::boolean"
		case c.kind == kJSON:
			out[i] = "COALESCE(NULLIF(" + ref + "::text, 'null'), '{}')"
		case c.kind == kNullable:
			out[i] = ref
		}
	}
	return strings.Join(out, ", "), nil
}

// Source returns the rows of the Mattermost database. The sequences run one after the
// other on the one connection, each once.
func (m *Mattermost) Source(ctx context.Context) store.BulkSource {
	return store.BulkSource{
		Users:          m.users(ctx),
		Teams:          m.teams(ctx),
		TeamMembers:    m.teamMembers(ctx),
		Channels:       m.channels(ctx),
		ChannelMembers: m.channelMembers(ctx),
	}
}

// scanRows runs query and yields each row after scanning it into dest.
func scanRows[T any](ctx context.Context, conn *pgx.Conn, what, query string, row func() (T, []any), yield func(T, error) bool) {
	var zero T
	rows, err := conn.Query(ctx, query)
	if err != nil {
		yield(zero, fmt.Errorf("read Mattermost %s: %w", what, err))
		return
	}
	defer rows.Close()
	for rows.Next() {
		v, dest := row()
		if err := rows.Scan(dest...); err != nil {
			yield(zero, fmt.Errorf("read Mattermost %s: %w", what, err))
			return
		}
		if !yield(v, nil) {
			return
		}
	}
	if err := rows.Err(); err != nil {
		yield(zero, fmt.Errorf("read Mattermost %s: %w", what, err))
	}
}

func (m *Mattermost) users(ctx context.Context) func(func(*store.BulkUser, error) bool) {
	return func(yield func(*store.BulkUser, error) bool) {
		list, err := m.selectList("users", "u", []mmCol{
			{"id", kRequired, ""}, {"createat", kInt, ""}, {"updateat", kInt, ""}, {"deleteat", kInt, ""},
			{"username", kRequired, ""}, {"password", kText, "''"}, {"authdata", kText, "''"},
			{"authservice", kText, "''"}, {"email", kRequired, ""}, {"emailverified", kBool, ""},
			{"nickname", kText, "''"}, {"firstname", kText, "''"}, {"lastname", kText, "''"},
			{"position", kText, "''"}, {"roles", kText, "'system_user'"}, {"allowmarketing", kBool, ""},
			{"props", kJSON, ""}, {"notifyprops", kJSON, ""}, {"lastpasswordupdate", kInt, ""},
			{"lastpictureupdate", kInt, ""}, {"failedattempts", kInt, ""}, {"locale", kText, "'en'"},
			{"timezone", kJSON, ""}, {"mfaactive", kBool, ""}, {"mfasecret", kText, "''"},
			{"remoteid", kText, "''"}, {"disablewelcomeemail", kBool, ""}, {"lastlogin", kInt, ""},
		})
		if err != nil {
			yield(nil, err)
			return
		}
		from := ` FROM users u`
		bots := `, false, ''::text, 0::bigint`
		if b := m.cols["bots"]; b != nil && b["userid"] {
			bl, err := m.selectList("bots", "b", []mmCol{{"description", kText, "''"}, {"lasticonupdate", kInt, ""}})
			if err != nil {
				yield(nil, err)
				return
			}
			bots = `, b.userid IS NOT NULL, ` + bl
			from += ` LEFT JOIN bots b ON b.userid = u.id`
		}
		var u store.BulkUser
		dest := []any{&u.Id, &u.CreateAt, &u.UpdateAt, &u.DeleteAt, &u.Username, &u.PasswordHash, &u.AuthData,
			&u.AuthService, &u.Email, &u.EmailVerified, &u.Nickname, &u.FirstName, &u.LastName, &u.Position,
			&u.Roles, &u.AllowMarketing, &u.Props, &u.NotifyProps, &u.LastPasswordUpdate, &u.LastPictureUpdate,
			&u.FailedAttempts, &u.Locale, &u.Timezone, &u.MfaActive, &u.MfaSecret, &u.RemoteId,
			&u.DisableWelcomeEmail, &u.LastLogin, &u.IsBot, &u.BotDescription, &u.BotLastIconUpdate}
		scanRows(ctx, m.conn, "users", `SELECT `+list+bots+from+` ORDER BY u.id`,
			func() (*store.BulkUser, []any) { return &u, dest }, yield)
	}
}

func (m *Mattermost) teams(ctx context.Context) func(func(*model.Team, error) bool) {
	return func(yield func(*model.Team, error) bool) {
		list, err := m.selectList("teams", "t", []mmCol{
			{"id", kRequired, ""}, {"createat", kInt, ""}, {"updateat", kInt, ""}, {"deleteat", kInt, ""},
			{"displayname", kText, "''"}, {"name", kRequired, ""}, {"description", kText, "''"},
			{"email", kText, "''"}, {"type", kText, "'O'"}, {"companyname", kText, "''"},
			{"alloweddomains", kText, "''"}, {"inviteid", kText, "''"}, {"allowopeninvite", kBool, ""},
			{"lastteamiconupdate", kInt, ""}, {"schemeid", kNullable, ""}, {"groupconstrained", kNullable, ""},
			{"cloudlimitsarchived", kBool, ""},
		})
		if err != nil {
			yield(nil, err)
			return
		}
		scanRows(ctx, m.conn, "teams", `SELECT `+list+` FROM teams t ORDER BY t.id`, func() (*model.Team, []any) {
			t := &model.Team{}
			return t, []any{&t.Id, &t.CreateAt, &t.UpdateAt, &t.DeleteAt, &t.DisplayName, &t.Name, &t.Description,
				&t.Email, &t.Type, &t.CompanyName, &t.AllowedDomains, &t.InviteId, &t.AllowOpenInvite,
				&t.LastTeamIconUpdate, &t.SchemeId, &t.GroupConstrained, &t.CloudLimitsArchived}
		}, func(t *model.Team, err error) bool {
			if t != nil {
				if t.InviteId == "" {
					t.InviteId = model.NewId()
				}
				if t.SchemeId != nil && *t.SchemeId == "" {
					t.SchemeId = nil
				}
				// Roster keeps up to 500 characters of allowed domains (Mattermost 1000).
				if len(t.AllowedDomains) > model.TeamAllowedDomainsMaxLength {
					t.AllowedDomains = truncateRunes(t.AllowedDomains, model.TeamAllowedDomainsMaxLength)
				}
			}
			return yield(t, err)
		})
	}
}

func (m *Mattermost) teamMembers(ctx context.Context) func(func(*store.BulkTeamMember, error) bool) {
	return func(yield func(*store.BulkTeamMember, error) bool) {
		list, err := m.selectList("teammembers", "tm", []mmCol{
			{"teamid", kRequired, ""}, {"userid", kRequired, ""}, {"roles", kText, "''"}, {"deleteat", kInt, ""},
			{"schemeguest", kBool, ""}, {"schemeuser", kBool, ""}, {"schemeadmin", kBool, ""}, {"createat", kInt, ""},
		})
		if err != nil {
			yield(nil, err)
			return
		}
		var tm store.BulkTeamMember
		dest := []any{&tm.TeamId, &tm.UserId, &tm.Roles, &tm.DeleteAt, &tm.SchemeGuest, &tm.SchemeUser,
			&tm.SchemeAdmin, &tm.CreateAt}
		scanRows(ctx, m.conn, "team members", `SELECT `+list+` FROM teammembers tm
			WHERE tm.userid IN (SELECT id FROM users) AND tm.teamid IN (SELECT id FROM teams)
			ORDER BY tm.teamid, tm.userid`, func() (*store.BulkTeamMember, []any) { return &tm, dest }, yield)
	}
}

func (m *Mattermost) channels(ctx context.Context) func(func(*model.Channel, error) bool) {
	return func(yield func(*model.Channel, error) bool) {
		list, err := m.selectList("channels", "c", []mmCol{
			{"id", kRequired, ""}, {"createat", kInt, ""}, {"updateat", kInt, ""}, {"deleteat", kInt, ""},
			{"teamid", kText, "''"}, {"type", kRequired, ""}, {"displayname", kText, "''"}, {"name", kRequired, ""},
			{"header", kText, "''"}, {"purpose", kText, "''"}, {"lastpostat", kInt, ""},
			{"totalmsgcount", kInt, ""}, {"extraupdateat", kInt, ""}, {"creatorid", kText, "''"},
			{"schemeid", kNullable, ""}, {"groupconstrained", kNullable, ""}, {"shared", kNullable, ""},
			{"totalmsgcountroot", kInt, ""}, {"lastrootpostat", kInt, ""},
		})
		if err != nil {
			yield(nil, err)
			return
		}
		scanRows(ctx, m.conn, "channels", `SELECT `+list+` FROM channels c ORDER BY c.id`, func() (*model.Channel, []any) {
			c := &model.Channel{}
			return c, []any{&c.Id, &c.CreateAt, &c.UpdateAt, &c.DeleteAt, &c.TeamId, &c.Type, &c.DisplayName,
				&c.Name, &c.Header, &c.Purpose, &c.LastPostAt, &c.TotalMsgCount, &c.ExtraUpdateAt, &c.CreatorId,
				&c.SchemeId, &c.GroupConstrained, &c.Shared, &c.TotalMsgCountRoot, &c.LastRootPostAt}
		}, func(c *model.Channel, err error) bool {
			if c != nil && c.SchemeId != nil && *c.SchemeId == "" {
				c.SchemeId = nil
			}
			return yield(c, err)
		})
	}
}

func (m *Mattermost) channelMembers(ctx context.Context) func(func(*store.BulkChannelMember, error) bool) {
	return func(yield func(*store.BulkChannelMember, error) bool) {
		list, err := m.selectList("channelmembers", "cm", []mmCol{
			{"channelid", kRequired, ""}, {"userid", kRequired, ""}, {"roles", kText, "''"},
			{"lastviewedat", kInt, ""}, {"msgcount", kInt, ""}, {"mentioncount", kInt, ""},
			{"mentioncountroot", kInt, ""}, {"urgentmentioncount", kInt, ""}, {"msgcountroot", kInt, ""},
			{"notifyprops", kJSON, ""}, {"lastupdateat", kInt, ""}, {"schemeguest", kBool, ""},
			{"schemeuser", kBool, ""}, {"schemeadmin", kBool, ""},
		})
		if err != nil {
			yield(nil, err)
			return
		}
		var cm store.BulkChannelMember
		dest := []any{&cm.ChannelId, &cm.UserId, &cm.Roles, &cm.LastViewedAt, &cm.MsgCount, &cm.MentionCount,
			&cm.MentionCountRoot, &cm.UrgentMentionCount, &cm.MsgCountRoot, &cm.NotifyProps, &cm.LastUpdateAt,
			&cm.SchemeGuest, &cm.SchemeUser, &cm.SchemeAdmin}
		scanRows(ctx, m.conn, "channel members", `SELECT `+list+` FROM channelmembers cm
			WHERE cm.userid IN (SELECT id FROM users) AND cm.channelid IN (SELECT id FROM channels)
			ORDER BY cm.channelid, cm.userid`, func() (*store.BulkChannelMember, []any) { return &cm, dest }, yield)
	}
}

func truncateRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}
