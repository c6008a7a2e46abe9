package store

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"roster/internal/model"
)

func nowMillis() int64 { return time.Now().UnixMilli() }

// mapJSON encodes a string map for a TEXT column; nil becomes {}.
func mapJSON(m model.StringMap) string {
	if len(m) == 0 {
		return "{}"
	}
	b, err := json.Marshal(m)
	if err != nil { // a map[string]string always encodes
		panic(err)
	}
	return string(b)
}

// parseMap decodes a TEXT column holding a JSON object of strings.
func parseMap(s string) (model.StringMap, error) {
	if s == "" || s == "{}" {
		return model.StringMap{}, nil
	}
	if m, ok := parsePlainMap(s); ok {
		return m, nil
	}
	m := model.StringMap{}
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		return nil, fmt.Errorf("decode JSON column: %w", err)
	}
	return m, nil
}

// scanAll reads every row with scan and closes rows. The result is never nil, so an empty
// list encodes as [] on the wire.
func scanAll[T any](rows *sql.Rows, scan func(scanner) (T, error)) ([]T, error) {
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("scan: %w", err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read rows: %w", err)
	}
	return out, nil
}

// parsePlainMap decodes the usual shape of a map column without reflection: a JSON object
// of strings without escape sequences, in valid UTF-8. Keys and values share s's memory.
// Anything else (escapes, other value types, malformed text) answers false, and
// encoding/json decides, so the result is always what json.Unmarshal would give.
func parsePlainMap(s string) (model.StringMap, bool) {
	if strings.IndexByte(s, '\\') >= 0 || !utf8.ValidString(s) {
		return nil, false
	}
	i := skipJSONSpace(s, 0)
	if i >= len(s) || s[i] != '{' {
		return nil, false
	}
	m := make(model.StringMap, strings.Count(s, ":"))
	i = skipJSONSpace(s, i+1)
	if i < len(s) && s[i] == '}' {
		return m, skipJSONSpace(s, i+1) == len(s)
	}
	for {
		key, next, ok := plainJSONString(s, i)
		if !ok {
			return nil, false
		}
		i = skipJSONSpace(s, next)
		if i >= len(s) || s[i] != ':' {
			return nil, false
		}
		value, next, ok := plainJSONString(s, skipJSONSpace(s, i+1))
		if !ok {
			return nil, false
		}
		m[key] = value
		i = skipJSONSpace(s, next)
		if i >= len(s) {
			return nil, false
		}
		switch s[i] {
		case ',':
			i = skipJSONSpace(s, i+1)
		case '}':
			return m, skipJSONSpace(s, i+1) == len(s)
		default:
			return nil, false
		}
	}
}

// plainJSONString reads the string starting at s[i] (its opening quote), which holds no
// escape, and returns its text and the index after its closing quote.
func plainJSONString(s string, i int) (string, int, bool) {
	if i >= len(s) || s[i] != '"' {
		return "", 0, false
	}
	for j := i + 1; j < len(s); j++ {
		switch c := s[j]; {
		case c == '"':
			return s[i+1 : j], j + 1, true
		case c < 0x20: // control characters must be escaped in JSON
			return "", 0, false
		}
	}
	return "", 0, false
}

func skipJSONSpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
		i++
	}
	return i
}
