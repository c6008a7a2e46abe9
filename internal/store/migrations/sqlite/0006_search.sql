-- User search: one folded text per user (username, first name, last name, nickname and
-- email, separated by spaces) and an FTS5 trigram index over it for substring matching. A
-- search word holds no whitespace, so it matches this text exactly when it matches one of
-- the columns. roster_fold is the Unicode case folding Roster registers with SQLite.
ALTER TABLE users ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
UPDATE users SET search_text = roster_fold(username || ' ' || first_name || ' ' || last_name || ' ' || nickname || ' ' || email);

-- A writer may supply search_text (the bulk loader does); otherwise it is computed here.
CREATE TRIGGER users_search_text_ai AFTER INSERT ON users WHEN new.search_text = '' BEGIN
    UPDATE users SET search_text = roster_fold(new.username || ' ' || new.first_name || ' ' ||
        new.last_name || ' ' || new.nickname || ' ' || new.email) WHERE rowid = new.rowid;
END;
CREATE TRIGGER users_search_text_au AFTER UPDATE OF username, first_name, last_name, nickname, email ON users BEGIN
    UPDATE users SET search_text = roster_fold(new.username || ' ' || new.first_name || ' ' ||
        new.last_name || ' ' || new.nickname || ' ' || new.email) WHERE rowid = new.rowid;
END;

-- The index reads its text from users (external content), keyed by the users rowid.
CREATE VIRTUAL TABLE users_search USING fts5(search_text, content='users', content_rowid='rowid', tokenize='trigram');
INSERT INTO users_search (users_search) VALUES ('rebuild');
CREATE TRIGGER users_search_ai AFTER INSERT ON users BEGIN
    INSERT INTO users_search (rowid, search_text) VALUES (new.rowid, new.search_text);
END;
CREATE TRIGGER users_search_ad AFTER DELETE ON users BEGIN
    INSERT INTO users_search (users_search, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
END;
CREATE TRIGGER users_search_au AFTER UPDATE OF search_text ON users BEGIN
    INSERT INTO users_search (users_search, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
    INSERT INTO users_search (rowid, search_text) VALUES (new.rowid, new.search_text);
END;
