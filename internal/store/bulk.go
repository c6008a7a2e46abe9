package store

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strings"
	"time"

	"roster/internal/model"
)

// Bulk loading: filling an empty database with many users, teams and memberships at once
// (benchmark data sets). It bypasses the per-row API: rows go in with COPY (PostgreSQL) or
// multi-row INSERTs in one transaction (SQLite), with the secondary indexes built once at
// the end. Either everything is loaded or nothing is.

// BulkUser is one users row. Props, NotifyProps and Timezone hold JSON objects of strings as
// stored ("" stands for {}); an empty AuthData or RemoteId is stored as NULL, an empty Locale
// as "en". The search text is derived by the loader.
type BulkUser struct {
	Id                  string
	CreateAt            int64
	UpdateAt            int64
	DeleteAt            int64
	Username            string
	PasswordHash        string
	AuthData            string
	AuthService         string
	Email               string
	EmailVerified       bool
	Nickname            string
	FirstName           string
	LastName            string
	Position            string
	Roles               string
	AllowMarketing      bool
	Props               string
	NotifyProps         string
	LastPasswordUpdate  int64
	LastPictureUpdate   int64
	FailedAttempts      int
	Locale              string
	Timezone            string
	MfaActive           bool
	MfaSecret           string
	RemoteId            string
	IsBot               bool
	BotDescription      string
	BotLastIconUpdate   int64
	DisableWelcomeEmail bool
	LastLogin           int64
}

// BulkTeamMember is one team_members row; Roles are the explicit (non-scheme) roles.
type BulkTeamMember struct {
	TeamId      string
	UserId      string
	Roles       string
	DeleteAt    int64
	SchemeGuest bool
	SchemeUser  bool
	SchemeAdmin bool
	CreateAt    int64
}

// BulkChannelMember is one channel_members row; Roles are the explicit (non-scheme) roles
// and NotifyProps a JSON object of strings ("" stands for {}).
type BulkChannelMember struct {
	ChannelId          string
	UserId             string
	Roles              string
	LastViewedAt       int64
	MsgCount           int64
	MentionCount       int64
	MentionCountRoot   int64
	UrgentMentionCount int64
	MsgCountRoot       int64
	NotifyProps        string
	LastUpdateAt       int64
	SchemeGuest        bool
	SchemeUser         bool
	SchemeAdmin        bool
}

// BulkSource yields the rows of a bulk load, table by table in the order of the fields
// (a membership's user and team or channel must come in an earlier sequence). A nil
// sequence has no rows. A sequence yields (row, nil) per row, or an error to abort the load.
// The loader is done with a row when yield returns, so a source may reuse one value.
type BulkSource struct {
	Users          iter.Seq2[*BulkUser, error]
	Teams          iter.Seq2[*model.Team, error]
	TeamMembers    iter.Seq2[*BulkTeamMember, error]
	Channels       iter.Seq2[*model.Channel, error]
	ChannelMembers iter.Seq2[*BulkChannelMember, error]
}

// BulkPhase is one timed step of a bulk load.
type BulkPhase struct {
	Name     string
	Rows     int64 // rows written, for the steps that write rows
	Duration time.Duration
}

// BulkOptions tune a bulk load.
type BulkOptions struct {
	// Progress, when set, is called after each phase.
	Progress func(BulkPhase)
	// KeepIndexes writes rows with the secondary indexes (and, on PostgreSQL, the foreign
	// keys) in place instead of dropping and
	// rebuilding them (for comparing the two ways).
	KeepIndexes bool
	// KeepSearchTrigger, on SQLite, fills the user search index row by row through its
	// trigger instead of rebuilding it at the end (for comparing the two ways).
	KeepSearchTrigger bool
}

// BulkStats is what a bulk load did.
type BulkStats struct {
	Users, Teams, TeamMembers, Channels, ChannelMembers int64
	Phases                                              []BulkPhase
}

// ErrNotEmpty is returned by BulkLoad when the database already holds data.
var ErrNotEmpty = errors.New("database is not empty")

// bulkTables are the tables a bulk load writes, in load order; the emptiness check covers
// all of them.
var bulkTables = []string{"users", "teams", "team_members", "channels", "channel_members"}

// indexedBulkTables are the tables whose secondary indexes are dropped during the load and
// rebuilt afterwards. On PostgreSQL the users trigger also fills user_search.
var indexedBulkTables = []string{"users", "team_members", "channel_members"}

var postgresIndexedBulkTables = append(slices.Clone(indexedBulkTables), "user_search")

