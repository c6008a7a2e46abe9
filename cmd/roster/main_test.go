package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

func runCmd(t *testing.T, env []string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, env, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestCommands(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	env := []string{
		"MM_SQLSETTINGS_DATASOURCE=" + filepath.Join(dir, "db", "roster.db"),
		"MM_PASSWORDSETTINGS_PBKDF2ITERATIONS=1000",
		"MM_LOGSETTINGS_CONSOLELEVEL=ERROR",
	}
	tests := []struct {
		name     string
		env      []string
		args     []string
		code     int
		out, err string
	}{
		{name: "help", args: []string{"help"}, code: 0, out: "user create    create a user"},
		{name: "version", args: []string{"version"}, code: 0, out: "Mattermost API 11.0.0"},
		{name: "unknown command", args: []string{"frobnicate"}, code: 2, err: "unknown command"},
		{name: "bad config", env: []string{"MM_SQLSETTINGS_DRIVERNAME=oracle"}, args: []string{"db", "migrate"}, code: 1, err: "SqlSettings.DriverName"},
		{name: "bad config stops serve before listening", env: []string{"MM_SERVICESETTINGS_LISTENADDRESS=nowhere"}, args: nil, code: 1, err: "ServiceSettings.ListenAddress"},
		{name: "migrate", args: []string{"db", "migrate"}, code: 0, out: "schema version"},
		{name: "create admin", args: []string{"user", "create", "--email", "root@example.com", "--username", "root", "--password", "password1", "--system-admin"}, code: 0, out: `roles "system_admin system_user"`},
		{name: "create user", args: []string{"user", "create", "--email", "u@example.com", "--username", "user1", "--password", "password1"}, code: 0, out: `roles "system_user"`},
		{name: "duplicate", args: []string{"user", "create", "--email", "u2@example.com", "--username", "user1", "--password", "password1"}, code: 1, err: "app.user.save.username_exists.app_error"},
		{name: "weak password", args: []string{"user", "create", "--email", "u3@example.com", "--username", "user3", "--password", "short"}, code: 1, err: "model.user.is_valid.pwd.app_error"},
		{name: "missing flags", args: []string{"user", "create", "--email", "x@example.com"}, code: 2, err: "needs --email, --username and --password"},
	}
	for _, tc := range tests { // in order: later rows depend on earlier ones
		code, out, errOut := runCmd(t, append(append([]string{}, env...), tc.env...), tc.args...)
		if code != tc.code || !strings.Contains(out, tc.out) || !strings.Contains(errOut, tc.err) {
			t.Errorf("%s: roster %v = %d\nstdout: %s\nstderr: %s", tc.name, tc.args, code, out, errOut)
		}
	}
}

func TestDevSeed(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	env := []string{
		"MM_SQLSETTINGS_DATASOURCE=" + filepath.Join(dir, "seed.db"),
		"MM_PASSWORDSETTINGS_PBKDF2ITERATIONS=1000",
		"MM_LOGSETTINGS_CONSOLELEVEL=ERROR",
	}
	tests := []struct {
		name     string
		args     []string
		code     int
		out, err string
	}{
		{name: "help lists it", args: []string{"help"}, out: "dev seed"},
		{name: "flags", args: []string{"dev", "seed", "--help"}, err: "--from-mattermost"},
		{name: "bad flag", args: []string{"dev", "seed", "--users", "-5"}, code: 2, err: "--users"},
		{name: "no subcommand", args: []string{"dev"}, code: 2, err: "roster dev seed"},
		{name: "seed", args: []string{"dev", "seed", "--users", "200", "--seed", "3"}, out: "loaded 201 users, 20 teams"},
		{name: "summary names the password", args: nil, out: "password of every seeded user: seed-Password-1"},
		{name: "refuses a seeded database", args: []string{"dev", "seed", "--users", "10"}, code: 1, err: "table users has rows"},
	}
	var last string
	for _, tc := range tests { // in order: later rows depend on earlier ones
		code, out, errOut := 0, last, ""
		if tc.args != nil {
			code, out, errOut = runCmd(t, env, tc.args...)
			last = out
		}
		if code != tc.code || !strings.Contains(out, tc.out) || !strings.Contains(errOut, tc.err) {
			t.Errorf("%s: roster %v = %d\nstdout: %s\nstderr: %s", tc.name, tc.args, code, out, errOut)
		}
	}
}
