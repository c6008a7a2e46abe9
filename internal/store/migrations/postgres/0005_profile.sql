CREATE TABLE preferences (
    user_id  VARCHAR(26) NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    category VARCHAR(32) NOT NULL,
    name     VARCHAR(32) NOT NULL,
    value    TEXT        NOT NULL DEFAULT '',
    CONSTRAINT preferences_pkey PRIMARY KEY (user_id, category, name)
);

-- Uploaded (or generated) profile images, in the database so that every server node sees
-- them; written in the same transaction as users.last_picture_update.
CREATE TABLE profile_images (
    user_id   VARCHAR(26) NOT NULL PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    image     BYTEA       NOT NULL,
    update_at BIGINT      NOT NULL
);
