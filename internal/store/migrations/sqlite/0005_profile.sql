CREATE TABLE preferences (
    user_id  TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    category TEXT NOT NULL,
    name     TEXT NOT NULL,
    value    TEXT NOT NULL DEFAULT '',
    CONSTRAINT preferences_pkey PRIMARY KEY (user_id, category, name)
);

-- Uploaded (or generated) profile images, in the database so that every server node sees
-- them; written in the same transaction as users.last_picture_update.
CREATE TABLE profile_images (
    user_id   TEXT    NOT NULL PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    image     BLOB    NOT NULL,
    update_at INTEGER NOT NULL
);
