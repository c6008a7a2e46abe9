package model

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// AppError is the error body every Mattermost endpoint answers with.
type AppError struct {
	Id            string `json:"id"`
	Message       string `json:"message"`
	DetailedError string `json:"detailed_error"`
	RequestId     string `json:"request_id,omitempty"`
	StatusCode    int    `json:"status_code,omitempty"`
	IsOAuth       bool   `json:"is_oauth,omitempty"`

	// Params fill the placeholders of the translated message.
	Params map[string]any `json:"-"`
	// Where names the operation that failed; it is logged, never sent.
	Where   string `json:"-"`
	wrapped error
}

// NewAppError builds an error with its English message already translated.
func NewAppError(where, id string, params map[string]any, details string, status int) *AppError {
	e := &AppError{Id: id, Params: params, DetailedError: details, StatusCode: status, Where: where}
	e.Message = Translate(id, params)
	return e
}

func (e *AppError) Error() string {
	var b strings.Builder
	if e.Where != "" {
		b.WriteString(e.Where)
		b.WriteString(": ")
	}
	b.WriteString(e.Message)
	if e.DetailedError != "" {
		b.WriteString(", ")
		b.WriteString(e.DetailedError)
	}
	if e.wrapped != nil {
		b.WriteString(", ")
		b.WriteString(e.wrapped.Error())
	}
	return b.String()
}

// Wrap records the underlying cause (for logs) and returns the error.
func (e *AppError) Wrap(err error) *AppError {
	e.wrapped = err
	return e
}

func (e *AppError) Unwrap() error { return e.wrapped }

// AsAppError finds an *AppError in err's chain.
func AsAppError(err error) (*AppError, bool) {
	var ae *AppError
	if errors.As(err, &ae) {
		return ae, true
	}
	return nil, false
}

// Common errors of the request framework.

func InvalidURLParam(name string) *AppError {
	return NewAppError("Context", "api.context.invalid_url_param.app_error", map[string]any{"Name": name}, "", http.StatusBadRequest)
}

func InvalidBodyParam(name string) *AppError {
	return NewAppError("Context", "api.context.invalid_body_param.app_error", map[string]any{"Name": name}, "", http.StatusBadRequest)
}

// PermissionError is the 403 answered whenever a permission check fails.
func PermissionError(userID string, perms ...string) *AppError {
	return NewAppError("Permissions", "api.context.permissions.app_error", nil,
		fmt.Sprintf("userId=%s, permission=%s", userID, strings.Join(perms, ",")), http.StatusForbidden)
}

func SessionExpired(details string) *AppError {
	return NewAppError("ServeHTTP", "api.context.session_expired.app_error", nil, details, http.StatusUnauthorized)
}

func NotFoundRoute(path string) *AppError {
	return NewAppError("NotFound", "api.context.404.app_error", nil,
		"There doesn't appear to be an api call for the url='"+path+"'.  Typo? are you missing a team_id or user_id as part of the url?",
		http.StatusNotFound)
}

func BodyTooLarge() *AppError {
	return NewAppError("Context", "api.context.request_body_too_large.app_error", nil, "", http.StatusRequestEntityTooLarge)
}

func InternalError(where string, err error) *AppError {
	return NewAppError(where, "app.internal.app_error", nil, "", http.StatusInternalServerError).Wrap(err)
}

// StatusOK is the body of action endpoints that succeed.
type StatusOK struct {
	Status string `json:"status"`
}

var OK = StatusOK{Status: "OK"}
