-- AI capability: what each series of a source is (a benchmark result's model, organisation, release date and the
-- earliest date it can have been published), the frontier each capability check read, and the release events.
CREATE TABLE series_info (
    source        VARCHAR NOT NULL,
    series_key    VARCHAR NOT NULL,
    content_hash  VARCHAR NOT NULL,   -- the archived body that said so (lineage)
    title         VARCHAR NOT NULL,
    publisher     VARCHAR NOT NULL,
    released      DATE NOT NULL,
    not_before    DATE NOT NULL,
    PRIMARY KEY (source, series_key, content_hash)
);

CREATE SEQUENCE capability_check_ids START 1;

-- A check of the capability frontier as of a date: by a run that ingested, or by `jobzone capability check`.
CREATE TABLE capability_checks (
    id          BIGINT PRIMARY KEY DEFAULT nextval('capability_check_ids'),
    run_id      BIGINT,              -- NULL for a check outside a run
    as_of       DATE NOT NULL,
    checked_at  TIMESTAMPTZ NOT NULL
);

-- Each benchmark's frontier at the check: the best result among models released and published by its date.
CREATE TABLE frontier_readings (
    check_id      BIGINT NOT NULL,
    benchmark     VARCHAR NOT NULL,
    model         VARCHAR NOT NULL,
    title         VARCHAR NOT NULL,
    organisation  VARCHAR NOT NULL,
    released      DATE NOT NULL,
    published     DATE NOT NULL,
    score         DOUBLE NOT NULL,    -- in the benchmark's unit (minutes, percent, points)
    level         DOUBLE NOT NULL,    -- in its reading unit (doublings for a time horizon)
    rise_se       DOUBLE NOT NULL,    -- standard error of a rise to it, reading unit
    content_hash  VARCHAR NOT NULL,
    PRIMARY KEY (check_id, benchmark)
);

CREATE SEQUENCE capability_event_ids START 1;

-- A new frontier model: a model whose results moved one or more frontiers beyond their error since the last check.
CREATE TABLE capability_events (
    id            BIGINT PRIMARY KEY DEFAULT nextval('capability_event_ids'),
    check_id      BIGINT NOT NULL,
    as_of         DATE NOT NULL,
    model         VARCHAR NOT NULL,
    title         VARCHAR NOT NULL,
    organisation  VARCHAR NOT NULL,
    released      DATE NOT NULL,
    proposal      VARCHAR,             -- the release file written for analysts, if any
    UNIQUE (model)
);

CREATE TABLE capability_event_jumps (
    event_id      BIGINT NOT NULL,
    benchmark     VARCHAR NOT NULL,
    before_model  VARCHAR NOT NULL,
    before_title  VARCHAR NOT NULL,
    before_score  DOUBLE NOT NULL,
    after_score   DOUBLE NOT NULL,
    rise          DOUBLE NOT NULL,     -- reading unit
    se            DOUBLE NOT NULL,
    PRIMARY KEY (event_id, benchmark)
);

-- Each run's benchmark readings, once per (anchor date, benchmark): a role's AI tool maturity evidence row names
-- the benchmarks it read, and readers join them back (the same reading is shared by every role with that anchor).
CREATE TABLE capability_readings (
    run_id          BIGINT NOT NULL,
    anchor          DATE NOT NULL,
    benchmark       VARCHAR NOT NULL,
    ok              BOOLEAN NOT NULL,
    note            VARCHAR,
    then_model      VARCHAR,
    then_title      VARCHAR,
    then_released   DATE,
    then_published  DATE,
    then_value      VARCHAR,
    now_model       VARCHAR,
    now_title       VARCHAR,
    now_released    DATE,
    now_published   DATE,
    now_value       VARCHAR,
    rise            DOUBLE,
    se              DOUBLE,
    steps           DOUBLE,
    se_steps        DOUBLE,
    PRIMARY KEY (run_id, anchor, benchmark)
);
