package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"sync"

	"roster/internal/model"
)

// The user cache: recently read user rows by id, for the lists that read users by id (a
// directory page, POST /users/ids), as Mattermost keeps its profile cache. Every store
// method that writes a user row goes through execUser, which evicts the user before the
// write and again once it has committed; a read caches what it read only if no eviction
// happened meanwhile, so a row read before a write committed is never kept after it.

const userCacheSize = 50000

type userCache struct {
	mu    sync.Mutex
	users map[string]*model.User
	epoch uint64 // bumped by every eviction
}

// get returns copies of the cached users among ids, the ids it does not hold, and the
// epoch to pass to put with what is read for them. The copies share their maps (props,
// notify props, timezone) with the cache: callers may set any field of a user they get
// but must not change what is in those maps.
func (c *userCache) get(ids []string) (hit []*model.User, miss []string, epoch uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, id := range ids {
		if u, ok := c.users[id]; ok {
			c := *u
			hit = append(hit, &c)
		} else {
			miss = append(miss, id)
		}
	}
	return hit, miss, c.epoch
}

// put keeps copies of users read after get returned epoch, unless a user was evicted since.
func (c *userCache) put(epoch uint64, users []*model.User) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if epoch != c.epoch {
		return
	}
	if c.users == nil {
		c.users = map[string]*model.User{}
	}
	for _, u := range users {
		if len(c.users) >= userCacheSize {
			for id := range c.users { // make room: drop about a hundredth, at random
				delete(c.users, id)
				if len(c.users) < userCacheSize*99/100 {
					break
				}
			}
		}
		kept := *u // a copy: the caller may set fields of u (not change its maps)
		c.users[u.Id] = &kept
	}
}

// evict forgets users (all of them for nil).
func (c *userCache) evict(ids []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.epoch++
	if ids == nil {
		c.users = nil
		return
	}
	for _, id := range ids {
		delete(c.users, id)
	}
}

// execUser runs a statement that writes the row of user id, evicting the user from the
// cache before and after the write has committed.
func (s *Store) execUser(ctx context.Context, id, query string, args ...any) (sql.Result, error) {
	s.users.evict([]string{id})
	res, err := s.exec(ctx, query, args...)
	s.afterCommit(ctx, func(context.Context) { s.users.evict([]string{id}) })
	return res, err
}

// usersByID reads the given users (any order; unknown ids are left out), from the cache
// where it holds them.
func (s *Store) usersByID(ctx context.Context, ids []string) ([]*model.User, error) {
	if _, inTx := ctx.Value(txKey{}).(*txState); inTx {
		// A transaction reads its own writes, which the cache does not hold.
		return s.readUsersByID(ctx, ids)
	}
	ids = slices.Compact(slices.Sorted(slices.Values(ids))) // distinct: the order is not kept anyway
	users, miss, epoch := s.users.get(ids)
	if len(miss) == 0 {
		return append([]*model.User{}, users...), nil
	}
	read, err := s.readUsersByID(ctx, miss)
	if err != nil {
		return nil, err
	}
	s.users.put(epoch, read)
	return append(append(make([]*model.User, 0, len(users)+len(read)), users...), read...), nil
}

func (s *Store) readUsersByID(ctx context.Context, ids []string) ([]*model.User, error) {
	users := []*model.User{}
	for len(ids) > 0 {
		chunk := ids[:min(len(ids), lookupChunk)]
		ids = ids[len(chunk):]
		rows, err := s.query(ctx, `SELECT `+userColumns+` FROM users u WHERE u.id IN (`+placeholders(len(chunk))+`)`,
			stringArgs(chunk)...)
		if err != nil {
			return nil, fmt.Errorf("read users: %w", err)
		}
		read, err := collectUsers(rows)
		if err != nil {
			return nil, err
		}
		users = append(users, read...)
	}
	return users, nil
}

// onlyIDs reports whether q selects users by id and nothing else, in username order.
func onlyIDs(q *UserQuery) bool {
	return q.IDs != nil && q.Usernames == nil && q.InTeam == "" && q.NotInTeam == "" && q.InChannel == "" &&
		q.NotInChannel == "" && !q.WithoutTeam && !q.GroupConstrained && q.UpdatedSince == 0 && !q.Active &&
		!q.Inactive && !q.ExcludeRemote && q.Role == "" && len(q.Roles)+len(q.TeamRoles)+len(q.ChannelRoles) == 0 &&
		q.Term == "" && q.View == nil && q.Sort == SortByUsername && q.Offset == 0 && q.Limit == 0
}

func sortByUsername(users []*model.User) {
	slices.SortFunc(users, func(a, b *model.User) int { return strings.Compare(a.Username, b.Username) })
}
