package seed

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"roster/internal/model"
	"roster/internal/store"
)

// Synthetic data set shape.
const (
	SyntheticTeams = 20 // open teams team-1 … team-20
	// Users in team-1's extra channels: one in TenThousandEvery users joins ten-thousand, one
	// in OneThousandEvery one-thousand (10,000 and 1,000 members at a million users).
	TenThousandEvery = 100
	OneThousandEvery = 1000
	// One user in AdminEvery is a system admin (at least two).
	AdminEvery = 20000
)

// syntheticEpoch and syntheticSpan: accounts are created over ten years from 2016.
var (
	syntheticEpoch = time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()
	syntheticSpan  = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli() - syntheticEpoch
	syntheticEnd   = syntheticEpoch + syntheticSpan
)

const day = int64(24 * time.Hour / time.Millisecond)

// Synthetic is a generated data set: Users users with names in nine languages and scripts,
// 20 open teams, a town-square channel per team and two more channels in team-1. The same
// Seed gives the same data (ids included).
//
// Every second user is in team-1; every user is in one to three teams; about 1% of the
// memberships in the other teams are departed. town-square holds the team's active members;
// team-1's ten-thousand and one-thousand hold 1% and 0.1% of all users. About 3% of the
// users are deactivated, 20% have a nickname, a few are system admins. Every user's
// password hash is PasswordHash.
type Synthetic struct {
	Users        int
	Seed         int64
	PasswordHash string

	ids        []string  // user ids, by user number
	order      []int32   // user numbers, by id: rows are written in primary key order
	member     []teamSet // each user's teams
	teams      []*model.Team
	channels   []*model.Channel
	channelFor []channelRule // by channel, who is in it
	langCDF    []float64
	tzJSON     map[string]string
}

// teamSet is one user's team memberships, as bit masks over team indexes.
type teamSet struct {
	in, departed, admin uint32
}

type channelRule struct {
	team  int // index of the channel's team
	every int // 0: every active member of the team; n: users whose number is a multiple of n
}

// Prepare computes what the data set's rows are drawn from (ids, their order, team
// memberships). Source calls it when needed; calling it first lets a caller time it.
func (g *Synthetic) Prepare() error {
	if g.ids != nil {
		return nil
	}
	if g.Users < 0 || g.Users > 1<<30 {
		return fmt.Errorf("synthetic data set: invalid number of users %d", g.Users)
	}
	n := g.Users
	g.ids = make([]string, n)
	g.order = make([]int32, n)
	g.member = make([]teamSet, n)
	d := newDrawer()
	for i := range n {
		g.ids[i] = g.id(kindUser, uint64(i))
		g.order[i] = int32(i)
		g.member[i] = g.teamsOf(i, d)
	}
	slices.SortFunc(g.order, func(a, b int32) int { return strings.Compare(g.ids[a], g.ids[b]) })

	now := syntheticEpoch
	for t := range SyntheticTeams {
		g.teams = append(g.teams, &model.Team{
			Id: g.id(kindTeam, uint64(t)), CreateAt: now, UpdateAt: now,
			DisplayName: "Team " + strconv.Itoa(t+1), Name: "team-" + strconv.Itoa(t+1),
			Type: model.TeamOpen, InviteId: g.id(kindInvite, uint64(t)), AllowOpenInvite: true,
		})
	}
	addChannel := func(team int, display, name string, every int) {
		g.channels = append(g.channels, &model.Channel{
			Id: g.id(kindChannel, uint64(len(g.channels))), CreateAt: now, UpdateAt: now,
			TeamId: g.teams[team].Id, Type: model.ChannelTypeOpen, DisplayName: display, Name: name,
		})
		g.channelFor = append(g.channelFor, channelRule{team: team, every: every})
	}
	for t := range SyntheticTeams {
		addChannel(t, "Town Square", model.DefaultChannelName, 0)
	}
	addChannel(0, "Ten Thousand", "ten-thousand", TenThousandEvery)
	addChannel(0, "One Thousand", "one-thousand", OneThousandEvery)

	var total float64
	for _, l := range languages {
		total += l.weight
		g.langCDF = append(g.langCDF, total)
	}
	for i := range g.langCDF {
		g.langCDF[i] /= total
	}
	g.tzJSON = map[string]string{}
	for _, l := range languages {
		for _, tz := range l.timezones {
			g.tzJSON[tz] = mustJSON(map[string]string{"automaticTimezone": tz, "manualTimezone": "", "useAutomaticTimezone": "true"})
		}
	}
	return nil
}

