-- "Trailhead", an existing application on SQLite: its accounts, friendships and groups, as they
-- were before chat was added. Nothing here is tim's: tim reads these tables only through the
-- templates in tim.config.yaml. (Example schema for docs/external-mode.md.)
--
-- Accounts log in with their e-mail address (stored lower-case) and a bcrypt password hash written
-- by the application's own sign-up code. Times are ISO-8601 text, as SQLite applications often keep them.
CREATE TABLE app_user (
  id           INTEGER PRIMARY KEY,
  email        TEXT NOT NULL UNIQUE,
  pass_hash    TEXT,
  display_name TEXT NOT NULL,
  created_at   TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
  deleted_at   TEXT
);

-- One row per direction. A friend request is the requester's row with status 'pending'; accepting
-- it makes both rows 'accepted'; a block is the blocker's row with status 'blocked'.
CREATE TABLE app_friendship (
  user_id    INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  friend_id  INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  status     TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'blocked')),
  created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (user_id, friend_id)
);

CREATE TABLE app_group (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,
  owner_id    INTEGER NOT NULL REFERENCES app_user (id),
  archived_at TEXT
);

-- 'invited' rows are invitations that were not accepted yet: not members.
CREATE TABLE app_group_member (
  group_id  INTEGER NOT NULL REFERENCES app_group (id) ON DELETE CASCADE,
  user_id   INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  role      TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('owner', 'admin', 'member', 'invited')),
  joined_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (group_id, user_id)
);

CREATE INDEX app_group_member_user ON app_group_member (user_id);
