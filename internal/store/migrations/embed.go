// Package migrations holds the schema, one numbered file per step and dialect:
// sqlite/NNNN_name.sql and postgres/NNNN_name.sql.
package migrations

import "embed"

//go:embed sqlite/*.sql postgres/*.sql
var FS embed.FS
