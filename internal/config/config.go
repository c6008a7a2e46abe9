// Package config reads Roster's settings: Mattermost config.json section and key names, from
// built-in defaults, an optional JSON file and MM_SECTION_KEY environment variables, in that
// order. It returns a value; nothing here is global.
package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"reflect"
	"strconv"
	"strings"
)

// Config holds every setting Roster supports, under Mattermost's names.
type Config struct {
	ServiceSettings   ServiceSettings
	SqlSettings       SqlSettings
	PasswordSettings  PasswordSettings
	PrivacySettings   PrivacySettings
	TeamSettings      TeamSettings
	EmailSettings     EmailSettings
	FileSettings      FileSettings
	RateLimitSettings RateLimitSettings
	LogSettings       LogSettings
	MetricsSettings   MetricsSettings
}

type ServiceSettings struct {
	SiteURL                           string
	ListenAddress                     string
	ReadTimeout                       int
	WriteTimeout                      int
	IdleTimeout                       int
	SessionLengthWebInHours           int
	SessionLengthMobileInHours        int
	SessionLengthSSOInHours           int
	SessionCacheInMinutes             int
	ExtendSessionLengthWithActivity   bool
	TerminateSessionsOnPasswordChange bool
	MaximumLoginAttempts              int
	EnableMultifactorAuthentication   bool
	EnforceMultifactorAuthentication  bool
	EnableUserAccessTokens            bool
	EnableAPIUserDeletion             bool
	EnableAPITeamDeletion             bool
	EnableEmailInvitations            bool
	ExperimentalStrictCSRFEnforcement bool
	EnableDeveloper                   bool
	MaximumPayloadSizeBytes           int64
	MaximumURLLength                  int
	TrustedProxyIPHeader              []string
	AllowCookiesForSubdomains         bool
	TLSStrictTransport                bool
	ShutdownTimeoutSeconds            int
	// MfaSecretEncryptionKey is Roster's own (Mattermost has none): a base64-encoded 32-byte
	// key. When set, MFA secrets are stored encrypted with AES-256-GCM (values prefixed
	// "enc:v1:", bound to the user id); secrets stored earlier in plaintext still work and are
	// encrypted the next time they are used. When empty, secrets are stored as Mattermost
	// stores them (base32 plaintext).
	MfaSecretEncryptionKey string
}

type SqlSettings struct {
	DriverName                  string
	DataSource                  string
	MaxOpenConns                int
	MaxIdleConns                int
	ConnMaxLifetimeMilliseconds int
	QueryTimeout                int
}

type PasswordSettings struct {
	MinimumLength    int
	Lowercase        bool
	Number           bool
	Uppercase        bool
	Symbol           bool
	EnableForgotLink bool
	// PBKDF2Iterations is Roster's own: the work factor for new password hashes. The default
	// is Mattermost's; only tests lower it.
	PBKDF2Iterations int
}

type PrivacySettings struct {
	ShowEmailAddress bool
	ShowFullName     bool
}

type TeamSettings struct {
	SiteName                         string
	MaxUsersPerTeam                  int
	EnableUserCreation               bool
	EnableOpenServer                 bool
	RestrictCreationToDomains        string
	EnableUserDeactivation           bool
	MaxChannelsPerTeam               int
	ExperimentalViewArchivedChannels bool
	ExperimentalDefaultChannels      []string
	// RestrictTeamInvite: who may invite by email: "all" members with invite_user,
	// "team_admin" (also manage_team on the team) or "system_admin" (manage_system).
	// Mattermost replaced it with role permissions; Roster honours it when set.
	RestrictTeamInvite string
}

type EmailSettings struct {
	EnableSignUpWithEmail             bool
	EnableSignInWithEmail             bool
	EnableSignInWithUsername          bool
	RequireEmailVerification          bool
	SendEmailNotifications            bool
	FeedbackName                      string
	FeedbackEmail                     string
	ReplyToAddress                    string
	EnableSMTPAuth                    bool
	SMTPUsername                      string
	SMTPPassword                      string
	SMTPServer                        string
	SMTPPort                          string
	SMTPServerTimeout                 int
	ConnectionSecurity                string
	SkipServerCertificateVerification bool
}

type FileSettings struct {
	DriverName         string
	Directory          string
	MaxFileSize        int64
	MaxImageResolution int64
}

type RateLimitSettings struct {
	Enable           bool
	PerSec           int
	MaxBurst         int
	MemoryStoreSize  int
	VaryByRemoteAddr bool
	VaryByUser       bool
	VaryByHeader     string

	// Roster's own limits on guessing credentials (login, MFA codes, password change and the
	// password reset flow). They apply whatever Enable says; a rate of 0 turns that limit off.
	// Each is counted per client address and per account (login id, email or user id), in
	// memory on each node. Rates are requests per minute; bursts are how many may come at once.
	AuthPerMinutePerIP      int
	AuthMaxBurstPerIP       int
	AuthPerMinutePerAccount int
	AuthMaxBurstPerAccount  int
}

type LogSettings struct {
	ConsoleLevel string
	ConsoleJson  bool
}

type MetricsSettings struct {
	Enable bool
}

