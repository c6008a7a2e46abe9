-- A search that walks users in username order reads only this index (an index-only scan):
-- the filters it checks on every row are in it.
CREATE INDEX user_search_walk_idx ON user_search (username) INCLUDE (delete_at, search_text, search_email, id);
