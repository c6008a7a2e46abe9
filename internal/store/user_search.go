package store

import (
	"database/sql/driver"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"modernc.org/sqlite"
)

// User search: how a search term matches users. Everything about term matching is in this
// file; the list and filter SQL it plugs into is in user_lists.go.
//
// The rule is the current Mattermost server's (ENDPOINTS.md section 8): the term is split on
// whitespace; from each word the leading @ characters are removed; every word must be a
// case-insensitive substring of one of the searched columns, or equal the user id. % and _
// match themselves. Which columns are searched is the caller's decision (emails and full
// names only where the viewer may see them).

// Searchable user columns, by the names callers use.
const (
	SearchUsername  = "username"
	SearchFirstName = "first_name"
	SearchLastName  = "last_name"
	SearchNickname  = "nickname"
	SearchEmail     = "email"
)

var searchColumnSQL = map[string]string{
	SearchUsername:  "u.username",
	SearchFirstName: "u.first_name",
	SearchLastName:  "u.last_name",
	SearchNickname:  "u.nickname",
	SearchEmail:     "u.email",
}

// sqliteFold is the SQLite function folding case for every script (SQLite's own lower()
// only knows ASCII). PostgreSQL's lower() folds according to the database's LC_CTYPE,
// which Roster, like Mattermost, expects to be a UTF-8 locale.
const sqliteFold = "roster_fold"

func init() {
	sqlite.MustRegisterDeterministicScalarFunction(sqliteFold, 1, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		switch v := args[0].(type) {
		case nil:
			return nil, nil
		case string:
			return strings.ToLower(v), nil
		case []byte:
			return strings.ToLower(string(v)), nil
		default:
			return nil, fmt.Errorf("%s: unsupported argument %T", sqliteFold, v)
		}
	})
}

// fold is the dialect's case-folding function.
func (s *Store) fold(expr string) string {
	if s.driver == Postgres {
		return "lower(" + expr + ")"
	}
	return sqliteFold + "(" + expr + ")"
}

// SearchWords splits a term into the distinct words that must each match:
// whitespace-separated, leading @ removed, empty and repeated words dropped.
func SearchWords(term string) []string {
	var words []string
	seen := map[string]bool{}
	for _, w := range strings.Fields(term) {
		if w = strings.TrimLeft(w, "@"); w != "" && !seen[w] {
			seen[w] = true
			words = append(words, w)
		}
	}
	return words
}

// termCondition returns the SQL condition (and its arguments) keeping users that match
// every word (folded, from foldWords) in one of columns. Each word is looked for in the
// user's search_text, which holds all searchable columns; when some columns are not
// searched for this caller, the exact per-column condition follows as a recheck.
func (s *Store) termCondition(words []string, columns []string) (string, []any) {
	if len(words) == 0 {
		return "1 = 1", nil
	}
	all := true
	for _, c := range searchColumnOrder {
		if !slices.Contains(columns, c) {
			all = false
		}
	}
	var (
		and  []string
		args []any
	)
	for _, w := range words {
		and = append(and, `(u.search_text LIKE ? ESCAPE '\' OR u.id = ?)`)
		args = append(args, likeContains(w), w)
	}
	if !all {
		for _, w := range words {
			var or []string
			pattern := likeContains(w)
			for _, c := range columns {
				col, ok := searchColumnSQL[c]
				if !ok {
					continue
				}
				or = append(or, s.fold(col)+` LIKE ? ESCAPE '\'`)
				args = append(args, pattern)
			}
			or = append(or, `u.id = ?`)
			args = append(args, w)
			and = append(and, `(`+strings.Join(or, ` OR `)+`)`)
		}
	}
	return `(` + strings.Join(and, ` AND `) + `)`, args
}

// foldWords folds the search words of term the way search_text is folded (PostgreSQL's
// lower() and Go's strings.ToLower agree for the scripts users write names in).
func foldWords(term string) []string {
	words := SearchWords(term)
	for i, w := range words {
		words[i] = strings.ToLower(w)
	}
	return slices.Compact(words)
}

// candidates is the index plan's first step: the users whose search text holds every word
// of three characters or more (from the trigram index), and the users whose id is one of
// the words. Every match is among them; the caller rechecks the whole condition. The
// query yields SQLite rowids as k, or on PostgreSQL the given users columns.
func (s *Store) candidates(words []string, columns string) (string, []any) {
	var like []string
	var args []any
	col := "search_text"
	from := "users"
	if s.driver == SQLite {
		from = "users_search"
	}
	for _, w := range words {
		if utf8.RuneCountInString(w) >= trigramMinRunes {
			if s.driver == SQLite {
				like = append(like, col+` LIKE ?`)
			} else {
				like = append(like, col+` LIKE ? ESCAPE '\'`)
			}
			args = append(args, likeContains(w))
		}
	}
	key := columns
	if s.driver == SQLite {
		key = "rowid AS k"
	}
	text := `SELECT ` + key + ` FROM ` + from + ` WHERE ` + strings.Join(like, ` AND `) +
		` UNION SELECT ` + key + ` FROM users WHERE id IN (` + placeholders(len(words)) + `)`
	return text, append(args, stringArgs(words)...)
}
