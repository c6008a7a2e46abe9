// Package userindex keeps what a directory search or page needs of every user in memory:
// the folded search texts, the state, the teams, in username order, with posting lists of
// the texts' byte grams and of team memberships. A search then reads about as many
// entries as it returns, however many users match its words, instead of walking or
// sorting thousands of rows. The database stays the source of truth: the index only
// proposes which users to read, and the store reads and re-checks them.
//
// Structure: a snapshot (users sorted by username, ranks, posting lists of ranks) built in
// the background, plus a delta of the users changed since (scanned on every search) and
// the snapshot ranks those changes made stale. The snapshot is rebuilt from memory when
// the delta grows past a bound.
package userindex

import (
	"slices"
	"strings"
	"sync"
)

// User is what the index holds of one user. Text and Email are the folded search texts
// exactly as the database stores them (search_text, search_email), so that a substring
// test here agrees with the database's LIKE.
type User struct {
	ID       string
	Username string
	Text     string
	Email    string
	Deleted  bool     // delete_at != 0
	Remote   bool     // remote_id set
	Teams    []string // teams with an active membership
}

type entry struct {
	id, username, text, email string
	deleted, remote           bool
	gone                      bool // removed; the number is never reused
	inDelta                   bool
	teams                     []uint32
	rank                      int32 // position in the snapshot's order, -1 when not in it
	seq                       uint64
}

type snapshot struct {
	order []uint32 // user numbers by username
	lists map[key]*postings
	dense map[key]bool // keys of more than denseAbove users: not listed, walked instead
	seq   uint64       // the changes the snapshot holds
}

// Index is safe for concurrent use.
type Index struct {
	mu         sync.RWMutex
	ready      bool
	users      []entry
	byID       map[string]uint32
	teamNum    map[string]uint32
	snap       *snapshot
	dead       []uint64 // snapshot ranks whose user changed or left since
	delta      []uint32 // users whose state is not in the snapshot
	seq        uint64
	rebuilding bool
	maxDelta   int
	chans      map[string]*Channel
	chanEpoch  uint64
	rebuilt    chan struct{} // closed and replaced after every rebuild (tests wait on it)
	gen        uint64        // bumped by Load: user numbers and snapshots of another generation are void
}

// New returns an empty index that is not ready: Find declines until Load.
func New() *Index {
	return &Index{
		byID: map[string]uint32{}, teamNum: map[string]uint32{}, chans: map[string]*Channel{},
		snap: &snapshot{lists: map[key]*postings{}, dense: map[key]bool{}}, maxDelta: 4096,
		rebuilt: make(chan struct{}),
	}
}

// SetMaxDelta sets how many changed users are kept beside the snapshot before it is
// rebuilt (default 4096).
func (ix *Index) SetMaxDelta(n int) {
	ix.mu.Lock()
	ix.maxDelta = max(n, 1)
	ix.mu.Unlock()
}

// Ready reports whether the index has been loaded.
func (ix *Index) Ready() bool {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.ready
}

// Len is the number of users held.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return len(ix.byID)
}

// Load replaces the index's content with users (all of them) and makes it ready. Changes
// made with Put or Remove while Load runs must be repeated after it.
func (ix *Index) Load(users []User) {
	fresh := New()
	for i := range users {
		fresh.setLocked(&users[i])
	}
	items := fresh.buildItems()
	snap := build(items, fresh.seq)
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.gen++ // a rebuild under way belongs to the old numbering: it is dropped when done
	if ix.rebuilding {
		ix.rebuilding = false
		close(ix.rebuilt)
		ix.rebuilt = make(chan struct{})
	}
	ix.users, ix.byID, ix.teamNum = fresh.users, fresh.byID, fresh.teamNum
	ix.seq = fresh.seq
	ix.chans, ix.chanEpoch = map[string]*Channel{}, ix.chanEpoch+1
	ix.installLocked(snap)
	ix.ready = true
}

// Put adds or replaces a user.
func (ix *Index) Put(u User) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.setLocked(&u)
	ix.maybeRebuildLocked()
}

// Remove drops a user (deleted from the database).
func (ix *Index) Remove(id string) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	uid, ok := ix.byID[id]
	if !ok {
		return
	}
	delete(ix.byID, id)
	e := &ix.users[uid]
	ix.unrankLocked(uid)
	e.gone, e.inDelta = true, false
	ix.seq++
	e.seq = ix.seq
}

func (ix *Index) setLocked(u *User) {
	uid, ok := ix.byID[u.ID]
	if !ok {
		uid = uint32(len(ix.users))
		ix.users = append(ix.users, entry{id: u.ID, rank: -1})
		ix.byID[u.ID] = uid
	}
	e := &ix.users[uid]
	teams := make([]uint32, 0, len(u.Teams))
	for _, t := range u.Teams {
		teams = append(teams, ix.teamLocked(t))
	}
	slices.Sort(teams)
	if ok && !e.gone && e.username == u.Username && e.text == u.Text && e.email == u.Email &&
		e.deleted == u.Deleted && e.remote == u.Remote && slices.Equal(e.teams, teams) {
		return // nothing the index holds changed (a login, a password)
	}
	ix.unrankLocked(uid)
	e.gone = false
	e.username, e.text, e.email = u.Username, u.Text, u.Email
	if strings.HasPrefix(u.Text, u.Username) {
		e.username = u.Text[:len(u.Username)] // one copy of the bytes (usernames are lower case)
	}
	e.deleted, e.remote = u.Deleted, u.Remote
	e.teams = teams
	ix.seq++
	e.seq = ix.seq
	if !e.inDelta {
		e.inDelta = true
		ix.delta = append(ix.delta, uid)
	}
}

