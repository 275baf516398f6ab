-- A subscriber may follow a category as such: the roles in it are whatever each run scores in it, so a role that
-- joins the category later is followed, and one that leaves it is no longer (issue 27).
CREATE TABLE category_follows (
    subscriber_id BIGINT NOT NULL,
    category      VARCHAR NOT NULL,
    active        BOOLEAN NOT NULL DEFAULT true,
    confirmed     BOOLEAN NOT NULL DEFAULT false,  -- double opt-in, as for a role
    created_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (subscriber_id, category)
);
-- The followed category that brought a role to this subscriber (NULL: the role is followed by itself). Its
-- ratchet (told_*) lives in the same row as any role's; the row goes when the role leaves the category.
ALTER TABLE subscriptions ADD COLUMN via_category VARCHAR;
