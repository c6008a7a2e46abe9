-- Teams, channels and their memberships: what the user directory filters on.

CREATE TABLE teams (
    id                    VARCHAR(26)  NOT NULL PRIMARY KEY,
    create_at             BIGINT       NOT NULL,
    update_at             BIGINT       NOT NULL,
    delete_at             BIGINT       NOT NULL DEFAULT 0,
    display_name          VARCHAR(64)  COLLATE "C" NOT NULL,
    name                  VARCHAR(64)  NOT NULL,
    description           VARCHAR(255) NOT NULL DEFAULT '',
    email                 VARCHAR(128) NOT NULL DEFAULT '',
    type                  VARCHAR(1)   NOT NULL,
    company_name          VARCHAR(64)  NOT NULL DEFAULT '',
    allowed_domains       VARCHAR(500) NOT NULL DEFAULT '',
    invite_id             VARCHAR(32)  NOT NULL,
    allow_open_invite     BOOLEAN      NOT NULL DEFAULT FALSE,
    last_team_icon_update BIGINT       NOT NULL DEFAULT 0,
    scheme_id             VARCHAR(26),
    group_constrained     BOOLEAN,
    cloud_limits_archived BOOLEAN      NOT NULL DEFAULT FALSE
);
CREATE UNIQUE INDEX teams_name_key ON teams (name);
CREATE INDEX teams_invite_id_idx ON teams (invite_id);
-- GET /teams pages through live teams by display name.
CREATE INDEX teams_listing_idx ON teams (display_name, id) WHERE delete_at = 0;

CREATE TABLE team_members (
    team_id      VARCHAR(26)  NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    user_id      VARCHAR(26)  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    roles        VARCHAR(256) NOT NULL DEFAULT '', -- explicit (non-scheme) roles
    delete_at    BIGINT       NOT NULL DEFAULT 0,
    scheme_guest BOOLEAN      NOT NULL DEFAULT FALSE,
    scheme_user  BOOLEAN      NOT NULL DEFAULT FALSE,
    scheme_admin BOOLEAN      NOT NULL DEFAULT FALSE,
    create_at    BIGINT       NOT NULL DEFAULT 0,
    CONSTRAINT team_members_pkey PRIMARY KEY (team_id, user_id)
);
-- A user's teams (permission checks, without_team, view restrictions).
CREATE INDEX team_members_user_id_idx ON team_members (user_id, delete_at);

CREATE TABLE channels (
    id                   VARCHAR(26)   NOT NULL PRIMARY KEY,
    create_at            BIGINT        NOT NULL,
    update_at            BIGINT        NOT NULL,
    delete_at            BIGINT        NOT NULL DEFAULT 0,
    team_id              VARCHAR(26)   NOT NULL,
    type                 VARCHAR(1)    NOT NULL,
    display_name         VARCHAR(64)   NOT NULL DEFAULT '',
    name                 VARCHAR(64)   NOT NULL,
    header               VARCHAR(1024) NOT NULL DEFAULT '',
    purpose              VARCHAR(250)  NOT NULL DEFAULT '',
    last_post_at         BIGINT        NOT NULL DEFAULT 0,
    total_msg_count      BIGINT        NOT NULL DEFAULT 0,
    extra_update_at      BIGINT        NOT NULL DEFAULT 0,
    creator_id           VARCHAR(26)   NOT NULL DEFAULT '',
    scheme_id            VARCHAR(26),
    group_constrained    BOOLEAN,
    shared               BOOLEAN,
    total_msg_count_root BIGINT        NOT NULL DEFAULT 0,
    last_root_post_at    BIGINT        NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX channels_team_name_key ON channels (team_id, name);

CREATE TABLE channel_members (
    channel_id           VARCHAR(26)  NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    user_id              VARCHAR(26)  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    roles                VARCHAR(256) NOT NULL DEFAULT '', -- explicit (non-scheme) roles
    last_viewed_at       BIGINT       NOT NULL DEFAULT 0,
    msg_count            BIGINT       NOT NULL DEFAULT 0,
    mention_count        BIGINT       NOT NULL DEFAULT 0,
    mention_count_root   BIGINT       NOT NULL DEFAULT 0,
    urgent_mention_count BIGINT       NOT NULL DEFAULT 0,
    msg_count_root       BIGINT       NOT NULL DEFAULT 0,
    notify_props         TEXT         NOT NULL DEFAULT '{}',
    last_update_at       BIGINT       NOT NULL DEFAULT 0,
    scheme_guest         BOOLEAN      NOT NULL DEFAULT FALSE,
    scheme_user          BOOLEAN      NOT NULL DEFAULT FALSE,
    scheme_admin         BOOLEAN      NOT NULL DEFAULT FALSE,
    CONSTRAINT channel_members_pkey PRIMARY KEY (channel_id, user_id)
);
-- A user's channels (leaving a team, view restrictions: "shares a channel with").
CREATE INDEX channel_members_user_id_idx ON channel_members (user_id, channel_id);