// unrankLocked takes uid out of the snapshot (its rank becomes dead).
func (ix *Index) unrankLocked(uid uint32) {
	e := &ix.users[uid]
	if e.rank >= 0 {
		r := uint32(e.rank)
		ix.dead[r/64] |= 1 << (r % 64)
		e.rank = -1
	}
}

// maxTeams is the number of distinct teams a key can name.
const maxTeams = 1 << 24

func (ix *Index) teamLocked(id string) uint32 {
	n, ok := ix.teamNum[id]
	if !ok {
		if len(ix.teamNum) >= maxTeams {
			panic("userindex: more than 16,777,216 teams")
		}
		n = uint32(len(ix.teamNum))
		ix.teamNum[id] = n
	}
	return n
}

func (ix *Index) maybeRebuildLocked() {
	if ix.rebuilding || !ix.ready || len(ix.delta) < ix.maxDelta {
		return
	}
	ix.rebuilding = true
	items, seq, gen := ix.buildItems(), ix.seq, ix.gen
	go func() {
		snap := build(items, seq)
		ix.mu.Lock()
		defer ix.mu.Unlock()
		if gen != ix.gen {
			return // Load replaced everything meanwhile
		}
		ix.installLocked(snap)
		ix.rebuilding = false
		close(ix.rebuilt)
		ix.rebuilt = make(chan struct{})
	}()
}

// item is a user as the snapshot builder reads it (a copy: the builder runs unlocked).
type item struct {
	uid                   uint32
	username, text, email string
	teams                 []uint32 // never modified in place, so shared
}

func (ix *Index) buildItems() []item {
	items := make([]item, 0, len(ix.byID))
	for uid := range ix.users {
		if e := &ix.users[uid]; !e.gone {
			items = append(items, item{uint32(uid), e.username, e.text, e.email, e.teams})
		}
	}
	return items
}

// denseAbove is the number of users above which a key gets no posting list: reading such
// a list costs about as much as walking the username order, which finds its matches as
// fast.
func denseAbove(n int) int { return max(64, n/16) }

func build(items []item, seq uint64) *snapshot {
	slices.SortFunc(items, func(a, b item) int { return strings.Compare(a.username, b.username) })
	s := &snapshot{order: make([]uint32, len(items)), lists: map[key]*postings{}, dense: map[key]bool{}, seq: seq}
	// One pass in rank order: every list receives ascending ranks, a repeated gram of one
	// user adds nothing. Bigrams are looked up in an array, the rest in maps.
	bigrams := make([]*postings, 1<<16)
	other := map[key]*postings{}
	add := func(k key, r uint32) {
		p := other[k]
		if p == nil {
			p = &postings{}
			other[k] = p
		}
		p.add(r)
	}
	for i := range items {
		it, r := &items[i], uint32(i)
		s.order[i] = it.uid
		for _, t := range [2]string{it.text, it.email} {
			for j := 0; j+2 <= len(t); j++ {
				b := uint32(t[j])<<8 | uint32(t[j+1])
				p := bigrams[b]
				if p == nil {
					p = &postings{}
					bigrams[b] = p
				}
				p.add(r)
				if j+3 <= len(t) {
					add(3<<24|key(b)<<8|key(t[j+2]), r)
				}
			}
		}
		for _, t := range it.teams {
			add(teamKey|key(t), r)
		}
	}
	limit := denseAbove(len(items))
	keep := func(k key, p *postings) {
		if p.n > limit {
			s.dense[k] = true
			return
		}
		p.b = slices.Clip(p.b)
		s.lists[k] = p
	}
	for b, p := range bigrams {
		if p != nil {
			keep(2<<24|key(b)<<8, p)
		}
	}
	for k, p := range other {
		keep(k, p)
	}
	return s
}

// installLocked makes snap the snapshot; users changed after it was taken stay in the delta.
func (ix *Index) installLocked(snap *snapshot) {
	ix.snap = snap
	ix.dead = make([]uint64, (len(snap.order)+63)/64)
	for uid := range ix.users {
		ix.users[uid].rank = -1
	}
	for r, uid := range snap.order {
		e := &ix.users[uid]
		if e.gone || e.seq > snap.seq {
			ix.dead[r/64] |= 1 << (r % 64)
			continue
		}
		e.rank, e.inDelta = int32(r), false
	}
	ix.delta = ix.delta[:0]
	for uid := range ix.users {
		e := &ix.users[uid]
		if !e.gone && e.rank < 0 {
			e.inDelta = true
			ix.delta = append(ix.delta, uint32(uid))
		} else {
			e.inDelta = false
		}
	}
}

// Rebuilt returns a channel closed when the next rebuild has been installed.
func (ix *Index) Rebuilt() <-chan struct{} {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.rebuilt
}

// Settle waits until no rebuild is running.
func (ix *Index) Settle() {
	for {
		ix.mu.RLock()
		running, done := ix.rebuilding, ix.rebuilt
		ix.mu.RUnlock()
		if !running {
			return
		}
		<-done
	}
}