// Default returns the built-in settings: Mattermost's defaults, except that Roster listens on
// loopback and uses an embedded SQLite database under ./data/.
func Default() Config {
	return Config{
		ServiceSettings: ServiceSettings{
			ListenAddress:                     "127.0.0.1:8065",
			ReadTimeout:                       300,
			WriteTimeout:                      300,
			IdleTimeout:                       60,
			SessionLengthWebInHours:           720,
			SessionLengthMobileInHours:        720,
			SessionLengthSSOInHours:           720,
			SessionCacheInMinutes:             10,
			ExtendSessionLengthWithActivity:   true,
			TerminateSessionsOnPasswordChange: true,
			MaximumLoginAttempts:              10,
			MaximumPayloadSizeBytes:           300000,
			MaximumURLLength:                  2048,
			TrustedProxyIPHeader:              []string{},
			ShutdownTimeoutSeconds:            15,
		},
		SqlSettings: SqlSettings{
			DriverName:                  "sqlite",
			DataSource:                  "./data/roster.db",
			MaxOpenConns:                20,
			MaxIdleConns:                20,
			ConnMaxLifetimeMilliseconds: 3600000,
			QueryTimeout:                30,
		},
		PasswordSettings: PasswordSettings{
			MinimumLength:    8,
			EnableForgotLink: true,
			PBKDF2Iterations: 600000,
		},
		PrivacySettings: PrivacySettings{ShowEmailAddress: true, ShowFullName: true},
		TeamSettings: TeamSettings{
			SiteName:                         "Roster",
			MaxUsersPerTeam:                  50,
			EnableUserCreation:               true,
			RestrictTeamInvite:               "all",
			MaxChannelsPerTeam:               2000,
			ExperimentalViewArchivedChannels: true,
			ExperimentalDefaultChannels:      []string{},
		},
		EmailSettings: EmailSettings{
			EnableSignUpWithEmail:    true,
			EnableSignInWithEmail:    true,
			EnableSignInWithUsername: true,
			SendEmailNotifications:   true,
			FeedbackEmail:            "test@example.com",
			SMTPServer:               "localhost",
			SMTPPort:                 "10025",
			SMTPServerTimeout:        10,
		},
		FileSettings: FileSettings{
			DriverName:         "local",
			Directory:          "./data/",
			MaxFileSize:        104857600,
			MaxImageResolution: 33177600,
		},
		RateLimitSettings: RateLimitSettings{PerSec: 10, MaxBurst: 100, MemoryStoreSize: 10000, VaryByRemoteAddr: true,
			AuthPerMinutePerIP: 300, AuthMaxBurstPerIP: 100, AuthPerMinutePerAccount: 10, AuthMaxBurstPerAccount: 10},
		LogSettings:     LogSettings{ConsoleLevel: "INFO", ConsoleJson: true},
		MetricsSettings: MetricsSettings{Enable: true},
	}
}

// Load builds the configuration: defaults, then the JSON file at path (if path is not
// empty), then the environment (entries of the form MM_SECTION_KEY=value). The result is
// validated; every error names the offending key.
func Load(path string, environ []string) (Config, error) {
	cfg := Default()
	if path != "" {
		data, err := os.ReadFile(path)
		if err != nil {
			return cfg, fmt.Errorf("read config file: %w", err)
		}
		if err := decodeFile(data, &cfg); err != nil {
			return cfg, fmt.Errorf("config file %s: %w", path, err)
		}
	}
	if err := applyEnv(&cfg, environ); err != nil {
		return cfg, err
	}
	if err := cfg.Validate(); err != nil {
		return cfg, err
	}
	return cfg, nil
}

func decodeFile(data []byte, cfg *Config) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(cfg); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return fmt.Errorf("%s: expected %s, got JSON %s", te.Field, te.Type, te.Value)
		}
		// "json: unknown field "X"" names the key already.
		return err
	}
	if dec.More() {
		return errors.New("trailing data after the JSON object")
	}
	return nil
}

// applyEnv sets every field for which MM_<SECTION>_<KEY> is present. Lists are
// space-separated, as in Mattermost.
func applyEnv(cfg *Config, environ []string) error {
	env := map[string]string{}
	for _, kv := range environ {
		if k, v, ok := strings.Cut(kv, "="); ok && strings.HasPrefix(k, "MM_") {
			env[k] = v
		}
	}
	if len(env) == 0 {
		return nil
	}
	root := reflect.ValueOf(cfg).Elem()
	var errs []error
	for i := 0; i < root.NumField(); i++ {
		section := root.Type().Field(i).Name
		sv := root.Field(i)
		for j := 0; j < sv.NumField(); j++ {
			key := sv.Type().Field(j).Name
			name := "MM_" + strings.ToUpper(section) + "_" + strings.ToUpper(key)
			raw, ok := env[name]
			if !ok {
				continue
			}
			if err := setField(sv.Field(j), raw); err != nil {
				errs = append(errs, fmt.Errorf("%s.%s (from %s): %w", section, key, name, err))
			}
		}
	}
	return errors.Join(errs...)
}

func setField(f reflect.Value, raw string) error {
	switch f.Kind() {
	case reflect.String:
		f.SetString(raw)
	case reflect.Bool:
		b, err := strconv.ParseBool(strings.TrimSpace(raw))
		if err != nil {
			return fmt.Errorf("%q is not a boolean", raw)
		}
		f.SetBool(b)
	case reflect.Int, reflect.Int64:
		n, err := strconv.ParseInt(strings.TrimSpace(raw), 10, 64)
		if err != nil {
			return fmt.Errorf("%q is not an integer", raw)
		}
		f.SetInt(n)
	case reflect.Slice:
		f.Set(reflect.ValueOf(strings.Fields(raw)))
	default:
		return fmt.Errorf("unsupported setting type %s", f.Kind())
	}
	return nil
}
