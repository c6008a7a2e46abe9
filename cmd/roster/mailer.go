package main

import (
	"net/url"
	"time"

	"roster/internal/config"
	"roster/internal/mail"
)

// newMailer builds the SMTP mailer from EmailSettings; the EHLO and Message-ID host name is
// SiteURL's host.
func newMailer(cfg config.Config) *mail.SMTP {
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
