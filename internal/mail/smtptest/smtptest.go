// Package smtptest runs a small SMTP server in the test process that receives real
// messages from a real client: EHLO/HELO, STARTTLS (with a certificate made at start),
// implicit TLS, AUTH PLAIN and LOGIN, MAIL, RCPT, DATA, RSET, NOOP and QUIT. It can be told
// to reject recipients or data, to see what a failing server does to the sender.
package smtptest

import (
	"bufio"
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"math/big"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	netmail "net/mail"
	"net/textproto"
	"strings"
	"sync"
	"testing"
	"time"
)

// Options choose the server's behaviour.
type Options struct {
	// Addr to listen on; default 127.0.0.1:0.
	Addr string
	// ImplicitTLS speaks TLS from the first byte (ConnectionSecurity "TLS").
	ImplicitTLS bool
	// StartTLS offers STARTTLS; RequireTLS refuses MAIL before it (or implicit TLS).
	StartTLS   bool
	RequireTLS bool
	// Username and Password, when set, are required (AUTH PLAIN or LOGIN) before MAIL.
	Username, Password string
	// AuthMechanisms is what EHLO offers; default "PLAIN LOGIN".
	AuthMechanisms string
}

// Message is one received message.
type Message struct {
	From string
	To   []string
	Data []byte // as received, dot-unstuffed
	TLS  bool   // the session was encrypted
	Auth string // the user who authenticated, if any
}

// Server is a running test SMTP server.
type Server struct {
	Host, Port string
	// RootCAs trusts the server's certificate.
	RootCAs *x509.CertPool

	opts    Options
	ln      net.Listener
	tlsCfg  *tls.Config
	msgs    chan Message
	mu      sync.Mutex
	failure string // "", "rcpt", "data", "connect"
	rejects map[string]bool
	wg      sync.WaitGroup
}

// Start listens and serves until the test ends.
func Start(t testing.TB, opts Options) *Server {
	t.Helper()
	if opts.Addr == "" {
		opts.Addr = "127.0.0.1:0"
	}
	if opts.AuthMechanisms == "" {
		opts.AuthMechanisms = "PLAIN LOGIN"
	}
	cert, pool, err := selfSigned()
	if err != nil {
		t.Fatalf("smtptest: certificate: %v", err)
	}
	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		t.Fatalf("smtptest: listen: %v", err)
	}
	host, port, _ := net.SplitHostPort(ln.Addr().String())
	s := &Server{
		Host: host, Port: port, RootCAs: pool, opts: opts, ln: ln,
		tlsCfg: &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12},
		msgs:   make(chan Message, 100),
	}
	s.wg.Add(1)
	go s.serve()
	t.Cleanup(func() {
		ln.Close()
		s.wg.Wait()
	})
	return s
}

// Fail makes the server refuse the next sessions at a stage: "connect" (close at once),
// "rcpt" (550 on RCPT), "data" (554 after the data); "" restores normal service.
func (s *Server) Fail(stage string) {
	s.mu.Lock()
	s.failure = stage
	s.mu.Unlock()
}

// RejectRecipient makes RCPT TO fail (550) for one address.
func (s *Server) RejectRecipient(addr string) {
	s.mu.Lock()
	if s.rejects == nil {
		s.rejects = map[string]bool{}
	}
	s.rejects[strings.ToLower(addr)] = true
	s.mu.Unlock()
}

func (s *Server) rejected(addr string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rejects[strings.ToLower(addr)]
}

func (s *Server) failing(stage string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.failure == stage
}

// Wait returns the next received message, failing the test after timeout.
func (s *Server) Wait(t testing.TB, timeout time.Duration) Message {
	t.Helper()
	select {
	case m := <-s.msgs:
		return m
	case <-time.After(timeout):
		t.Fatalf("smtptest: no message within %v", timeout)
		return Message{}
	}
}

// Received returns the messages received and not yet taken by Wait, without waiting.
func (s *Server) Received() []Message {
	var out []Message
	for {
		select {
		case m := <-s.msgs:
			out = append(out, m)
		default:
			return out
		}
	}
}

