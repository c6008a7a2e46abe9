package userindex

import (
	"slices"
	"strings"
	"sync"
)

// Query selects users in username order. Zero values mean no filter.
type Query struct {
	// Words must each be a substring of the user's Text (or Email, when Email is set) or
	// equal the user's id. They are folded as the texts are.
	Words []string
	Email bool

	InTeam, NotInTeam       string   // an active membership
	WithoutTeam             bool     // no active membership in any team
	InChannel, NotInChannel *Channel // from Channel or SetChannel
	Active, Inactive        bool
	ExcludeRemote           bool
	// AdminsFirst puts the admins of InChannel first (each part in username order), as
	// the members list of a channel sorted by role does.
	AdminsFirst bool

	Offset, Limit int // Limit must be positive
}

// Find returns the ids of the users q selects, in username order, or false when the index
// is not loaded yet.
func (ix *Index) Find(q *Query) ([]string, bool) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if !ix.ready || q.Limit <= 0 ||
		q.InChannel != nil && q.InChannel.gen != ix.gen || q.NotInChannel != nil && q.NotInChannel.gen != ix.gen {
		return nil, false
	}
	m := matcher{ix: ix, q: q, inTeam: -1, notInTeam: -1}
	if q.InTeam != "" {
		t, ok := ix.teamNum[q.InTeam]
		if !ok {
			return []string{}, true // nobody has ever been a member
		}
		m.inTeam = int(t)
	}
	if q.NotInTeam != "" {
		if t, ok := ix.teamNum[q.NotInTeam]; ok {
			m.notInTeam = int(t)
		}
	}
	want := q.Offset + q.Limit
	var found []uint32
	if q.AdminsFirst && q.InChannel != nil {
		m.admin = 1
		found = ix.findOrdered(&m, want)
		if len(found) < want {
			m.admin = -1
			found = append(found, ix.findOrdered(&m, want-len(found))...)
		}
	} else {
		found = ix.findOrdered(&m, want)
	}
	ids := []string{}
	for i := q.Offset; i < len(found) && i < want; i++ {
		ids = append(ids, ix.users[found[i]].id)
	}
	return ids, true
}

// findOrdered returns up to want users m selects, in username order.
func (ix *Index) findOrdered(m *matcher, want int) []uint32 {
	found := ix.findInSnapshot(m, want)
	// Users whose current state is not in the snapshot, and users matched by id.
	for _, uid := range ix.delta {
		if e := &ix.users[uid]; e.inDelta && m.ok(uid) {
			found = append(found, uid)
		}
	}
	for _, w := range m.q.Words {
		if uid, ok := ix.byID[w]; ok && ix.users[uid].rank >= 0 && m.ok(uid) {
			found = append(found, uid)
		}
	}
	slices.SortFunc(found, func(a, b uint32) int {
		return strings.Compare(ix.users[a].username, ix.users[b].username)
	})
	found = slices.Compact(found)
	return found[:min(len(found), want)]
}

// findInSnapshot returns up to want users of the snapshot q selects, in rank order, read
// from the shortest source: a posting list of one of the words' grams, the team's list,
// the channel's members, or the whole order.
func (ix *Index) findInSnapshot(m *matcher, want int) []uint32 {
	s := ix.snap
	total := len(s.order)
	best, bestN := (*postings)(nil), total
	consider := func(k key) bool {
		if s.dense[k] {
			return true
		}
		p := s.lists[k]
		if p == nil {
			return false // no user of the snapshot holds it
		}
		if p.n < bestN {
			best, bestN = p, p.n
		}
		return true
	}
	var keys []key
	for _, w := range m.q.Words {
		keys = wordKeys(w, keys[:0])
		for _, k := range keys {
			if !consider(k) {
				return nil // only an id can match this word: Find checks those
			}
		}
	}
	if m.inTeam >= 0 && !consider(teamKey|key(m.inTeam)) {
		return nil
	}
	var found []uint32
	take := func(r uint32) bool {
		if ix.dead[r/64]&(1<<(r%64)) != 0 {
			return true
		}
		if uid := s.order[r]; m.ok(uid) {
			found = append(found, uid)
		}
		return len(found) < want
	}
	if c := m.q.InChannel; c != nil && m.admin == 1 && len(c.admins) < bestN {
		for _, r := range c.adminRanks(ix) {
			if !take(r) {
				break
			}
		}
		return found
	}
	if c := m.q.InChannel; c != nil && c.n < bestN {
		for _, r := range c.ranks(ix) {
			if !take(r) {
				break
			}
		}
		return found
	}
	if best == nil {
		for r := range s.order {
			if !take(uint32(r)) {
				break
			}
		}
		return found
	}
	cur := best.cursor()
	for r, ok := cur.next(); ok; r, ok = cur.next() {
		if !take(r) {
			break
		}
	}
	return found
}

type matcher struct {
	ix                *Index
	q                 *Query
	inTeam, notInTeam int
	admin             int // 1: admins of q.InChannel only, -1: the other members only
}

