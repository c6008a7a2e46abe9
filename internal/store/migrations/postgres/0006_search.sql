-- User search: one folded text per user (username, first name, last name, nickname and
-- email, separated by spaces) with a trigram index for substring matching. A search word
-- holds no whitespace, so it matches this text exactly when it matches one of the columns.
-- Folded with the database's own character type (a UTF-8 locale, as for Mattermost), not
-- the "C" collation of username and email, which folds only ASCII.
CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
ALTER TABLE users ADD COLUMN search_text TEXT COLLATE "C" GENERATED ALWAYS AS
    (lower((username || ' ' || first_name || ' ' || last_name || ' ' || nickname || ' ' || email) COLLATE "default")) STORED;
CREATE INDEX users_search_text_trgm_idx ON users USING gin (search_text gin_trgm_ops);
