-- The server keeps a directory index and a user cache in memory. Another process writing
-- the same file (a `roster` command run beside the server) records here what it changed:
-- a user, a team membership ('u' and the user id) or a channel membership ('c' and the
-- channel id). The server reads the rows past the last one it saw about once a second and
-- refreshes what it holds; rows older than an hour are removed.
CREATE TABLE directory_changes (
    seq  INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT    NOT NULL,
    id   TEXT    NOT NULL,
    at   INTEGER NOT NULL
);

CREATE TRIGGER users_changes_ai AFTER INSERT ON users BEGIN
    INSERT INTO directory_changes (kind, id, at) VALUES ('u', NEW.id, unixepoch());
END;
CREATE TRIGGER users_changes_au AFTER UPDATE ON users BEGIN
    INSERT INTO directory_changes (kind, id, at) VALUES ('u', NEW.id, unixepoch());
END;
CREATE TRIGGER users_changes_ad AFTER DELETE ON users BEGIN
    INSERT INTO directory_changes (kind, id, at) VALUES ('u', OLD.id, unixepoch());
END;
CREATE TRIGGER team_members_changes_ai AFTER INSERT ON team_members BEGIN
    INSERT INTO directory_changes (kind, id, at) VALUES ('u', NEW.user_id, unixepoch());
END;
CREATE TRIGGER team_members_changes_au AFTER UPDATE ON team_members BEGIN
    INSERT INTO directory_changes (kind, id, at) VALUES ('u', NEW.user_id, unixepoch());
END;
CREATE TRIGGER team_members_changes_ad AFTER DELETE ON team_members BEGIN
    INSERT INTO directory_changes (kind, id, at) VALUES ('u', OLD.user_id, unixepoch());
END;
CREATE TRIGGER channel_members_changes_ai AFTER INSERT ON channel_members BEGIN
    INSERT INTO directory_changes (kind, id, at) VALUES ('c', NEW.channel_id, unixepoch());
END;
CREATE TRIGGER channel_members_changes_au AFTER UPDATE ON channel_members BEGIN
    INSERT INTO directory_changes (kind, id, at) VALUES ('c', NEW.channel_id, unixepoch());
END;
CREATE TRIGGER channel_members_changes_ad AFTER DELETE ON channel_members BEGIN
    INSERT INTO directory_changes (kind, id, at) VALUES ('c', OLD.channel_id, unixepoch());
END;
