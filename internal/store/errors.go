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

// sqliteColumnIndexes names the unique indexes on plain columns, which SQLite reports as
// "UNIQUE constraint failed: table.column[, table.column]".
var sqliteColumnIndexes = map[string]string{
	"user_access_tokens.token_hash":       "user_access_tokens_token_key",
	"sessions.token_hash":                 "sessions_token_hash_key",
	"users.auth_service, users.auth_data": "users_authdata_key",
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
			// Indexes on plain columns are reported by their columns, not their names.
			for cols, c := range sqliteColumnIndexes {
				if strings.HasSuffix(msg, "failed: "+cols) || strings.Contains(msg, "failed: "+cols+" ") {
					return &ConflictError{Constraint: c, Err: err}
				}
			}
			if code == 1555 {
				return &ConflictError{Constraint: sqliteTable(msg) + "_pkey", Err: err}
			}
			return &ConflictError{Constraint: sqliteTable(msg), Err: err}
		}
	}
	return err
}

// sqliteTable extracts "users" from "UNIQUE constraint failed: users.id".
func sqliteTable(msg string) string {
	if _, after, ok := strings.Cut(msg, "constraint failed: "); ok {
		table, _, _ := strings.Cut(after, ".")
		return table
	}
	return ""
}
