// Package mail sends email over SMTP as Mattermost's EmailSettings describe: a plain,
// implicit-TLS or STARTTLS connection, optional authentication (refused over an
// unencrypted connection except to the local host), and multipart/alternative messages
// with a text and an HTML part.
package mail

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	netmail "net/mail"
	"net/smtp"
	"strings"
	"time"
)

// Connection security values (EmailSettings.ConnectionSecurity).
const (
	SecurityNone     = ""
	SecurityTLS      = "TLS"
	SecurityStartTLS = "STARTTLS"
)

// Config is what the SMTP client needs; cmd fills it from EmailSettings.
type Config struct {
	Server string // SMTPServer
	Port   string // SMTPPort

	ConnectionSecurity                string // "", "TLS" or "STARTTLS"
	SkipServerCertificateVerification bool
	// RootCAs, when set, replaces the system roots for verifying the server (tests).
	RootCAs *x509.CertPool

	EnableAuth bool // EnableSMTPAuth
	Username   string
	Password   string

	// Timeout bounds the whole exchange with the server (SMTPServerTimeout).
	Timeout time.Duration

	FromName    string // FeedbackName
	FromAddress string // FeedbackEmail
	ReplyTo     string // ReplyToAddress, optional

	// Hostname is sent in EHLO and used in Message-ID (the SiteURL host); "localhost" when
	// empty.
	Hostname string
}

// SMTP is the mailer. It holds no connection: each message is one SMTP session.
type SMTP struct {
	cfg Config
	now func() time.Time
}

// New returns a mailer for cfg.
func New(cfg Config) *SMTP {
	if cfg.Timeout <= 0 {
		cfg.Timeout = 10 * time.Second
	}
	if cfg.Hostname == "" {
		cfg.Hostname = "localhost"
	}
	return &SMTP{cfg: cfg, now: time.Now}
}

// SendMail delivers one message to one recipient. The error says which step failed; it
// never contains the SMTP password.
func (m *SMTP) SendMail(ctx context.Context, to, subject, textBody, htmlBody string) error {
	rcpt, err := netmail.ParseAddress(to)
	if err != nil {
		return fmt.Errorf("mail: invalid recipient %q: %w", to, err)
	}
	from, err := netmail.ParseAddress(m.cfg.FromAddress)
	if err != nil {
		return fmt.Errorf("mail: invalid sender address (EmailSettings.FeedbackEmail) %q: %w", m.cfg.FromAddress, err)
	}
	msg, err := Build(Message{
		From: netmail.Address{Name: m.cfg.FromName, Address: from.Address}, To: *rcpt, ReplyTo: m.cfg.ReplyTo,
		Subject: subject, Text: textBody, HTML: htmlBody, Date: m.now(), Hostname: m.cfg.Hostname,
	})
	if err != nil {
		return err
	}
	return m.send(ctx, from.Address, rcpt.Address, msg)
}

func (m *SMTP) tlsConfig() *tls.Config {
	return &tls.Config{
		ServerName:         m.cfg.Server,
		InsecureSkipVerify: m.cfg.SkipServerCertificateVerification, // the administrator's choice
		RootCAs:            m.cfg.RootCAs,
		MinVersion:         tls.VersionTLS12,
	}
}

