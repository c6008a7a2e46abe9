CREATE TABLE tokens (
    token_hash VARCHAR(64) NOT NULL PRIMARY KEY,
    type       VARCHAR(64) NOT NULL,
    create_at  BIGINT      NOT NULL,
    extra      TEXT        NOT NULL DEFAULT ''
);
CREATE INDEX tokens_type_create_at_idx ON tokens (type, create_at);
