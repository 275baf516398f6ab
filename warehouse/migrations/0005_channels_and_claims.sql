-- Channels: a subscriber is an e-mail address or a webhook URL (kept in `email`, the subscriber's address).
ALTER TABLE subscribers ADD COLUMN channel VARCHAR NOT NULL DEFAULT 'email';
-- The nonce of the subscriber's latest confirmation: a confirm link only confirms what it was sent for.
ALTER TABLE subscribers ADD COLUMN confirm_nonce VARCHAR;
-- A subscription added (or re-activated) after the subscriber confirmed waits for a fresh confirmation.
ALTER TABLE subscriptions ADD COLUMN confirmed BOOLEAN NOT NULL DEFAULT true;
ALTER TABLE outbox ADD COLUMN channel VARCHAR NOT NULL DEFAULT 'email';
-- Delivery claims a batch in a short transaction and sends without holding the database: a claim names the
-- process and expires, so a crashed sender's batch is picked up again.
ALTER TABLE outbox ADD COLUMN claimed_by INTEGER;
ALTER TABLE outbox ADD COLUMN claimed_until TIMESTAMPTZ;
