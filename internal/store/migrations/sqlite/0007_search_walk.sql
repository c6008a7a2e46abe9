-- A search that walks users in username order reads only this index (a covering index):
-- the filters it checks on every row are in it.
CREATE INDEX users_search_walk_idx ON users (username, delete_at, search_text, search_email, id);
