package api_test

import (
	"context"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/hotp"

	"roster/internal/apitest"
	"roster/internal/app"
	"roster/internal/config"
	"roster/internal/store/storetest"
)

// testClock is the app's clock in tests that need time to pass (TOTP steps, expiries).
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func newTestClock() *testClock { return &testClock{t: time.Now()} }

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// mailbox is an in-memory app.Mailer that records what is sent. It is the one fake in these
// tests: the SMTP implementation is built in another package (internal/mail) and plugged
// in at merge time.
type mailbox struct {
	mu   sync.Mutex
	msgs []sentMail
	cond *sync.Cond
}

type sentMail struct{ To, Subject, Text, HTML string }

func newMailbox() *mailbox {
	m := &mailbox{}
	m.cond = sync.NewCond(&m.mu)
	return m
}

func (m *mailbox) SendMail(_ context.Context, to, subject, text, html string) error {
	m.mu.Lock()
	m.msgs = append(m.msgs, sentMail{To: to, Subject: subject, Text: text, HTML: html})
	m.mu.Unlock()
	m.cond.Broadcast()
	return nil
}

// waitFor returns the n-th (1-based) message sent to addr, waiting up to 10 s for it.
func (m *mailbox) waitFor(t *testing.T, addr string, n int) sentMail {
	t.Helper()
	return m.waitForSubject(t, addr, "", n)
}

// resetSubject is in the subject of password reset emails (and of no notification).
const resetSubject = "Reset your password"

// waitForSubject is waitFor counting only the messages whose subject contains subject.
func (m *mailbox) waitForSubject(t *testing.T, addr, subject string, n int) sentMail {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	go func() { time.Sleep(10 * time.Second); m.cond.Broadcast() }()
	m.mu.Lock()
	defer m.mu.Unlock()
	for {
		seen := 0
		for _, msg := range m.msgs {
			if msg.To == addr && strings.Contains(msg.Subject, subject) {
				seen++
				if seen == n {
					return msg
				}
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no message %d for %s after 10s (have %d messages)", n, addr, len(m.msgs))
		}
		m.cond.Wait()
	}
}

func (m *mailbox) countTo(addr string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for _, msg := range m.msgs {
		if msg.To == addr {
			n++
		}
	}
	return n
}

var resetTokenRE = regexp.MustCompile(`token=([a-z0-9]{64})`)

func resetToken(t *testing.T, msg sentMail) string {
	t.Helper()
	m := resetTokenRE.FindStringSubmatch(msg.Text)
	if m == nil {
		t.Fatalf("no reset token in %q", msg.Text)
	}
	return m[1]
}

// totpAt computes the authenticator app's code for secret at time at (RFC 6238, SHA-1, six
// digits, 30-second steps), independently of the server's code path.
func totpAt(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	code, err := hotp.GenerateCodeCustom(secret, uint64(at.Unix()/30), hotp.ValidateOpts{Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		t.Fatalf("totp: %v", err)
	}
	return code
}

// env is a test server with its clock and mailbox.
type env struct {
	*apitest.Server
	clock *testClock
	mail  *mailbox
}

// forEachEnv runs fn against a fresh server per database kind, with a test clock and a
// recording mailer.
func forEachEnv(t *testing.T, mutate func(*config.Config), fn func(t *testing.T, e *env)) {
	t.Helper()
	for _, d := range storetest.Drivers {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			clock, mail := newTestClock(), newMailbox()
			s := apitest.StartWith(t, d, mutate, app.Options{Now: clock.Now, Mailer: mail})
			fn(t, &env{Server: s, clock: clock, mail: mail})
		})
	}
}
