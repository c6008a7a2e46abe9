-- Security log (GET /users/{id}/audits). user_id is NULL for events that no account can be
-- tied to (a failed login for an unknown login id).
CREATE TABLE audits (
    id         TEXT    NOT NULL PRIMARY KEY,
    create_at  INTEGER NOT NULL,
    user_id    TEXT    REFERENCES users (id) ON DELETE CASCADE,
    action     TEXT    NOT NULL DEFAULT '',
    extra_info TEXT    NOT NULL DEFAULT '',
    ip_address TEXT    NOT NULL DEFAULT '',
    session_id TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX audits_user_id_create_at_idx ON audits (user_id, create_at);

-- Personal access tokens; only the SHA-256 of the secret is kept.
CREATE TABLE user_access_tokens (
    id          TEXT    NOT NULL PRIMARY KEY,
    token_hash  TEXT    NOT NULL,
    user_id     TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    description TEXT    NOT NULL DEFAULT '',
    is_active   INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX user_access_tokens_token_key ON user_access_tokens (token_hash);
CREATE INDEX user_access_tokens_user_id_idx ON user_access_tokens (user_id);

-- The last TOTP time step each user has used: a code is accepted only for a later step, so
-- it cannot be replayed (on any node).
CREATE TABLE mfa_used_steps (
    user_id   TEXT    NOT NULL PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    last_step INTEGER NOT NULL
);
