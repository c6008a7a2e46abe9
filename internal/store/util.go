package store

import (
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
