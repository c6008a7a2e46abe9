package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
)

// Changes made by other processes: on PostgreSQL they are announced on the
// roster_directory channel (migration 0008), on SQLite recorded in directory_changes. The
// watcher applies them to the directory index and the user cache: 'u' + id refreshes a
// user, 'c' + id drops a channel's member set. This process's own writes are applied
// synchronously (touchUsers, execUser) and come back through the watcher too, harmlessly.

const (
	changeBatch     = 1000             // changes applied at once
	changeRetention = time.Hour        // SQLite: directory_changes rows kept this long
	watchRetry      = 2 * time.Second  // after a lost connection
	pruneEvery      = 10 * time.Minute // SQLite: how often old rows are removed
)

// applyChanges applies announced changes: "u<id>" (a user), "c<id>" (a channel's members),
// "*" (everything: a bulk load).
func (s *Store) applyChanges(ctx context.Context, changes []string) {
	var users, channels []string
	seen := map[string]bool{}
	for _, c := range changes {
		if c == reloadAll {
			s.resync(ctx)
			return
		}
		if len(c) < 2 || seen[c] {
			continue
		}
		seen[c] = true
		switch c[0] {
		case 'u':
			users = append(users, c[1:])
		case 'c':
			channels = append(channels, c[1:])
		}
	}
	if len(users) > 0 {
		// Users first: a channel's members read after its set is dropped must all be known.
		s.users.evict(users)
		if err := s.refreshDirectory(ctx, users); err != nil {
			slog.Error("refresh the directory index", "err", err)
		}
	}
	for _, c := range channels {
		s.index().DropChannel(c)
	}
}

// reloadAll is the change that asks every process to reload everything.
const reloadAll = "*"

// resync is what a watcher does when it may have missed changes: forget every cached user
// and load the index again (after the load under way, if any).
func (s *Store) resync(ctx context.Context) {
	s.users.evict(nil)
	s.dir.mu.Lock()
	loaded := !s.dir.loadedAt.IsZero() || s.dir.loading
	s.dir.mu.Unlock()
	if loaded {
		if err := s.loadDirectory(ctx); err != nil {
			slog.Error("reload the directory index", "err", err)
		}
	}
}

// watchPostgres listens on roster_directory until ctx ends. ready is closed once the
// first LISTEN is in place.
func (s *Store) watchPostgres(ctx context.Context, ready chan<- struct{}) {
	first := true
	for ctx.Err() == nil {
		err := s.listen(ctx, func() {
			if first {
				first = false
				// Normally nothing is loaded yet; if the load went ahead without
				// waiting for this listener, changes made since it read may be lost.
				s.dir.mu.Lock()
				late := !s.dir.loadedAt.IsZero() || s.dir.loading
				s.dir.mu.Unlock()
				close(ready)
				if !late {
					return
				}
			}
			s.resync(ctx) // notifications sent while disconnected are lost
		})
		if ctx.Err() != nil {
			return
		}
		slog.Warn("directory change listener: connection lost, retrying", "err", err)
		select {
		case <-ctx.Done():
			return
		case <-time.After(watchRetry):
		}
	}
}

func (s *Store) listen(ctx context.Context, listening func()) error {
	conn, err := pgx.ConnectConfig(ctx, s.pgConfig.Copy())
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, `LISTEN roster_directory`); err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	listening()
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		changes := []string{n.Payload}
		// Take what else has arrived, so that a burst is applied in few queries.
		for len(changes) < changeBatch {
			wctx, cancel := context.WithTimeout(ctx, 5*time.Millisecond)
			n, err := conn.WaitForNotification(wctx)
			cancel()
			if err != nil {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				if !errors.Is(err, context.DeadlineExceeded) {
					return err
				}
				break
			}
			changes = append(changes, n.Payload)
		}
		s.applyChanges(ctx, changes)
	}
}

// lastChange is the last row of directory_changes.
func (s *Store) lastChange(ctx context.Context) (int64, error) {
	var last int64
	if err := s.queryRow(ctx, `SELECT coalesce(max(seq), 0) FROM directory_changes`).Scan(&last); err != nil {
		return 0, fmt.Errorf("read the last directory change: %w", err)
	}
	return last, nil
}

// watchSQLite reads directory_changes every interval until ctx ends, starting after the
// row last (when known; otherwise it reads where the table ends first, and resyncs then).
func (s *Store) watchSQLite(ctx context.Context, interval time.Duration, last int64, known bool) {
	prune := time.Now()
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if !known {
			var err error
			if last, err = s.lastChange(ctx); err != nil {
				continue
			}
			known = true
			s.resync(ctx) // changes made before this point may have been missed
			continue
		}
		next, err := s.readChanges(ctx, last)
		if err != nil && ctx.Err() == nil {
			slog.Error("directory changes", "err", err)
			continue
		}
		last = next
		if time.Since(prune) > pruneEvery {
			prune = time.Now()
			if _, err := s.exec(ctx, `DELETE FROM directory_changes WHERE at < ?`,
				time.Now().Add(-changeRetention).Unix()); err != nil && ctx.Err() == nil {
				slog.Error("directory changes: remove old rows", "err", err)
			}
		}
	}
}

// readChanges applies the changes after seq last and returns the last one applied.
func (s *Store) readChanges(ctx context.Context, last int64) (int64, error) {
	for {
		rows, err := s.query(ctx, `SELECT seq, kind, id FROM directory_changes WHERE seq > ? ORDER BY seq LIMIT ?`,
			last, changeBatch)
		if err != nil {
			return last, fmt.Errorf("read: %w", err)
		}
		var changes []string
		for rows.Next() {
			var seq int64
			var kind, id string
			if err := rows.Scan(&seq, &kind, &id); err != nil {
				rows.Close()
				return last, fmt.Errorf("scan: %w", err)
			}
			last = seq
			changes = append(changes, kind+id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return last, fmt.Errorf("read: %w", err)
		}
		if len(changes) == 0 {
			return last, nil
		}
		s.applyChanges(ctx, changes)
		if len(changes) < changeBatch {
			return last, nil
		}
	}
}
