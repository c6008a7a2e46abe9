CREATE TABLE users (
    id                    VARCHAR(26)  NOT NULL PRIMARY KEY,
    create_at             BIGINT       NOT NULL,
    update_at             BIGINT       NOT NULL,
    delete_at             BIGINT       NOT NULL DEFAULT 0,
    username              VARCHAR(64)  COLLATE "C" NOT NULL,
    password              VARCHAR(128) NOT NULL DEFAULT '',
    auth_data             VARCHAR(128),
    auth_service          VARCHAR(32)  NOT NULL DEFAULT '',
    email                 VARCHAR(128) COLLATE "C" NOT NULL,
    email_verified        BOOLEAN      NOT NULL DEFAULT FALSE,
    nickname              VARCHAR(64)  NOT NULL DEFAULT '',
    first_name            VARCHAR(64)  NOT NULL DEFAULT '',
    last_name             VARCHAR(64)  NOT NULL DEFAULT '',
    position              VARCHAR(128) NOT NULL DEFAULT '',
    roles                 VARCHAR(256) NOT NULL DEFAULT '',
    allow_marketing       BOOLEAN      NOT NULL DEFAULT FALSE,
    props                 TEXT         NOT NULL DEFAULT '{}',
    notify_props          TEXT         NOT NULL DEFAULT '{}',
    last_password_update  BIGINT       NOT NULL DEFAULT 0,
    last_picture_update   BIGINT       NOT NULL DEFAULT 0,
    failed_attempts       INTEGER      NOT NULL DEFAULT 0,
    locale                VARCHAR(5)   NOT NULL DEFAULT 'en',
    timezone              TEXT         NOT NULL DEFAULT '{}',
    mfa_active            BOOLEAN      NOT NULL DEFAULT FALSE,
    mfa_secret            VARCHAR(256) NOT NULL DEFAULT '',
    remote_id             VARCHAR(26),
    is_bot                BOOLEAN      NOT NULL DEFAULT FALSE,
    bot_description       TEXT         NOT NULL DEFAULT '',
    bot_last_icon_update  BIGINT       NOT NULL DEFAULT 0,
    disable_welcome_email BOOLEAN      NOT NULL DEFAULT FALSE,
    last_login            BIGINT       NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX users_username_key ON users (lower(username));
CREATE UNIQUE INDEX users_email_key ON users (lower(email));
CREATE UNIQUE INDEX users_authdata_key ON users (auth_service, auth_data) WHERE auth_data IS NOT NULL AND auth_data <> '';
CREATE INDEX users_username_idx ON users (username);
CREATE INDEX users_create_at_idx ON users (create_at, id);
CREATE INDEX users_update_at_idx ON users (update_at);
CREATE INDEX users_delete_at_idx ON users (delete_at);

CREATE TABLE sessions (
    id               VARCHAR(26) NOT NULL PRIMARY KEY,
    token_hash       VARCHAR(64) NOT NULL,
    create_at        BIGINT      NOT NULL,
    expires_at       BIGINT      NOT NULL,
    last_activity_at BIGINT      NOT NULL,
    user_id          VARCHAR(26) NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    device_id        TEXT        NOT NULL DEFAULT '',
    roles            VARCHAR(256) NOT NULL DEFAULT '',
    is_oauth         BOOLEAN     NOT NULL DEFAULT FALSE,
    expired_notify   BOOLEAN     NOT NULL DEFAULT FALSE,
    props            TEXT        NOT NULL DEFAULT '{}'
);
CREATE UNIQUE INDEX sessions_token_hash_key ON sessions (token_hash);
CREATE INDEX sessions_user_id_idx ON sessions (user_id);
CREATE INDEX sessions_expires_at_idx ON sessions (expires_at);

CREATE TABLE roles (
    id             VARCHAR(26)  NOT NULL PRIMARY KEY,
    name           VARCHAR(64)  NOT NULL,
    display_name   VARCHAR(128) NOT NULL DEFAULT '',
    description    TEXT         NOT NULL DEFAULT '',
    create_at      BIGINT       NOT NULL,
    update_at      BIGINT       NOT NULL,
    delete_at      BIGINT       NOT NULL DEFAULT 0,
    permissions    TEXT         NOT NULL DEFAULT '',
    scheme_managed BOOLEAN      NOT NULL DEFAULT FALSE,
    built_in       BOOLEAN      NOT NULL DEFAULT FALSE
);
CREATE UNIQUE INDEX roles_name_key ON roles (name);

CREATE TABLE systems (
    name  VARCHAR(64) NOT NULL PRIMARY KEY,
    value TEXT        NOT NULL DEFAULT ''
);
