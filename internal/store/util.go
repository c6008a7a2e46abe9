package store

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

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
