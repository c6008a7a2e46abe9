package store

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode"
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
	names := true
	for _, c := range searchColumnOrder[:4] {
		if !slices.Contains(columns, c) {
			names = false
		}
	}
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
		if email {
			or = append(or, mail+` LIKE ? ESCAPE '\'`)
			args = append(args, pattern)
		}
		or = append(or, al.text+`.id = ?`)
		args = append(args, w)
		and = append(and, `(`+strings.Join(or, ` OR `)+`)`)
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

// candidates is the index plan's first step: the users whose search texts hold every word
// of three characters or more (from the trigram indexes) and every short word in another
// script (from the short-gram index), and the users whose id is one of the words. Every
// match is among them; the caller rechecks the whole condition. The query yields SQLite
// rowids as k, or on PostgreSQL the given users columns.
func (s *Store) candidates(words []string, email bool, columns string) (string, []any) {
	var long, short []string
	for _, w := range words {
		switch {
		case utf8.RuneCountInString(w) >= trigramMinRunes:
			long = append(long, w)
		case shortGrammable([]rune(w)):
			short = append(short, w)
		}
	}
	var args []any
	if s.driver == SQLite {
		var parts []string
		if len(long) > 0 {
			// FTS5's trigram tokenizer matches a quoted phrase as a substring.
			var match []string
			for _, w := range long {
				phrase := `"` + strings.ReplaceAll(w, `"`, `""`) + `"`
				if email {
					match = append(match, phrase)
				} else {
					match = append(match, `search_text : `+phrase)
				}
			}
			parts = append(parts, `SELECT rowid AS k FROM users_search WHERE users_search MATCH ?`)
			args = append(args, strings.Join(match, ` AND `))
		}
		for _, w := range short {
			parts = append(parts, `SELECT user_rowid AS k FROM users_short_grams WHERE gram = ?`)
			args = append(args, w)
		}
		text := strings.Join(parts, ` INTERSECT `) + ` UNION SELECT rowid FROM users WHERE id IN (` + placeholders(len(words)) + `)`
		return text, append(args, stringArgs(words)...)
	}
	var and []string
	for _, w := range long {
		if email {
			and = append(and, `(search_text LIKE ? ESCAPE '\' OR search_email LIKE ? ESCAPE '\')`)
			args = append(args, likeContains(w), likeContains(w))
		} else {
			and = append(and, `search_text LIKE ? ESCAPE '\'`)
			args = append(args, likeContains(w))
		}
	}
	if len(short) > 0 {
		and = append(and, `roster_short_grams(search_text || ' ' || search_email) @> ARRAY[`+placeholders(len(short))+`]::text[]`)
		args = append(args, stringArgs(short)...)
	}
	// UNION ALL with the first condition negated in the second branch: no user twice,
	// without hashing every candidate's texts to find duplicates.
	cond := strings.Join(and, ` AND `)
	text := `SELECT ` + columns + ` FROM user_search WHERE ` + cond +
		` UNION ALL SELECT ` + columns + ` FROM user_search WHERE id IN (` + placeholders(len(words)) + `) AND NOT (` + cond + `)`
	all := append(append(slices.Clone(args), stringArgs(words)...), args...)
	return text, all
}
