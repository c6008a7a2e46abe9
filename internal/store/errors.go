package store

import (
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
)

// ErrNotFound is returned when the requested row does not exist.
var ErrNotFound = errors.New("not found")

// ErrConflict is matched (errors.Is) by every *ConflictError.
var ErrConflict = errors.New("conflict")

// ConflictError reports a unique constraint the database refused; Constraint names the
// index ("users_username_key", "users_email_key", …).
type ConflictError struct {
	Constraint string
	Err        error
}

func (e *ConflictError) Error() string {
	return fmt.Sprintf("unique constraint %s: %v", e.Constraint, e.Err)
}
func (e *ConflictError) Is(target error) bool { return target == ErrConflict }
func (e *ConflictError) Unwrap() error        { return e.Err }

// IsConflictOn reports whether err is a unique-constraint violation on the named index.
func IsConflictOn(err error, constraint string) bool {
	var ce *ConflictError
	return errors.As(err, &ce) && ce.Constraint == constraint
}

// constraints lists the unique indexes whose violations callers tell apart. SQLite names the
// index in its message; PostgreSQL reports it in the error.
var constraints = []string{
	"users_username_key", "users_email_key", "users_authdata_key",
	"teams_name_key", "channels_team_name_key",
	"team_members_pkey", "channel_members_pkey", "preferences_pkey",
	"roles_name_key", "user_access_tokens_token_key", "sessions_token_hash_key",
}

// mapError turns driver errors into the store's typed errors.
func mapError(err error) error {
	if err == nil {
		return nil
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23505" {
		return &ConflictError{Constraint: pgErr.ConstraintName, Err: err}
	}
	var sqErr *sqlite.Error
	if errors.As(err, &sqErr) {
		code := sqErr.Code()
		if code == 2067 || code == 1555 { // SQLITE_CONSTRAINT_UNIQUE, SQLITE_CONSTRAINT_PRIMARYKEY
			msg := sqErr.Error()
			for _, c := range constraints {
				if strings.Contains(msg, "'"+c+"'") {
					return &ConflictError{Constraint: c, Err: err}
				}
			}
			if c, ok := sqliteColumnConstraints[sqliteColumns(msg)]; ok {
				return &ConflictError{Constraint: c, Err: err}
			}
			if code == 1555 {
				return &ConflictError{Constraint: sqliteTable(msg) + "_pkey", Err: err}
			}
			return &ConflictError{Constraint: sqliteTable(msg), Err: err}
		}
	}
	return err
}

// sqliteColumnConstraints names the unique indexes on plain columns, which SQLite reports
// by their columns rather than by name.
var sqliteColumnConstraints = map[string]string{
	"user_access_tokens.token_hash":       "user_access_tokens_token_key",
	"sessions.token_hash":                 "sessions_token_hash_key",
	"users.auth_service, users.auth_data": "users_authdata_key",
	"teams.name":                          "teams_name_key",
	"channels.team_id, channels.name":     "channels_team_name_key",
}

// sqliteColumns extracts "users.id" from "... UNIQUE constraint failed: users.id (1555)".
func sqliteColumns(msg string) string {
	const marker = "constraint failed: "
	i := strings.LastIndex(msg, marker)
	if i < 0 {
		return ""
	}
	cols, _, _ := strings.Cut(msg[i+len(marker):], " (")
	return cols
}

// sqliteTable extracts "users" from "UNIQUE constraint failed: users.id".
func sqliteTable(msg string) string {
	table, _, _ := strings.Cut(sqliteColumns(msg), ".")
	return table
}
