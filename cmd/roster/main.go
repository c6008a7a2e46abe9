// Command roster is a Mattermost-compatible users server.
//
//	roster [--config FILE]              serve (the default)
//	roster version                      print the version
//	roster db migrate                   apply database migrations and exit
//	roster user create --email E --username U --password P [--system-admin]
//	roster dev seed [--users N] …       fill an empty database with a benchmark data set
//	roster help                         this text
package main

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"roster/internal/api"
	"roster/internal/app"
	"roster/internal/config"
	"roster/internal/metrics"
	"roster/internal/model"
	"roster/internal/store"
)

const usage = `Roster: a Mattermost-compatible users server.

Usage:
  roster [--config FILE] [command]

Commands:
  serve          serve the API (the default when no command is given)
  version        print the version
  db migrate     apply database migrations and exit
  user create    create a user: --email E --username U --password P [--system-admin]
                 [--first-name F] [--last-name L] [--nickname N]
  dev seed       fill an empty database with a benchmark data set (generated users, or a
                 copy of a Mattermost database); roster dev seed --help for the flags
  help           print this text

Configuration: built-in defaults, then the JSON file given by --config (or MM_CONFIG),
then MM_<SECTION>_<KEY> environment variables, e.g. MM_SQLSETTINGS_DATASOURCE.
`

func main() {
	os.Exit(run(os.Args[1:], os.Environ(), os.Stdout, os.Stderr))
}

func run(args, environ []string, stdout, stderr io.Writer) int {
	global := flag.NewFlagSet("roster", flag.ContinueOnError)
	global.SetOutput(stderr)
	global.Usage = func() { fmt.Fprint(stderr, usage) }
	configPath := global.String("config", envValue(environ, "MM_CONFIG"), "path to a config.json")
	if err := global.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	rest := global.Args()
	cmd := "serve"
	if len(rest) > 0 {
		cmd, rest = rest[0], rest[1:]
	}
	switch cmd {
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	case "version":
		fmt.Fprintf(stdout, "roster %s (Mattermost API %s)\n", app.Version, app.CompatibleServerVersion)
		return 0
	}
	cfg, err := config.Load(*configPath, environ)
	if err != nil {
		fmt.Fprintf(stderr, "roster: invalid configuration:\n%v\n", err)
		return 1
	}
	logger := newLogger(cfg, stderr)
	switch cmd {
	case "serve":
		if len(rest) > 0 {
			fmt.Fprintf(stderr, "roster: serve takes no arguments\n")
			return 2
		}
		if err := serve(cfg, logger); err != nil {
			logger.Error("server stopped", "err", err)
			return 1
		}
		return 0
	case "db":
		if len(rest) != 1 || rest[0] != "migrate" {
			fmt.Fprintf(stderr, "roster: usage: roster db migrate\n")
			return 2
		}
		return migrate(cfg, stdout, stderr)
	case "user":
		if len(rest) == 0 || rest[0] != "create" {
			fmt.Fprintf(stderr, "roster: usage: roster user create --email E --username U --password P [--system-admin]\n")
			return 2
		}
		return userCreate(cfg, logger, rest[1:], stdout, stderr)
	case "dev":
		if len(rest) == 0 || rest[0] != "seed" {
			fmt.Fprintf(stderr, "roster: usage: roster dev seed [flags] (roster dev seed --help)\n")
			return 2
		}
		return devSeed(cfg, rest[1:], stdout, stderr)
	default:
		fmt.Fprintf(stderr, "roster: unknown command %q\n\n%s", cmd, usage)
		return 2
	}
}

func envValue(environ []string, key string) string {
	for _, kv := range environ {
		if k, v, ok := strings.Cut(kv, "="); ok && k == key {
			return v
		}
	}
	return ""
}

