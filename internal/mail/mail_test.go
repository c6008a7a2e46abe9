package mail_test

import (
	"context"
	"errors"
	"mime"
	"net"
	netmail "net/mail"
	"regexp"
	"strings"
	"testing"
	"time"

	"roster/internal/mail"
	"roster/internal/mail/smtptest"
)

func config(s *smtptest.Server) mail.Config {
	return mail.Config{
		Server: s.Host, Port: s.Port, Timeout: 5 * time.Second,
		FromName: "Roster Team", FromAddress: "feedback@example.com", Hostname: "chat.example.com",
	}
}

const (
	subject = "Invitation — café ✓"
	text    = "Hello Zoë,\n.a line starting with a dot\n" +
		"a long line that goes on and on well past the seventy-six characters quoted-printable allows per line\n" +
		"https://chat.example.com/signup_user_complete/?d=%7B%22a%22%3D1%7D&t=abc"
	html = `<p>Hello Zoë, <a href="https://chat.example.com/signup_user_complete/?t=abc">Join now</a></p>`
)

func TestSendPlain(t *testing.T) {
	t.Parallel()
	s := smtptest.Start(t, smtptest.Options{})
	m := mail.New(config(s))
	if err := m.SendMail(context.Background(), "Zoë <zoe@example.org>", subject, text, html); err != nil {
		t.Fatalf("SendMail: %v", err)
	}
	got := s.Wait(t, 5*time.Second)
	if got.From != "feedback@example.com" || len(got.To) != 1 || got.To[0] != "zoe@example.org" || got.TLS || got.Auth != "" {
		t.Errorf("envelope %+v", got)
	}
	p, err := got.Parse()
	if err != nil {
		t.Fatalf("parse: %v\n%s", err, got.Data)
	}
	if p.Subject != subject {
		t.Errorf("subject %q", p.Subject)
	}
	raw := string(got.Data)
	if !strings.Contains(raw, "Subject: =?utf-8?q?") {
		t.Errorf("subject is not RFC 2047 encoded:\n%s", raw)
	}
	for _, line := range strings.Split(raw, "\r\n") {
		if len(line) > 78 {
			t.Errorf("line longer than 78 characters: %q", line)
		}
	}
	if strings.Contains(strings.ReplaceAll(raw, "\r\n", ""), "\n") {
		t.Error("bare LF in the message")
	}
	from, err := netmail.ParseAddress(p.Header.Get("From"))
	if err != nil || from.Name != "Roster Team" || from.Address != "feedback@example.com" {
		t.Errorf("From %q: %v", p.Header.Get("From"), err)
	}
	to, err := netmail.ParseAddress(p.Header.Get("To"))
	if err != nil || to.Address != "zoe@example.org" || to.Name != "Zoë" {
		t.Errorf("To %q: %v", p.Header.Get("To"), err)
	}
	if d, err := p.Header.Date(); err != nil || time.Since(d) > time.Minute {
		t.Errorf("Date %q: %v", p.Header.Get("Date"), err)
	}
	if !regexp.MustCompile(`^<[0-9a-f]{32}@chat\.example\.com>$`).MatchString(p.Header.Get("Message-ID")) {
		t.Errorf("Message-ID %q", p.Header.Get("Message-ID"))
	}
	if p.Header.Get("MIME-Version") != "1.0" || p.Header.Get("Auto-Submitted") != "auto-generated" {
		t.Errorf("headers %v", p.Header)
	}
	if want := strings.ReplaceAll(text, "\n", "\r\n"); p.Text != want {
		t.Errorf("text part %q, want %q", p.Text, want)
	}
	if p.HTML != html {
		t.Errorf("html part %q", p.HTML)
	}
}

