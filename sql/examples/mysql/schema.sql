-- "Trailhead", an existing application on MySQL or MariaDB: its accounts, friendships and groups,
-- as they were before chat was added. Nothing here is tim's: tim reads these tables only through
-- the templates in tim.config.yaml. (Example schema for docs/external-mode.md.)
--
-- Accounts log in with their e-mail address (stored lower-case) and a bcrypt password hash written
-- by the application's own sign-up code.
CREATE TABLE app_user (
  id           BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  email        VARCHAR(255) NOT NULL,
  pass_hash    VARCHAR(255) NULL,
  display_name VARCHAR(100) NOT NULL,
  created_at   DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  deleted_at   DATETIME NULL,
  UNIQUE KEY app_user_email (email)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- One row per direction. A friend request is the requester's row with status 'pending'; accepting
-- it makes both rows 'accepted'; a block is the blocker's row with status 'blocked'.
CREATE TABLE app_friendship (
  user_id    BIGINT NOT NULL,
  friend_id  BIGINT NOT NULL,
  status     ENUM('pending', 'accepted', 'blocked') NOT NULL,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (user_id, friend_id),
  CONSTRAINT app_friendship_user FOREIGN KEY (user_id) REFERENCES app_user (id) ON DELETE CASCADE,
  CONSTRAINT app_friendship_friend FOREIGN KEY (friend_id) REFERENCES app_user (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE app_group (
  id          BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name        VARCHAR(100) NOT NULL,
  owner_id    BIGINT NOT NULL,
  archived_at DATETIME NULL,
  CONSTRAINT app_group_owner FOREIGN KEY (owner_id) REFERENCES app_user (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- 'invited' rows are invitations that were not accepted yet: not members.
CREATE TABLE app_group_member (
  group_id  BIGINT NOT NULL,
  user_id   BIGINT NOT NULL,
  role      ENUM('owner', 'admin', 'member', 'invited') NOT NULL DEFAULT 'member',
  joined_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (group_id, user_id),
  KEY app_group_member_user (user_id),
  CONSTRAINT app_group_member_group FOREIGN KEY (group_id) REFERENCES app_group (id) ON DELETE CASCADE,
  CONSTRAINT app_group_member_member FOREIGN KEY (user_id) REFERENCES app_user (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