func newLogger(cfg config.Config, w io.Writer) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.LogSettings.ConsoleLevel)) // validated by config.Validate
	opts := &slog.HandlerOptions{Level: level}
	if cfg.LogSettings.ConsoleJson {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

func openStore(ctx context.Context, cfg config.Config) (*store.Store, error) {
	q := cfg.SqlSettings
	return store.Open(ctx, q.DriverName, q.DataSource, store.Options{
		MaxOpenConns:    q.MaxOpenConns,
		MaxIdleConns:    q.MaxIdleConns,
		ConnMaxLifetime: time.Duration(q.ConnMaxLifetimeMilliseconds) * time.Millisecond,
		QueryTimeout:    time.Duration(q.QueryTimeout) * time.Second,
	})
}

func serve(cfg config.Config, logger *slog.Logger) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	st, err := openStore(ctx, cfg)
	if err != nil {
		return fmt.Errorf("open database: %w", err)
	}
	defer st.Close()
	st.StartDirectory()
	a, err := app.New(ctx, st, cfg, app.Options{Logger: logger, Mailer: newMailer(cfg)})
	if err != nil {
		return fmt.Errorf("start: %w", err)
	}

	mux := http.NewServeMux()
	var handler http.Handler = api.New(a)
	if cfg.MetricsSettings.Enable {
		m := metrics.New()
		pools := map[string]func() sql.DBStats{"writer": func() sql.DBStats { w, _ := st.Stats(); return w }}
		if st.Driver() == store.SQLite {
			pools["reader"] = func() sql.DBStats { _, r := st.Stats(); return r }
		}
		m.RegisterDB(pools)
		m.RegisterDirectory(st.DirectoryUsers)
		handler = m.Middleware(handler)
		mux.Handle("GET /metrics", m.Handler())
	}
	mux.Handle("/", handler)

	ln, err := net.Listen("tcp", cfg.ServiceSettings.ListenAddress)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.ServiceSettings.ListenAddress, err)
	}
	srv := &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: 30 * time.Second,
		ReadTimeout:       time.Duration(cfg.ServiceSettings.ReadTimeout) * time.Second,
		WriteTimeout:      time.Duration(cfg.ServiceSettings.WriteTimeout) * time.Second,
		IdleTimeout:       time.Duration(cfg.ServiceSettings.IdleTimeout) * time.Second,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	logger.Info("roster listening", "address", ln.Addr().String(), "driver", cfg.SqlSettings.DriverName,
		"version", app.Version, "mattermost_api", app.CompatibleServerVersion)

	select {
	case err := <-serveErr:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	grace := time.Duration(cfg.ServiceSettings.ShutdownTimeoutSeconds) * time.Second
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	var errs []error
	if err := srv.Shutdown(sctx); err != nil {
		errs = append(errs, fmt.Errorf("shutdown http: %w", err))
	}
	if err := a.Close(sctx); err != nil {
		errs = append(errs, fmt.Errorf("close app: %w", err))
	}
	if err := st.Close(); err != nil {
		errs = append(errs, fmt.Errorf("close database: %w", err))
	}
	if len(errs) == 0 {
		logger.Info("stopped cleanly")
	}
	return errors.Join(errs...)
}

func migrate(cfg config.Config, stdout, stderr io.Writer) int {
	ctx := context.Background()
	st, err := openStore(ctx, cfg)
	if err != nil {
		fmt.Fprintf(stderr, "roster: migrate: %v\n", err)
		return 1
	}
	defer st.Close()
	v, err := st.SchemaVersion(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "roster: migrate: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "database (%s) is at schema version %d\n", st.Driver(), v)
	return 0
}

func userCreate(cfg config.Config, logger *slog.Logger, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("user create", flag.ContinueOnError)
	fs.SetOutput(stderr)
	email := fs.String("email", "", "email address (required)")
	username := fs.String("username", "", "username (required)")
	password := fs.String("password", "", "password (required)")
	first := fs.String("first-name", "", "first name")
	last := fs.String("last-name", "", "last name")
	nick := fs.String("nickname", "", "nickname")
	admin := fs.Bool("system-admin", false, "make the user a system admin")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *email == "" || *username == "" || *password == "" {
		fmt.Fprintln(stderr, "roster: user create needs --email, --username and --password")
		return 2
	}
	ctx := context.Background()
	st, err := openStore(ctx, cfg)
	if err != nil {
		fmt.Fprintf(stderr, "roster: %v\n", err)
		return 1
	}
	defer st.Close()
	a, err := app.New(ctx, st, cfg, app.Options{Logger: logger})
	if err != nil {
		fmt.Fprintf(stderr, "roster: %v\n", err)
		return 1
	}
	defer a.Close(ctx)
	u, err := a.CreateUserByOperator(ctx, &model.User{
		Email: *email, Username: *username, Password: *password,
		FirstName: *first, LastName: *last, Nickname: *nick,
	}, *admin)
	if err != nil {
		if ae, ok := model.AsAppError(err); ok {
			fmt.Fprintf(stderr, "roster: could not create the user: %s (%s)\n", ae.Message, ae.Id)
		} else {
			fmt.Fprintf(stderr, "roster: could not create the user: %v\n", err)
		}
		return 1
	}
	fmt.Fprintf(stdout, "created user %s (id %s, roles %q)\n", u.Username, u.Id, u.Roles)
	return 0
}
