package store

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"slices"
	"sync"
	"time"

	"roster/internal/model"
	"roster/internal/userindex"
)

// The directory index: every user's search texts, state and teams held in memory in
// username order (package userindex), so that a search or page in username order reads
// about as many entries as it returns. The index gives the ids of a page; the users are
// then read by id, from the user cache (user_cache.go) or the database.
//
// The index follows this process's writes: each store method that changes a user's
// searched columns, state or team memberships, or a channel's members, tells it once its
// transaction has committed (touchUsers, touchChannel). Until the index has been loaded
// (StartDirectory, in the background) searches use the SQL plans.

type directory struct {
	ix *userindex.Index

	mu       sync.Mutex
	started  bool // the index is in use (started or loaded): bulk loads reload it
	loading  bool
	pending  map[string]bool // users touched while loading
	refresh  sync.Mutex      // one refresh at a time: each reads and puts the latest state
	loadDone chan struct{}   // closed when the load under way ends
	start    chan struct{}   // closed when StartDirectory's watcher and load are in place
	closed   bool
	life     context.Context // the store's lifetime: background work ends with it
	cancel   context.CancelFunc
	loadedAt time.Time
}

// StartDirectory loads the directory index in the background (a million users take a few
// seconds) and keeps it current until Close; searches use it once it is loaded.
func (s *Store) StartDirectory() {
	d := &s.dir
	d.mu.Lock()
	if d.start != nil || d.closed {
		d.mu.Unlock()
		return
	}
	d.started = true
	ctx := d.life
	start := make(chan struct{})
	d.start = start
	d.mu.Unlock()
	go func() {
		defer close(start)
		// Watch for other processes' changes first, so that none made during the load
		// is missed.
		if err := s.watchChanges(ctx); err != nil {
			slog.Error("watch for directory changes by other processes", "err", err)
		}
		if err := s.loadDirectory(ctx); err != nil && ctx.Err() == nil {
			slog.Error("load the directory index; searches use SQL until a retry succeeds", "err", err)
		}
	}()
}

// watchChanges starts applying changes made by other processes (directory_watch.go) and
// returns once the watcher will see every change committed from now on.
func (s *Store) watchChanges(ctx context.Context) error {
	if s.driver == Postgres {
		ready := make(chan struct{})
		go s.watchPostgres(ctx, ready)
		select {
		case <-ready:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(10 * time.Second):
			return fmt.Errorf("no LISTEN connection after 10 s; still trying")
		}
	}
	last, err := s.lastChange(ctx)
	go s.watchSQLite(ctx, s.changePoll, last, err == nil) // without a start, it keeps trying
	return err
}

