package api

import (
	"net/http"
	"strconv"

	"roster/internal/model"
)

func (h *API) ping(c *Context, w http.ResponseWriter, r *http.Request) error {
	p := model.Ping{Status: "OK", ActiveSearchBackend: "database"}
	status := http.StatusOK
	if full, _ := strconv.ParseBool(r.URL.Query().Get("get_server_status")); full {
		p.DatabaseStatus = "OK"
		if err := h.app.Ping(r.Context()); err != nil {
			p.DatabaseStatus = "UNHEALTHY"
			p.Status = "UNHEALTHY"
			if rest, _ := strconv.ParseBool(r.URL.Query().Get("use_rest_semantics")); !rest {
				status = http.StatusInternalServerError
			}
		}
		p.FilestoreStatus = "OK"
		w.Header().Set("database_status", p.DatabaseStatus)
		w.Header().Set("filestore_status", p.FilestoreStatus)
	}
	writeJSON(w, status, p)
	return nil
}
