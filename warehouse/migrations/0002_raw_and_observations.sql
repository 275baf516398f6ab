-- Raw responses (bodies stored once per content hash), parsed observations with vintages, source health.
CREATE TABLE raw_bodies (
    content_hash  VARCHAR PRIMARY KEY,
    body          BLOB NOT NULL,
    size          BIGINT NOT NULL,
    first_seen    TIMESTAMPTZ NOT NULL
);

CREATE SEQUENCE fetch_ids START 1;

-- One row per response received (or reused on 304); the body lives in raw_bodies.
CREATE TABLE fetches (
    id            BIGINT PRIMARY KEY DEFAULT nextval('fetch_ids'),
    run_id        BIGINT,
    source        VARCHAR NOT NULL,
    url           VARCHAR NOT NULL,
    fetched_at    TIMESTAMPTZ NOT NULL,
    http_status   INTEGER NOT NULL,
    etag          VARCHAR,
    last_modified VARCHAR,
    content_type  VARCHAR,
    content_hash  VARCHAR NOT NULL,
    not_modified  BOOLEAN NOT NULL DEFAULT false,
    replayed      BOOLEAN NOT NULL DEFAULT false,
    vintage       TIMESTAMPTZ NOT NULL
);

-- A value is NULL when the source says it is unavailable, never 0. One body yields its observations once
-- per parser version, so a parser fix re-derives without touching what the old parser produced.
CREATE TABLE observations (
    source          VARCHAR NOT NULL,
    series_key      VARCHAR NOT NULL,
    period_date     DATE NOT NULL,
    metric          VARCHAR NOT NULL,
    value           DOUBLE,
    unit            VARCHAR NOT NULL,
    vintage         TIMESTAMPTZ NOT NULL,
    content_hash    VARCHAR NOT NULL,
    parser_version  INTEGER NOT NULL,
    PRIMARY KEY (source, series_key, period_date, metric, content_hash, parser_version)
);

-- Consecutive failures per source: reported as broken after N in a row, reset by one success.
CREATE TABLE source_health (
    source               VARCHAR PRIMARY KEY,
    last_attempt         TIMESTAMPTZ NOT NULL,
    last_status          VARCHAR NOT NULL,
    last_success         TIMESTAMPTZ,
    consecutive_failures INTEGER NOT NULL,
    last_error           VARCHAR
);
