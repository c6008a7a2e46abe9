package api_test

import (
	"context"
	"html"
	"log/slog"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"roster/internal/apitest"
	"roster/internal/app"
	"roster/internal/config"
	"roster/internal/mail"
	"roster/internal/mail/smtptest"
	"roster/internal/store/storetest"
)

// mailEnv is a server whose mail goes through the real SMTP client to an in-process SMTP
// server, with SiteURL https://chat.example.com, site name Roster and its log kept.
type mailEnv struct {
	*apitest.Server
	smtp *smtptest.Server
	logs *syncBuffer

	mu      sync.Mutex
	backlog []received // messages received and not yet taken
}

type received struct {
	To string
	smtptest.Parsed
}

func newMailEnv(t *testing.T, driver string, mutate func(*config.Config)) *mailEnv {
	t.Helper()
	smtp := smtptest.Start(t, smtptest.Options{})
	return newMailEnvWith(t, driver, smtp.Host, smtp.Port, smtp, 5*time.Second, mutate)
}

// newMailEnvWith points the mailer at host:port (smtp may be nil when nothing there is an
// smtptest server).
func newMailEnvWith(t *testing.T, driver, host, port string, smtp *smtptest.Server, timeout time.Duration, mutate func(*config.Config)) *mailEnv {
	t.Helper()
	logs := &syncBuffer{}
	mailer := mail.New(mail.Config{Server: host, Port: port, Timeout: timeout,
		FromName: "Roster", FromAddress: "noreply@example.com", Hostname: "chat.example.com"})
	s := apitest.StartWith(t, driver, func(c *config.Config) {
		c.ServiceSettings.SiteURL = "https://chat.example.com"
		c.TeamSettings.SiteName = "Roster"
		c.EmailSettings.SMTPServer, c.EmailSettings.SMTPPort = host, port
		c.LogSettings.ConsoleLevel = "DEBUG"
		if mutate != nil {
			mutate(c)
		}
	}, app.Options{Mailer: mailer, Logger: slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	return &mailEnv{Server: s, smtp: smtp, logs: logs}
}

// forEachMailEnv runs fn against a fresh mailEnv per database kind.
func forEachMailEnv(t *testing.T, mutate func(*config.Config), fn func(t *testing.T, e *mailEnv)) {
	t.Helper()
	for _, d := range storetest.Drivers {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			fn(t, newMailEnv(t, d, mutate))
		})
	}
}

// collect moves what the SMTP server received into the backlog.
func (e *mailEnv) collect(t *testing.T) {
	t.Helper()
	for _, m := range e.smtp.Received() {
		p, err := m.Parse()
		if err != nil {
			t.Fatalf("parse message: %v", err)
		}
		if len(m.To) != 1 {
			t.Fatalf("message to %v: want one recipient", m.To)
		}
		e.mu.Lock()
		e.backlog = append(e.backlog, received{To: m.To[0], Parsed: p})
		e.mu.Unlock()
	}
}

// mail waits up to 10 s for a message to addr whose subject contains subject and takes it;
// other messages stay for later calls.
func (e *mailEnv) mail(t *testing.T, to, subject string) received {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		e.collect(t)
		e.mu.Lock()
		for i, m := range e.backlog {
			if strings.EqualFold(m.To, to) && strings.Contains(m.Subject, subject) {
				e.backlog = append(e.backlog[:i], e.backlog[i+1:]...)
				e.mu.Unlock()
				return m
			}
		}
		e.mu.Unlock()
		if time.Now().After(deadline) {
			t.Fatalf("no message to %s with subject %q after 10s (have %d others)", to, subject, len(e.backlog))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// settle waits for the app's background work (App.Close waits for it) and returns every
// message not taken yet. The server answers no request that would send mail afterwards.
func (e *mailEnv) settle(t *testing.T) []received {
	t.Helper()
	if err := e.App.Close(context.Background()); err != nil {
		t.Fatalf("close: %v", err)
	}
	e.collect(t)
	e.mu.Lock()
	defer e.mu.Unlock()
	out := e.backlog
	e.backlog = nil
	return out
}

func subjects(ms []received) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.To+": "+m.Subject)
	}
	return out
}

var verifyLinkRE = regexp.MustCompile(`https://chat\.example\.com/do_verify_email\?token=([a-z0-9]{64})&email=(\S+)`)

// verifyLink returns the token and address of the verification link in a message, checking
// that the HTML part carries the same link.
func verifyLink(t *testing.T, m received) (token, email string) {
	t.Helper()
	match := verifyLinkRE.FindStringSubmatch(m.Text)
	if match == nil {
		t.Fatalf("no verification link in %q", m.Text)
	}
	if !strings.Contains(m.HTML, `href="`+html.EscapeString(match[0])+`"`) {
		t.Errorf("the HTML part lacks the link %s:\n%s", match[0], m.HTML)
	}
	email, err := url.QueryUnescape(match[2])
	if err != nil {
		t.Fatalf("email in link: %v", err)
	}
	return match[1], email
}
