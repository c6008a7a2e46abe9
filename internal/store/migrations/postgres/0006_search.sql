-- User search: the folded username, first name, last name and nickname of each user in one
-- text (separated by spaces), the folded email in another, each with a trigram index for
-- substring matching. A search word holds no whitespace, so it matches search_text exactly
-- when it matches one of those four columns. Folded with the database's own character type
-- (a UTF-8 locale, as for Mattermost), not the "C" collation of username and email, which
-- folds only ASCII.
CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
ALTER TABLE users
    ADD COLUMN search_text TEXT COLLATE "C" GENERATED ALWAYS AS
        (lower((username || ' ' || first_name || ' ' || last_name || ' ' || nickname) COLLATE "default")) STORED,
    ADD COLUMN search_email TEXT COLLATE "C" GENERATED ALWAYS AS (lower(email COLLATE "default")) STORED;
CREATE INDEX users_search_text_trgm_idx ON users USING gin (search_text gin_trgm_ops);
CREATE INDEX users_search_email_trgm_idx ON users USING gin (search_email gin_trgm_ops);

-- Words of one or two characters are too short for trigrams. Those in other scripts than
-- ASCII (a Chinese given name, a Cyrillic initial) can be rare, so they get an index of
-- their own: every one- and two-character piece of a user's search texts that holds a
-- non-ASCII character and no whitespace. Short ASCII words are common enough that
-- walking users in username order finds them at once.
CREATE FUNCTION roster_short_grams(t TEXT) RETURNS TEXT[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT g), '{}') FROM (
        SELECT substr(t, i, n) AS g FROM generate_series(1, length(t)) AS i, generate_series(1, 2) AS n
        WHERE i + n - 1 <= length(t)) AS grams
    WHERE g ~ '[^\x01-\x7f]' AND g !~ '\s'
$$;
CREATE INDEX users_search_short_idx ON users USING gin (roster_short_grams(search_text || ' ' || search_email));
