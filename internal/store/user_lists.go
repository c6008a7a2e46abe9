package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"roster/internal/model"
)

// ViewRestriction limits a user list to the users a viewer may see (Mattermost's
// ViewUsersRestrictions): users who share a channel with ViewerID, or who hold an active
// membership in one of TeamIDs. A nil *ViewRestriction means unrestricted; one that names
// neither a viewer nor teams matches nobody.
type ViewRestriction struct {
	ViewerID string
	TeamIDs  []string
}

// condition returns an SQL condition on the user id column userCol. Both halves are
// index lookups per candidate user: team_members_user_id_idx, and channel_members by
// user then by its primary key (channel_id, user_id).
func (v *ViewRestriction) condition(userCol string) (string, []any) {
	var parts []string
	var args []any
	if len(v.TeamIDs) > 0 {
		parts = append(parts, `EXISTS (SELECT 1 FROM team_members vtm WHERE vtm.user_id = `+userCol+
			` AND vtm.delete_at = 0 AND vtm.team_id IN (`+placeholders(len(v.TeamIDs))+`))`)
		for _, id := range v.TeamIDs {
			args = append(args, id)
		}
	}
	if v.ViewerID != "" {
		parts = append(parts, `EXISTS (SELECT 1 FROM channel_members vcm JOIN channel_members vown
			ON vown.channel_id = vcm.channel_id AND vown.user_id = ? WHERE vcm.user_id = `+userCol+`)`)
		args = append(args, v.ViewerID)
	}
	if len(parts) == 0 {
		return `1 = 0`, nil
	}
	return `(` + strings.Join(parts, ` OR `) + `)`, args
}

// UserSort is the order of a user list. Every order ends with the username, so pages are
// stable; usernames compare byte by byte on both databases (users.username is COLLATE "C"
// on PostgreSQL, SQLite compares bytes).
type UserSort int

const (
	SortByUsername          UserSort = iota
	SortByCreateAtDesc               // newest accounts first
	SortByLastActivity               // most recently active first; fills LastActivityAt
	SortByChannelAdminFirst          // channel admins of InChannel first
)

// UserQuery describes a user list. Zero values mean "no filter"; filters combine with AND.
type UserQuery struct {
	// InTeam keeps active members of the team (also departed ones with
	// IncludeFormerTeamMembers, as Mattermost's activity and creation sorts do).
	InTeam                   string
	IncludeFormerTeamMembers bool
	NotInTeam                string // no active membership in the team
	InChannel                string // members of the channel
	NotInChannel             string // not members of the channel
	WithoutTeam              bool   // no active membership in any team
	// GroupConstrained keeps only users allowed by the synced groups of the team or
	// channel. Roster has no groups, so no user qualifies.
	GroupConstrained bool

	IDs           []string
	Usernames     []string // exact, case-sensitive matches
	UpdatedSince  int64    // update_at strictly greater
	Active        bool     // delete_at = 0
	Inactive      bool     // delete_at != 0
	ExcludeRemote bool

	// Role keeps users whose roles string contains it (Mattermost's applyRoleFilter).
	Role string
	// Roles, TeamRoles and ChannelRoles form one OR group (applyMultiRoleFilters). TeamRoles
	// need InTeam and ChannelRoles need InChannel; without them they are ignored.
	Roles, TeamRoles, ChannelRoles []string

	// Term keeps users matching every word of it in one of SearchColumns (see
	// user_search.go). A blank term matches everyone.
	Term          string
	SearchColumns []string

	View *ViewRestriction

	Sort          UserSort
	Offset, Limit int // Limit 0: no limit

	walkUsers bool // set by ListUsers: read users in username order first (SQLite)
}

// systemRoleLike lists the system roles Mattermost's multi-role filter matches as a
// substring; system_user is matched exactly, other names are ignored.
var systemRoleLike = map[string]bool{
	"system_guest": true, "system_admin": true, "system_user_manager": true,
	"system_read_only_admin": true, "system_manager": true,
}

// likeContains is a LIKE pattern matching s anywhere, with % _ and \ taken literally
// (used with ESCAPE '\').
func likeContains(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(s) + "%"
}