func TestSecurityAndAuth(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		opts    smtptest.Options
		mutate  func(*mail.Config, *smtptest.Server)
		wantErr string // empty: delivered
		wantTLS bool
	}{
		{
			name: "starttls with auth plain, verified certificate",
			opts: smtptest.Options{StartTLS: true, RequireTLS: true, Username: "bot", Password: "s3cret-pw"},
			mutate: func(c *mail.Config, s *smtptest.Server) {
				c.ConnectionSecurity, c.RootCAs = mail.SecurityStartTLS, s.RootCAs
				c.EnableAuth, c.Username, c.Password = true, "bot", "s3cret-pw"
			},
			wantTLS: true,
		},
		{
			name: "implicit tls with auth login",
			opts: smtptest.Options{ImplicitTLS: true, Username: "bot", Password: "s3cret-pw", AuthMechanisms: "LOGIN"},
			mutate: func(c *mail.Config, s *smtptest.Server) {
				c.ConnectionSecurity, c.RootCAs = mail.SecurityTLS, s.RootCAs
				c.EnableAuth, c.Username, c.Password = true, "bot", "s3cret-pw"
			},
			wantTLS: true,
		},
		{
			name:    "untrusted certificate refused",
			opts:    smtptest.Options{StartTLS: true},
			mutate:  func(c *mail.Config, s *smtptest.Server) { c.ConnectionSecurity = mail.SecurityStartTLS },
			wantErr: "certificate",
		},
		{
			name: "untrusted certificate accepted when verification is skipped",
			opts: smtptest.Options{ImplicitTLS: true},
			mutate: func(c *mail.Config, s *smtptest.Server) {
				c.ConnectionSecurity, c.SkipServerCertificateVerification = mail.SecurityTLS, true
			},
			wantTLS: true,
		},
		{
			name:    "starttls not offered",
			opts:    smtptest.Options{},
			mutate:  func(c *mail.Config, s *smtptest.Server) { c.ConnectionSecurity = mail.SecurityStartTLS },
			wantErr: "STARTTLS",
		},
		{
			name: "auth over plain text to localhost is allowed",
			opts: smtptest.Options{Username: "bot", Password: "s3cret-pw"},
			mutate: func(c *mail.Config, s *smtptest.Server) {
				c.EnableAuth, c.Username, c.Password = true, "bot", "s3cret-pw"
			},
		},
		{
			name: "auth over plain text to another host is refused",
			opts: smtptest.Options{Addr: "127.0.0.2:0", Username: "bot", Password: "s3cret-pw"},
			mutate: func(c *mail.Config, s *smtptest.Server) {
				c.EnableAuth, c.Username, c.Password = true, "bot", "s3cret-pw"
			},
			wantErr: "unencrypted connection",
		},
		{
			name: "login over plain text to another host is refused",
			opts: smtptest.Options{Addr: "127.0.0.2:0", Username: "bot", Password: "s3cret-pw", AuthMechanisms: "LOGIN"},
			mutate: func(c *mail.Config, s *smtptest.Server) {
				c.EnableAuth, c.Username, c.Password = true, "bot", "s3cret-pw"
			},
			wantErr: "unencrypted connection",
		},
		{
			name: "wrong password",
			opts: smtptest.Options{StartTLS: true, Username: "bot", Password: "s3cret-pw"},
			mutate: func(c *mail.Config, s *smtptest.Server) {
				c.ConnectionSecurity, c.RootCAs = mail.SecurityStartTLS, s.RootCAs
				c.EnableAuth, c.Username, c.Password = true, "bot", "not-the-password"
			},
			wantErr: "535",
		},
		{
			name:    "server requires auth the client does not do",
			opts:    smtptest.Options{Username: "bot", Password: "s3cret-pw"},
			mutate:  func(c *mail.Config, s *smtptest.Server) {},
			wantErr: "530",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := smtptest.Start(t, tc.opts)
			cfg := config(s)
			tc.mutate(&cfg, s)
			err := mail.New(cfg).SendMail(context.Background(), "zoe@example.org", "Hi", "text", "<p>html</p>")
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want one mentioning %q", err, tc.wantErr)
				}
				if strings.Contains(err.Error(), cfg.Password) && cfg.Password != "" {
					t.Errorf("the error reveals the password: %v", err)
				}
				if got := s.Received(); len(got) != 0 {
					t.Errorf("a message was delivered anyway")
				}
				return
			}
			if err != nil {
				t.Fatalf("SendMail: %v", err)
			}
			got := s.Wait(t, 5*time.Second)
			if got.TLS != tc.wantTLS || (cfg.EnableAuth && got.Auth != cfg.Username) {
				t.Errorf("delivered with TLS=%v auth=%q", got.TLS, got.Auth)
			}
		})
	}
}

