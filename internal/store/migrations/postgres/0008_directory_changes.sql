-- Every Roster process sharing this database keeps a directory index and a user cache in
-- memory. A change to a user, a team membership or a channel membership is announced on
-- the roster_directory channel when its transaction commits ('u' or 'c' and the id of the
-- user or channel), and every process listening refreshes what it holds.
CREATE FUNCTION roster_announce_user() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('roster_directory', 'u' || OLD.id);
    ELSE
        PERFORM pg_notify('roster_directory', 'u' || NEW.id);
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION roster_announce_member() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('roster_directory', 'u' || OLD.user_id);
    ELSE
        PERFORM pg_notify('roster_directory', 'u' || NEW.user_id);
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION roster_announce_channel() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('roster_directory', 'c' || OLD.channel_id);
    ELSE
        PERFORM pg_notify('roster_directory', 'c' || NEW.channel_id);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER users_announce AFTER INSERT OR UPDATE OR DELETE ON users
    FOR EACH ROW EXECUTE FUNCTION roster_announce_user();
CREATE TRIGGER team_members_announce AFTER INSERT OR UPDATE OR DELETE ON team_members
    FOR EACH ROW EXECUTE FUNCTION roster_announce_member();
CREATE TRIGGER channel_members_announce AFTER INSERT OR DELETE ON channel_members
    FOR EACH ROW EXECUTE FUNCTION roster_announce_channel();
