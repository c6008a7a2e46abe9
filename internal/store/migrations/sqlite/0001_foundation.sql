CREATE TABLE users (
    id                    TEXT    NOT NULL PRIMARY KEY,
    create_at             INTEGER NOT NULL,
    update_at             INTEGER NOT NULL,
    delete_at             INTEGER NOT NULL DEFAULT 0,
    username              TEXT    NOT NULL,
    password              TEXT    NOT NULL DEFAULT '',
    auth_data             TEXT,
    auth_service          TEXT    NOT NULL DEFAULT '',
    email                 TEXT    NOT NULL,
    email_verified        INTEGER NOT NULL DEFAULT 0,
    nickname              TEXT    NOT NULL DEFAULT '',
    first_name            TEXT    NOT NULL DEFAULT '',
    last_name             TEXT    NOT NULL DEFAULT '',
    position              TEXT    NOT NULL DEFAULT '',
    roles                 TEXT    NOT NULL DEFAULT '',
    allow_marketing       INTEGER NOT NULL DEFAULT 0,
    props                 TEXT    NOT NULL DEFAULT '{}',
    notify_props          TEXT    NOT NULL DEFAULT '{}',
    last_password_update  INTEGER NOT NULL DEFAULT 0,
    last_picture_update   INTEGER NOT NULL DEFAULT 0,
    failed_attempts       INTEGER NOT NULL DEFAULT 0,
    locale                TEXT    NOT NULL DEFAULT 'en',
    timezone              TEXT    NOT NULL DEFAULT '{}',
    mfa_active            INTEGER NOT NULL DEFAULT 0,
    mfa_secret            TEXT    NOT NULL DEFAULT '',
    remote_id             TEXT,
    is_bot                INTEGER NOT NULL DEFAULT 0,
    bot_description       TEXT    NOT NULL DEFAULT '',
    bot_last_icon_update  INTEGER NOT NULL DEFAULT 0,
    disable_welcome_email INTEGER NOT NULL DEFAULT 0,
    last_login            INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX users_username_key ON users (lower(username));
CREATE UNIQUE INDEX users_email_key ON users (lower(email));
CREATE UNIQUE INDEX users_authdata_key ON users (auth_service, auth_data) WHERE auth_data IS NOT NULL AND auth_data <> '';
CREATE INDEX users_username_idx ON users (username);
CREATE INDEX users_create_at_idx ON users (create_at, id);
CREATE INDEX users_update_at_idx ON users (update_at);
CREATE INDEX users_delete_at_idx ON users (delete_at);

CREATE TABLE sessions (
    id               TEXT    NOT NULL PRIMARY KEY,
    token_hash       TEXT    NOT NULL,
    create_at        INTEGER NOT NULL,
    expires_at       INTEGER NOT NULL,
    last_activity_at INTEGER NOT NULL,
    user_id          TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    device_id        TEXT    NOT NULL DEFAULT '',
    roles            TEXT    NOT NULL DEFAULT '',
    is_oauth         INTEGER NOT NULL DEFAULT 0,
    expired_notify   INTEGER NOT NULL DEFAULT 0,
    props            TEXT    NOT NULL DEFAULT '{}'
);
CREATE UNIQUE INDEX sessions_token_hash_key ON sessions (token_hash);
CREATE INDEX sessions_user_id_idx ON sessions (user_id);
CREATE INDEX sessions_expires_at_idx ON sessions (expires_at);

CREATE TABLE roles (
    id             TEXT    NOT NULL PRIMARY KEY,
    name           TEXT    NOT NULL,
    display_name   TEXT    NOT NULL DEFAULT '',
    description    TEXT    NOT NULL DEFAULT '',
    create_at      INTEGER NOT NULL,
    update_at      INTEGER NOT NULL,
    delete_at      INTEGER NOT NULL DEFAULT 0,
    permissions    TEXT    NOT NULL DEFAULT '',
    scheme_managed INTEGER NOT NULL DEFAULT 0,
    built_in       INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX roles_name_key ON roles (name);

CREATE TABLE systems (
    name  TEXT NOT NULL PRIMARY KEY,
    value TEXT NOT NULL DEFAULT ''
);