func TestServerFailures(t *testing.T) {
	t.Parallel()
	s := smtptest.Start(t, smtptest.Options{})
	m := mail.New(config(s))
	send := func() error {
		return m.SendMail(context.Background(), "zoe@example.org", "Hi", "text", "<p>html</p>")
	}
	for _, tc := range []struct{ stage, want string }{
		{"rcpt", "550"}, {"data", "554"}, {"connect", "EOF"},
	} {
		s.Fail(tc.stage)
		if err := send(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("failing at %s: error %v, want %q", tc.stage, err, tc.want)
		}
	}
	s.Fail("")
	if err := send(); err != nil {
		t.Errorf("after recovery: %v", err)
	}
	if n := len(s.Received()); n != 1 {
		t.Errorf("received %d messages, want only the last one", n)
	}

	// Nothing listening.
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	ln.Close()
	cfg := config(s)
	cfg.Port = port
	if err := mail.New(cfg).SendMail(context.Background(), "zoe@example.org", "Hi", "t", "h"); err == nil || !strings.Contains(err.Error(), "connect") {
		t.Errorf("closed port: %v", err)
	}
}

// A server that accepts and then says nothing is given up after the timeout, and a
// cancelled context stops the exchange too.
func TestTimeoutAndCancel(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() { time.Sleep(5 * time.Second); c.Close() }()
		}
	}()
	host, port, _ := net.SplitHostPort(ln.Addr().String())
	cfg := mail.Config{Server: host, Port: port, Timeout: 300 * time.Millisecond, FromAddress: "a@example.com"}
	start := time.Now()
	err = mail.New(cfg).SendMail(context.Background(), "zoe@example.org", "Hi", "t", "h")
	if err == nil || time.Since(start) > 3*time.Second {
		t.Errorf("silent server: %v after %v", err, time.Since(start))
	}
	cfg.Timeout = time.Minute
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start = time.Now()
	err = mail.New(cfg).SendMail(ctx, "zoe@example.org", "Hi", "t", "h")
	if err == nil || !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 3*time.Second {
		t.Errorf("cancelled: %v after %v", err, time.Since(start))
	}
}

func TestInvalidInput(t *testing.T) {
	t.Parallel()
	s := smtptest.Start(t, smtptest.Options{})
	m := mail.New(config(s))
	for _, tc := range []struct{ to, subject string }{
		{"not an address", "Hi"},
		{"zoe@example.org", "Hi\r\nBcc: victim@example.org"},
	} {
		if err := m.SendMail(context.Background(), tc.to, tc.subject, "t", "h"); err == nil {
			t.Errorf("SendMail(%q, %q) succeeded", tc.to, tc.subject)
		}
	}
	cfg := config(s)
	cfg.FromAddress = "nobody"
	if err := mail.New(cfg).SendMail(context.Background(), "zoe@example.org", "Hi", "t", "h"); err == nil || !strings.Contains(err.Error(), "FeedbackEmail") {
		t.Errorf("bad sender: %v", err)
	}
	if n := len(s.Received()); n != 0 {
		t.Errorf("%d messages delivered", n)
	}
}

func TestBuildFoldsLongHeaders(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("Ünïcödé wörds ", 12)
	msg, err := mail.Build(mail.Message{
		From: netmail.Address{Name: long, Address: "a@example.com"}, To: netmail.Address{Address: "b@example.com"},
		Subject: long, Text: "t", HTML: "h", Date: time.Now(),
	})
	if err != nil {
		t.Fatal(err)
	}
	head, _, _ := strings.Cut(string(msg), "\r\n\r\n")
	for _, line := range strings.Split(head, "\r\n") {
		if len(line) > 78 {
			t.Errorf("header line of %d characters: %q", len(line), line)
		}
	}
	m, err := netmail.ReadMessage(strings.NewReader(string(msg)))
	if err != nil {
		t.Fatal(err)
	}
	subj, err := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	if err != nil || subj != long {
		t.Errorf("folded subject decodes to %q (%v)", subj, err)
	}
	from, err := m.Header.AddressList("From")
	if err != nil || len(from) != 1 || from[0].Name != long {
		t.Errorf("folded From %v (%v)", from, err)
	}
}
