// Package cache is the one place Roster keeps copies of database rows in memory. Every cache
// is bounded, entries expire, and each belongs to a Registry whose Invalidate call is the
// single path by which a change reaches the copies, so that invalidations can later be
// broadcast to other nodes from one spot.
package cache

import (
	"container/list"
	"sync"
	"time"
)

// Cache is a bounded LRU map whose entries also expire after a time to live.
type Cache[V any] struct {
	name  string
	size  int
	ttl   time.Duration
	now   func() time.Time
	mu    sync.Mutex
	items map[string]*list.Element
	order *list.List // front = most recently used

	hits, misses uint64
	gen          uint64 // bumped by every invalidation, present key or not
}

type entry[V any] struct {
	key     string
	value   V
	expires time.Time
}

// Get returns the value cached under key, if present and not expired.
func (c *Cache[V]) Get(key string) (V, bool) {
	var zero V
	if c.size == 0 {
		return zero, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.items[key]
	if !ok {
		c.misses++
		return zero, false
	}
	e := el.Value.(*entry[V])
	if c.ttl > 0 && c.now().After(e.expires) {
		c.order.Remove(el)
		delete(c.items, key)
		c.misses++
		return zero, false
	}
	c.order.MoveToFront(el)
	c.hits++
	return e.value, true
}

// Set stores value under key, evicting the least recently used entry when full.
func (c *Cache[V]) Set(key string, value V) {
	if c.size == 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.store(key, value)
}

func (c *Cache[V]) store(key string, value V) {
	exp := c.now().Add(c.ttl)
	if el, ok := c.items[key]; ok {
		e := el.Value.(*entry[V])
		e.value, e.expires = value, exp
		c.order.MoveToFront(el)
		return
	}
	c.items[key] = c.order.PushFront(&entry[V]{key: key, value: value, expires: exp})
	for c.order.Len() > c.size {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.items, last.Value.(*entry[V]).key)
	}
}

// Generation changes whenever an entry is invalidated. A reader takes it before loading a
// value from the database and hands it to SetIfUnchanged, so that a value read before an
// invalidation is never cached after it.
func (c *Cache[V]) Generation() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen
}

// SetIfUnchanged is Set, unless an invalidation happened since gen was taken; it reports
// whether none did (also when caching is disabled).
func (c *Cache[V]) SetIfUnchanged(key string, value V, gen uint64) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen {
		return false
	}
	if c.size > 0 {
		c.store(key, value)
	}
	return true
}

func (c *Cache[V]) remove(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	if el, ok := c.items[key]; ok {
		c.order.Remove(el)
		delete(c.items, key)
	}
}

func (c *Cache[V]) purge() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.items = map[string]*list.Element{}
	c.order.Init()
}

// Len returns the number of entries held.
func (c *Cache[V]) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len()
}

// Stats returns hit and miss counts.
func (c *Cache[V]) Stats() (hits, misses uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.hits, c.misses
}

// Name returns the name the cache was registered under.
func (c *Cache[V]) Name() string { return c.name }

type invalidator interface {
	remove(key string)
	purge()
}

// Registry owns a node's caches and routes invalidations to them.
type Registry struct {
	mu     sync.RWMutex
	caches map[string]invalidator
	hooks  []func(cache, key string)
	now    func() time.Time
}

// NewRegistry returns an empty registry. now may be nil (time.Now).
func NewRegistry(now func() time.Time) *Registry {
	if now == nil {
		now = time.Now
	}
	return &Registry{caches: map[string]invalidator{}, now: now}
}

// New creates and registers a cache. size 0 disables caching (every Get misses).
func New[V any](r *Registry, name string, size int, ttl time.Duration) *Cache[V] {
	c := &Cache[V]{name: name, size: size, ttl: ttl, now: r.now, items: map[string]*list.Element{}, order: list.New()}
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, dup := r.caches[name]; dup {
		panic("cache " + name + " registered twice")
	}
	r.caches[name] = c
	return c
}

// OnInvalidate registers fn to be told of every local invalidation (key "" = whole cache);
// this is where a cluster layer would broadcast.
func (r *Registry) OnInvalidate(fn func(cache, key string)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.hooks = append(r.hooks, fn)
}

// Invalidate drops key from the named cache here and tells the hooks.
func (r *Registry) Invalidate(name, key string) {
	r.InvalidateLocal(name, key)
	r.mu.RLock()
	hooks := r.hooks
	r.mu.RUnlock()
	for _, h := range hooks {
		h(name, key)
	}
}

// Purge empties the named cache here and tells the hooks.
func (r *Registry) Purge(name string) { r.Invalidate(name, "") }

// InvalidateLocal applies an invalidation without telling the hooks: what a node does with
// an invalidation received from another node.
func (r *Registry) InvalidateLocal(name, key string) {
	r.mu.RLock()
	c, ok := r.caches[name]
	r.mu.RUnlock()
	if !ok {
		return
	}
	if key == "" {
		c.purge()
	} else {
		c.remove(key)
	}
}
