package cache

import (
	"fmt"
	"sync"
	"testing"
	"time"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

func TestCacheBoundsExpiryAndInvalidation(t *testing.T) {
	t.Parallel()
	clk := &clock{t: time.Unix(1000, 0)}
	r := NewRegistry(clk.now)
	var told []string
	r.OnInvalidate(func(name, key string) { told = append(told, name+"/"+key) })
	c := New[int](r, "users", 2, time.Minute)

	c.Set("a", 1)
	c.Set("b", 2)
	if _, ok := c.Get("a"); !ok { // a becomes most recent
		t.Fatal("a missing")
	}
	c.Set("c", 3) // evicts b, the least recently used
	if _, ok := c.Get("b"); ok {
		t.Error("b should have been evicted")
	}
	if v, ok := c.Get("c"); !ok || v != 3 {
		t.Errorf("c = %v, %v", v, ok)
	}
	if c.Len() != 2 {
		t.Errorf("Len = %d, want 2", c.Len())
	}

	r.Invalidate("users", "a")
	if _, ok := c.Get("a"); ok {
		t.Error("a should be invalidated")
	}
	clk.add(2 * time.Minute)
	if _, ok := c.Get("c"); ok {
		t.Error("c should have expired")
	}
	c.Set("d", 4)
	r.Purge("users")
	if c.Len() != 0 {
		t.Errorf("Len after purge = %d", c.Len())
	}
	if fmt.Sprint(told) != "[users/a users/]" {
		t.Errorf("hooks told %v", told)
	}
	r.InvalidateLocal("users", "x")
	if len(told) != 2 {
		t.Errorf("InvalidateLocal must not call hooks: %v", told)
	}
}

func TestCacheDisabled(t *testing.T) {
	t.Parallel()
	c := New[int](NewRegistry(nil), "off", 0, time.Minute)
	c.Set("a", 1)
	if _, ok := c.Get("a"); ok {
		t.Error("a size-0 cache must not hold entries")
	}
}

func TestCacheConcurrent(t *testing.T) {
	t.Parallel()
	r := NewRegistry(nil)
	c := New[int](r, "c", 100, time.Minute)
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 1000; i++ {
				k := fmt.Sprint(i % 150)
				c.Set(k, i)
				c.Get(k)
				if i%10 == 0 {
					r.Invalidate("c", k)
				}
			}
		}(g)
	}
	wg.Wait()
	if c.Len() > 100 {
		t.Errorf("Len = %d exceeds bound", c.Len())
	}
}

func TestSetIfUnchanged(t *testing.T) {
	t.Parallel()
	r := NewRegistry(nil)
	c := New[string](r, "c", 10, time.Minute)
	gen := c.Generation()
	// An invalidation between the read and the Set (even of a key not cached yet) wins.
	r.Invalidate("c", "k")
	if c.SetIfUnchanged("k", "stale", gen) {
		t.Fatal("value read before an invalidation was cached after it")
	}
	if _, ok := c.Get("k"); ok {
		t.Fatal("stale value present")
	}
	gen = c.Generation()
	if !c.SetIfUnchanged("k", "fresh", gen) {
		t.Fatal("SetIfUnchanged refused with no invalidation in between")
	}
	if v, _ := c.Get("k"); v != "fresh" {
		t.Fatalf("Get = %q", v)
	}
	gen = c.Generation()
	r.Purge("c")
	if c.SetIfUnchanged("k", "stale", gen) {
		t.Fatal("a purge must count as an invalidation")
	}
}