// Column lists, in the order the row functions below fill them.
var (
	bulkUserColumns = []string{"id", "create_at", "update_at", "delete_at", "username", "password",
		"auth_data", "auth_service", "email", "email_verified", "nickname", "first_name", "last_name",
		"position", "roles", "allow_marketing", "props", "notify_props", "last_password_update",
		"last_picture_update", "failed_attempts", "locale", "timezone", "mfa_active", "mfa_secret",
		"remote_id", "is_bot", "bot_description", "bot_last_icon_update", "disable_welcome_email",
		"last_login"}
	bulkTeamColumns = []string{"id", "create_at", "update_at", "delete_at", "display_name", "name",
		"description", "email", "type", "company_name", "allowed_domains", "invite_id", "allow_open_invite",
		"last_team_icon_update", "scheme_id", "group_constrained", "cloud_limits_archived"}
	bulkTeamMemberColumns = []string{"team_id", "user_id", "roles", "delete_at", "scheme_guest",
		"scheme_user", "scheme_admin", "create_at"}
	bulkChannelColumns = []string{"id", "create_at", "update_at", "delete_at", "team_id", "type",
		"display_name", "name", "header", "purpose", "last_post_at", "total_msg_count", "extra_update_at",
		"creator_id", "scheme_id", "group_constrained", "shared", "total_msg_count_root", "last_root_post_at"}
	bulkChannelMemberColumns = []string{"channel_id", "user_id", "roles", "last_viewed_at", "msg_count",
		"mention_count", "mention_count_root", "urgent_mention_count", "msg_count_root", "notify_props",
		"last_update_at", "scheme_guest", "scheme_user", "scheme_admin"}
)

// UserSearchText is the folded text user search matches names against (search_text):
// username, first name, last name and nickname, separated by spaces. What roster_fold
// and the SQLite triggers compute.
func UserSearchText(username, firstName, lastName, nickname string) string {
	return strings.ToLower(username + " " + firstName + " " + lastName + " " + nickname)
}

