package config

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
)

// Validate checks every setting Roster uses and reports all invalid ones, each by its
// Section.Key name.
func (c *Config) Validate() error {
	var errs []error
	bad := func(key, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", key, fmt.Sprintf(format, args...)))
	}
	s := c.ServiceSettings
	if s.SiteURL != "" {
		u, err := url.Parse(s.SiteURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			bad("ServiceSettings.SiteURL", "%q is not an http(s) URL", s.SiteURL)
		}
	}
	if _, _, err := net.SplitHostPort(s.ListenAddress); err != nil {
		bad("ServiceSettings.ListenAddress", "%q is not host:port: %v", s.ListenAddress, err)
	}
	for _, kv := range []struct {
		key string
		v   int
	}{
		{"ServiceSettings.SessionLengthWebInHours", s.SessionLengthWebInHours},
		{"ServiceSettings.SessionLengthMobileInHours", s.SessionLengthMobileInHours},
		{"ServiceSettings.SessionLengthSSOInHours", s.SessionLengthSSOInHours},
		{"ServiceSettings.MaximumLoginAttempts", s.MaximumLoginAttempts},
		{"ServiceSettings.MaximumURLLength", s.MaximumURLLength},
		{"ServiceSettings.ReadTimeout", s.ReadTimeout},
		{"ServiceSettings.WriteTimeout", s.WriteTimeout},
		{"ServiceSettings.IdleTimeout", s.IdleTimeout},
		{"ServiceSettings.ShutdownTimeoutSeconds", s.ShutdownTimeoutSeconds},
		{"SqlSettings.MaxOpenConns", c.SqlSettings.MaxOpenConns},
		{"SqlSettings.QueryTimeout", c.SqlSettings.QueryTimeout},
		{"TeamSettings.MaxUsersPerTeam", c.TeamSettings.MaxUsersPerTeam},
		{"TeamSettings.MaxChannelsPerTeam", c.TeamSettings.MaxChannelsPerTeam},
		{"EmailSettings.SMTPServerTimeout", c.EmailSettings.SMTPServerTimeout},
		{"RateLimitSettings.PerSec", c.RateLimitSettings.PerSec},
		{"RateLimitSettings.MaxBurst", c.RateLimitSettings.MaxBurst},
		{"RateLimitSettings.MemoryStoreSize", c.RateLimitSettings.MemoryStoreSize},
	} {
		if kv.v <= 0 {
			bad(kv.key, "must be a positive number, got %d", kv.v)
		}
	}
	if s.SessionCacheInMinutes < 0 {
		bad("ServiceSettings.SessionCacheInMinutes", "must not be negative, got %d", s.SessionCacheInMinutes)
	}
	if k := s.MfaSecretEncryptionKey; k != "" {
		if raw, err := base64.StdEncoding.DecodeString(k); err != nil || len(raw) != 32 {
			bad("ServiceSettings.MfaSecretEncryptionKey", "must be 32 bytes encoded in standard base64")
		}
	}
	rl := c.RateLimitSettings
	for _, kv := range []struct {
		key string
		v   int
	}{
		{"RateLimitSettings.AuthPerMinutePerIP", rl.AuthPerMinutePerIP},
		{"RateLimitSettings.AuthMaxBurstPerIP", rl.AuthMaxBurstPerIP},
		{"RateLimitSettings.AuthPerMinutePerAccount", rl.AuthPerMinutePerAccount},
		{"RateLimitSettings.AuthMaxBurstPerAccount", rl.AuthMaxBurstPerAccount},
	} {
		if kv.v < 0 {
			bad(kv.key, "must not be negative, got %d", kv.v)
		}
	}
	if rl.AuthPerMinutePerIP > 0 && rl.AuthMaxBurstPerIP == 0 {
		bad("RateLimitSettings.AuthMaxBurstPerIP", "must be positive when AuthPerMinutePerIP is set")
	}
	if rl.AuthPerMinutePerAccount > 0 && rl.AuthMaxBurstPerAccount == 0 {
		bad("RateLimitSettings.AuthMaxBurstPerAccount", "must be positive when AuthPerMinutePerAccount is set")
	}
	if s.MaximumPayloadSizeBytes <= 0 {
		bad("ServiceSettings.MaximumPayloadSizeBytes", "must be a positive number, got %d", s.MaximumPayloadSizeBytes)
	}

	q := c.SqlSettings
	switch q.DriverName {
	case "sqlite":
		if strings.TrimSpace(q.DataSource) == "" {
			bad("SqlSettings.DataSource", "must name a database file for the sqlite driver")
		}
	case "postgres":
		if !strings.HasPrefix(q.DataSource, "postgres://") && !strings.HasPrefix(q.DataSource, "postgresql://") {
			bad("SqlSettings.DataSource", "must be a postgres:// URL for the postgres driver")
		}
	default:
		bad("SqlSettings.DriverName", "%q is not supported (sqlite or postgres)", q.DriverName)
	}
	if q.MaxIdleConns < 0 {
		bad("SqlSettings.MaxIdleConns", "must not be negative, got %d", q.MaxIdleConns)
	}

	p := c.PasswordSettings
	if p.MinimumLength < 5 || p.MinimumLength > 72 {
		bad("PasswordSettings.MinimumLength", "must be between 5 and 72, got %d", p.MinimumLength)
	}
	if p.PBKDF2Iterations < 1000 {
		bad("PasswordSettings.PBKDF2Iterations", "must be at least 1000, got %d", p.PBKDF2Iterations)
	}

	switch c.TeamSettings.RestrictTeamInvite {
	case "all", "team_admin", "system_admin":
	default:
		bad("TeamSettings.RestrictTeamInvite", "%q is not one of all, team_admin, system_admin", c.TeamSettings.RestrictTeamInvite)
	}

	switch c.EmailSettings.ConnectionSecurity {
	case "", "TLS", "STARTTLS":
	default:
		bad("EmailSettings.ConnectionSecurity", "%q is not one of \"\", TLS, STARTTLS", c.EmailSettings.ConnectionSecurity)
	}

	f := c.FileSettings
	switch f.DriverName {
	case "", "local":
	default:
		bad("FileSettings.DriverName", "%q is not supported (local, or empty to disable uploads)", f.DriverName)
	}
	if f.MaxFileSize <= 0 {
		bad("FileSettings.MaxFileSize", "must be a positive number, got %d", f.MaxFileSize)
	}
	if f.MaxImageResolution <= 0 {
		bad("FileSettings.MaxImageResolution", "must be a positive number, got %d", f.MaxImageResolution)
	}

	switch strings.ToUpper(c.LogSettings.ConsoleLevel) {
	case "DEBUG", "INFO", "WARN", "ERROR":
	default:
		bad("LogSettings.ConsoleLevel", "%q is not one of DEBUG, INFO, WARN, ERROR", c.LogSettings.ConsoleLevel)
	}
	return errors.Join(errs...)
}

// RestrictedDomains returns the list in TeamSettings.RestrictCreationToDomains.
func (c *Config) RestrictedDomains() []string {
	return strings.FieldsFunc(c.TeamSettings.RestrictCreationToDomains, func(r rune) bool {
		return r == ',' || r == ' '
	})
}
