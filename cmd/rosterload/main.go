// Command rosterload replays a realistic user-directory workload against a running Roster (or
// Mattermost) server and reports throughput and latency percentiles per operation.
//
// The mix: autocomplete typed keystroke by keystroke (as the web app's @-mention box does),
// user search, list pages (GET /users, in a team and globally) and lookups of 100 users by id.
// It logs in, samples real users from the server to make realistic terms, then runs
// -c concurrent clients for -d.
//
//	rosterload -url http://127.0.0.1:8065 -login admin -password secret -c 50 -d 60s
//
// With -think each client pauses between requests as a person would; without it the
// clients send requests back to back, which measures the server at saturation.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

type options struct {
	url, login, password string
	team, channel        string
	clients              int
	duration, warmup     time.Duration
	mix                  string
	sample               int
	acLimit              int
	jsonOut              string
	think                time.Duration
	termsFile            string
	terms                []string
	searchTeam           string
}

func main() {
	var o options
	flag.StringVar(&o.url, "url", "http://127.0.0.1:8065", "server base URL")
	flag.StringVar(&o.login, "login", "", "login id of the account that runs the load (required)")
	flag.StringVar(&o.password, "password", "", "its password (required)")
	flag.StringVar(&o.team, "team", "", "team id for team-scoped operations (default: the largest team the account can see)")
	flag.StringVar(&o.channel, "channel", "", "channel id for channel-scoped autocomplete (optional)")
	flag.IntVar(&o.clients, "c", 50, "concurrent clients")
	flag.DurationVar(&o.duration, "d", 30*time.Second, "measured duration")
	flag.DurationVar(&o.warmup, "warmup", 5*time.Second, "unmeasured warm-up")
	flag.StringVar(&o.mix, "mix", "autocomplete=50,search=20,list=20,ids=10", "operation weights")
	flag.IntVar(&o.sample, "sample", 2000, "users sampled from the server to build terms and id lists")
	flag.IntVar(&o.acLimit, "ac-limit", 25, "autocomplete limit (the web app asks for 25)")
	flag.StringVar(&o.jsonOut, "json", "", "also write the results as JSON to this file")
	flag.DurationVar(&o.think, "think", 0, "mean pause of a client after each request (exponentially distributed), "+
		"e.g. 150ms for people typing; 0 sends the next request at once (closed loop, measures saturation)")
	flag.StringVar(&o.termsFile, "terms", "", "file of search terms, one per line: searches use these (whole directory, "+
		"limit 100) instead of names of sampled users")
	flag.StringVar(&o.searchTeam, "search-team", "", "with -terms: search within this team (team_id) instead of the whole directory")
	flag.Parse()
	if o.login == "" || o.password == "" {
		fmt.Fprintln(os.Stderr, "rosterload: -login and -password are required")
		os.Exit(2)
	}
	if o.termsFile != "" {
		data, err := os.ReadFile(o.termsFile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "rosterload:", err)
			os.Exit(2)
		}
		for _, line := range strings.Split(string(data), "\n") {
			if line = strings.TrimSpace(line); line != "" {
				o.terms = append(o.terms, line)
			}
		}
		if len(o.terms) == 0 {
			fmt.Fprintln(os.Stderr, "rosterload: no terms in", o.termsFile)
			os.Exit(2)
		}
	}
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "rosterload:", err)
		os.Exit(1)
	}
}

type user struct {
	ID        string `json:"id"`
	Username  string `json:"username"`
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name"`
	DeleteAt  int64  `json:"delete_at"`
}

type client struct {
	base  string
	token string
	http  *http.Client
}

func (c *client) do(ctx context.Context, method, path string, body any) (int, []byte, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return 0, nil, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return 0, nil, err
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	return resp.StatusCode, data, err
}

func run(o options) error {
	ctx := context.Background()
	tr := &http.Transport{MaxIdleConns: o.clients * 2, MaxIdleConnsPerHost: o.clients * 2, IdleConnTimeout: time.Minute}
	c := &client{base: strings.TrimRight(o.url, "/"), http: &http.Client{Transport: tr, Timeout: 30 * time.Second}}

	req, _ := http.NewRequest("POST", c.base+"/api/v4/users/login", strings.NewReader(
		fmt.Sprintf(`{"login_id":%q,"password":%q}`, o.login, o.password)))
	resp, err := c.http.Do(req)
	if err != nil {
		return fmt.Errorf("login: %w", err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		return fmt.Errorf("login: status %d", resp.StatusCode)
	}
	c.token = resp.Header.Get("Token")

	if o.team == "" {
		if o.team, err = largestTeam(ctx, c); err != nil {
			return err
		}
	}
	// Sampling pages deep into the directory (OFFSET in the hundreds of thousands) is slow
	// on any server; it runs before the measurement, one request at a time, and waits for
	// each, so that none is still running when the measurement starts.
	sc := *c
	sc.http = &http.Client{Transport: tr, Timeout: 10 * time.Minute}
	users, err := sampleUsers(ctx, &sc, o.sample)
	if err != nil {
		return err
	}
	if len(users) == 0 {
		return errors.New("the server has no users to sample")
	}
	w := newWorkload(o, users)
	fmt.Printf("rosterload: %d sampled users, team %q, channel %q, %d clients, think %s, %s warm-up, %s measured, mix %s\n",
		len(users), o.team, o.channel, o.clients, o.think, o.warmup, o.duration, o.mix)

	rec := newRecorder()
	var wg sync.WaitGroup
	start := time.Now()
	measureFrom := start.Add(o.warmup)
	stopAt := measureFrom.Add(o.duration)
	for i := 0; i < o.clients; i++ {
		wg.Add(1)
		go func(seed uint64) {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(seed, seed*7919+1))
			for time.Now().Before(stopAt) {
				w.step(ctx, c, rng, func(op string, d time.Duration, ok bool) {
					if t := time.Now(); t.After(measureFrom) && t.Before(stopAt) {
						rec.add(op, d, ok)
					}
					if o.think > 0 {
						time.Sleep(time.Duration(rng.ExpFloat64() * float64(o.think)))
					}
				})
			}
		}(uint64(i + 1))
	}
	wg.Wait()
	return rec.report(o)
}

