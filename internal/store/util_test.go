package store

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"testing"

	"roster/internal/model"
)

// parseMap's fast path must give exactly what json.Unmarshal gives, and fail where it fails.
func TestParseMapMatchesUnmarshal(t *testing.T) {
	cases := []string{
		`{"a":"b"}`, ` { "a" : "b" , "c":"" } `, "{\n\t\"a\":\r\"b\"}", `{"a":"b","a":"c"}`,
		`{"a":"\u00e9"}`, `{"a":"x\"y"}`, `{"a":1}`, `{"a":null}`, `{"a":"b",}`, `{"a":"b"}x`,
		`{"a" "b"}`, `{"a":"b"`, `{"a`, `{`, `[]`, `null`, `{}  `, ` {}`, "{\"a\":\"tab\there\"}",
		"{\"a\":\"bad \xff\"}", `{"é":"日本 🎉"}`, `{"a":"b"} `, `{"a":"b" "c":"d"}`, `{"":""}`,
		`{"automaticTimezone":"","manualTimezone":"","useAutomaticTimezone":"true"}`,
	}
	rng := rand.New(rand.NewPCG(3, 4))
	alphabet := []byte("{}\":, ab\\\t\n\xff")
	for i := 0; i < 20000; i++ {
		b := make([]byte, rng.IntN(16))
		for j := range b {
			b[j] = alphabet[rng.IntN(len(alphabet))]
		}
		cases = append(cases, string(b))
	}
	for _, s := range cases {
		if s == "" || s == "{}" {
			continue // answered before either parser runs
		}
		want := model.StringMap{}
		wantErr := json.Unmarshal([]byte(s), &want)
		got, err := parseMap(s)
		if (err != nil) != (wantErr != nil) {
			t.Fatalf("%q: error %v, json.Unmarshal's %v", s, err, wantErr)
		}
		if err == nil && !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: got %#v, want %#v", s, got, want)
		}
	}
}

func BenchmarkParseMap(b *testing.B) {
	s := `{"channel":"true","comments":"never","desktop":"mention","desktop_sound":"true","desktop_threads":"all","email":"true","email_threads":"all","first_name":"false","mention_keys":"","push":"mention","push_status":"away","push_threads":"all"}`
	for b.Loop() {
		if _, err := parseMap(s); err != nil {
			b.Fatal(err)
		}
	}
}
