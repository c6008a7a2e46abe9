package api

import (
	"net/http"
	"strconv"
)

// paging reads page and per_page as Mattermost does: garbage or negative values fall back
// to the defaults (0 and 60), per_page is clamped to 200, and the legacy pageSize is read
// when per_page is absent.
func paging(r *http.Request) (page, perPage int) {
	q := r.URL.Query()
	if v, err := strconv.Atoi(q.Get("page")); err == nil && v >= 0 {
		page = v
	}
	raw := q.Get("per_page")
	if raw == "" {
		raw = q.Get("pageSize")
	}
	perPage = 60
	if v, err := strconv.Atoi(raw); err == nil && v >= 0 {
		perPage = min(v, 200)
	}
	return page, perPage
}

func queryBool(r *http.Request, name string) bool {
	b, _ := strconv.ParseBool(r.URL.Query().Get(name))
	return b
}
