package app

import "context"

// Mailer sends one email. The SMTP implementation (internal/mail) is plugged in by the
// command that wires the server; the app never imports it.
type Mailer interface {
	SendMail(ctx context.Context, to, subject, textBody, htmlBody string) error
}