func (m *matcher) ok(uid uint32) bool {
	e, q := &m.ix.users[uid], m.q
	switch {
	case e.gone,
		q.Active && e.deleted,
		q.Inactive && !e.deleted,
		q.ExcludeRemote && e.remote,
		q.WithoutTeam && len(e.teams) > 0,
		m.inTeam >= 0 && !slices.Contains(e.teams, uint32(m.inTeam)),
		m.notInTeam >= 0 && slices.Contains(e.teams, uint32(m.notInTeam)),
		q.InChannel != nil && !q.InChannel.has(uid),
		q.NotInChannel != nil && q.NotInChannel.has(uid),
		m.admin != 0 && q.InChannel.isAdmin(uid) != (m.admin > 0):
		return false
	}
	for _, w := range q.Words {
		if !strings.Contains(e.text, w) && !(q.Email && strings.Contains(e.email, w)) && e.id != w {
			return false
		}
	}
	return true
}

// Channel is the member set of one channel, as loaded from the database.
type Channel struct {
	gen      uint64 // the index generation its user numbers belong to
	complete bool   // every member was known to the index
	n        int
	sorted   []uint32 // member numbers, ascending
	bits     []uint64 // for large channels, a bit per user number
	admins   []uint32 // numbers of the channel's admins (scheme_admin), ascending

	mu         sync.Mutex
	rankCache  rankCache // of sorted
	adminCache rankCache // of admins
}

// rankCache holds the snapshot ranks of some users, for one snapshot.
type rankCache struct {
	snap  *snapshot
	ranks []uint32
}

func (c *Channel) isAdmin(uid uint32) bool {
	_, ok := slices.BinarySearch(c.admins, uid)
	return ok
}

// Len is the number of members known to the index.
func (c *Channel) Len() int { return c.n }

// Complete reports whether every member was known to the index when the set was built.
func (c *Channel) Complete() bool { return c.complete }

func (c *Channel) has(uid uint32) bool {
	if c.bits != nil {
		return int(uid/64) < len(c.bits) && c.bits[uid/64]&(1<<(uid%64)) != 0
	}
	_, ok := slices.BinarySearch(c.sorted, uid)
	return ok
}

// ranks are the snapshot ranks of the members in the snapshot, ascending; adminRanks those
// of the admins. Called with ix.mu held for reading.
func (c *Channel) ranks(ix *Index) []uint32      { return c.cached(ix, &c.rankCache, c.sorted) }
func (c *Channel) adminRanks(ix *Index) []uint32 { return c.cached(ix, &c.adminCache, c.admins) }

func (c *Channel) cached(ix *Index, rc *rankCache, uids []uint32) []uint32 {
	c.mu.Lock()
	defer c.mu.Unlock()
	if rc.snap != ix.snap {
		r := make([]uint32, 0, len(uids))
		for _, uid := range uids {
			if rank := ix.users[uid].rank; rank >= 0 {
				r = append(r, uint32(rank))
			}
		}
		slices.Sort(r)
		*rc = rankCache{ix.snap, r}
	}
	return rc.ranks
}

// maxChannels bounds the cached member sets.
const maxChannels = 256

// Channel returns the cached member set of a channel, or nil and the epoch to pass to
// SetChannel after reading the members.
func (ix *Index) Channel(id string) (*Channel, uint64) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.chans[id], ix.chanEpoch
}

// SetChannel builds the member set of a channel from its members' ids (and which of them
// are admins), read after Channel returned epoch. It is cached unless a membership changed
// meanwhile or a member is not in the index yet (a user another process just created).
func (ix *Index) SetChannel(id string, epoch uint64, userIDs, adminIDs []string) *Channel {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	c := &Channel{gen: ix.gen, sorted: make([]uint32, 0, len(userIDs))}
	complete := true
	for _, u := range userIDs {
		if uid, ok := ix.byID[u]; ok {
			c.sorted = append(c.sorted, uid)
		} else {
			complete = false
		}
	}
	for _, u := range adminIDs {
		if uid, ok := ix.byID[u]; ok {
			c.admins = append(c.admins, uid)
		}
	}
	c.complete = complete
	slices.Sort(c.sorted)
	c.sorted = slices.Compact(c.sorted)
	slices.Sort(c.admins)
	c.admins = slices.Compact(c.admins)
	c.n = len(c.sorted)
	if c.n > len(ix.users)/64 {
		c.bits = make([]uint64, (len(ix.users)+63)/64)
		for _, uid := range c.sorted {
			c.bits[uid/64] |= 1 << (uid % 64)
		}
	}
	if epoch == ix.chanEpoch && complete {
		if len(ix.chans) >= maxChannels {
			for k := range ix.chans { // evict one at random
				delete(ix.chans, k)
				break
			}
		}
		ix.chans[id] = c
	}
	return c
}

// DropChannel forgets a channel's member set (its membership changed).
func (ix *Index) DropChannel(id string) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	delete(ix.chans, id)
	ix.chanEpoch++
}
