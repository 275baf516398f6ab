-- Subscriptions per country (issue 35): a subscription follows one country's view of a role (the one whose page
-- the reader followed it from); every subscription before this column follows the United States' view. Following
-- the same role from another country's page moves the subscription there (a new baseline, confirmed again).
ALTER TABLE subscriptions ADD COLUMN country VARCHAR DEFAULT 'US';
UPDATE subscriptions SET country = 'US' WHERE country IS NULL;