func (s *Server) serve() {
	defer s.wg.Done()
	for {
		conn, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			defer conn.Close()
			_ = conn.SetDeadline(time.Now().Add(30 * time.Second))
			if s.failing("connect") {
				return
			}
			s.session(conn)
		}()
	}
}

// session speaks SMTP on one connection until QUIT or an error.
func (s *Server) session(conn net.Conn) {
	isTLS := false
	if s.opts.ImplicitTLS {
		tc := tls.Server(conn, s.tlsCfg)
		if tc.Handshake() != nil {
			return
		}
		conn, isTLS = tc, true
	}
	tp := textproto.NewConn(conn)
	reply := func(format string, args ...any) bool { return tp.PrintfLine(format, args...) == nil }
	if !reply("220 smtptest ESMTP ready") {
		return
	}
	var (
		helo   bool
		authed string
		from   string
		rcpts  []string
	)
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO", "HELO":
			helo, from, rcpts = true, "", nil
			exts := []string{"smtptest greets " + arg, "8BITMIME", "SIZE 10485760"}
			if s.opts.StartTLS && !isTLS {
				exts = append(exts, "STARTTLS")
			}
			if s.opts.Username != "" {
				exts = append(exts, "AUTH "+s.opts.AuthMechanisms)
			}
			for i, e := range exts {
				sep := "-"
				if i == len(exts)-1 {
					sep = " "
				}
				if !reply("250%s%s", sep, e) {
					return
				}
			}
		case "STARTTLS":
			if !s.opts.StartTLS || isTLS {
				reply("502 5.5.1 STARTTLS not available")
				continue
			}
			if !reply("220 2.0.0 Ready to start TLS") {
				return
			}
			tc := tls.Server(conn, s.tlsCfg)
			if tc.Handshake() != nil {
				return
			}
			conn, isTLS = tc, true
			tp = textproto.NewConn(conn)
			helo, authed, from, rcpts = false, "", "", nil
		case "AUTH":
			if s.opts.Username == "" || !helo {
				reply("503 5.5.1 AUTH not available")
				continue
			}
			user, pass, ok := s.readAuth(tp, arg)
			if !ok {
				return
			}
			if user != s.opts.Username || pass != s.opts.Password {
				reply("535 5.7.8 Authentication credentials invalid")
				continue
			}
			authed = user
			reply("235 2.7.0 Authentication successful")
		case "MAIL":
			switch {
			case !helo:
				reply("503 5.5.1 EHLO first")
			case s.opts.RequireTLS && !isTLS:
				reply("530 5.7.0 Must issue a STARTTLS command first")
			case s.opts.Username != "" && authed == "":
				reply("530 5.7.0 Authentication required")
			default:
				from, rcpts = addrArg(arg, "FROM:"), nil
				reply("250 2.1.0 OK")
			}
		case "RCPT":
			switch {
			case from == "":
				reply("503 5.5.1 MAIL first")
			case s.failing("rcpt") || s.rejected(addrArg(arg, "TO:")):
				reply("550 5.1.1 Mailbox unavailable")
			default:
				rcpts = append(rcpts, addrArg(arg, "TO:"))
				reply("250 2.1.5 OK")
			}
		case "DATA":
			if len(rcpts) == 0 {
				reply("503 5.5.1 RCPT first")
				continue
			}
			if !reply("354 End data with <CR><LF>.<CR><LF>") {
				return
			}
			data, err := readData(tp.R)
			if err != nil {
				return
			}
			if s.failing("data") {
				reply("554 5.3.0 Transaction failed")
			} else {
				s.msgs <- Message{From: from, To: rcpts, Data: data, TLS: isTLS, Auth: authed}
				reply("250 2.0.0 OK queued")
			}
			from, rcpts = "", nil
		case "RSET":
			from, rcpts = "", nil
			reply("250 2.0.0 OK")
		case "NOOP":
			reply("250 2.0.0 OK")
		case "QUIT":
			reply("221 2.0.0 Bye")
			return
		default:
			reply("502 5.5.2 Command not recognized")
		}
	}
}

