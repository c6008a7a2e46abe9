package store

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Search planning: which way a user search reaches its rows. Results never depend on the
// choice, only the time they take.
//
// A search keeps the users matching every word and returns the first Limit of them in
// username order. Three ways to get there:
//
//   - walk: read users in username order (users_username_idx) and stop after Limit matches.
//     Cheap when matches are common and spread out; it reads the whole table when they are
//     rare or bunched at the end of the alphabet.
//   - index: ask the trigram index (pg_trgm GIN on PostgreSQL, FTS5 trigram on SQLite) for
//     the users whose search text holds the words, then sort those. Costs one row per
//     candidate; needs a word of three characters or more.
//   - members: read the members of the team or channel the search is confined to, then sort
//     those. Costs one row per member.
//
// General-purpose planners choose badly here (the walk's cost depends on where in the
// alphabet the matches lie, which no column statistic records), so Roster decides itself,
// from a random sample of users held in memory: the sample, in username order, tells how
// many users match and how far a walk goes before it finds them.

type searchPlan int

const (
	planWalk searchPlan = iota
	planIndex
	planMembers
	planDirectory // the in-memory directory index (directory.go); only ever forced
)

func (p searchPlan) String() string {
	return [...]string{"walk", "index", "members", "directory"}[p]
}

// forcedPlan is the plan tests force, or nil.
func (p *searchPlanner) forcedPlan() *searchPlan {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.forced
}

const (
	sampleTarget      = 10000            // users kept in the planner's sample
	sampleMaxAge      = 10 * time.Minute // the sample is refreshed in the background after this
	memberCountMaxAge = 5 * time.Minute
	trigramMinRunes   = 3 // the shortest word a trigram index can find
)

// sampleUser is one sampled user's searchable columns, folded.
type sampleUser struct {
	cols        [5]string // in searchColumnOrder
	text, email string    // search_text, search_email
}

var searchColumnOrder = [5]string{SearchUsername, SearchFirstName, SearchLastName, SearchNickname, SearchEmail}

// searchPlanner holds the sample and cached member counts. Its zero value is ready.
type searchPlanner struct {
	mu         sync.Mutex
	sample     []sampleUser // in username order
	total      int64        // users in the table when the sample was taken
	takenAt    time.Time
	refreshing bool
	members    map[string]memberCount
	forced     *searchPlan // tests: always use this plan
}

type memberCount struct {
	n  int64
	at time.Time
}

// searchEstimate is what the sample says about one search.
type searchEstimate struct {
	total      float64 // users
	matches    float64 // users matching exactly (the searched columns only)
	candidates float64 // users whose whole search text holds every word (the index's answer)
	walk       float64 // rows a username-order walk reads before it has Limit matches
}

// planSearch chooses how to run q, whose term has the given folded words.
func (s *Store) planSearch(ctx context.Context, q *UserQuery, words []string) searchPlan {
	p := &s.planner
	p.mu.Lock()
	forced := p.forced
	p.mu.Unlock()
	if forced != nil && *forced != planDirectory {
		return *forced
	}
	est, ok := s.estimateSearch(ctx, q, words)
	if !ok {
		return planWalk
	}
	// The fraction of users the team or channel filter keeps: a walk reads proportionally
	// more rows, the member plan reads exactly the members.
	members := math.Inf(1)
	if id, channel := q.confinedTo(); id != "" {
		if n, err := s.memberCount(ctx, id, channel); err == nil {
			members = float64(n)
		}
	}
	walk := est.walk
	if !math.IsInf(members, 1) && est.total > 0 {
		walk /= math.Max(members/est.total, 1e-6)
	}
	// What a row costs each plan, relative to a row of the walk, which reads a covering
	// index in order (about 0.6 µs at a million users on either store). The index plan
	// reads each candidate's row at a random place: about 4.5 µs in PostgreSQL's narrow
	// user_search, 7 to 16 µs in SQLite's users table. The member plan reads a membership
	// and then the user. Measured at a million users (docs/PERFORMANCE.md).
	indexCost, memberCost := 7.0, 4.0
	if s.driver == SQLite {
		indexCost, memberCost = 15, 6
	}
	if !math.IsInf(members, 1) {
		// Each candidate's membership is looked up too (a walk looks up only the rows
		// that match the term).
		indexCost += 5
	}
	index := math.Inf(1)
	if indexable(words) {
		index = est.candidates * indexCost
	}
	members *= memberCost
	switch {
	case members < walk && members < index:
		return planMembers
	case index < walk:
		return planIndex
	default:
		return planWalk
	}
}

// confinedTo is the team or channel whose members q is limited to, if any.
func (q *UserQuery) confinedTo() (id string, channel bool) {
	switch {
	case q.InChannel != "":
		return q.InChannel, true
	case q.InTeam != "":
		return q.InTeam, false
	}
	return "", false
}

// indexable reports whether the indexes can narrow the search: one of the words has at
// least three characters (trigrams) or is a short word in another script than ASCII
// (short grams).
func indexable(words []string) bool {
	for _, w := range words {
		if utf8.RuneCountInString(w) >= trigramMinRunes || shortGrammable([]rune(w)) {
			return true
		}
	}
	return false
}

