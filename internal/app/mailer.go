package app

import (
	"context"
	"errors"
)

// Mailer sends one email with a plain-text and an HTML body. internal/mail implements it
// over SMTP; cmd/roster wires it in through Options.Mailer.
type Mailer interface {
	SendMail(ctx context.Context, to, subject, textBody, htmlBody string) error
}

// errNoMailer is what sending answers when no mailer was configured.
var errNoMailer = errors.New("no mailer is configured")

type noMailer struct{}

func (noMailer) SendMail(context.Context, string, string, string, string) error { return errNoMailer }
