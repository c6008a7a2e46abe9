package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"
	"time"

	"roster/internal/auth"
	"roster/internal/config"
	"roster/internal/seed"
	"roster/internal/store"
)

const seedUsage = `roster dev seed: fill an empty database with a benchmark data set.

Usage:
  roster [--config FILE] dev seed [--users N] [--seed S] [flags]
  roster [--config FILE] dev seed --from-mattermost postgres://… [flags]

The target is the configured database (SqlSettings, MM_SQLSETTINGS_DRIVERNAME and
MM_SQLSETTINGS_DATASOURCE); migrations are applied first. It must hold no users, teams,
channels or memberships yet.

Flags:
`

// devSeed is "roster dev seed".
func devSeed(cfg config.Config, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("dev seed", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, seedUsage)
		fs.PrintDefaults()
	}
	users := fs.Int("users", 10000, "number of generated users")
	seedValue := fs.Int64("seed", 1, "generator seed: the same seed gives the same data")
	from := fs.String("from-mattermost", "", "copy the users, teams, channels and memberships of this Mattermost PostgreSQL database instead of generating them")
	password := fs.String("password", "seed-Password-1", "password of every seeded user (one hash shared by all); with --from-mattermost the copied password hashes are kept unless this flag is given")
	adminUsername := fs.String("admin-username", "seedadmin", "username of the added system admin (member of every team and channel)")
	adminPassword := fs.String("admin-password", "seed-Password-1", "password of the added system admin")
	adminEmail := fs.String("admin-email", "seedadmin@example.com", "email of the added system admin")
	keepIndexes := fs.Bool("keep-indexes", false, "write rows with the secondary indexes in place instead of rebuilding them at the end (slower; for comparison)")
	searchTrigger := fs.Bool("search-trigger", false, "SQLite: fill the user search index row by row instead of rebuilding it at the end (slower; for comparison)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile (pprof) of the load to this file")
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "roster: dev seed takes no arguments (got %q)\n", fs.Args())
		return 2
	}
	passwordGiven := false
	fs.Visit(func(f *flag.Flag) { passwordGiven = passwordGiven || f.Name == "password" })
	if *from == "" && (*users < 0 || *users > 100_000_000) {
		fmt.Fprintf(stderr, "roster: dev seed: --users must be between 0 and 100000000\n")
		return 2
	}
	if *adminUsername == "" || *adminEmail == "" || *adminPassword == "" || *password == "" {
		fmt.Fprintf(stderr, "roster: dev seed: the admin username, email and password and --password must not be empty\n")
		return 2
	}

	// An interrupt cancels the load, which then rolls back.
	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	go func() {
		if sig, ok := <-sigs; ok {
			cancel(fmt.Errorf("interrupted by %v", sig))
		}
	}()
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			fmt.Fprintf(stderr, "roster: dev seed: %v\n", err)
			return 1
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintf(stderr, "roster: dev seed: start CPU profile: %v\n", err)
			return 1
		}
		defer pprof.StopCPUProfile()
	}
	if err := runSeed(ctx, cfg, seedRun{
		users: *users, seed: *seedValue, from: *from, password: *password, resetPasswords: *from == "" || passwordGiven,
		admin: *adminUsername, adminEmail: *adminEmail, adminPassword: *adminPassword,
		opts: store.BulkOptions{KeepIndexes: *keepIndexes, KeepSearchTrigger: *searchTrigger},
	}, stdout); err != nil {
		if cause := context.Cause(ctx); cause != nil {
			err = fmt.Errorf("%w (%v; nothing was loaded)", err, cause)
		}
		fmt.Fprintf(stderr, "roster: dev seed: %v\n", err)
		return 1
	}
	return 0
}

type seedRun struct {
	users                            int
	seed                             int64
	from                             string
	password                         string
	resetPasswords                   bool
	admin, adminEmail, adminPassword string
	opts                             store.BulkOptions
}

func runSeed(ctx context.Context, cfg config.Config, r seedRun, out io.Writer) error {
	start := time.Now()
	last := start
	phase := func(name string, rows int64) {
		now := time.Now()
		printPhase(out, name, rows, now.Sub(last))
		last = now
	}
	if r.from == "" {
		fmt.Fprintf(out, "seeding %d generated users (seed %d) into %s\n", r.users, r.seed, cfg.SqlSettings.DriverName)
	} else {
		fmt.Fprintf(out, "seeding from the Mattermost database %s into %s\n", redactDSN(r.from), cfg.SqlSettings.DriverName)
	}

	st, err := openStore(ctx, cfg)
	if err != nil {
		return fmt.Errorf("open database: %w", err)
	}
	defer st.Close()
	if err := st.CheckBulkEmpty(ctx); err != nil {
		return err
	}
	phase("open and migrate", 0)

	hasher := auth.Hasher{Iterations: cfg.PasswordSettings.PBKDF2Iterations}
	userHash, err := hasher.Hash(r.password)
	if err != nil {
		return fmt.Errorf("hash the users' password: %w", err)
	}
	adminHash, err := hasher.Hash(r.adminPassword)
	if err != nil {
		return fmt.Errorf("hash the admin password: %w", err)
	}
	phase("hash passwords", 0)

	var src store.BulkSource
	if r.from == "" {
		g := &seed.Synthetic{Users: r.users, Seed: r.seed, PasswordHash: userHash}
		if err := g.Prepare(); err != nil {
			return err
		}
		if src, err = g.Source(); err != nil {
			return err
		}
		phase("prepare ids and memberships", int64(r.users))
	} else {
		mm, err := seed.OpenMattermost(ctx, r.from)
		if err != nil {
			return err
		}
		defer mm.Close(context.WithoutCancel(ctx))
		src = mm.Source(ctx)
		if r.resetPasswords {
			src = seed.ResetPasswords(src, userHash)
		}
		phase("connect to Mattermost", 0)
	}
	src = seed.WithAdmin(src, seed.Admin{Username: r.admin, Email: r.adminEmail, PasswordHash: adminHash,
		CreateAt: time.Now().UnixMilli()})

	opts := r.opts
	opts.Progress = func(p store.BulkPhase) {
		printPhase(out, p.Name, p.Rows, p.Duration)
		last = time.Now()
	}
	stats, err := st.BulkLoad(ctx, src, opts)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "%-38s %10s %9s\n", "total", "", time.Since(start).Round(100*time.Millisecond))
	fmt.Fprintf(out, "loaded %d users, %d teams, %d team memberships, %d channels, %d channel memberships\n",
		stats.Users, stats.Teams, stats.TeamMembers, stats.Channels, stats.ChannelMembers)
	if r.resetPasswords {
		fmt.Fprintf(out, "password of every seeded user: %s\n", r.password)
	} else {
		fmt.Fprintf(out, "passwords: the Mattermost password hashes were copied\n")
	}
	fmt.Fprintf(out, "admin: %s / %s <%s> (system admin, member of every team and channel)\n",
		r.admin, r.adminPassword, r.adminEmail)
	return nil
}

func printPhase(out io.Writer, name string, rows int64, d time.Duration) {
	n := ""
	if rows > 0 {
		n = fmt.Sprint(rows)
	}
	fmt.Fprintf(out, "  %-36s %10s %9s\n", name, n, d.Round(10*time.Millisecond))
}

// redactDSN hides a password in a connection URL; a key=value DSN is not shown.
func redactDSN(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.Scheme == "" {
		return "(DSN)"
	}
	return u.Redacted()
}
