-- User search: the folded username, first name, last name and nickname of each user in one
-- text (separated by spaces), the folded email in another, and an FTS5 trigram index over
-- both for substring matching. A search word holds no whitespace, so it matches
-- search_text exactly when it matches one of those four columns. roster_fold is the
-- Unicode case folding Roster registers with SQLite.
ALTER TABLE users ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN search_email TEXT NOT NULL DEFAULT '';
UPDATE users SET search_text = roster_fold(username || ' ' || first_name || ' ' || last_name || ' ' || nickname),
    search_email = roster_fold(email);

-- A writer may supply both (the bulk loader does); otherwise they are computed here.
CREATE TRIGGER users_search_text_ai AFTER INSERT ON users WHEN new.search_text = '' BEGIN
    UPDATE users SET search_text = roster_fold(new.username || ' ' || new.first_name || ' ' ||
        new.last_name || ' ' || new.nickname), search_email = roster_fold(new.email) WHERE rowid = new.rowid;
END;
CREATE TRIGGER users_search_text_au AFTER UPDATE OF username, first_name, last_name, nickname, email ON users BEGIN
    UPDATE users SET search_text = roster_fold(new.username || ' ' || new.first_name || ' ' ||
        new.last_name || ' ' || new.nickname), search_email = roster_fold(new.email) WHERE rowid = new.rowid;
END;

-- The index reads its text from users (external content), keyed by the users rowid.
CREATE VIRTUAL TABLE users_search USING fts5(search_text, search_email, content='users', content_rowid='rowid', tokenize='trigram');
INSERT INTO users_search (users_search) VALUES ('rebuild');
CREATE TRIGGER users_search_ai AFTER INSERT ON users BEGIN
    INSERT INTO users_search (rowid, search_text, search_email) VALUES (new.rowid, new.search_text, new.search_email);
END;
CREATE TRIGGER users_search_ad AFTER DELETE ON users BEGIN
    INSERT INTO users_search (users_search, rowid, search_text, search_email)
        VALUES ('delete', old.rowid, old.search_text, old.search_email);
END;
CREATE TRIGGER users_search_au AFTER UPDATE OF search_text, search_email ON users BEGIN
    INSERT INTO users_search (users_search, rowid, search_text, search_email)
        VALUES ('delete', old.rowid, old.search_text, old.search_email);
    INSERT INTO users_search (rowid, search_text, search_email) VALUES (new.rowid, new.search_text, new.search_email);
END;

-- Words of one or two characters are too short for trigrams. Those in other scripts than
-- ASCII (a Chinese given name, a Cyrillic initial) can be rare, so they get an index of
-- their own: every one- and two-character piece of a user's search texts that holds a
-- non-ASCII character and no whitespace (roster_short_grams returns them as a JSON array).
-- Short ASCII words are common enough that walking users in username order finds them.
CREATE TABLE users_short_grams (
    gram       TEXT    NOT NULL,
    user_rowid INTEGER NOT NULL,
    PRIMARY KEY (gram, user_rowid)
) WITHOUT ROWID;
INSERT INTO users_short_grams (gram, user_rowid)
    SELECT j.value, u.rowid FROM users u, json_each(roster_short_grams(u.search_text || ' ' || u.search_email)) j;
CREATE TRIGGER users_short_grams_ai AFTER INSERT ON users BEGIN
    INSERT OR IGNORE INTO users_short_grams (gram, user_rowid)
        SELECT value, new.rowid FROM json_each(roster_short_grams(new.search_text || ' ' || new.search_email));
END;
CREATE TRIGGER users_short_grams_ad AFTER DELETE ON users BEGIN
    DELETE FROM users_short_grams WHERE user_rowid = old.rowid
        AND gram IN (SELECT value FROM json_each(roster_short_grams(old.search_text || ' ' || old.search_email)));
END;
CREATE TRIGGER users_short_grams_au AFTER UPDATE OF search_text, search_email ON users BEGIN
    DELETE FROM users_short_grams WHERE user_rowid = old.rowid
        AND gram IN (SELECT value FROM json_each(roster_short_grams(old.search_text || ' ' || old.search_email)));
    INSERT OR IGNORE INTO users_short_grams (gram, user_rowid)
        SELECT value, new.rowid FROM json_each(roster_short_grams(new.search_text || ' ' || new.search_email));
END;
