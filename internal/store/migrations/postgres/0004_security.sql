-- Security log (GET /users/{id}/audits). user_id is NULL for events that no account can be
-- tied to (a failed login for an unknown login id).
CREATE TABLE audits (
    id         VARCHAR(26)   NOT NULL PRIMARY KEY,
    create_at  BIGINT        NOT NULL,
    user_id    VARCHAR(26)   REFERENCES users (id) ON DELETE CASCADE,
    action     VARCHAR(512)  NOT NULL DEFAULT '',
    extra_info VARCHAR(1024) NOT NULL DEFAULT '',
    ip_address VARCHAR(64)   NOT NULL DEFAULT '',
    session_id VARCHAR(26)   NOT NULL DEFAULT ''
);
CREATE INDEX audits_user_id_create_at_idx ON audits (user_id, create_at);

-- Personal access tokens; only the SHA-256 of the secret is kept.
CREATE TABLE user_access_tokens (
    id          VARCHAR(26)  NOT NULL PRIMARY KEY,
    token_hash  VARCHAR(64)  NOT NULL,
    user_id     VARCHAR(26)  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    description VARCHAR(512) NOT NULL DEFAULT '',
    is_active   BOOLEAN      NOT NULL DEFAULT TRUE
);
CREATE UNIQUE INDEX user_access_tokens_token_key ON user_access_tokens (token_hash);
CREATE INDEX user_access_tokens_user_id_idx ON user_access_tokens (user_id);

-- The last TOTP time step each user has used: a code is accepted only for a later step, so
-- it cannot be replayed (on any node).
CREATE TABLE mfa_used_steps (
    user_id   VARCHAR(26) NOT NULL PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    last_step BIGINT      NOT NULL
);
