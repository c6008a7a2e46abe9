package model

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"testing"
)

// jsonTestStrings cover every escaping rule of encoding/json: HTML characters, quotes,
// control characters, DEL, invalid UTF-8, U+2028/U+2029 and multi-byte runes.
var jsonTestStrings = []string{
	"", "plain", `quote " and \ backslash`, "<script>&amp;</script>", "tab\there\nnew\rline",
	"\b\f\x00\x01\x1f\x7f", "bad \xff utf8 \xc3", "sep \u2028 and \u2029", "héllo wörld 日本 🎉",
	"trailing\xe2\x80", "{\"k\":1}",
}

func randomJSONString(rng *rand.Rand) string {
	if rng.IntN(3) == 0 {
		return jsonTestStrings[rng.IntN(len(jsonTestStrings))]
	}
	b := make([]byte, rng.IntN(12))
	for i := range b {
		b[i] = byte(rng.IntN(256))
	}
	return string(b)
}

// fillRandom sets every exported field of the struct v points to: zero or not, nil or not,
// so that each omitempty rule is exercised both ways.
func fillRandom(t *testing.T, rng *rand.Rand, v reflect.Value) {
	t.Helper()
	v = v.Elem()
	for i := 0; i < v.NumField(); i++ {
		f := v.Field(i)
		if !v.Type().Field(i).IsExported() || rng.IntN(4) == 0 {
			continue // leave the zero value
		}
		switch f.Kind() {
		case reflect.String:
			f.SetString(randomJSONString(rng))
		case reflect.Int, reflect.Int64:
			f.SetInt(rng.Int64N(1<<50) - 1<<49)
		case reflect.Bool:
			f.SetBool(rng.IntN(2) == 0)
		case reflect.Pointer:
			s := randomJSONString(rng)
			f.Set(reflect.ValueOf(&s))
		case reflect.Map:
			m := StringMap{}
			for n := rng.IntN(4); n > 0; n-- {
				m[randomJSONString(rng)] = randomJSONString(rng)
			}
			f.Set(reflect.ValueOf(m))
		default:
			t.Fatalf("field %s: kind %s not covered by AppendJSON's test", v.Type().Field(i).Name, f.Kind())
		}
	}
}

func TestUserAppendJSONMatchesEncoding(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 5000; i++ {
		users := make([]*User, rng.IntN(4))
		for j := range users {
			if rng.IntN(20) == 0 {
				continue // a nil entry encodes as null
			}
			users[j] = &User{}
			fillRandom(t, rng, reflect.ValueOf(users[j]))
		}
		if rng.IntN(20) == 0 {
			users = nil
		}
		var want bytes.Buffer
		if err := json.NewEncoder(&want).Encode(users); err != nil {
			t.Fatal(err)
		}
		got := append(AppendUsersJSON(nil, users), '\n')
		if !bytes.Equal(got, want.Bytes()) {
			t.Fatalf("case %d:\n got %s\nwant %s", i, got, want.Bytes())
		}
	}
}

func TestUserAppendJSONStrings(t *testing.T) {
	for _, s := range jsonTestStrings {
		want, _ := json.Marshal(s)
		if got := appendJSONString(nil, s); !bytes.Equal(got, want) {
			t.Errorf("%q: got %s, want %s", s, got, want)
		}
	}
	for c := 0; c < 256; c++ {
		s := string([]byte{'a', byte(c), 'b'})
		want, _ := json.Marshal(s)
		if got := appendJSONString(nil, s); !bytes.Equal(got, want) {
			t.Errorf("byte %#x: got %s, want %s", c, got, want)
		}
	}
}

func BenchmarkUsersJSON(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	users := make([]*User, 100)
	for i := range users {
		u := &User{Id: NewId(), CreateAt: 1700000000000, UpdateAt: 1700000000000, Username: "user" + NewId()[:8],
			AuthData: new(string), Nickname: "nick", FirstName: "Firstname", LastName: "Lastname", Position: "Engineer",
			Roles: "system_user", Locale: "en", Props: StringMap{}, Timezone: DefaultTimezone(),
			Email: "someone@example.com", LastPictureUpdate: rng.Int64()}
		users[i] = u
	}
	b.Run("encoding/json", func(b *testing.B) {
		for b.Loop() {
			var buf bytes.Buffer
			_ = json.NewEncoder(&buf).Encode(users)
		}
	})
	b.Run("AppendJSON", func(b *testing.B) {
		for b.Loop() {
			_ = AppendUsersJSON(make([]byte, 0, 64<<10), users)
		}
	})
}
