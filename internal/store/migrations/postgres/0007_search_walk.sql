-- A search that walks users in username order reads only this index (an index-only scan):
-- the filters it checks on every row are in it.
CREATE INDEX user_search_walk_idx ON user_search (username) INCLUDE (delete_at, search_text, search_email, id);

-- Searches within a team check each candidate's membership: this index answers that
-- without reading team_members itself.
CREATE INDEX team_members_team_user_idx ON team_members (team_id, user_id) INCLUDE (delete_at, scheme_guest, scheme_user, scheme_admin);