// Kinds of generated ids.
const (
	kindUser = iota + 1
	kindTeam
	kindInvite
	kindChannel
	kindProfile
	kindTeams
	kindTime
)

func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// hash is a deterministic 64-bit value for (seed, kind, i).
func (g *Synthetic) hash(kind, i uint64) uint64 {
	return splitmix(splitmix(uint64(g.Seed)^kind<<56) ^ i)
}

func (g *Synthetic) id(kind, i uint64) string {
	var b [16]byte
	h := g.hash(kind, i)
	binary.LittleEndian.PutUint64(b[:8], h)
	binary.LittleEndian.PutUint64(b[8:], splitmix(h^0x5851f42d4c957f2d))
	return model.IdFromBytes(b)
}

// drawer is a reseedable random source.
type drawer struct {
	pcg *rand.PCG
	r   *rand.Rand
}

func newDrawer() *drawer {
	pcg := rand.NewPCG(0, 0)
	return &drawer{pcg: pcg, r: rand.New(pcg)}
}

// rng reseeds d for one user's draws of a kind: they do not depend on other users'.
func (g *Synthetic) rng(d *drawer, kind uint64, i int) *rand.Rand {
	d.pcg.Seed(g.hash(kind, uint64(i)), uint64(i))
	return d.r
}

// teamsOf draws user i's teams: team-1 for even i; in all one to three teams.
func (g *Synthetic) teamsOf(i int, d *drawer) teamSet {
	r := g.rng(d, kindTeams, i)
	var s teamSet
	others := 1 + r.IntN(3)
	if i%2 == 0 {
		s.in = 1
		others--
	}
	for others > 0 {
		t := 1 + r.IntN(SyntheticTeams-1)
		if s.in&(1<<t) != 0 {
			continue
		}
		s.in |= 1 << t
		if r.IntN(100) == 0 {
			s.departed |= 1 << t
		}
		others--
	}
	for t := range SyntheticTeams {
		if s.in&(1<<t) != 0 && r.IntN(500) == 0 {
			s.admin |= 1 << t
		}
	}
	return s
}

// createAt is user i's account creation time.
func (g *Synthetic) createAt(i int) int64 {
	return syntheticEpoch + int64(g.hash(kindTime, uint64(i))%uint64(syntheticSpan))
}

// joinedAt is when user i joined team t.
func (g *Synthetic) joinedAt(i, t int) int64 {
	c := g.createAt(i)
	return c + int64(g.hash(kindTime, uint64(i)<<5|uint64(t+1))%uint64(min(7*day, syntheticEnd-c)+1))
}

// skewed picks from a name pool, common names first: the first tenth of a pool is drawn
// about a quarter of the time.
func skewed(r *rand.Rand, pool []name) name {
	u := r.Float64()
	return pool[int(float64(len(pool))*u*u)]
}

func (g *Synthetic) isAdmin(i int) bool {
	step := g.Users / max(2, g.Users/AdminEvery)
	return step > 0 && i%step == 1
}