// userQuery builds the SELECT (or count) for q. A search (a term, username order, a limit)
// is built by searchQuery instead, shaped by its plan.
func (s *Store) userQuery(q *UserQuery, count bool, plan searchPlan, words []string) (string, []any) {
	if !count && len(words) > 0 && q.Sort == SortByUsername && q.Limit > 0 {
		return s.searchQuery(q, plan, words)
	}
	// A page of a large team or channel in username order: walk users in that order and
	// check each one's membership (SQLite would otherwise read every membership and sort).
	walk := plan == planWalk && q.walkUsers
	var b strings.Builder
	switch {
	case count:
		b.WriteString(`SELECT count(*) FROM users u`)
	case q.Sort == SortByLastActivity:
		b.WriteString(`SELECT ` + userColumns + `, coalesce((SELECT max(s.last_activity_at) FROM sessions s
			WHERE s.user_id = u.id), 0) AS last_activity FROM users u`)
	default:
		b.WriteString(`SELECT ` + userColumns + ` FROM users u`)
	}
	join := ` JOIN `
	if walk {
		b.WriteString(` INDEXED BY users_username_idx`)
		join = ` CROSS JOIN `
	}
	al := aliases{text: "u", full: "u"}
	if len(words) > 0 && s.driver == Postgres {
		b.WriteString(` JOIN user_search us ON us.id = u.id`)
		al.text = "us"
	}
	joins, args := q.joins(join)
	b.WriteString(joins)
	where, wargs := s.filters(q, words, al)
	args = append(args, wargs...)
	if where != "" {
		b.WriteString(` WHERE ` + where)
	}
	if count {
		return b.String(), args
	}
	switch q.Sort {
	case SortByCreateAtDesc:
		b.WriteString(` ORDER BY u.create_at DESC, u.username`)
	case SortByLastActivity:
		b.WriteString(` ORDER BY last_activity DESC, u.username`)
	case SortByChannelAdminFirst:
		if q.InChannel != "" {
			b.WriteString(` ORDER BY cm.scheme_admin DESC, u.username`)
		} else {
			b.WriteString(` ORDER BY u.username`)
		}
	default:
		b.WriteString(` ORDER BY u.username`)
	}
	if q.Limit > 0 {
		b.WriteString(` LIMIT ? OFFSET ?`)
		args = append(args, q.Limit, q.Offset)
	}
	return b.String(), args
}

// aliases name the tables of a user list's SQL: text holds search_text and search_email,
// full the rest of the user's columns; both hold id, username and delete_at. On SQLite
// both are users; on PostgreSQL the search columns are in the narrow table user_search.
type aliases struct {
	text, full string
	// walk: keep PostgreSQL from answering the term condition with a trigram index (the
	// walk plan reads users_search_walk_idx in order instead).
	walk bool
}

// searchQuery builds a search in two steps: the first finds the keys of the Limit users
// to return, in username order, reading as little as its plan allows (the walk reads
// only the covering index users_search_walk_idx); the second reads those users. Keys are
// ids on PostgreSQL and rowids on SQLite.
func (s *Store) searchQuery(q *UserQuery, plan searchPlan, words []string) (string, []any) {
	if id, _ := q.confinedTo(); plan == planIndex && !indexable(words) || plan == planMembers && id == "" {
		plan = planWalk
	}
	sqlite := s.driver == SQLite
	key := "u.id"
	join := ` JOIN `
	if sqlite {
		// SQLite joins tables in the order written when they are joined with CROSS JOIN.
		key, join = "u.rowid", ` CROSS JOIN `
	}
	var (
		b    strings.Builder
		args []any
	)
	// PostgreSQL materializes the index and member plans' first step in a CTE.
	if !sqlite {
		switch plan {
		case planIndex:
			text, a := s.pgCandidates(words, slices.Contains(q.SearchColumns, SearchEmail))
			b.WriteString(`WITH m AS MATERIALIZED (` + text + `) `)
			args = append(args, a...)
		case planMembers:
			text, a := q.membersQuery()
			b.WriteString(`WITH m AS MATERIALIZED (` + text + `) `)
			args = append(args, a...)
		}
	}
	b.WriteString(`SELECT ` + userColumns + ` FROM (SELECT ` + key + ` AS k FROM `)
	// On PostgreSQL u is the narrow user_search; filters on other columns read users as uf.
	al := aliases{text: "u", full: "u"}
	if !sqlite {
		al.full, al.walk = "uf", plan == planWalk
	}
	filterWords := words
	if plan == planIndex && !sqlite && searchesAllNames(q.SearchColumns) {
		filterWords = nil // the candidates are exactly the term's matches
	}
	where, wargs := s.filters(q, filterWords, al)
	switch {
	case plan == planIndex && sqlite:
		text, a := s.sqliteCandidates(words, slices.Contains(q.SearchColumns, SearchEmail))
		b.WriteString(`(` + text + `) m CROSS JOIN users u ON u.rowid = m.k`)
		args = append(args, a...)
	case plan == planMembers && sqlite:
		text, a := q.membersQuery()
		b.WriteString(`(` + text + `) m CROSS JOIN users u ON u.id = m.k`)
		args = append(args, a...)
	case sqlite: // walk
		b.WriteString(`users u INDEXED BY users_search_walk_idx`)
	case plan == planIndex:
		b.WriteString(`m u`)
	case plan == planMembers:
		b.WriteString(`m JOIN user_search u ON u.id = m.k`)
	default: // walk
		b.WriteString(`user_search u`)
	}
	if !sqlite && strings.Contains(where, "uf.") {
		b.WriteString(` JOIN users uf ON uf.id = u.id`)
	}
	joins, jargs := q.joins(join)
	b.WriteString(joins)
	args = append(args, jargs...)
	if where != "" {
		b.WriteString(` WHERE ` + where)
		args = append(args, wargs...)
	}
	b.WriteString(` ORDER BY u.username LIMIT ? OFFSET ?) w`)
	args = append(args, q.Limit, q.Offset)
	if sqlite {
		b.WriteString(` CROSS JOIN users u ON u.rowid = w.k ORDER BY u.username`)
	} else {
		b.WriteString(` JOIN users u ON u.id = w.k ORDER BY u.username`)
	}
	return b.String(), args
}

