package userindex

import (
	"encoding/binary"
)

// A key names one posting list: a byte gram of a user's search texts (one to three bytes,
// the length in the top byte) or a team (teamKey | team number).
type key uint32

const teamKey key = 0xff << 24

func gramKey(g string) key {
	k := key(len(g)) << 24
	for i := 0; i < len(g); i++ {
		k |= key(g[i]) << (8 * (2 - i))
	}
	return k
}

// wordKeys lists the keys a user matching word w by text or email must hold: its
// trigrams, or for a shorter word the word itself. Single bytes are not indexed (nearly
// every one is common); their words are answered by walking the username order.
func wordKeys(w string, dst []key) []key {
	switch {
	case len(w) == 2:
		return append(dst, gramKey(w))
	case len(w) < 3:
		return dst
	}
	for i := 0; i+3 <= len(w); i++ {
		dst = append(dst, gramKey(w[i:i+3]))
	}
	return dst
}

// postings is an ascending list of ranks (positions in username order), stored as
// varint gaps: about one to two bytes a rank.
type postings struct {
	n    int
	last uint32
	b    []byte
}

// add appends rank, which is not below the last one added (the same rank again adds
// nothing).
func (p *postings) add(rank uint32) {
	if p.n > 0 && rank == p.last {
		return
	}
	gap := rank - p.last
	if p.n == 0 {
		gap = rank
	}
	p.b = binary.AppendUvarint(p.b, uint64(gap))
	p.last = rank
	p.n++
}

// cursor reads a posting list in order.
type cursor struct {
	b    []byte
	cur  uint32
	read int
}

func (p *postings) cursor() cursor { return cursor{b: p.b} }

func (c *cursor) next() (uint32, bool) {
	if len(c.b) == 0 {
		return 0, false
	}
	gap, n := binary.Uvarint(c.b)
	c.b = c.b[n:]
	if c.read == 0 {
		c.cur = uint32(gap)
	} else {
		c.cur += uint32(gap)
	}
	c.read++
	return c.cur, true
}