// largestTeam picks the team with the most members among those the account can list.
func largestTeam(ctx context.Context, c *client) (string, error) {
	status, body, err := c.do(ctx, "GET", "/api/v4/teams?per_page=200", nil)
	if err != nil || status != 200 {
		return "", fmt.Errorf("list teams: %d %v", status, err)
	}
	var teams []struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(body, &teams); err != nil {
		return "", fmt.Errorf("list teams: %w", err)
	}
	best, bestN := "", -1
	for _, t := range teams {
		status, body, err := c.do(ctx, "GET", "/api/v4/teams/"+t.ID+"/stats", nil)
		n := 0
		if err == nil && status == 200 {
			var st struct {
				Active int `json:"active_member_count"`
			}
			if json.Unmarshal(body, &st) == nil {
				n = st.Active
			}
		}
		if n > bestN {
			best, bestN = t.ID, n
		}
	}
	return best, nil
}

// sampleUsers reads random pages of GET /users until it has n active users.
func sampleUsers(ctx context.Context, c *client, n int) ([]user, error) {
	status, body, err := c.do(ctx, "GET", "/api/v4/users/stats", nil)
	if err != nil || status != 200 {
		return nil, fmt.Errorf("user stats: %d %v", status, err)
	}
	var stats struct {
		Total int `json:"total_users_count"`
	}
	if err := json.Unmarshal(body, &stats); err != nil {
		return nil, err
	}
	pages := max(1, stats.Total/200)
	seen := map[string]bool{}
	var out []user
	rng := rand.New(rand.NewPCG(42, 42))
	for tries := 0; len(out) < n && tries < n/50+20; tries++ {
		page := rng.IntN(pages)
		status, body, err := c.do(ctx, "GET", fmt.Sprintf("/api/v4/users?page=%d&per_page=200&active=true", page), nil)
		if err != nil || status != 200 {
			return nil, fmt.Errorf("list users: %d %v", status, err)
		}
		var us []user
		if err := json.Unmarshal(body, &us); err != nil {
			return nil, err
		}
		for _, u := range us {
			if !seen[u.ID] && u.DeleteAt == 0 {
				seen[u.ID] = true
				out = append(out, u)
			}
		}
		if pages == 1 {
			break
		}
	}
	return out, nil
}

type workload struct {
	o       options
	users   []user
	ops     []string
	weights []int
	total   int
}

func newWorkload(o options, users []user) *workload {
	w := &workload{o: o, users: users}
	for _, part := range strings.Split(o.mix, ",") {
		name, val, _ := strings.Cut(strings.TrimSpace(part), "=")
		n, err := strconv.Atoi(val)
		if err != nil || n <= 0 {
			continue
		}
		w.ops = append(w.ops, name)
		w.weights = append(w.weights, n)
		w.total += n
	}
	return w
}

type recordFunc func(op string, d time.Duration, ok bool)