// LoadDirectory waits for the start or load under way, then loads the directory index if
// it is not loaded (tests, benchmarks).
func (s *Store) LoadDirectory(ctx context.Context) error {
	d := &s.dir
	wait := func(ch chan struct{}) error {
		if ch == nil {
			return nil
		}
		select {
		case <-ch:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	d.mu.Lock()
	d.started = true
	start := d.start
	d.mu.Unlock()
	if err := wait(start); err != nil {
		return err
	}
	d.mu.Lock()
	done := d.loadDone
	d.mu.Unlock()
	if err := wait(done); err != nil {
		return err
	}
	if s.index().Ready() {
		return nil
	}
	return s.loadDirectory(ctx)
}

// loadDirectory loads the index from a read that begins after the call (a load under way
// is waited for first: it may have read too early). If the load fails, the index is
// dropped, searches use SQL, and the load is tried again later.
func (s *Store) loadDirectory(ctx context.Context) error {
	d := &s.dir
	d.mu.Lock()
	for d.loading {
		done := d.loadDone
		d.mu.Unlock()
		select {
		case <-done:
		case <-ctx.Done():
			return ctx.Err()
		}
		d.mu.Lock()
	}
	d.loading, d.pending, d.loadDone = true, map[string]bool{}, make(chan struct{})
	done := d.loadDone
	ix := d.ix
	d.mu.Unlock()
	defer close(done)
	t0 := time.Now()
	users, err := s.directoryUsers(ctx, nil)
	n := len(users)
	if err == nil {
		ix.Load(users)
		// The rows read and the build's scratch are garbage now: give the memory back
		// instead of keeping a heap twice the index's size until it is reused.
		debug.FreeOSMemory()
	}
	d.mu.Lock()
	pending := d.pending
	d.loading, d.pending, d.loadDone = false, nil, nil
	if err != nil {
		d.ix, d.loadedAt = userindex.New(), time.Time{}
		if life := d.life; !d.closed && life.Err() == nil {
			time.AfterFunc(loadRetry, func() {
				if err := s.loadDirectory(life); err != nil && life.Err() == nil {
					slog.Error("load the directory index", "err", err)
				}
			})
		}
	} else {
		d.loadedAt = time.Now()
	}
	d.mu.Unlock()
	if err != nil {
		return err
	}
	slog.Info("directory index loaded", "users", n, "duration", time.Since(t0).Round(time.Millisecond))
	// What changed while the users were read.
	ids := make([]string, 0, len(pending))
	for id := range pending {
		ids = append(ids, id)
	}
	return s.refreshDirectory(ctx, ids)
}

// loadRetry is the pause before a failed load of the directory index is tried again.
const loadRetry = 10 * time.Second

// directoryUsers reads what the index holds of the given users (all users for nil).
func (s *Store) directoryUsers(ctx context.Context, ids []string) ([]userindex.User, error) {
	cols := `u.id, u.username, u.delete_at, u.search_text, u.search_email, coalesce(u.remote_id, '') FROM users u`
	if s.driver == Postgres {
		cols = `u.id, u.username, u.delete_at, us.search_text, us.search_email, coalesce(u.remote_id, '')
			FROM users u JOIN user_search us ON us.id = u.id`
	}
	members := `SELECT user_id, team_id FROM team_members WHERE delete_at = 0`
	var args []any
	if ids != nil {
		if len(ids) == 0 {
			return nil, nil
		}
		cols += ` WHERE u.id IN (` + placeholders(len(ids)) + `)`
		members += ` AND user_id IN (` + placeholders(len(ids)) + `)`
		args = stringArgs(ids)
	}
	// One snapshot of both tables (PostgreSQL: repeatable read; SQLite: one read
	// transaction on the reader).
	var users []userindex.User
	err := s.readTx(ctx, func(ctx context.Context) error {
		rows, err := s.query(ctx, `SELECT `+cols, args...)
		if err != nil {
			return err
		}
		byID := map[string]int{}
		users, err = scanAll(rows, func(sc scanner) (userindex.User, error) {
			var u userindex.User
			var deleteAt int64
			var remote string
			err := sc.Scan(&u.ID, &u.Username, &deleteAt, &u.Text, &u.Email, &remote)
			u.Deleted, u.Remote = deleteAt != 0, remote != ""
			return u, err
		})
		if err != nil {
			return err
		}
		for i := range users {
			byID[users[i].ID] = i
		}
		rows, err = s.query(ctx, members, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var user, team string
			if err := rows.Scan(&user, &team); err != nil {
				return err
			}
			if i, ok := byID[user]; ok {
				users[i].Teams = append(users[i].Teams, team)
			}
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("read users for the directory index: %w", err)
	}
	return users, nil
}

// readTx runs fn in a read-only transaction on the reader pool.
func (s *Store) readTx(ctx context.Context, fn func(ctx context.Context) error) error {
	if _, ok := ctx.Value(txKey{}).(*txState); ok {
		return fn(ctx)
	}
	tx, err := s.r.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin read transaction: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // read-only: nothing to undo
	if s.driver == Postgres {
		if _, err := tx.ExecContext(ctx, `SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY`); err != nil {
			return fmt.Errorf("read transaction: %w", err)
		}
	}
	return fn(context.WithValue(ctx, txKey{}, &txState{tx: tx}))
}

// refreshDirectory reads the given users again and puts them in the index (removing those
// that no longer exist). If that fails the index is dropped and loaded again, so that it
// never stays behind the database.
func (s *Store) refreshDirectory(ctx context.Context, ids []string) error {
	d := &s.dir
	d.mu.Lock()
	switch {
	case d.loading:
		for _, id := range ids {
			d.pending[id] = true
		}
		d.mu.Unlock()
		return nil
	case d.loadedAt.IsZero():
		d.mu.Unlock()
		return nil
	}
	d.mu.Unlock()
	d.refresh.Lock()
	defer d.refresh.Unlock()
	ix := s.index()
	for len(ids) > 0 {
		chunk := ids[:min(len(ids), lookupChunk)]
		ids = ids[len(chunk):]
		users, err := s.directoryUsers(context.WithoutCancel(ctx), chunk)
		if err != nil {
			s.reloadDirectory()
			return err
		}
		found := map[string]bool{}
		for _, u := range users {
			found[u.ID] = true
			ix.Put(u)
		}
		for _, id := range chunk {
			if !found[id] {
				ix.Remove(id)
			}
		}
	}
	return nil
}

// reloadDirectory drops the index (searches use SQL) and loads it again in the background.
func (s *Store) reloadDirectory() {
	d := &s.dir
	d.mu.Lock()
	if d.closed {
		d.mu.Unlock()
		return
	}
	d.ix, d.loadedAt = userindex.New(), time.Time{}
	ctx := d.life
	d.mu.Unlock()
	go func() {
		if err := s.loadDirectory(ctx); err != nil {
			slog.Error("reload the directory index", "err", err)
		}
	}()
}

// reloadStartedDirectory loads the directory index again, if it is in use, after writes
// that did not tell it (bulk loads).
func (s *Store) reloadStartedDirectory(ctx context.Context) error {
	s.dir.mu.Lock()
	started := s.dir.started
	s.dir.mu.Unlock()
	if !started {
		return nil
	}
	return s.loadDirectory(ctx) // waits for a load under way, which may predate the writes
}

// DirectoryUsers is the number of users in the directory index, 0 until it is loaded.
func (s *Store) DirectoryUsers() int {
	ix := s.index()
	if !ix.Ready() {
		return 0
	}
	return ix.Len()
}

// lookupChunk bounds the ids one refresh binds.
const lookupChunk = 1000

// touchUsers tells the directory index that these users changed, once the transaction in
// ctx (if any) has committed.
// A transaction's touched users are refreshed together, in one read.
func (s *Store) touchUsers(ctx context.Context, ids ...string) {
	st, inTx := ctx.Value(txKey{}).(*txState)
	if inTx && len(st.touched) > 0 {
		st.touched = append(st.touched, ids...) // the refresh is already registered
		return
	}
	if inTx {
		st.touched = append(st.touched, ids...)
	}
	s.afterCommit(ctx, func(ctx context.Context) {
		if inTx {
			ids = slices.Compact(slices.Sorted(slices.Values(st.touched)))
		}
		if err := s.refreshDirectory(ctx, ids); err != nil {
			slog.Error("refresh the directory index", "err", err)
		}
	})
}

// touchChannel tells the directory index that a channel's members changed.
func (s *Store) touchChannel(ctx context.Context, id string) {
	s.afterCommit(ctx, func(context.Context) { s.index().DropChannel(id) })
}

func (s *Store) index() *userindex.Index {
	s.dir.mu.Lock()
	defer s.dir.mu.Unlock()
	return s.dir.ix
}

// inDirectory reports whether the index can answer q: a page in username order (or a
// channel's admins first) whose filters it knows.
func inDirectory(q *UserQuery, words []string) bool {
	return (q.Sort == SortByUsername || q.Sort == SortByChannelAdminFirst) && q.Limit > 0 && q.IDs == nil && q.Usernames == nil && q.UpdatedSince == 0 &&
		q.Role == "" && len(q.Roles)+len(q.TeamRoles)+len(q.ChannelRoles) == 0 &&
		!q.GroupConstrained && q.View == nil && !q.IncludeFormerTeamMembers &&
		(len(words) == 0 || searchesAllNames(q.SearchColumns))
}

// listFromDirectory answers q with the index when it can: the index gives the ids of the
// page, and the page is read with every filter of q applied again.
func (s *Store) listFromDirectory(ctx context.Context, q *UserQuery, words []string) ([]*model.User, bool, error) {
	forced := s.planner.forcedPlan()
	if forced != nil && *forced != planDirectory || !inDirectory(q, words) {
		return nil, false, nil
	}
	ix := s.index()
	if !ix.Ready() {
		if forced != nil {
			return nil, false, fmt.Errorf("the directory index is not loaded")
		}
		return nil, false, nil
	}
	iq := &userindex.Query{
		Words: words, Email: slices.Contains(q.SearchColumns, SearchEmail),
		InTeam: q.InTeam, NotInTeam: q.NotInTeam, WithoutTeam: q.WithoutTeam, Active: q.Active, Inactive: q.Inactive,
		ExcludeRemote: q.ExcludeRemote, Offset: q.Offset, Limit: q.Limit,
		AdminsFirst: q.Sort == SortByChannelAdminFirst,
	}
	var err error
	if q.InChannel != "" {
		if iq.InChannel, err = s.channelSet(ctx, ix, q.InChannel); err != nil {
			return nil, false, err
		}
	}
	if q.NotInChannel != "" {
		if iq.NotInChannel, err = s.channelSet(ctx, ix, q.NotInChannel); err != nil {
			return nil, false, err
		}
	}
	if iq.InChannel != nil && !iq.InChannel.Complete() {
		return nil, false, nil // a member the index does not know yet: SQL sees every one
	}
	ids, ok := ix.Find(iq)
	if !ok {
		return nil, false, nil
	}
	if len(ids) == 0 {
		return []*model.User{}, true, nil
	}
	read, err := s.usersByID(ctx, ids)
	if err != nil {
		return nil, false, err
	}
	byID := make(map[string]*model.User, len(read))
	for _, u := range read {
		byID[u.Id] = u
	}
	users := make([]*model.User, 0, len(ids))
	for _, id := range ids {
		if u := byID[id]; u != nil { // nil: deleted since the index was told
			users = append(users, u)
		}
	}
	return users, true, nil
}

// channelSet returns the index's member set of a channel, reading the members if needed.
func (s *Store) channelSet(ctx context.Context, ix *userindex.Index, id string) (*userindex.Channel, error) {
	c, epoch := ix.Channel(id)
	if c != nil {
		return c, nil
	}
	rows, err := s.query(ctx, `SELECT user_id, scheme_admin FROM channel_members WHERE channel_id = ?`, id)
	if err != nil {
		return nil, fmt.Errorf("read channel members: %w", err)
	}
	defer rows.Close()
	var ids, admins []string
	for rows.Next() {
		var user string
		var admin bool
		if err := rows.Scan(&user, &admin); err != nil {
			return nil, fmt.Errorf("read channel members: %w", err)
		}
		ids = append(ids, user)
		if admin {
			admins = append(admins, user)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read channel members: %w", err)
	}
	return ix.SetChannel(id, epoch, ids, admins), nil
}
