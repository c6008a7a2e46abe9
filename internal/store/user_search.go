package store

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode"

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
	SearchUsername:  "username",
	SearchFirstName: "first_name",
	SearchLastName:  "last_name",
	SearchNickname:  "nickname",
	SearchEmail:     "email",
}

// sqliteFold is the SQLite function folding case for every script (SQLite's own lower()
// only knows ASCII). PostgreSQL's lower() folds according to the database's LC_CTYPE,
// which Roster, like Mattermost, expects to be a UTF-8 locale.
const sqliteFold = "roster_fold"

// sqliteShortGrams is the SQLite function listing a text's short grams as a JSON array
// (for json_each); PostgreSQL's roster_short_grams returns them as an array.
const sqliteShortGrams = "roster_short_grams"

// shortGrams returns the distinct one- and two-character pieces of t that hold a
// non-ASCII character and no whitespace: what users_search_short_idx (PostgreSQL) and
// users_short_grams (SQLite) index.
func shortGrams(t string) []string {
	r := []rune(t)
	seen := map[string]bool{}
	out := []string{}
	for i := range r {
		for n := 1; n <= 2 && i+n <= len(r); n++ {
			g := r[i : i+n]
			if shortGrammable(g) && !seen[string(g)] {
				seen[string(g)] = true
				out = append(out, string(g))
			}
		}
	}
	return out
}

// shortGrammable reports whether a piece of one or two characters is indexed as a short
// gram: it holds a non-ASCII character and no whitespace.
func shortGrammable(g []rune) bool {
	if len(g) == 0 || len(g) > 2 {
		return false
	}
	wide := false
	for _, c := range g {
		if unicode.IsSpace(c) {
			return false
		}
		if c > unicode.MaxASCII {
			wide = true
		}
	}
	return wide
}

func init() {
	sqlite.MustRegisterDeterministicScalarFunction(sqliteShortGrams, 1, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		var t string
		switch v := args[0].(type) {
		case nil:
			return "[]", nil
		case string:
			t = v
		case []byte:
			t = string(v)
		default:
			return nil, fmt.Errorf("%s: unsupported argument %T", sqliteShortGrams, v)
		}
		data, err := json.Marshal(shortGrams(t))
		return string(data), err
	})
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
// every word (folded, from foldWords) in one of columns, or whose id is the word. Words
// are looked for in search_text (username, first name, last name and nickname) and, when
// emails are searched, search_email: both in users_search_walk_idx, so that a walk never
// reads the table. A caller who may not search full names gets the exact per-column
// condition instead.
func (s *Store) termCondition(words []string, columns []string, al aliases) (string, []any) {
	if len(words) == 0 {
		return "1 = 1", nil
	}
	names := searchesAllNames(columns)
	email := slices.Contains(columns, SearchEmail)
	text, mail := al.text+".search_text", al.text+".search_email"
	if al.walk {
		// An expression no index covers, still computed from the walk index's own columns.
		text, mail = "("+text+" || '')", "("+mail+" || '')"
	}
	var (
		and  []string
		args []any
	)
	for _, w := range words {
		pattern := likeContains(w)
		var or []string
		if names {
			or = append(or, text+` LIKE ? ESCAPE '\'`)
			args = append(args, pattern)
		} else {
			for _, c := range columns {
				if col, ok := searchColumnSQL[c]; ok && c != SearchEmail {
					or = append(or, s.fold(al.full+"."+col)+` LIKE ? ESCAPE '\'`)
					args = append(args, pattern)
				}
			}
		}
		switch {
		case email && names:
			or = append(or, mail+` LIKE ? ESCAPE '\'`)
			args = append(args, pattern)
		case email:
			or = append(or, s.fold(al.full+".email")+` LIKE ? ESCAPE '\'`)
			args = append(args, pattern)
		}
		or = append(or, al.text+`.id = ?`)
		args = append(args, w)
		and = append(and, `(`+strings.Join(or, ` OR `)+`)`)
	}
	return `(` + strings.Join(and, ` AND `) + `)`, args
}

// searchesAllNames reports whether columns include the username, first name, last name
// and nickname: all of search_text.
func searchesAllNames(columns []string) bool {
	for _, c := range searchColumnOrder[:4] {
		if !slices.Contains(columns, c) {
			return false
		}
	}
	return true
}

// pgCandidates is the index plan's first step on PostgreSQL: the id, username and
// delete_at of the users of user_search matching every word in search_text (or
// search_email), or by id, which the trigram and short-gram indexes answer. When the
// caller searches every name column these are exactly the term's matches.
func (s *Store) pgCandidates(words []string, email bool) (string, []any) {
	var and []string
	var args []any
	for _, w := range words {
		pattern := likeContains(w)
		text, textArgs := `u.search_text LIKE ? ESCAPE '\'`, []any{pattern}
		if email {
			text, textArgs = `(`+text+` OR u.search_email LIKE ? ESCAPE '\')`, append(textArgs, pattern)
		}
		switch r := []rune(w); {
		case len(r) >= trigramMinRunes:
			and = append(and, `(`+text+` OR u.id = ?)`)
			args = append(append(args, textArgs...), w)
		case shortGrammable(r):
			// No id is this short. The short-gram index finds the word; the LIKE keeps a
			// user whose pieces hold it only across search_text and search_email.
			and = append(and, `roster_short_grams(u.search_text || ' ' || u.search_email) @> ARRAY[?]::text[] AND `+text)
			args = append(append(args, w), textArgs...)
		default:
			and = append(and, text)
			args = append(args, textArgs...)
		}
	}
	return `SELECT u.id, u.username, u.delete_at FROM user_search u WHERE ` + strings.Join(and, ` AND `), args
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

// sqliteCandidates is the index plan's first step on SQLite: the rowids of the users whose
// search texts hold every word of three characters or more (FTS5 trigram index) and every
// short word in another script (users_short_grams), and of the users whose id is one of
// the words. Every match is among them; the caller rechecks the whole condition.
func (s *Store) sqliteCandidates(words []string, email bool) (string, []any) {
	var parts []string
	var args, match []any
	var phrases []string
	for _, w := range words {
		switch r := []rune(w); {
		case len(r) >= trigramMinRunes:
			// FTS5's trigram tokenizer matches a quoted phrase as a substring.
			phrase := `"` + strings.ReplaceAll(w, `"`, `""`) + `"`
			if !email {
				phrase = `search_text : ` + phrase
			}
			phrases = append(phrases, phrase)
		case shortGrammable(r):
			parts = append(parts, `SELECT user_rowid AS k FROM users_short_grams WHERE gram = ?`)
			match = append(match, w)
		}
	}
	if len(phrases) > 0 {
		parts = append([]string{`SELECT rowid AS k FROM users_search WHERE users_search MATCH ?`}, parts...)
		args = append(args, strings.Join(phrases, ` AND `))
	}
	args = append(args, match...)
	text := strings.Join(parts, ` INTERSECT `) + ` UNION SELECT rowid FROM users WHERE id IN (` + placeholders(len(words)) + `)`
	return text, append(args, stringArgs(words)...)
}
