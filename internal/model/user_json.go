package model

import (
	"slices"
	"strconv"
	"unicode/utf8"
)

// AppendJSON appends u as encoding/json encodes it with HTML escaping on (what
// json.Encoder writes, without the newline): the same fields in the same order, the same
// omitempty rules, map keys sorted, strings escaped byte for byte alike. It exists because
// user lists are the largest answers the server writes, and encoding them by reflection
// cost more CPU than reading them from the database. TestUserAppendJSONMatchesEncoding
// compares it with encoding/json on every field of User.
func (u *User) AppendJSON(b []byte) []byte {
	if u == nil {
		return append(b, "null"...)
	}
	b = append(b, `{"id":`...)
	b = appendJSONString(b, u.Id)
	if u.CreateAt != 0 {
		b = append(b, `,"create_at":`...)
		b = strconv.AppendInt(b, u.CreateAt, 10)
	}
	if u.UpdateAt != 0 {
		b = append(b, `,"update_at":`...)
		b = strconv.AppendInt(b, u.UpdateAt, 10)
	}
	b = append(b, `,"delete_at":`...)
	b = strconv.AppendInt(b, u.DeleteAt, 10)
	b = append(b, `,"username":`...)
	b = appendJSONString(b, u.Username)
	if u.Password != "" {
		b = append(b, `,"password":`...)
		b = appendJSONString(b, u.Password)
	}
	if u.AuthData != nil {
		b = append(b, `,"auth_data":`...)
		b = appendJSONString(b, *u.AuthData)
	}
	b = append(b, `,"auth_service":`...)
	b = appendJSONString(b, u.AuthService)
	b = append(b, `,"email":`...)
	b = appendJSONString(b, u.Email)
	if u.EmailVerified {
		b = append(b, `,"email_verified":true`...)
	}
	b = append(b, `,"nickname":`...)
	b = appendJSONString(b, u.Nickname)
	b = append(b, `,"first_name":`...)
	b = appendJSONString(b, u.FirstName)
	b = append(b, `,"last_name":`...)
	b = appendJSONString(b, u.LastName)
	b = append(b, `,"position":`...)
	b = appendJSONString(b, u.Position)
	b = append(b, `,"roles":`...)
	b = appendJSONString(b, u.Roles)
	if u.AllowMarketing {
		b = append(b, `,"allow_marketing":true`...)
	}
	if len(u.Props) > 0 {
		b = append(b, `,"props":`...)
		b = u.Props.AppendJSON(b)
	}
	if len(u.NotifyProps) > 0 {
		b = append(b, `,"notify_props":`...)
		b = u.NotifyProps.AppendJSON(b)
	}
	if u.LastPasswordUpdate != 0 {
		b = append(b, `,"last_password_update":`...)
		b = strconv.AppendInt(b, u.LastPasswordUpdate, 10)
	}
	if u.LastPictureUpdate != 0 {
		b = append(b, `,"last_picture_update":`...)
		b = strconv.AppendInt(b, u.LastPictureUpdate, 10)
	}
	if u.FailedAttempts != 0 {
		b = append(b, `,"failed_attempts":`...)
		b = strconv.AppendInt(b, int64(u.FailedAttempts), 10)
	}
	b = append(b, `,"locale":`...)
	b = appendJSONString(b, u.Locale)
	b = append(b, `,"timezone":`...)
	b = u.Timezone.AppendJSON(b)
	if u.MfaActive {
		b = append(b, `,"mfa_active":true`...)
	}
	if u.RemoteId != nil {
		b = append(b, `,"remote_id":`...)
		b = appendJSONString(b, *u.RemoteId)
	}
	if u.LastActivityAt != 0 {
		b = append(b, `,"last_activity_at":`...)
		b = strconv.AppendInt(b, u.LastActivityAt, 10)
	}
	if u.IsBot {
		b = append(b, `,"is_bot":true`...)
	}
	if u.BotDescription != "" {
		b = append(b, `,"bot_description":`...)
		b = appendJSONString(b, u.BotDescription)
	}
	if u.BotLastIconUpdate != 0 {
		b = append(b, `,"bot_last_icon_update":`...)
		b = strconv.AppendInt(b, u.BotLastIconUpdate, 10)
	}
	if u.TermsOfServiceId != "" {
		b = append(b, `,"terms_of_service_id":`...)
		b = appendJSONString(b, u.TermsOfServiceId)
	}
	if u.TermsOfServiceCreateAt != 0 {
		b = append(b, `,"terms_of_service_create_at":`...)
		b = strconv.AppendInt(b, u.TermsOfServiceCreateAt, 10)
	}
	if u.DisableWelcomeEmail {
		b = append(b, `,"disable_welcome_email":true}`...)
	} else {
		b = append(b, `,"disable_welcome_email":false}`...)
	}
	return b
}

// AppendUsersJSON appends the list as encoding/json encodes it (nil is null).
func AppendUsersJSON(b []byte, users []*User) []byte {
	if users == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, u := range users {
		if i > 0 {
			b = append(b, ',')
		}
		b = u.AppendJSON(b)
	}
	return append(b, ']')
}

// AppendJSON appends m as encoding/json encodes it: null when nil, keys in byte order.
func (m StringMap) AppendJSON(b []byte) []byte {
	if m == nil {
		return append(b, "null"...)
	}
	var buf [16]string
	keys := buf[:0]
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, k)
		b = append(b, ':')
		b = appendJSONString(b, m[k])
	}
	return append(b, '}')
}

// jsonSafe marks the ASCII bytes encoding/json copies as they are when it escapes HTML:
// printable characters other than " \ < > &.
var jsonSafe = func() (t [utf8.RuneSelf]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = true
	}
	for _, c := range `"\<>&` {
		t[c] = false
	}
	return t
}()

const jsonHex = "0123456789abcdef"

// appendJSONString is encoding/json's string encoding with HTML escaping: quotes,
// backslashes and control characters escaped, < > & as \u003c \u003e \u0026, invalid
// UTF-8 as \ufffd, U+2028 and U+2029 escaped.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if jsonSafe[c] {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', jsonHex[c>>4], jsonHex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', jsonHex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
