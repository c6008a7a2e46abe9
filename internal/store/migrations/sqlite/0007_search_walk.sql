-- A search that walks users in username order reads only this index (a covering index):
-- the filters it checks on every row are in it.
CREATE INDEX users_search_walk_idx ON users (username, delete_at, search_text, search_email, id);

-- Searches within a team check each candidate's membership: this index answers that
-- without reading team_members itself.
CREATE INDEX team_members_team_user_idx ON team_members (team_id, user_id, delete_at, scheme_guest, scheme_user, scheme_admin);