// user fills u with user i's profile; taken counts the usernames handed out per base.
func (g *Synthetic) user(i int, d *drawer, taken map[string]int32, u *store.BulkUser) {
	r := g.rng(d, kindProfile, i)
	x := r.Float64()
	lang := languages[len(languages)-1]
	for k, c := range g.langCDF {
		if x < c {
			lang = languages[k]
			break
		}
	}
	var first, last name
	if lang.firstFem != nil && r.IntN(2) == 0 {
		first, last = skewed(r, lang.firstFem), feminine(skewed(r, lang.last))
	} else {
		first, last = skewed(r, lang.first), skewed(r, lang.last)
	}
	var base string
	switch p := r.IntN(10); {
	case p < 5:
		base = first.latin + "." + last.latin
	case p < 8:
		base = first.latin[:1] + last.latin
	default:
		base = first.latin + "_" + last.latin
	}
	username := base
	if n := taken[base]; n > 0 {
		username = base + strconv.Itoa(int(n))
	}
	taken[base]++

	created := g.createAt(i)
	*u = store.BulkUser{
		Id:                 g.ids[i],
		CreateAt:           created,
		UpdateAt:           created + r.Int64N(min(90*day, syntheticEnd-created)+1),
		Username:           username,
		PasswordHash:       g.PasswordHash,
		Email:              username + "@" + emailDomains[r.IntN(len(emailDomains))],
		EmailVerified:      r.IntN(20) != 0,
		FirstName:          first.native,
		LastName:           last.native,
		Roles:              "system_user",
		AllowMarketing:     r.IntN(4) == 0,
		Props:              "{}",
		NotifyProps:        defaultUserNotifyProps,
		LastPasswordUpdate: created,
		Locale:             lang.locale,
		Timezone:           g.tzJSON[lang.timezones[r.IntN(len(lang.timezones))]],
	}
	if r.IntN(5) == 0 {
		u.Nickname = nicknames[r.IntN(len(nicknames))]
	}
	if r.IntN(10) < 7 {
		u.LastLogin = created + r.Int64N(syntheticEnd-created+1)
	}
	if r.IntN(100) < 3 {
		u.DeleteAt = created + 1 + r.Int64N(syntheticEnd-created)
		u.UpdateAt = u.DeleteAt
	}
	if g.isAdmin(i) {
		u.Roles = "system_user system_admin"
	}
}

// Source returns the data set's rows. Each sequence can be run once.
func (g *Synthetic) Source() (store.BulkSource, error) {
	if err := g.Prepare(); err != nil {
		return store.BulkSource{}, err
	}
	return store.BulkSource{
		Users:          g.userRows,
		Teams:          g.teamRows,
		TeamMembers:    g.teamMemberRows,
		Channels:       g.channelRows,
		ChannelMembers: g.channelMemberRows,
	}, nil
}

func (g *Synthetic) userRows(yield func(*store.BulkUser, error) bool) {
	d := newDrawer()
	taken := make(map[string]int32, 1<<16)
	var u store.BulkUser
	for _, i := range g.order {
		g.user(int(i), d, taken, &u)
		if !yield(&u, nil) {
			return
		}
	}
}

func (g *Synthetic) teamRows(yield func(*model.Team, error) bool) {
	for _, t := range g.teams {
		if !yield(t, nil) {
			return
		}
	}
}

func (g *Synthetic) teamMemberRows(yield func(*store.BulkTeamMember, error) bool) {
	var m store.BulkTeamMember
	for t, team := range g.teams {
		bit := uint32(1) << t
		for _, i := range g.order {
			s := g.member[i]
			if s.in&bit == 0 {
				continue
			}
			joined := g.joinedAt(int(i), t)
			m = store.BulkTeamMember{TeamId: team.Id, UserId: g.ids[i], SchemeUser: true,
				SchemeAdmin: s.admin&bit != 0, CreateAt: joined}
			if s.departed&bit != 0 {
				m.DeleteAt = joined + 1 + int64(g.hash(kindTime, uint64(i)<<5|uint64(t+1)^1<<62)%uint64(syntheticEnd-joined))
			}
			if !yield(&m, nil) {
				return
			}
		}
	}
}

func (g *Synthetic) channelRows(yield func(*model.Channel, error) bool) {
	for _, c := range g.channels {
		if !yield(c, nil) {
			return
		}
	}
}

func (g *Synthetic) channelMemberRows(yield func(*store.BulkChannelMember, error) bool) {
	var m store.BulkChannelMember
	for c, ch := range g.channels {
		rule := g.channelFor[c]
		bit := uint32(1) << rule.team
		for _, i := range g.order {
			s := g.member[i]
			if s.in&bit == 0 || s.departed&bit != 0 || rule.every > 0 && int(i)%rule.every != 0 {
				continue
			}
			joined := g.joinedAt(int(i), rule.team)
			m = store.BulkChannelMember{ChannelId: ch.Id, UserId: g.ids[i], NotifyProps: defaultChannelNotifyProps,
				LastViewedAt: joined, LastUpdateAt: joined, SchemeUser: true, SchemeAdmin: s.admin&bit != 0}
			if !yield(&m, nil) {
				return
			}
		}
	}
}
