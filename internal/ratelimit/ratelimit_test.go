package ratelimit

import (
	"sync"
	"testing"
	"time"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func TestBurstThenRate(t *testing.T) {
	t.Parallel()
	c := &clock{t: time.Unix(1000, 0)}
	l := New(1, 3, 100, c.now) // one per second, three at once
	for i, wantRemaining := range []int{2, 1, 0} {
		r := l.Allow("k")
		if !r.Allowed || r.Remaining != wantRemaining || r.Limit != 3 {
			t.Fatalf("request %d: %+v, want allowed with %d remaining", i, r, wantRemaining)
		}
	}
	r := l.Allow("k")
	if r.Allowed || r.RetryAfter != time.Second || r.Remaining != 0 {
		t.Fatalf("fourth request: %+v, want refused for 1s", r)
	}
	// Another key is counted on its own.
	if r := l.Allow("other"); !r.Allowed {
		t.Fatalf("other key refused: %+v", r)
	}
	c.add(999 * time.Millisecond)
	if r := l.Allow("k"); r.Allowed || r.RetryAfter != time.Millisecond {
		t.Fatalf("just before the interval: %+v", r)
	}
	c.add(time.Millisecond)
	if r := l.Allow("k"); !r.Allowed || r.Remaining != 0 {
		t.Fatalf("after one interval: %+v", r)
	}
	if r := l.Allow("k"); r.Allowed {
		t.Fatalf("second request in the same interval allowed: %+v", r)
	}
	// After a long pause the full burst is back, and no more.
	c.add(time.Hour)
	allowed := 0
	for range 10 {
		if l.Allow("k").Allowed {
			allowed++
		}
	}
	if allowed != 3 {
		t.Fatalf("after a pause %d requests allowed, want the burst of 3", allowed)
	}
}

func TestRefusedRequestsDoNotExtendTheWait(t *testing.T) {
	t.Parallel()
	c := &clock{t: time.Unix(0, 0)}
	l := New(0.5, 1, 10, c.now) // one every two seconds
	l.Allow("k")
	for range 100 {
		l.Allow("k")
	}
	c.add(2 * time.Second)
	if r := l.Allow("k"); !r.Allowed {
		t.Fatalf("hammering while refused must not push the next slot back: %+v", r)
	}
}

func TestBoundedMemory(t *testing.T) {
	t.Parallel()
	l := New(1, 1, 3, nil)
	for _, k := range []string{"a", "b", "c", "d", "e"} {
		l.Allow(k)
	}
	if n := l.Len(); n != 3 {
		t.Fatalf("Len = %d, want 3", n)
	}
	// "e" is remembered (refused again), "a" was forgotten (allowed again).
	if r := l.Allow("e"); r.Allowed {
		t.Error("most recent key forgotten")
	}
	if r := l.Allow("a"); !r.Allowed {
		t.Error("evicted key still limited")
	}
}

func TestConcurrent(t *testing.T) {
	t.Parallel()
	l := New(0.001, 50, 100, nil)
	var wg sync.WaitGroup
	var mu sync.Mutex
	allowed := 0
	for range 200 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if l.Allow("k").Allowed {
				mu.Lock()
				allowed++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if allowed != 50 {
		t.Fatalf("%d of 200 concurrent requests allowed, want exactly the burst of 50", allowed)
	}
}
