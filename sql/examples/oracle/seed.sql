-- Sample data for the Trailhead example (the same on every database). Passwords, for trying it out:
--   alice@example.com    wonderland     ($2y$, as PHP writes bcrypt)
--   bob@example.com      builder        ($2b$)
--   carol@example.com    christmas      ($2a$)
--   dave@example.com     deep-diver
--   o'hara@example.com   '; DROP TABLE app_user; --
--   erin@example.com     eagle-eye
--   zed@example.com      zzz-sleep      (a deleted account: cannot log in)
-- Friendships: alice and bob, alice and o'hara, carol and dave are friends; alice has asked carol
-- (pending); bob counts dave as a friend but dave has blocked bob.
-- Groups: 501 "Hiking club" (alice owner, bob and erin members, carol only invited),
-- 502 "Book club" (carol owner, dave admin), 503 "Old trips" (archived).
-- (Oracle before 23ai takes one row per INSERT ... VALUES.)

INSERT INTO app_user (id, email, pass_hash, display_name) VALUES (1001, 'alice@example.com', '$2y$10$RY50yXLN3Vqkv8bOcARX3.6Sy0HyK9UWGLmJA9Xt3Wz.PjHCHcTa2', 'Alice Liddell');
INSERT INTO app_user (id, email, pass_hash, display_name) VALUES (1002, 'bob@example.com', '$2b$10$xsG3tVQh2paz3ZoYtvgsR.jhDN.dEYjSKVyZKLvAJK237Ps0KtU5q', 'Bob Builder');
INSERT INTO app_user (id, email, pass_hash, display_name) VALUES (1003, 'carol@example.com', '$2a$10$m78EZID.vY375UqS5WJR3uzkRtv162E5ns6ng5ip1MT5L8UB07YFu', 'Carol Singer');
INSERT INTO app_user (id, email, pass_hash, display_name) VALUES (1004, 'dave@example.com', '$2b$10$I6CVs5GKmgQFSdVBxZfYqueXFA2q7LtvGiPOQOJCKZXYtINNPpci.', 'Dave Diver');
INSERT INTO app_user (id, email, pass_hash, display_name) VALUES (1005, 'o''hara@example.com', '$2b$10$8ShuD7S2jYgFqCpYK2Zcn.ZOkmYuZF4PQnlRQBKr7h33CqAU0rtF2', 'Scarlett O''Hara');
INSERT INTO app_user (id, email, pass_hash, display_name) VALUES (1006, 'erin@example.com', '$2b$10$AjdGuebFWhOj9fEo8Ny2euMrUAJjM/bgri.P2ZU6aJGJak.r6lu0C', 'Erin Eagle');

INSERT INTO app_user (id, email, pass_hash, display_name, deleted_at) VALUES (1007, 'zed@example.com', '$2b$10$jCCdCft3BRaOhlvYF2h2NeVRPG0dfoN0VUrEc5px/XYeK4eqL3P6i', 'Zed Sleeper', SYSTIMESTAMP);

INSERT INTO app_friendship (user_id, friend_id, status) VALUES (1001, 1002, 'accepted');
INSERT INTO app_friendship (user_id, friend_id, status) VALUES (1002, 1001, 'accepted');
INSERT INTO app_friendship (user_id, friend_id, status) VALUES (1001, 1003, 'pending');
INSERT INTO app_friendship (user_id, friend_id, status) VALUES (1001, 1005, 'accepted');
INSERT INTO app_friendship (user_id, friend_id, status) VALUES (1005, 1001, 'accepted');
INSERT INTO app_friendship (user_id, friend_id, status) VALUES (1002, 1004, 'accepted');
INSERT INTO app_friendship (user_id, friend_id, status) VALUES (1004, 1002, 'blocked');
INSERT INTO app_friendship (user_id, friend_id, status) VALUES (1003, 1004, 'accepted');
INSERT INTO app_friendship (user_id, friend_id, status) VALUES (1004, 1003, 'accepted');

INSERT INTO app_group (id, name, owner_id, archived_at) VALUES (501, 'Hiking club', 1001, NULL);
INSERT INTO app_group (id, name, owner_id, archived_at) VALUES (502, 'Book club', 1003, NULL);
INSERT INTO app_group (id, name, owner_id, archived_at) VALUES (503, 'Old trips', 1001, SYSTIMESTAMP);

INSERT INTO app_group_member (group_id, user_id, role) VALUES (501, 1001, 'owner');
INSERT INTO app_group_member (group_id, user_id, role) VALUES (501, 1002, 'member');
INSERT INTO app_group_member (group_id, user_id, role) VALUES (501, 1006, 'member');
INSERT INTO app_group_member (group_id, user_id, role) VALUES (501, 1003, 'invited');
INSERT INTO app_group_member (group_id, user_id, role) VALUES (502, 1003, 'owner');
INSERT INTO app_group_member (group_id, user_id, role) VALUES (502, 1004, 'admin');
INSERT INTO app_group_member (group_id, user_id, role) VALUES (503, 1001, 'owner');

COMMIT;
