package mail

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	netmail "net/mail"
	"net/textproto"
	"strings"
	"time"
)

// Message is one email to build.
type Message struct {
	From     netmail.Address
	To       netmail.Address
	ReplyTo  string
	Subject  string
	Text     string
	HTML     string
	Date     time.Time
	Hostname string // right-hand side of the Message-ID
}

// Build renders m as an RFC 5322 message: UTF-8 multipart/alternative with a
// quoted-printable text part and HTML part, the subject RFC 2047-encoded when it is not
// plain ASCII, and CRLF line endings throughout.
func Build(m Message) ([]byte, error) {
	for _, v := range []string{m.Subject, m.ReplyTo, m.Hostname} {
		if strings.ContainsAny(v, "\r\n") {
			return nil, fmt.Errorf("mail: header value %q contains a line break", v)
		}
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for _, part := range []struct{ ctype, content string }{
		{"text/plain; charset=UTF-8", m.Text},
		{"text/html; charset=UTF-8", m.HTML},
	} {
		pw, err := mw.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {part.ctype},
			"Content-Transfer-Encoding": {"quoted-printable"},
		})
		if err != nil {
			return nil, fmt.Errorf("mail: build part: %w", err)
		}
		qp := quotedprintable.NewWriter(pw)
		if _, err := qp.Write([]byte(part.content)); err != nil {
			return nil, fmt.Errorf("mail: encode part: %w", err)
		}
		if err := qp.Close(); err != nil {
			return nil, fmt.Errorf("mail: encode part: %w", err)
		}
	}
	if err := mw.Close(); err != nil {
		return nil, fmt.Errorf("mail: close multipart: %w", err)
	}

	host := m.Hostname
	if host == "" {
		host = "localhost"
	}
	var out bytes.Buffer
	header := func(k, v string) { out.WriteString(fold(k + ": " + v)) }
	header("From", m.From.String())
	header("To", m.To.String())
	if m.ReplyTo != "" {
		header("Reply-To", m.ReplyTo)
	}
	header("Subject", mime.QEncoding.Encode("utf-8", m.Subject))
	header("Date", m.Date.Format(time.RFC1123Z))
	header("Message-ID", "<"+randomID()+"@"+host+">")
	header("MIME-Version", "1.0")
	header("Content-Type", `multipart/alternative; boundary="`+mw.Boundary()+`"`)
	header("Auto-Submitted", "auto-generated")
	header("Precedence", "bulk")
	out.WriteString("\r\n")
	out.Write(body.Bytes())
	return out.Bytes(), nil
}

// fold ends a header line with CRLF, breaking it at spaces so that lines stay within 78
// characters where the words allow (RFC 5322 §2.2.3).
func fold(line string) string {
	var b strings.Builder
	width := 0
	for i, word := range strings.Split(line, " ") {
		if i > 0 {
			if width+1+len(word) > 78 {
				b.WriteString("\r\n")
				width = 0
			}
			b.WriteByte(' ')
			width++
		}
		b.WriteString(word)
		width += len(word)
	}
	b.WriteString("\r\n")
	return b.String()
}

func randomID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("crypto/rand failed: " + err.Error())
	}
	return hex.EncodeToString(b[:])
}
