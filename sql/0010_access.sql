-- 0010: access without holes (issue #13).
--
-- Logins are folded once, by the service (`LoginName.fold`: ASCII letters to lower case, nothing
-- else), and the folded form is stored: lookups, uniqueness and the login rate limit all use it, so
-- no other case folding (PostgreSQL's lower() under some collation, Swift's Unicode lowercased())
-- can make two spellings meet. Logins are ASCII (users_login_format), so translate() here is the
-- same fold for every existing row.
ALTER TABLE users ADD COLUMN login_folded text;
UPDATE users SET login_folded = translate(login, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz');
ALTER TABLE users ALTER COLUMN login_folded SET NOT NULL,
    ADD CONSTRAINT users_login_folded_matches
        CHECK (login_folded = translate(login, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'));
CREATE UNIQUE INDEX users_login_folded_key ON users (login_folded);

-- A task belongs to a party: the one named, else its order's client or its deal's party (taken
-- when the task is created). A task with none is its author's and its assignee's: `created_by`
-- records the author by id (the login was all that was kept so far).
UPDATE tasks t SET party_id = COALESCE(
    (SELECT o.client_id FROM sales_orders o WHERE o.id = t.order_id),
    (SELECT d.party_id FROM deals d WHERE d.id = t.deal_id))
WHERE t.party_id IS NULL AND (t.order_id IS NOT NULL OR t.deal_id IS NOT NULL);
ALTER TABLE tasks ADD COLUMN created_by bigint NULL CONSTRAINT tasks_created_by_fkey REFERENCES users (id);
UPDATE tasks t SET created_by = u.id FROM users u
WHERE u.login_folded = translate(t.created_by_login, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz');
