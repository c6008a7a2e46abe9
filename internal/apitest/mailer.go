package apitest

import (
	"net/url"
	"testing"
	"time"

	"roster/internal/app"

	"roster/internal/config"
	"roster/internal/mail"
)

// mailer is the real SMTP mailer built from the test's EmailSettings, as cmd/roster builds
// it; tests point EmailSettings at an smtptest server.
func mailer(cfg config.Config) *mail.SMTP {
	e := cfg.EmailSettings
	host := ""
	if u, err := url.Parse(cfg.ServiceSettings.SiteURL); err == nil {
		host = u.Hostname()
	}
	return mail.New(mail.Config{
		Server: e.SMTPServer, Port: e.SMTPPort,
		ConnectionSecurity: e.ConnectionSecurity, SkipServerCertificateVerification: e.SkipServerCertificateVerification,
		EnableAuth: e.EnableSMTPAuth, Username: e.SMTPUsername, Password: e.SMTPPassword,
		Timeout:  time.Duration(e.SMTPServerTimeout) * time.Second,
		FromName: e.FeedbackName, FromAddress: e.FeedbackEmail, ReplyTo: e.ReplyToAddress,
		Hostname: host,
	})
}

// StartWithSMTP is Start with the real SMTP mailer, configured from the test's
// EmailSettings (point them at an smtptest server in mutate).
func StartWithSMTP(t testing.TB, driver string, mutate func(*config.Config)) *Server {
	t.Helper()
	cfg := Config()
	if mutate != nil {
		mutate(&cfg)
	}
	return StartWith(t, driver, mutate, app.Options{Mailer: mailer(cfg)})
}