func (m *SMTP) send(ctx context.Context, from, to string, msg []byte) error {
	addr := net.JoinHostPort(m.cfg.Server, m.cfg.Port)
	ctx, cancel := context.WithTimeout(ctx, m.cfg.Timeout)
	defer cancel()
	dialer := &net.Dialer{}
	conn, err := dialer.DialContext(ctx, "tcp", addr)
	if err != nil {
		return fmt.Errorf("mail: connect to %s: %w", addr, err)
	}
	// The deadline covers every read and write; cancelling ctx interrupts them at once.
	deadline, _ := ctx.Deadline()
	if err := conn.SetDeadline(deadline); err != nil {
		conn.Close()
		return fmt.Errorf("mail: set deadline: %w", err)
	}
	stop := context.AfterFunc(ctx, func() { _ = conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()

	step := func(what string, err error) error {
		if err == nil {
			return nil
		}
		switch {
		case ctx.Err() != nil:
			err = errors.Join(err, ctx.Err())
		case !time.Now().Before(deadline):
			err = errors.Join(err, context.DeadlineExceeded)
		}
		return fmt.Errorf("mail: %s (%s): %w", what, addr, err)
	}
	if m.cfg.ConnectionSecurity == SecurityTLS {
		tc := tls.Client(conn, m.tlsConfig())
		if err := tc.HandshakeContext(ctx); err != nil {
			conn.Close()
			return step("TLS handshake", err)
		}
		conn = tc
	}
	c, err := smtp.NewClient(conn, m.cfg.Server)
	if err != nil {
		conn.Close()
		return step("greeting", err)
	}
	defer c.Close()
	if err := step("EHLO", c.Hello(m.cfg.Hostname)); err != nil {
		return err
	}
	if m.cfg.ConnectionSecurity == SecurityStartTLS {
		if ok, _ := c.Extension("STARTTLS"); !ok {
			return step("STARTTLS", errors.New("the server does not offer STARTTLS"))
		}
		if err := step("STARTTLS", c.StartTLS(m.tlsConfig())); err != nil {
			return err
		}
	}
	if m.cfg.EnableAuth {
		if err := step("AUTH", m.auth(c)); err != nil {
			return err
		}
	}
	if err := step("MAIL FROM", c.Mail(from)); err != nil {
		return err
	}
	if err := step("RCPT TO", c.Rcpt(to)); err != nil {
		return err
	}
	w, err := c.Data()
	if err := step("DATA", err); err != nil {
		return err
	}
	if _, err := w.Write(msg); err != nil {
		return step("DATA", err)
	}
	if err := step("end of DATA", w.Close()); err != nil {
		return err
	}
	// The message is accepted; a failing QUIT does not make it unsent.
	_ = c.Quit()
	return nil
}

// auth authenticates with PLAIN, or LOGIN when the server offers only that. Both refuse to
// send the password over an unencrypted connection to anything but the local host.
func (m *SMTP) auth(c *smtp.Client) error {
	ok, mechs := c.Extension("AUTH")
	if !ok {
		return errors.New("the server does not offer authentication")
	}
	offered := strings.Fields(strings.ToUpper(mechs))
	has := func(mech string) bool {
		for _, o := range offered {
			if o == mech {
				return true
			}
		}
		return false
	}
	switch {
	case has("PLAIN"):
		return c.Auth(smtp.PlainAuth("", m.cfg.Username, m.cfg.Password, m.cfg.Server))
	case has("LOGIN"):
		return c.Auth(&loginAuth{username: m.cfg.Username, password: m.cfg.Password, host: m.cfg.Server})
	}
	return fmt.Errorf("no supported authentication mechanism among %q", mechs)
}

// loginAuth is the LOGIN mechanism (Office 365 and others), with smtp.PlainAuth's rule
// about unencrypted connections.
type loginAuth struct {
	username, password, host string
}

func (a *loginAuth) Start(server *smtp.ServerInfo) (string, []byte, error) {
	if !server.TLS && !isLocalhost(server.Name) {
		return "", nil, errors.New("unencrypted connection")
	}
	if server.Name != a.host {
		return "", nil, errors.New("wrong host name")
	}
	return "LOGIN", nil, nil
}

func (a *loginAuth) Next(fromServer []byte, more bool) ([]byte, error) {
	if !more {
		return nil, nil
	}
	switch strings.ToLower(strings.TrimSpace(string(fromServer))) {
	case "username:", "user name:", "username":
		return []byte(a.username), nil
	case "password:", "password":
		return []byte(a.password), nil
	}
	return nil, fmt.Errorf("unexpected LOGIN challenge %q", fromServer)
}

func isLocalhost(name string) bool {
	return name == "localhost" || name == "127.0.0.1" || name == "::1"
}
