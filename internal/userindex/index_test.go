package userindex

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

// The index must answer every query exactly as a scan of all users does, after loads,
// writes, removals and rebuilds, for every source it may read from.

var (
	testNames = []string{"anna", "jo", "ryan", "bryan", "élodie", "łukasz", "дмитрий", "李", "王芳", "ana", "zoe", "x_y", "o'neil", "mü"}
	testTeams = []string{"t1", "t2", "t3"}
)

func randomUser(rng *rand.Rand, id int) User {
	first := testNames[rng.IntN(len(testNames))]
	last := testNames[rng.IntN(len(testNames))]
	username := fmt.Sprintf("%s.%s%d", first, last, rng.IntN(1000))
	if rng.IntN(5) == 0 {
		username = fmt.Sprintf("u%06d", rng.IntN(1000000))
	}
	u := User{
		ID:       fmt.Sprintf("id%024d", id),
		Username: username + fmt.Sprint(id),
		Deleted:  rng.IntN(10) == 0,
		Remote:   rng.IntN(20) == 0,
	}
	u.Text = strings.ToLower(u.Username + " " + first + " " + last + " " + testNames[rng.IntN(len(testNames))])
	u.Email = strings.ToLower(first + "." + last + "@example.com")
	for _, t := range testTeams {
		if rng.IntN(3) > 0 {
			u.Teams = append(u.Teams, t)
		}
	}
	return u
}

type model struct {
	users    map[string]User
	channels map[string]map[string]bool // channel → member → admin
}

func (m *model) find(q *Query, in, notIn string) []string {
	var out []User
	for _, u := range m.users {
		switch {
		case q.Active && u.Deleted, q.Inactive && !u.Deleted, q.ExcludeRemote && u.Remote,
			q.InTeam != "" && !slices.Contains(u.Teams, q.InTeam),
			q.NotInTeam != "" && slices.Contains(u.Teams, q.NotInTeam),
			q.WithoutTeam && len(u.Teams) > 0,
			in != "" && !hasKey(m.channels[in], u.ID),
			notIn != "" && hasKey(m.channels[notIn], u.ID):
			continue
		}
		ok := true
		for _, w := range q.Words {
			if !strings.Contains(u.Text, w) && !(q.Email && strings.Contains(u.Email, w)) && u.ID != w {
				ok = false
			}
		}
		if ok {
			out = append(out, u)
		}
	}
	slices.SortFunc(out, func(a, b User) int {
		if q.AdminsFirst && in != "" && m.channels[in][a.ID] != m.channels[in][b.ID] {
			if m.channels[in][a.ID] {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Username, b.Username)
	})
	ids := []string{}
	for i := q.Offset; i < len(out) && i < q.Offset+q.Limit; i++ {
		ids = append(ids, out[i].ID)
	}
	return ids
}

func TestFindAgreesWithScan(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	m := &model{users: map[string]User{}, channels: map[string]map[string]bool{}}
	var all []User
	for i := range 3000 {
		u := randomUser(rng, i)
		all = append(all, u)
		m.users[u.ID] = u
	}
	ix := New()
	ix.SetMaxDelta(300)
	ix.Load(all)
	next := len(all)
	words := []string{"", "a", "an", "ry", "rya", "yan", "ryan", "bryan", "é", "élo", "дми", "李", "王芳", "_", "x_y", "'n",
		"example", "ana.zo", "u0", "zzz", "q", "mü", "id000000000000000000000007", "id000000000000000000000017 ann"}
	for round := range 25 {
		// Some writes: new users, changes, removals, channel membership.
		for range rng.IntN(200) {
			switch op := rng.IntN(10); {
			case op < 4:
				u := randomUser(rng, next)
				next++
				m.users[u.ID] = u
				ix.Put(u)
			case op < 8:
				n := rng.IntN(next)
				id := fmt.Sprintf("id%024d", n)
				if _, ok := m.users[id]; ok {
					u := randomUser(rng, n) // usernames stay unique, as in the database
					m.users[id] = u
					ix.Put(u)
				}
			default:
				id := fmt.Sprintf("id%024d", rng.IntN(next))
				delete(m.users, id)
				ix.Remove(id)
			}
		}
		chans := map[string]*Channel{}
		for _, c := range []string{"small", "big"} {
			members := map[string]bool{}
			var ids, admins []string
			for id := range m.users {
				if c == "big" && rng.IntN(2) == 0 || c == "small" && rng.IntN(100) == 0 {
					admin := rng.IntN(10) == 0
					members[id] = admin
					ids = append(ids, id)
					if admin {
						admins = append(admins, id)
					}
				}
			}
			m.channels[c] = members
			ix.DropChannel(c)
			_, epoch := ix.Channel(c)
			chans[c] = ix.SetChannel(c, epoch, ids, admins)
		}
		for range 200 {
			q := &Query{Limit: 1 + rng.IntN(30), Email: rng.IntN(2) == 0}
			if rng.IntN(4) == 0 {
				q.Offset = rng.IntN(50)
			}
			for range rng.IntN(3) {
				if w := words[rng.IntN(len(words))]; w != "" {
					q.Words = append(q.Words, strings.Fields(w)...)
				}
			}
			switch rng.IntN(4) {
			case 0:
				q.Active = true
			case 1:
				q.Inactive = true
			}
			q.ExcludeRemote = rng.IntN(4) == 0
			if rng.IntN(2) == 0 {
				q.InTeam = testTeams[rng.IntN(len(testTeams))]
			}
			if rng.IntN(4) == 0 {
				q.NotInTeam = testTeams[rng.IntN(len(testTeams))]
			}
			q.WithoutTeam = rng.IntN(8) == 0
			var in, notIn string
			switch rng.IntN(5) {
			case 0:
				in = "small"
			case 1:
				in = "big"
			case 2:
				notIn = []string{"small", "big"}[rng.IntN(2)]
			}
			if in != "" {
				q.InChannel = chans[in]
				q.AdminsFirst = rng.IntN(2) == 0
			}
			if notIn != "" {
				q.NotInChannel = chans[notIn]
			}
			got, ok := ix.Find(q)
			if !ok {
				t.Fatal("index not ready after Load")
			}
			want := m.find(q, in, notIn)
			if !slices.Equal(got, want) {
				t.Fatalf("round %d: %+v (in %q, not in %q):\n got %v\nwant %v", round, *q, in, notIn, got, want)
			}
		}
		if round%10 == 9 {
			// Let a pending rebuild land so that later rounds query a fresh snapshot.
			ix.Settle()
		}
	}
}

func TestFindDeclinesBeforeLoad(t *testing.T) {
	t.Parallel()
	ix := New()
	if _, ok := ix.Find(&Query{Limit: 10}); ok {
		t.Fatal("an index that was never loaded answered")
	}
	ix.Load(nil)
	ids, ok := ix.Find(&Query{Limit: 10})
	if !ok || ids == nil || len(ids) != 0 {
		t.Fatalf("empty index: %v %v, want an empty list", ids, ok)
	}
}

func TestRebuildKeepsLaterChanges(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(3, 4))
	ix := New()
	ix.SetMaxDelta(10)
	var all []User
	for i := range 100 {
		all = append(all, randomUser(rng, i))
	}
	ix.Load(all)
	done := ix.Rebuilt()
	for i := 100; i < 120; i++ { // passes the bound: a rebuild starts
		ix.Put(randomUser(rng, i))
	}
	<-done
	u := randomUser(rng, 5)
	u.Username, u.Text, u.Deleted = "zzzz-last", "zzzz-last unique-word", false
	ix.Put(u)
	ids, _ := ix.Find(&Query{Words: []string{"unique-word"}, Limit: 5})
	if !slices.Equal(ids, []string{u.ID}) {
		t.Fatalf("after rebuild: %v", ids)
	}
	if ix.Len() != 120 {
		t.Fatalf("Len = %d, want 120", ix.Len())
	}
}

