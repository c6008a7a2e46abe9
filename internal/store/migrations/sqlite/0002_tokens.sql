CREATE TABLE tokens (
    token_hash TEXT    NOT NULL PRIMARY KEY,
    type       TEXT    NOT NULL,
    create_at  INTEGER NOT NULL,
    extra      TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX tokens_type_create_at_idx ON tokens (type, create_at);
