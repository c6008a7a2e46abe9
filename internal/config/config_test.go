package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFile(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "config.json")
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDefaults(t *testing.T) {
	t.Parallel()
	c, err := Load("", nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.ServiceSettings.ListenAddress != "127.0.0.1:8065" || c.SqlSettings.DriverName != "sqlite" ||
		c.SqlSettings.DataSource != "./data/roster.db" || c.PasswordSettings.MinimumLength != 8 ||
		c.PasswordSettings.PBKDF2Iterations != 600000 || c.TeamSettings.EnableOpenServer ||
		!c.PrivacySettings.ShowEmailAddress || c.ServiceSettings.MaximumLoginAttempts != 10 ||
		c.TeamSettings.MaxUsersPerTeam != 50 || c.ServiceSettings.SessionLengthWebInHours != 720 {
		t.Errorf("unexpected defaults: %+v", c)
	}
}

func TestPrecedence(t *testing.T) {
	t.Parallel()
	path := writeFile(t, `{"ServiceSettings": {"SiteURL": "http://file.example", "MaximumLoginAttempts": 3},
		"TeamSettings": {"EnableOpenServer": true, "ExperimentalDefaultChannels": ["a"]}}`)
	c, err := Load(path, []string{
		"MM_SERVICESETTINGS_SITEURL=https://env.example",
		"MM_TEAMSETTINGS_EXPERIMENTALDEFAULTCHANNELS=x y",
		"MM_PRIVACYSETTINGS_SHOWEMAILADDRESS=false",
		"UNRELATED=1",
	})
	if err != nil {
		t.Fatal(err)
	}
	if c.ServiceSettings.SiteURL != "https://env.example" {
		t.Errorf("env must win over file: %q", c.ServiceSettings.SiteURL)
	}
	if c.ServiceSettings.MaximumLoginAttempts != 3 || !c.TeamSettings.EnableOpenServer {
		t.Errorf("file must win over defaults: %+v", c.ServiceSettings)
	}
	if strings.Join(c.TeamSettings.ExperimentalDefaultChannels, ",") != "x,y" {
		t.Errorf("list from env = %v", c.TeamSettings.ExperimentalDefaultChannels)
	}
	if c.PrivacySettings.ShowEmailAddress {
		t.Error("ShowEmailAddress from env not applied")
	}
}

func TestErrorsNameTheKey(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		file string
		env  []string
		want string
	}{
		{name: "unknown key", file: `{"ServiceSettings": {"NoSuchKey": 1}}`, want: "NoSuchKey"},
		{name: "unknown section", file: `{"Nope": {}}`, want: "Nope"},
		{name: "wrong type", file: `{"ServiceSettings": {"MaximumLoginAttempts": "ten"}}`, want: "MaximumLoginAttempts"},
		{name: "bad env int", env: []string{"MM_SERVICESETTINGS_MAXIMUMLOGINATTEMPTS=ten"}, want: "ServiceSettings.MaximumLoginAttempts"},
		{name: "bad env bool", env: []string{"MM_TEAMSETTINGS_ENABLEOPENSERVER=maybe"}, want: "TeamSettings.EnableOpenServer"},
		{name: "bad driver", env: []string{"MM_SQLSETTINGS_DRIVERNAME=mysql"}, want: "SqlSettings.DriverName"},
		{name: "postgres needs url", env: []string{"MM_SQLSETTINGS_DRIVERNAME=postgres", "MM_SQLSETTINGS_DATASOURCE=x.db"}, want: "SqlSettings.DataSource"},
		{name: "password length", env: []string{"MM_PASSWORDSETTINGS_MINIMUMLENGTH=4"}, want: "PasswordSettings.MinimumLength"},
		{name: "listen address", env: []string{"MM_SERVICESETTINGS_LISTENADDRESS=nonsense"}, want: "ServiceSettings.ListenAddress"},
		{name: "site url", env: []string{"MM_SERVICESETTINGS_SITEURL=ftp://x"}, want: "ServiceSettings.SiteURL"},
		{name: "session length", env: []string{"MM_SERVICESETTINGS_SESSIONLENGTHWEBINHOURS=0"}, want: "ServiceSettings.SessionLengthWebInHours"},
		{name: "smtp security", env: []string{"MM_EMAILSETTINGS_CONNECTIONSECURITY=SSL"}, want: "EmailSettings.ConnectionSecurity"},
		{name: "team invite restriction", env: []string{"MM_TEAMSETTINGS_RESTRICTTEAMINVITE=owners"}, want: "TeamSettings.RestrictTeamInvite"},
		{name: "log level", env: []string{"MM_LOGSETTINGS_CONSOLELEVEL=LOUD"}, want: "LogSettings.ConsoleLevel"},
		{name: "iterations", env: []string{"MM_PASSWORDSETTINGS_PBKDF2ITERATIONS=10"}, want: "PasswordSettings.PBKDF2Iterations"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			path := ""
			if tc.file != "" {
				path = writeFile(t, tc.file)
			}
			_, err := Load(path, tc.env)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Load err = %v, want one naming %s", err, tc.want)
			}
		})
	}
}

func TestMissingFile(t *testing.T) {
	t.Parallel()
	if _, err := Load(filepath.Join(t.TempDir(), "absent.json"), nil); err == nil {
		t.Error("a missing config file must be an error")
	}
}

func TestRestrictedDomains(t *testing.T) {
	t.Parallel()
	c := Default()
	c.TeamSettings.RestrictCreationToDomains = "a.com, b.org,c.net"
	if got := strings.Join(c.RestrictedDomains(), "|"); got != "a.com|b.org|c.net" {
		t.Errorf("RestrictedDomains = %q", got)
	}
}

func TestSecuritySettings(t *testing.T) {
	t.Parallel()
	c, err := Load("", nil)
	if err != nil {
		t.Fatal(err)
	}
	rl := c.RateLimitSettings
	if rl.Enable || rl.AuthPerMinutePerIP != 300 || rl.AuthMaxBurstPerIP != 100 || rl.AuthPerMinutePerAccount != 10 ||
		rl.AuthMaxBurstPerAccount != 10 || c.ServiceSettings.MfaSecretEncryptionKey != "" || c.ServiceSettings.EnableUserAccessTokens {
		t.Errorf("defaults: %+v %+v", rl, c.ServiceSettings)
	}
	for _, tc := range []struct {
		env  string
		want string
	}{
		{"MM_SERVICESETTINGS_MFASECRETENCRYPTIONKEY=not-base64!", "ServiceSettings.MfaSecretEncryptionKey"},
		{"MM_SERVICESETTINGS_MFASECRETENCRYPTIONKEY=AAAA", "ServiceSettings.MfaSecretEncryptionKey"},
		{"MM_RATELIMITSETTINGS_AUTHPERMINUTEPERIP=-1", "RateLimitSettings.AuthPerMinutePerIP"},
		{"MM_RATELIMITSETTINGS_AUTHMAXBURSTPERACCOUNT=0", "RateLimitSettings.AuthMaxBurstPerAccount"},
	} {
		if _, err := Load("", []string{tc.env}); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want an error naming %s", tc.env, err, tc.want)
		}
	}
	ok, err := Load("", []string{"MM_SERVICESETTINGS_MFASECRETENCRYPTIONKEY=BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=",
		"MM_RATELIMITSETTINGS_AUTHPERMINUTEPERIP=0", "MM_RATELIMITSETTINGS_AUTHMAXBURSTPERIP=0"})
	if err != nil || ok.RateLimitSettings.AuthPerMinutePerIP != 0 {
		t.Errorf("a valid key and a disabled limit: %v", err)
	}
}