// A Load while a rebuild runs wins: the rebuild, made from the old numbering, is dropped.
func TestLoadDuringRebuild(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(5, 6))
	for range 20 {
		ix := New()
		ix.SetMaxDelta(5)
		var old []User
		for i := range 2000 {
			old = append(old, randomUser(rng, i))
		}
		ix.Load(old)
		for i := 2000; i < 2010; i++ {
			ix.Put(randomUser(rng, i)) // starts a rebuild
		}
		m := &model{users: map[string]User{}, channels: map[string]map[string]bool{}}
		var fresh []User
		for i := range 300 {
			u := randomUser(rng, 5000+i)
			fresh = append(fresh, u)
			m.users[u.ID] = u
		}
		ix.Load(fresh)
		ix.Settle()
		q := &Query{Words: []string{"an"}, Limit: 50}
		got, _ := ix.Find(q)
		if want := m.find(q, "", ""); !slices.Equal(got, want) {
			t.Fatalf("after a load during a rebuild:\n got %v\nwant %v", got, want)
		}
	}
}

// A put that changes nothing the index holds (a login) does not grow the delta.
func TestUnchangedPutIsFree(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(7, 8))
	ix := New()
	ix.SetMaxDelta(5)
	u := randomUser(rng, 1)
	ix.Load([]User{u})
	done := ix.Rebuilt()
	for range 100 {
		same := u
		same.Teams = slices.Clone(u.Teams)
		slices.Reverse(same.Teams) // the order of teams does not matter
		ix.Put(same)
	}
	select {
	case <-done:
		t.Fatal("unchanged users started a rebuild")
	case <-time.After(50 * time.Millisecond):
	}
}

// Channel member sets belong to one load, and one with a member the index does not know
// yet is used once but not kept.
func TestChannelSets(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(9, 10))
	ix := New()
	a, b := randomUser(rng, 1), randomUser(rng, 2)
	a.Deleted, b.Deleted = false, false
	ix.Load([]User{a, b})
	_, epoch := ix.Channel("c")
	if c := ix.SetChannel("c", epoch, []string{a.ID, "not-yet-known"}, nil); c.Len() != 1 || c.Complete() {
		t.Fatalf("set of %d (complete %v), want 1, incomplete", c.Len(), c.Complete())
	}
	if c, _ := ix.Channel("c"); c != nil {
		t.Fatal("a set missing a member was cached")
	}
	_, epoch = ix.Channel("c")
	c := ix.SetChannel("c", epoch, []string{a.ID}, nil)
	if cached, _ := ix.Channel("c"); cached != c || !c.Complete() {
		t.Fatal("a complete set was not cached")
	}
	if ids, ok := ix.Find(&Query{InChannel: c, Limit: 5}); !ok || !slices.Equal(ids, []string{a.ID}) {
		t.Fatalf("in channel: %v %v", ids, ok)
	}
	ix.Load([]User{b, a}) // new numbering
	if _, ok := ix.Find(&Query{InChannel: c, Limit: 5}); ok {
		t.Fatal("a set from before a load was used after it")
	}
	if cached, _ := ix.Channel("c"); cached != nil {
		t.Fatal("a load kept the cached sets")
	}
}

func hasKey(m map[string]bool, k string) bool {
	_, ok := m[k]
	return ok
}
