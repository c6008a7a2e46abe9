package store

import (
	"database/sql/driver"
	"fmt"
	"strings"

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
// every word of term in one of columns. This is the one place term matching is built; an
// index-backed implementation (trigram, full-text) replaces this function.
func (s *Store) termCondition(term string, columns []string) (string, []any) {
	words := SearchWords(term)
	if len(words) == 0 {
		return "1 = 1", nil
	}
	var (
		and  []string
		args []any
	)
	for _, w := range words {
		var or []string
		pattern := likeContains(w)
		for _, c := range columns {
			col, ok := searchColumnSQL[c]
			if !ok {
				continue
			}
			or = append(or, s.fold(col)+` LIKE `+s.fold("?")+` ESCAPE '\'`)
			args = append(args, pattern)
		}
		or = append(or, `u.id = ?`)
		args = append(args, w)
		and = append(and, `(`+strings.Join(or, ` OR `)+`)`)
	}
	return `(` + strings.Join(and, ` AND `) + `)`, args
}
