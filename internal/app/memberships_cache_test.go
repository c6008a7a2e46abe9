package app

import (
	"errors"
	"testing"
	"time"

	"roster/internal/cache"
)

// A membership read that an invalidation overtakes (another request committed a change while
// it was reading) is answered but not cached; an undisturbed read is cached; errors are not.
func TestLoadCachedKeepsNoValueReadBeforeAnInvalidation(t *testing.T) {
	t.Parallel()
	reg := cache.NewRegistry(nil)
	c := cache.New[string](reg, "memberships", 10, time.Minute)

	v, err := loadCached(c, "k", func() (string, error) {
		reg.Invalidate("memberships", "k") // the concurrent change commits and invalidates
		return "stale", nil
	})
	if err != nil || v != "stale" {
		t.Fatalf("overtaken read answered %q, %v", v, err)
	}
	if got, ok := c.Get("k"); ok {
		t.Fatalf("a value read before an invalidation was cached: %q", got)
	}

	loads := 0
	load := func() (string, error) { loads++; return "fresh", nil }
	for range 2 {
		if v, err := loadCached(c, "k", load); err != nil || v != "fresh" {
			t.Fatalf("load answered %q, %v", v, err)
		}
	}
	if loads != 1 {
		t.Errorf("loaded %d times, want 1 (then served from the cache)", loads)
	}

	boom := errors.New("boom")
	if _, err := loadCached(c, "e", func() (string, error) { return "", boom }); !errors.Is(err, boom) {
		t.Errorf("error %v, want %v", err, boom)
	}
	if _, ok := c.Get("e"); ok {
		t.Error("a failed load was cached")
	}
}