// estimateSearch scales what the sample says up to the whole table.
func (s *Store) estimateSearch(ctx context.Context, q *UserQuery, words []string) (searchEstimate, bool) {
	sample, total := s.planner.get(ctx, s)
	if len(sample) == 0 {
		return searchEstimate{}, false
	}
	var cols []int
	for i, c := range searchColumnOrder {
		if slices.Contains(q.SearchColumns, c) {
			cols = append(cols, i)
		}
	}
	email := slices.Contains(q.SearchColumns, SearchEmail)
	scale := float64(total) / float64(len(sample))
	var matches, candidates, first int
	for i := range sample {
		u := &sample[i]
		if !u.holdsAll(words, email) {
			continue
		}
		candidates++
		if !matchesColumns(u, cols, words) {
			continue
		}
		if matches == 0 {
			first = i + 1
		}
		matches++
	}
	limit := float64(q.Limit + q.Offset)
	if limit <= 0 {
		limit = float64(total)
	}
	est := searchEstimate{total: float64(total), matches: float64(matches) * scale, candidates: float64(candidates) * scale}
	if matches == 0 {
		est.walk = float64(total)
	} else {
		// To the first match, then one match every len(sample)/matches rows.
		est.walk = math.Min(float64(first)*scale+(limit-1)*float64(len(sample))/float64(matches), float64(total))
	}
	return est, true
}

// holdsAll reports whether the index would return the user: every word is in its search
// text (or email).
func (u *sampleUser) holdsAll(words []string, email bool) bool {
	for _, w := range words {
		if !strings.Contains(u.text, w) && !(email && strings.Contains(u.email, w)) {
			return false
		}
	}
	return true
}

func matchesColumns(u *sampleUser, cols []int, words []string) bool {
	for _, w := range words {
		found := false
		for _, c := range cols {
			if strings.Contains(u.cols[c], w) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// get returns the current sample, taking the first one synchronously and refreshing an old
// one in the background.
func (p *searchPlanner) get(ctx context.Context, s *Store) ([]sampleUser, int64) {
	p.mu.Lock()
	first := p.takenAt.IsZero() && !p.refreshing
	stale := !p.takenAt.IsZero() && time.Since(p.takenAt) > sampleMaxAge && !p.refreshing
	if first || stale {
		p.refreshing = true
	}
	sample, total := p.sample, p.total
	p.mu.Unlock()
	switch {
	case first:
		p.refresh(ctx, s)
		p.mu.Lock()
		sample, total = p.sample, p.total
		p.mu.Unlock()
	case stale:
		go p.refresh(context.WithoutCancel(ctx), s)
	}
	return sample, total
}

func (p *searchPlanner) refresh(ctx context.Context, s *Store) {
	sample, total, err := s.takeSample(ctx)
	p.mu.Lock()
	defer p.mu.Unlock()
	p.refreshing = false
	if err != nil {
		// Plan without a sample (walk) and try again later.
		p.takenAt = time.Now().Add(-sampleMaxAge + time.Minute)
		return
	}
	p.sample, p.total, p.takenAt = sample, total, time.Now()
}

// invalidate makes the next search take a new sample (tests, bulk loads).
func (p *searchPlanner) invalidate() {
	p.mu.Lock()
	p.sample, p.total, p.takenAt, p.members = nil, 0, time.Time{}, nil
	p.mu.Unlock()
}

// takeSample reads about sampleTarget random users (all of them in a small table), in
// username order.
func (s *Store) takeSample(ctx context.Context) ([]sampleUser, int64, error) {
	var total int64
	if err := s.queryRow(ctx, `SELECT count(*) FROM users`).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count users: %w", err)
	}
	// The same folding as the search conditions use (see termCondition).
	cols := `lower(u.username), lower(u.first_name), lower(u.last_name), lower(u.nickname), lower(u.email), us.search_text, us.search_email`
	from := `users u JOIN user_search us ON us.id = u.id`
	if s.driver == SQLite {
		cols = strings.ReplaceAll(strings.ReplaceAll(cols, "lower(", sqliteFold+"("), "us.", "u.")
		from = `users u`
	}
	query := `SELECT ` + cols + ` FROM ` + from + ` ORDER BY u.username`
	if total > sampleTarget {
		pct := 100 * float64(sampleTarget) / float64(total)
		if s.driver == Postgres {
			query = fmt.Sprintf(`SELECT %s FROM users u TABLESAMPLE BERNOULLI (%.6f) JOIN user_search us ON us.id = u.id
				ORDER BY u.username`, cols, pct)
		} else {
			query = fmt.Sprintf(`SELECT %s FROM users u WHERE abs(random()) %% %d = 0 ORDER BY u.username`,
				cols, total/sampleTarget)
		}
	}
	rows, err := s.query(ctx, query)
	if err != nil {
		return nil, 0, fmt.Errorf("sample users: %w", err)
	}
	defer rows.Close()
	sample := make([]sampleUser, 0, min(total, 2*sampleTarget))
	for rows.Next() {
		var u sampleUser
		if err := rows.Scan(&u.cols[0], &u.cols[1], &u.cols[2], &u.cols[3], &u.cols[4], &u.text, &u.email); err != nil {
			return nil, 0, fmt.Errorf("scan sample: %w", err)
		}
		sample = append(sample, u)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("sample users: %w", err)
	}
	return sample, total, nil
}

// memberCount is the number of members of a team or channel, cached for a few minutes.
func (s *Store) memberCount(ctx context.Context, id string, channel bool) (int64, error) {
	p := &s.planner
	p.mu.Lock()
	c, ok := p.members[id]
	p.mu.Unlock()
	if ok && time.Since(c.at) < memberCountMaxAge {
		return c.n, nil
	}
	query := `SELECT count(*) FROM team_members WHERE team_id = ? AND delete_at = 0`
	if channel {
		query = `SELECT count(*) FROM channel_members WHERE channel_id = ?`
	}
	var n int64
	if err := s.queryRow(ctx, query, id).Scan(&n); err != nil {
		return 0, fmt.Errorf("count members: %w", err)
	}
	p.mu.Lock()
	if p.members == nil || len(p.members) > 10000 {
		p.members = map[string]memberCount{}
	}
	p.members[id] = memberCount{n: n, at: time.Now()}
	p.mu.Unlock()
	return n, nil
}
