-- Every Roster process sharing this database keeps a directory index and a user cache in
-- memory. A change to a user, a team membership or a channel membership is announced on
-- the roster_directory channel when its transaction commits ('u' or 'c' and the id of the
-- user or channel), and every process listening refreshes what it holds.
-- Trigger arguments: the prefix, then the column holding the id.
CREATE FUNCTION roster_announce() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r record;
BEGIN
    IF TG_OP = 'DELETE' THEN
        r := OLD;
    ELSE
        r := NEW;
    END IF;
    PERFORM pg_notify('roster_directory', TG_ARGV[0] || (to_jsonb(r) ->> TG_ARGV[1]));
    RETURN NULL;
END $$;

CREATE TRIGGER users_announce AFTER INSERT OR UPDATE OR DELETE ON users
    FOR EACH ROW EXECUTE FUNCTION roster_announce('u', 'id');
CREATE TRIGGER team_members_announce AFTER INSERT OR UPDATE OR DELETE ON team_members
    FOR EACH ROW EXECUTE FUNCTION roster_announce('u', 'user_id');
CREATE TRIGGER channel_members_announce AFTER INSERT OR UPDATE OR DELETE ON channel_members
    FOR EACH ROW EXECUTE FUNCTION roster_announce('c', 'channel_id');
