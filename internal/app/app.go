// Package app holds Roster's rules: who may do what, and what each action changes. Handlers
// and the command line call the same methods, so no entry point skips a check.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"roster/internal/auth"
	"roster/internal/cache"
	"roster/internal/config"
	"roster/internal/model"
	"roster/internal/store"
)

// Version is the Roster version; the API reports the Mattermost server version it is
// compatible with separately (CompatibleServerVersion).
var Version = "0.1.0-dev"

// CompatibleServerVersion is the Mattermost server version whose API Roster speaks; clients
// read it from X-Version-Id to decide which features to use.
const CompatibleServerVersion = "11.0.0"

// Cache names, for Registry.Invalidate.
const (
	CacheSessions = "sessions" // key: token hash
	CacheUsers    = "users"    // key: user id
)

// App is the application layer.
type App struct {
	store  *store.Store
	cfg    config.Config
	log    *slog.Logger
	now    func() time.Time
	hasher auth.Hasher

	caches   *cache.Registry
	sessions *cache.Cache[*model.Session]
	users    *cache.Cache[*model.User]
	members  *membershipCaches
	roles    *roleTable
	activity *activityTracker
	mailer   Mailer
	sec      *securityState

	stop     chan struct{}
	stopOnce sync.Once
	wg       sync.WaitGroup
}

// Options are the App's collaborators besides its configuration.
type Options struct {
	Logger *slog.Logger
	// Now replaces the clock (tests).
	Now func() time.Time
	// ActivityFlushInterval is how often session activity is written (default 30 s).
	ActivityFlushInterval time.Duration
	// Mailer sends email (password reset links, invitations); nil means no email can be sent.
	Mailer Mailer
}

// New builds the application on an open, migrated store and starts its background work.
func New(ctx context.Context, st *store.Store, cfg config.Config, opts Options) (*App, error) {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.ActivityFlushInterval <= 0 {
		opts.ActivityFlushInterval = 30 * time.Second
	}
	a := &App{
		store:  st,
		cfg:    cfg,
		log:    opts.Logger,
		now:    opts.Now,
		hasher: auth.Hasher{Iterations: cfg.PasswordSettings.PBKDF2Iterations},
		stop:   make(chan struct{}),
	}
	a.caches = cache.NewRegistry(opts.Now)
	ttl := time.Duration(cfg.ServiceSettings.SessionCacheInMinutes) * time.Minute
	size := 50000
	if ttl == 0 {
		size = 0
	}
	a.sessions = cache.New[*model.Session](a.caches, CacheSessions, size, ttl)
	a.users = cache.New[*model.User](a.caches, CacheUsers, 50000, 10*time.Minute)
	a.members = newMembershipCaches(a.caches)
	var err error
	if a.roles, err = loadRoles(ctx, st, a.nowMillis()); err != nil {
		return nil, err
	}
	a.activity = newActivityTracker(a)
	a.mailer = opts.Mailer
	if a.sec, err = newSecurityState(cfg, opts.Now); err != nil {
		return nil, err
	}
	a.wg.Add(1)
	go a.background(opts.ActivityFlushInterval)
	return a, nil
}

// Config returns the configuration the app runs with.
func (a *App) Config() *config.Config { return &a.cfg }

// Caches returns the cache registry (for a cluster layer's invalidation hook).
func (a *App) Caches() *cache.Registry { return a.caches }

// Logger returns the app's logger.
func (a *App) Logger() *slog.Logger { return a.log }

func (a *App) nowMillis() int64 { return a.now().UnixMilli() }

// Ping checks the database.
func (a *App) Ping(ctx context.Context) error { return a.store.Ping(ctx) }

// Close stops background work and writes pending session activity. The store is closed by
// its owner.
func (a *App) Close(ctx context.Context) error {
	a.stopOnce.Do(func() { close(a.stop) })
	a.sec.waitBackground()
	a.wg.Wait()
	return a.activity.flush(ctx)
}

func (a *App) background(flushEvery time.Duration) {
	defer a.wg.Done()
	flush := time.NewTicker(flushEvery)
	defer flush.Stop()
	cleanup := time.NewTicker(time.Hour)
	defer cleanup.Stop()
	for {
		select {
		case <-a.stop:
			return
		case <-flush.C:
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			if err := a.activity.flush(ctx); err != nil {
				a.log.Error("flush session activity", "err", err)
			}
			cancel()
		case <-cleanup.C:
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			if n, err := a.store.DeleteExpiredSessions(ctx, a.nowMillis()); err != nil {
				a.log.Error("delete expired sessions", "err", err)
			} else if n > 0 {
				a.log.Info("deleted expired sessions", "count", n)
			}
			a.deleteExpiredInvitations(ctx)
			a.deleteExpiredVerifications(ctx)
			cancel()
		}
	}
}

// storeError turns an unexpected store error into a logged 500.
func storeError(where string, err error) *model.AppError {
	return model.InternalError(where, err)
}

// notFound reports whether err is the store's not-found.
func notFound(err error) bool { return errors.Is(err, store.ErrNotFound) }

func wrapf(err error, format string, args ...any) error {
	return fmt.Errorf(format+": %w", append(args, err)...)
}
