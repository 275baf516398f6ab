-- Subscribers (double opt-in), their subscriptions with the ratchet (last score told), and the durable outbox.
CREATE SEQUENCE subscriber_ids START 1;

CREATE TABLE subscribers (
    id             BIGINT PRIMARY KEY DEFAULT nextval('subscriber_ids'),
    email          VARCHAR NOT NULL UNIQUE,            -- normalised
    status         VARCHAR NOT NULL CHECK (status IN ('pending', 'confirmed', 'unsubscribed', 'suppressed')),
    created_at     TIMESTAMPTZ NOT NULL,
    confirmed_at   TIMESTAMPTZ,
    hard_bounces   INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE subscriptions (
    subscriber_id    BIGINT NOT NULL,
    role_id          VARCHAR NOT NULL,
    active           BOOLEAN NOT NULL DEFAULT true,
    created_at       TIMESTAMPTZ NOT NULL,
    told_run_id      BIGINT,           -- the ratchet: what this subscriber was last told about the role
    told_aijri       DOUBLE,
    told_zone        VARCHAR,
    told_label       VARCHAR,
    PRIMARY KEY (subscriber_id, role_id)
);

CREATE SEQUENCE outbox_ids START 1;

-- One row per message; (run, subscriber, kind) is unique so a rerun of the same run never queues twice.
CREATE TABLE outbox (
    id              BIGINT PRIMARY KEY DEFAULT nextval('outbox_ids'),
    run_id          BIGINT,
    subscriber_id   BIGINT NOT NULL,
    kind            VARCHAR NOT NULL CHECK (kind IN ('alert', 'confirm', 'test')),
    dedupe_key      VARCHAR NOT NULL UNIQUE,
    message_id      VARCHAR NOT NULL,
    to_addr         VARCHAR NOT NULL,
    subject         VARCHAR NOT NULL,
    raw             BLOB NOT NULL,        -- the complete RFC 5322 message, rendered once
    status          VARCHAR NOT NULL CHECK (status IN ('queued', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    last_error      VARCHAR,
    created_at      TIMESTAMPTZ NOT NULL,
    sent_at         TIMESTAMPTZ
);