// readAuth runs AUTH PLAIN (with or without an initial response) or AUTH LOGIN.
func (s *Server) readAuth(tp *textproto.Conn, arg string) (user, pass string, ok bool) {
	mech, initial, _ := strings.Cut(arg, " ")
	if !strings.Contains(" "+strings.ToUpper(s.opts.AuthMechanisms)+" ", " "+strings.ToUpper(mech)+" ") {
		return "", "", true // not offered: fails like wrong credentials
	}
	read := func(prompt string) (string, bool) {
		if tp.PrintfLine("334 %s", prompt) != nil {
			return "", false
		}
		l, err := tp.ReadLine()
		if err != nil {
			return "", false
		}
		b, err := base64.StdEncoding.DecodeString(l)
		return string(b), err == nil
	}
	switch strings.ToUpper(mech) {
	case "PLAIN":
		resp := ""
		if initial != "" {
			b, err := base64.StdEncoding.DecodeString(initial)
			if err != nil {
				return "", "", true
			}
			resp = string(b)
		} else if resp, ok = read(""); !ok {
			return "", "", false
		}
		parts := strings.Split(resp, "\x00")
		if len(parts) != 3 {
			return "", "", true
		}
		return parts[1], parts[2], true
	case "LOGIN":
		if user, ok = read(base64.StdEncoding.EncodeToString([]byte("Username:"))); !ok {
			return "", "", false
		}
		if pass, ok = read(base64.StdEncoding.EncodeToString([]byte("Password:"))); !ok {
			return "", "", false
		}
		return user, pass, true
	}
	return "", "", true
}

// readData reads the DATA section up to the lone "." line, undoing dot-stuffing but keeping
// the line endings exactly as sent (so tests can check for CRLF).
func readData(r *bufio.Reader) ([]byte, error) {
	var out []byte
	for {
		line, err := r.ReadBytes('\n')
		if err != nil {
			return nil, err
		}
		if string(line) == ".\r\n" || string(line) == ".\n" {
			return out, nil
		}
		if len(line) > 1 && line[0] == '.' {
			line = line[1:]
		}
		out = append(out, line...)
	}
}

func addrArg(arg, prefix string) string {
	arg = strings.TrimSpace(arg)
	if len(arg) >= len(prefix) && strings.EqualFold(arg[:len(prefix)], prefix) {
		arg = arg[len(prefix):]
	}
	arg, _, _ = strings.Cut(strings.TrimSpace(arg), " ")
	return strings.Trim(arg, "<>")
}

// Parsed is a received message taken apart.
type Parsed struct {
	Header  netmail.Header
	Subject string // RFC 2047 decoded
	Text    string
	HTML    string
}

// Parse decodes the headers and the text and HTML parts of a multipart/alternative message
// whose parts are quoted-printable (or unencoded).
func (m Message) Parse() (Parsed, error) {
	msg, err := netmail.ReadMessage(bytes.NewReader(m.Data))
	if err != nil {
		return Parsed{}, fmt.Errorf("read message: %w", err)
	}
	p := Parsed{Header: msg.Header}
	dec := new(mime.WordDecoder)
	if p.Subject, err = dec.DecodeHeader(msg.Header.Get("Subject")); err != nil {
		return p, fmt.Errorf("decode subject: %w", err)
	}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/alternative" {
		return p, fmt.Errorf("content type %q is not multipart/alternative (%v)", msg.Header.Get("Content-Type"), err)
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		part, err := mr.NextRawPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return p, fmt.Errorf("read part: %w", err)
		}
		var r io.Reader = part
		if strings.EqualFold(part.Header.Get("Content-Transfer-Encoding"), "quoted-printable") {
			r = quotedprintable.NewReader(part)
		}
		body, err := io.ReadAll(bufio.NewReader(r))
		if err != nil {
			return p, fmt.Errorf("decode part: %w", err)
		}
		ct, _, _ := mime.ParseMediaType(part.Header.Get("Content-Type"))
		switch ct {
		case "text/plain":
			p.Text = string(body)
		case "text/html":
			p.HTML = string(body)
		}
	}
	return p, nil
}

// selfSigned makes a certificate for localhost and the loopback addresses used in tests.
func selfSigned() (tls.Certificate, *x509.CertPool, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(time.Now().UnixNano()),
		Subject:               pkix.Name{CommonName: "smtptest"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		DNSNames:              []string{"localhost"},
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1"), net.ParseIP("127.0.0.2"), net.ParseIP("::1")},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool, nil
}