// joins is the text (and arguments) joining the team and channel q is confined to.
func (q *UserQuery) joins(join string) (string, []any) {
	var b strings.Builder
	var args []any
	if q.InTeam != "" {
		b.WriteString(join + `team_members tm ON tm.user_id = u.id AND tm.team_id = ?`)
		args = append(args, q.InTeam)
		if !q.IncludeFormerTeamMembers {
			b.WriteString(` AND tm.delete_at = 0`)
		}
	}
	if q.InChannel != "" {
		b.WriteString(join + `channel_members cm ON cm.user_id = u.id AND cm.channel_id = ?`)
		args = append(args, q.InChannel)
	}
	return b.String(), args
}

// filters is q's WHERE condition (without joins) and its arguments.
func (s *Store) filters(q *UserQuery, words []string, al aliases) (string, []any) {
	var (
		args  []any
		where []string
	)
	cond := func(c string, a ...any) {
		where = append(where, c)
		args = append(args, a...)
	}
	if q.NotInTeam != "" {
		cond(`NOT EXISTS (SELECT 1 FROM team_members ntm WHERE ntm.team_id = ? AND ntm.user_id = u.id
			AND ntm.delete_at = 0)`, q.NotInTeam)
	}
	if q.NotInChannel != "" {
		cond(`NOT EXISTS (SELECT 1 FROM channel_members ncm WHERE ncm.channel_id = ? AND ncm.user_id = u.id)`, q.NotInChannel)
	}
	if q.WithoutTeam {
		cond(`NOT EXISTS (SELECT 1 FROM team_members wtm WHERE wtm.user_id = u.id AND wtm.delete_at = 0)`)
	}
	if q.GroupConstrained {
		cond(`1 = 0`)
	}
	if len(q.IDs) > 0 {
		cond(`u.id IN (`+placeholders(len(q.IDs))+`)`, stringArgs(q.IDs)...)
	}
	if len(q.Usernames) > 0 {
		cond(`u.username IN (`+placeholders(len(q.Usernames))+`)`, stringArgs(q.Usernames)...)
	}
	if q.UpdatedSince > 0 {
		cond(al.full+`.update_at > ?`, q.UpdatedSince)
	}
	if q.Inactive {
		cond(`u.delete_at != 0`)
	} else if q.Active {
		cond(`u.delete_at = 0`)
	}
	if q.ExcludeRemote {
		cond(`(` + al.full + `.remote_id IS NULL OR ` + al.full + `.remote_id = '')`)
	}
	if q.Role != "" {
		cond(al.full+`.roles LIKE ? ESCAPE '\'`, likeContains(q.Role))
	}
	if c, a := q.roleGroup(al.full); c != "" {
		cond(c, a...)
	}
	if len(words) > 0 {
		c, a := s.termCondition(words, q.SearchColumns, al)
		cond(c, a...)
	}
	if q.View != nil {
		c, a := q.View.condition("u.id")
		cond(c, a...)
	}
	return strings.Join(where, ` AND `), args
}

// membersQuery selects the ids of the members of the team or channel q is confined to (the
// member plan's first step).
func (q *UserQuery) membersQuery() (string, []any) {
	if q.InChannel != "" {
		return `SELECT user_id AS k FROM channel_members WHERE channel_id = ?`, []any{q.InChannel}
	}
	text := `SELECT user_id AS k FROM team_members WHERE team_id = ?`
	if !q.IncludeFormerTeamMembers {
		text += ` AND delete_at = 0`
	}
	return text, []any{q.InTeam}
}