func (w *workload) step(ctx context.Context, c *client, rng *rand.Rand, rec recordFunc) {
	pick := rng.IntN(w.total)
	op := w.ops[len(w.ops)-1]
	for i, n := range w.weights {
		if pick < n {
			op = w.ops[i]
			break
		}
		pick -= n
	}
	u := w.users[rng.IntN(len(w.users))]
	switch op {
	case "autocomplete":
		// Type a name keystroke by keystroke, as the mention box does.
		name := strings.ToLower(firstNonEmpty(u.FirstName, u.Username))
		if rng.IntN(3) == 0 {
			name = u.Username
		}
		n := min(utf8.RuneCountInString(name), 2+rng.IntN(5))
		runes := []rune(name)
		for i := 1; i <= n; i++ {
			q := url.Values{"name": {string(runes[:i])}, "limit": {strconv.Itoa(w.o.acLimit)}}
			if w.o.team != "" {
				q.Set("in_team", w.o.team)
				if w.o.channel != "" && rng.IntN(2) == 0 {
					q.Set("in_channel", w.o.channel)
				}
			}
			timed(ctx, c, rec, "autocomplete", "GET", "/api/v4/users/autocomplete?"+q.Encode(), nil)
		}
	case "search":
		if len(w.o.terms) > 0 {
			body := map[string]any{"term": w.o.terms[rng.IntN(len(w.o.terms))], "limit": 100}
			if w.o.searchTeam != "" {
				body["team_id"] = w.o.searchTeam
			}
			timed(ctx, c, rec, "search", "POST", "/api/v4/users/search", body)
			return
		}
		term := u.Username
		switch rng.IntN(3) {
		case 0:
			term = strings.TrimSpace(u.FirstName + " " + u.LastName)
		case 1:
			if r := []rune(strings.ToLower(u.LastName)); len(r) >= 3 {
				term = string(r[:3])
			}
		}
		body := map[string]any{"term": term, "limit": 100}
		if w.o.team != "" && rng.IntN(2) == 0 {
			body["team_id"] = w.o.team
		}
		timed(ctx, c, rec, "search", "POST", "/api/v4/users/search", body)
	case "list":
		path := fmt.Sprintf("/api/v4/users?page=%d&per_page=60", rng.IntN(50))
		if w.o.team != "" && rng.IntN(2) == 0 {
			path += "&in_team=" + w.o.team
		}
		timed(ctx, c, rec, "list", "GET", path, nil)
	case "ids":
		ids := make([]string, 0, 100)
		for i := 0; i < 100; i++ {
			ids = append(ids, w.users[rng.IntN(len(w.users))].ID)
		}
		timed(ctx, c, rec, "ids", "POST", "/api/v4/users/ids", ids)
	}
}

func timed(ctx context.Context, c *client, rec recordFunc, op, method, path string, body any) {
	t0 := time.Now()
	status, _, err := c.do(ctx, method, path, body)
	rec(op, time.Since(t0), err == nil && status == 200)
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

type recorder struct {
	mu     sync.Mutex
	lat    map[string][]time.Duration
	errors map[string]int
	first  time.Time
	last   time.Time
}

func newRecorder() *recorder {
	return &recorder{lat: map[string][]time.Duration{}, errors: map[string]int{}}
}

func (r *recorder) add(op string, d time.Duration, ok bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := time.Now()
	if r.first.IsZero() {
		r.first = now
	}
	r.last = now
	r.lat[op] = append(r.lat[op], d)
	if !ok {
		r.errors[op]++
	}
}

type opResult struct {
	Op     string  `json:"op"`
	Count  int     `json:"count"`
	Errors int     `json:"errors"`
	RPS    float64 `json:"rps"`
	P50ms  float64 `json:"p50_ms"`
	P95ms  float64 `json:"p95_ms"`
	P99ms  float64 `json:"p99_ms"`
	MaxMs  float64 `json:"max_ms"`
}

func pct(sorted []time.Duration, p float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted))*p+0.5) - 1
	i = max(0, min(i, len(sorted)-1))
	return float64(sorted[i].Microseconds()) / 1000
}

func (r *recorder) report(o options) error {
	secs := o.duration.Seconds()
	var all []time.Duration
	var results []opResult
	names := make([]string, 0, len(r.lat))
	for op := range r.lat {
		names = append(names, op)
	}
	sort.Strings(names)
	totalErr := 0
	for _, op := range names {
		l := r.lat[op]
		sort.Slice(l, func(i, j int) bool { return l[i] < l[j] })
		all = append(all, l...)
		totalErr += r.errors[op]
		results = append(results, opResult{Op: op, Count: len(l), Errors: r.errors[op], RPS: float64(len(l)) / secs,
			P50ms: pct(l, .50), P95ms: pct(l, .95), P99ms: pct(l, .99), MaxMs: pct(l, 1)})
	}
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	results = append(results, opResult{Op: "all", Count: len(all), Errors: totalErr, RPS: float64(len(all)) / secs,
		P50ms: pct(all, .50), P95ms: pct(all, .95), P99ms: pct(all, .99), MaxMs: pct(all, 1)})
	fmt.Printf("%-13s %9s %7s %9s %9s %9s %9s %9s\n", "op", "requests", "errors", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms")
	for _, x := range results {
		fmt.Printf("%-13s %9d %7d %9.1f %9.2f %9.2f %9.2f %9.2f\n", x.Op, x.Count, x.Errors, x.RPS, x.P50ms, x.P95ms, x.P99ms, x.MaxMs)
	}
	if o.jsonOut != "" {
		data, err := json.MarshalIndent(map[string]any{"clients": o.clients, "duration_s": secs, "mix": o.mix, "results": results}, "", "  ")
		if err != nil {
			return err
		}
		if err := os.WriteFile(o.jsonOut, data, 0o644); err != nil {
			return err
		}
	}
	if totalErr > 0 {
		return fmt.Errorf("%d requests failed", totalErr)
	}
	return nil
}
