// Package ratelimit counts requests per key with the generic cell rate algorithm (GCRA): a
// key may make Burst requests at once and then one every 1/Rate, as a token bucket would,
// but only a single time is stored per key. Keys live in memory, in a bounded LRU table, so
// limits are per process (per node of a cluster).
package ratelimit

import (
	"container/list"
	"sync"
	"time"
)

// Limiter limits requests per key. It is safe for concurrent use.
type Limiter struct {
	interval time.Duration // time one request "costs": 1/rate
	burst    int
	size     int
	now      func() time.Time

	mu    sync.Mutex
	keys  map[string]*list.Element
	order *list.List // front = most recently used
}

type entry struct {
	key string
	tat time.Time // theoretical arrival time: when the key's bucket is full again
}

// Result is the outcome of one request.
type Result struct {
	Allowed    bool
	Limit      int           // the burst: requests allowed at once
	Remaining  int           // requests that could still be made right now
	RetryAfter time.Duration // when not allowed: how long until one request is
	ResetAfter time.Duration // how long until the key is back to a full burst
}

// New returns a limiter allowing perSecond requests per second per key with bursts of
// burst, remembering at most size keys (the least recently used are forgotten first, which
// only ever errs towards allowing). now may be nil (time.Now).
func New(perSecond float64, burst, size int, now func() time.Time) *Limiter {
	if now == nil {
		now = time.Now
	}
	if burst < 1 {
		burst = 1
	}
	if size < 1 {
		size = 1
	}
	return &Limiter{
		interval: time.Duration(float64(time.Second) / perSecond),
		burst:    burst,
		size:     size,
		now:      now,
		keys:     map[string]*list.Element{},
		order:    list.New(),
	}
}

// Allow counts one request for key and says whether it may proceed.
func (l *Limiter) Allow(key string) Result {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	el, known := l.keys[key]
	tat := now
	if known {
		if t := el.Value.(*entry).tat; t.After(now) {
			tat = t
		}
	}
	newTat := tat.Add(l.interval)
	allowAt := newTat.Add(-time.Duration(l.burst) * l.interval)
	if now.Before(allowAt) {
		if known {
			l.order.MoveToFront(el)
		}
		return Result{Limit: l.burst, RetryAfter: allowAt.Sub(now), ResetAfter: tat.Sub(now)}
	}
	if known {
		el.Value.(*entry).tat = newTat
		l.order.MoveToFront(el)
	} else {
		l.keys[key] = l.order.PushFront(&entry{key: key, tat: newTat})
		for l.order.Len() > l.size {
			oldest := l.order.Back()
			l.order.Remove(oldest)
			delete(l.keys, oldest.Value.(*entry).key)
		}
	}
	return Result{
		Allowed:    true,
		Limit:      l.burst,
		Remaining:  int(now.Sub(allowAt) / l.interval),
		ResetAfter: newTat.Sub(now),
	}
}

// Len returns the number of keys remembered.
func (l *Limiter) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.order.Len()
}
