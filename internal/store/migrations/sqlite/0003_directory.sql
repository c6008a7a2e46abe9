-- Teams, channels and their memberships: what the user directory filters on.

CREATE TABLE teams (
    id                    TEXT    NOT NULL PRIMARY KEY,
    create_at             INTEGER NOT NULL,
    update_at             INTEGER NOT NULL,
    delete_at             INTEGER NOT NULL DEFAULT 0,
    display_name          TEXT    NOT NULL,
    name                  TEXT    NOT NULL,
    description           TEXT    NOT NULL DEFAULT '',
    email                 TEXT    NOT NULL DEFAULT '',
    type                  TEXT    NOT NULL,
    company_name          TEXT    NOT NULL DEFAULT '',
    allowed_domains       TEXT    NOT NULL DEFAULT '',
    invite_id             TEXT    NOT NULL,
    allow_open_invite     INTEGER NOT NULL DEFAULT 0,
    last_team_icon_update INTEGER NOT NULL DEFAULT 0,
    scheme_id             TEXT,
    group_constrained     INTEGER,
    cloud_limits_archived INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX teams_name_key ON teams (name);
CREATE INDEX teams_invite_id_idx ON teams (invite_id);
CREATE INDEX teams_listing_idx ON teams (display_name, id) WHERE delete_at = 0;

CREATE TABLE team_members (
    team_id      TEXT    NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    user_id      TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    roles        TEXT    NOT NULL DEFAULT '',
    delete_at    INTEGER NOT NULL DEFAULT 0,
    scheme_guest INTEGER NOT NULL DEFAULT 0,
    scheme_user  INTEGER NOT NULL DEFAULT 0,
    scheme_admin INTEGER NOT NULL DEFAULT 0,
    create_at    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (team_id, user_id)
);
CREATE INDEX team_members_user_id_idx ON team_members (user_id, delete_at);

CREATE TABLE channels (
    id                   TEXT    NOT NULL PRIMARY KEY,
    create_at            INTEGER NOT NULL,
    update_at            INTEGER NOT NULL,
    delete_at            INTEGER NOT NULL DEFAULT 0,
    team_id              TEXT    NOT NULL,
    type                 TEXT    NOT NULL,
    display_name         TEXT    NOT NULL DEFAULT '',
    name                 TEXT    NOT NULL,
    header               TEXT    NOT NULL DEFAULT '',
    purpose              TEXT    NOT NULL DEFAULT '',
    last_post_at         INTEGER NOT NULL DEFAULT 0,
    total_msg_count      INTEGER NOT NULL DEFAULT 0,
    extra_update_at      INTEGER NOT NULL DEFAULT 0,
    creator_id           TEXT    NOT NULL DEFAULT '',
    scheme_id            TEXT,
    group_constrained    INTEGER,
    shared               INTEGER,
    total_msg_count_root INTEGER NOT NULL DEFAULT 0,
    last_root_post_at    INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX channels_team_name_key ON channels (team_id, name);

CREATE TABLE channel_members (
    channel_id           TEXT    NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    user_id              TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    roles                TEXT    NOT NULL DEFAULT '',
    last_viewed_at       INTEGER NOT NULL DEFAULT 0,
    msg_count            INTEGER NOT NULL DEFAULT 0,
    mention_count        INTEGER NOT NULL DEFAULT 0,
    mention_count_root   INTEGER NOT NULL DEFAULT 0,
    urgent_mention_count INTEGER NOT NULL DEFAULT 0,
    msg_count_root       INTEGER NOT NULL DEFAULT 0,
    notify_props         TEXT    NOT NULL DEFAULT '{}',
    last_update_at       INTEGER NOT NULL DEFAULT 0,
    scheme_guest         INTEGER NOT NULL DEFAULT 0,
    scheme_user          INTEGER NOT NULL DEFAULT 0,
    scheme_admin         INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (channel_id, user_id)
);
CREATE INDEX channel_members_user_id_idx ON channel_members (user_id, channel_id);
