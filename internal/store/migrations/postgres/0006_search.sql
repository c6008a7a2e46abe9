-- User search reads a narrow copy of each user: id, username, delete_at and two folded
-- texts, search_text (username, first name, last name and nickname, separated by spaces)
-- and search_email. A search word holds no whitespace, so it matches search_text exactly
-- when it matches one of those four columns. The copy is a tenth of the size of users,
-- so the rows a search reads stay in memory; a trigger keeps it in step. Folded with the
-- database's own character type (a UTF-8 locale, as for Mattermost), not the "C"
-- collation of username and email, which folds only ASCII.
CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;

CREATE TABLE user_search (
    id           VARCHAR(26) NOT NULL PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    username     VARCHAR(64) COLLATE "C" NOT NULL,
    delete_at    BIGINT      NOT NULL,
    search_text  TEXT        COLLATE "C" NOT NULL,
    search_email TEXT        COLLATE "C" NOT NULL
);

CREATE FUNCTION roster_user_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO user_search (id, username, delete_at, search_text, search_email)
    VALUES (NEW.id, NEW.username, NEW.delete_at,
            lower((NEW.username || ' ' || NEW.first_name || ' ' || NEW.last_name || ' ' || NEW.nickname) COLLATE "default"),
            lower(NEW.email COLLATE "default"))
    ON CONFLICT (id) DO UPDATE SET username = EXCLUDED.username, delete_at = EXCLUDED.delete_at,
        search_text = EXCLUDED.search_text, search_email = EXCLUDED.search_email;
    RETURN NULL;
END
$$;
CREATE TRIGGER users_search_sync AFTER INSERT OR UPDATE OF username, first_name, last_name, nickname, email, delete_at
    ON users FOR EACH ROW EXECUTE FUNCTION roster_user_search_sync();

-- Fills user_search from users in one statement (here, and after a bulk load, which writes
-- users with the trigger disabled), in username order: the users a search finds are then
-- close together on disk, as their usernames are in the walk index.
CREATE FUNCTION roster_fill_user_search() RETURNS void LANGUAGE sql AS $$
    INSERT INTO user_search (id, username, delete_at, search_text, search_email)
    SELECT id, username, delete_at,
           lower((username || ' ' || first_name || ' ' || last_name || ' ' || nickname) COLLATE "default"),
           lower(email COLLATE "default")
    FROM users ORDER BY username
$$;
SELECT roster_fill_user_search();

CREATE INDEX user_search_text_trgm_idx ON user_search USING gin (search_text gin_trgm_ops);
CREATE INDEX user_search_email_trgm_idx ON user_search USING gin (search_email gin_trgm_ops);

-- Words of one or two characters are too short for trigrams. Those in other scripts than
-- ASCII (a Chinese given name, a Cyrillic initial) can be rare, so they get an index of
-- their own: every one- and two-character piece of a user's search texts that holds a
-- non-ASCII character and no whitespace. Short ASCII words are common enough that
-- walking users in username order finds them at once.
CREATE FUNCTION roster_short_grams(t TEXT) RETURNS TEXT[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE WHEN t !~ '[^\x01-\x7f]' THEN '{}'::text[] ELSE (
        SELECT coalesce(array_agg(DISTINCT g), '{}') FROM (
            SELECT substr(t, i, n) AS g FROM generate_series(1, length(t)) AS i, generate_series(1, 2) AS n
            WHERE i + n - 1 <= length(t)) AS grams
        WHERE g ~ '[^\x01-\x7f]' AND g !~ '\s') END
$$;
CREATE INDEX user_search_short_idx ON user_search USING gin (roster_short_grams(search_text || ' ' || search_email));