func jsonOrEmpty(s string) string {
	if s == "" || s == "null" {
		return "{}"
	}
	return s
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func userRow(u *BulkUser, row []any, withSearchText bool) []any {
	locale := u.Locale
	if locale == "" {
		locale = model.DefaultLocale
	}
	row = append(row, u.Id, u.CreateAt, u.UpdateAt, u.DeleteAt, u.Username, u.PasswordHash,
		nullIfEmpty(u.AuthData), u.AuthService, u.Email, u.EmailVerified, u.Nickname, u.FirstName, u.LastName,
		u.Position, u.Roles, u.AllowMarketing, jsonOrEmpty(u.Props), jsonOrEmpty(u.NotifyProps),
		u.LastPasswordUpdate, u.LastPictureUpdate, u.FailedAttempts, locale, jsonOrEmpty(u.Timezone),
		u.MfaActive, u.MfaSecret, nullIfEmpty(u.RemoteId), u.IsBot, u.BotDescription, u.BotLastIconUpdate,
		u.DisableWelcomeEmail, u.LastLogin)
	if withSearchText {
		row = append(row, UserSearchText(u.Username, u.FirstName, u.LastName, u.Nickname), strings.ToLower(u.Email))
	}
	return row
}

func teamRow(t *model.Team, row []any) []any {
	return append(row, t.Id, t.CreateAt, t.UpdateAt, t.DeleteAt, t.DisplayName, t.Name, t.Description,
		t.Email, t.Type, t.CompanyName, t.AllowedDomains, t.InviteId, t.AllowOpenInvite, t.LastTeamIconUpdate,
		nullString(t.SchemeId), nullBool(t.GroupConstrained), t.CloudLimitsArchived)
}

func teamMemberRow(m *BulkTeamMember, row []any) []any {
	return append(row, m.TeamId, m.UserId, m.Roles, m.DeleteAt, m.SchemeGuest, m.SchemeUser, m.SchemeAdmin,
		m.CreateAt)
}

func channelRow(c *model.Channel, row []any) []any {
	return append(row, c.Id, c.CreateAt, c.UpdateAt, c.DeleteAt, c.TeamId, c.Type, c.DisplayName, c.Name,
		c.Header, c.Purpose, c.LastPostAt, c.TotalMsgCount, c.ExtraUpdateAt, c.CreatorId, nullString(c.SchemeId),
		nullBool(c.GroupConstrained), nullBool(c.Shared), c.TotalMsgCountRoot, c.LastRootPostAt)
}

func channelMemberRow(m *BulkChannelMember, row []any) []any {
	return append(row, m.ChannelId, m.UserId, m.Roles, m.LastViewedAt, m.MsgCount, m.MentionCount,
		m.MentionCountRoot, m.UrgentMentionCount, m.MsgCountRoot, jsonOrEmpty(m.NotifyProps), m.LastUpdateAt,
		m.SchemeGuest, m.SchemeUser, m.SchemeAdmin)
}

// rowSeq turns a sequence of typed rows into column values, reusing one slice.
func rowSeq[T any](seq iter.Seq2[T, error], width int, fill func(T, []any) []any) iter.Seq2[[]any, error] {
	return func(yield func([]any, error) bool) {
		if seq == nil {
			return
		}
		buf := make([]any, 0, width)
		for v, err := range seq {
			if err != nil {
				yield(nil, err)
				return
			}
			if !yield(fill(v, buf[:0]), nil) {
				return
			}
		}
	}
}

// bulkStep is one table's rows: what a dialect writes.
type bulkStep struct {
	table   string
	columns []string
	rows    iter.Seq2[[]any, error]
	count   *int64
}

func (s *Store) bulkSteps(src BulkSource, st *BulkStats) []bulkStep {
	sqlite := s.driver == SQLite
	userCols := bulkUserColumns
	if sqlite {
		// PostgreSQL's trigger fills user_search; SQLite takes the search texts as
		// written, which skips the trigger that would compute them row by row.
		userCols = append(append([]string{}, bulkUserColumns...), "search_text", "search_email")
	}
	return []bulkStep{
		{"users", userCols, rowSeq(src.Users, len(userCols), func(u *BulkUser, r []any) []any {
			return userRow(u, r, sqlite)
		}), &st.Users},
		{"teams", bulkTeamColumns, rowSeq(src.Teams, len(bulkTeamColumns), teamRow), &st.Teams},
		{"team_members", bulkTeamMemberColumns, rowSeq(src.TeamMembers, len(bulkTeamMemberColumns), teamMemberRow), &st.TeamMembers},
		{"channels", bulkChannelColumns, rowSeq(src.Channels, len(bulkChannelColumns), channelRow), &st.Channels},
		{"channel_members", bulkChannelMemberColumns, rowSeq(src.ChannelMembers, len(bulkChannelMemberColumns), channelMemberRow), &st.ChannelMembers},
	}
}

// BulkLoad writes src into an empty database in one transaction: a failure leaves the
// database as it was. It refuses (ErrNotEmpty) a database that already has users, teams,
// channels or memberships. Afterwards the planner statistics are fresh (ANALYZE).
func (s *Store) BulkLoad(ctx context.Context, src BulkSource, opts BulkOptions) (*BulkStats, error) {
	st := &BulkStats{}
	p := &phaser{opts: opts, stats: st, start: time.Now()}
	var err error
	switch s.driver {
	case Postgres:
		err = s.bulkLoadPostgres(ctx, s.bulkSteps(src, st), p)
		if err == nil {
			// Outside the load's transaction: VACUUM sets the visibility map, without which
			// the searches' index-only scans read every row's table page anyway.
			for _, t := range postgresIndexedBulkTables {
				if _, err = s.w.ExecContext(ctx, `VACUUM `+t); err != nil {
					err = fmt.Errorf("vacuum %s: %w", t, err)
					break
				}
			}
			p.done("vacuum", 0)
		}
	case SQLite:
		err = s.bulkLoadSQLite(ctx, s.bulkSteps(src, st), p)
	default:
		err = fmt.Errorf("unknown driver %q", s.driver)
	}
	if err != nil {
		return st, fmt.Errorf("bulk load (%s): %w", s.driver, err)
	}
	s.planner.invalidate()
	s.users.evict(nil)
	if err := s.reloadStartedDirectory(ctx); err != nil {
		return st, err
	}
	return st, nil
}

// phaser times the phases of a load.
type phaser struct {
	opts  BulkOptions
	stats *BulkStats
	start time.Time
}

// done records the phase that ran since the previous one ended.
func (p *phaser) done(name string, rows int64) {
	now := time.Now()
	ph := BulkPhase{Name: name, Rows: rows, Duration: now.Sub(p.start)}
	p.start = now
	p.stats.Phases = append(p.stats.Phases, ph)
	if p.opts.Progress != nil {
		p.opts.Progress(ph)
	}
}

// checkEmpty returns ErrNotEmpty naming the first bulk table that has a row.
func checkEmpty(ctx context.Context, queryRow func(ctx context.Context, sql string) (bool, error)) error {
	for _, t := range bulkTables {
		found, err := queryRow(ctx, `SELECT EXISTS (SELECT 1 FROM `+t+`)`)
		if err != nil {
			return fmt.Errorf("check that %s is empty: %w", t, err)
		}
		if found {
			return fmt.Errorf("%w: table %s has rows; bulk loading needs an empty database", ErrNotEmpty, t)
		}
	}
	return nil
}

// CheckBulkEmpty returns ErrNotEmpty when a bulk load would refuse the database. BulkLoad
// checks again inside its transaction; this lets a caller fail before preparing the data.
func (s *Store) CheckBulkEmpty(ctx context.Context) error {
	err := checkEmpty(ctx, func(ctx context.Context, q string) (found bool, err error) {
		// The writing pool: a reader connection opened now would keep an SQLite load in
		// WAL mode (see bulkLoadSQLite).
		err = s.w.QueryRowContext(ctx, q).Scan(&found)
		return found, err
	})
	if err != nil {
		return fmt.Errorf("bulk load: %w", err)
	}
	return nil
}

// indexDef is a secondary index as the database reports its definition, so that it is
// rebuilt exactly as the migrations created it.
type indexDef struct {
	name  string // quoted, as DROP takes it
	short string // for progress reports
	table string // for constraints: the table, as ALTER TABLE takes it
	sql   string // the statement that creates it
}