// roleGroup is Mattermost's applyMultiRoleFilters: one OR over system, team and channel
// roles. Team and channel roles by scheme flags; admins of the system are not team or
// channel admins/users for this purpose.
func (q *UserQuery) roleGroup(full string) (string, []any) {
	var (
		or   []string
		args []any
	)
	notSysAdmin := full + `.roles NOT LIKE '%system\_admin%' ESCAPE '\'`
	for _, r := range q.Roles {
		switch {
		case r == "system_user":
			or = append(or, full+`.roles = ?`)
			args = append(args, r)
		case systemRoleLike[r]:
			or = append(or, full+`.roles LIKE ? ESCAPE '\'`)
			args = append(args, likeContains(r))
		}
	}
	if q.InChannel != "" {
		for _, r := range q.ChannelRoles {
			switch r {
			case "channel_admin":
				or = append(or, `(cm.scheme_admin = TRUE AND `+notSysAdmin+`)`)
			case "channel_user":
				or = append(or, `(cm.scheme_user = TRUE AND cm.scheme_admin = FALSE AND `+notSysAdmin+`)`)
			case "channel_guest":
				or = append(or, `cm.scheme_guest = TRUE`)
			}
		}
	}
	if q.InTeam != "" {
		for _, r := range q.TeamRoles {
			switch r {
			case "team_admin":
				or = append(or, `(tm.scheme_admin = TRUE AND `+notSysAdmin+`)`)
			case "team_user":
				or = append(or, `(tm.scheme_user = TRUE AND tm.scheme_admin = FALSE AND `+notSysAdmin+`)`)
			case "team_guest":
				or = append(or, `tm.scheme_guest = TRUE`)
			}
		}
	}
	if len(or) == 0 {
		return "", nil
	}
	return `(` + strings.Join(or, ` OR `) + `)`, args
}

func stringArgs(list []string) []any {
	out := make([]any, len(list))
	for i, v := range list {
		out[i] = v
	}
	return out
}

// ListUsers returns the users q selects, in q's order. An empty ID or username list
// selects nobody. The users' maps (Props, NotifyProps, Timezone) may be shared with the
// user cache: replace them, never change their contents.
func (s *Store) ListUsers(ctx context.Context, q UserQuery) ([]*model.User, error) {
	if q.IDs != nil && len(q.IDs) == 0 || q.Usernames != nil && len(q.Usernames) == 0 {
		return []*model.User{}, nil
	}
	words := foldWords(q.Term)
	if onlyIDs(&q) {
		users, err := s.usersByID(ctx, q.IDs)
		if err != nil {
			return nil, err
		}
		sortByUsername(users)
		return users, nil
	}
	if users, ok, err := s.listFromDirectory(ctx, &q, words); err != nil || ok {
		return users, err
	}
	plan := planWalk
	switch {
	case len(words) > 0 && q.Sort == SortByUsername && q.Limit > 0:
		plan = s.planSearch(ctx, &q, words)
	case s.driver == SQLite && q.Sort == SortByUsername && q.Limit > 0:
		// Walk users in username order when the team or channel holds a twentieth of
		// them or more; start from its members otherwise.
		if id, channel := q.confinedTo(); id != "" {
			n, err := s.memberCount(ctx, id, channel)
			_, total := s.planner.get(ctx, s)
			q.walkUsers = err == nil && n*20 >= total
		}
	}
	text, args := s.userQuery(&q, false, plan, words)
	rows, err := s.query(ctx, text, args...)
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	if q.Sort != SortByLastActivity {
		return collectUsers(rows)
	}
	defer rows.Close()
	users := []*model.User{}
	for rows.Next() {
		var last int64
		u, err := scanUser(scanWithExtra{rows, &last})
		if err != nil {
			return nil, fmt.Errorf("scan user: %w", err)
		}
		u.LastActivityAt = last
		users = append(users, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read users: %w", err)
	}
	return users, nil
}

// CountUsers counts the users q selects (ordering and paging ignored).
func (s *Store) CountUsers(ctx context.Context, q UserQuery) (int64, error) {
	text, args := s.userQuery(&q, true, planWalk, foldWords(q.Term))
	var n int64
	if err := s.queryRow(ctx, text, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count users: %w", err)
	}
	return n, nil
}

// scanWithExtra scans the user columns followed by extra destinations.
type scanWithExtra struct {
	sc    scanner
	extra any
}

func (w scanWithExtra) Scan(dest ...any) error { return w.sc.Scan(append(dest, w.extra)...) }
