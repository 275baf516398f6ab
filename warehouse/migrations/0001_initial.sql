-- Runs, assessment versions, per-run evidence, scores and changes. Append-only: runs never rewrite earlier runs.
CREATE SEQUENCE run_ids START 1;

CREATE TABLE runs (
    id            BIGINT PRIMARY KEY DEFAULT nextval('run_ids'),
    kind          VARCHAR NOT NULL CHECK (kind IN ('nightly', 'rerun', 'backfill')),
    reason        VARCHAR,
    as_of         DATE NOT NULL,
    started_at    TIMESTAMPTZ NOT NULL,
    finished_at   TIMESTAMPTZ,
    status        VARCHAR NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
    error         VARCHAR,
    stats         JSON,
    code_version  VARCHAR NOT NULL,
    pid           INTEGER NOT NULL
);

-- One row per distinct role-file content; a run names the version it scored in role_scores.
CREATE TABLE assessments (
    content_hash  VARCHAR PRIMARY KEY,
    role_id       VARCHAR NOT NULL,
    text          VARCHAR NOT NULL,
    first_seen    TIMESTAMPTZ NOT NULL,
    first_run_id  BIGINT NOT NULL
);

CREATE TABLE evidence (
    run_id        BIGINT NOT NULL,
    role_id       VARCHAR NOT NULL,
    dimension     VARCHAR NOT NULL,
    value         INTEGER NOT NULL,
    analyst_value INTEGER NOT NULL,
    status        VARCHAR NOT NULL CHECK (status IN ('analyst', 'fresh', 'stale', 'pinned', 'insufficient')),
    rule          VARCHAR NOT NULL,
    inputs        JSON,
    PRIMARY KEY (run_id, role_id, dimension)
);

CREATE TABLE role_scores (
    run_id              BIGINT NOT NULL,
    role_id             VARCHAR NOT NULL,
    title               VARCHAR NOT NULL,
    assessment_hash     VARCHAR NOT NULL,
    aijri               DOUBLE NOT NULL,
    aijri_display       VARCHAR NOT NULL,
    zone                VARCHAR NOT NULL,
    label               VARCHAR NOT NULL,
    task_resistance     DOUBLE NOT NULL,
    weighted_task_score DOUBLE NOT NULL,
    evidence_total      INTEGER NOT NULL,
    barrier_total       INTEGER NOT NULL,
    protective_total    INTEGER NOT NULL,
    ai_growth           INTEGER NOT NULL,
    raw                 DOUBLE NOT NULL,
    high_exposure_pct   DOUBLE NOT NULL,
    details             JSON NOT NULL,   -- modifiers, split, composition, waterfall, override
    PRIMARY KEY (run_id, role_id)
);

CREATE TABLE changes (
    run_id         BIGINT NOT NULL,
    role_id        VARCHAR NOT NULL,
    prev_run_id    BIGINT,
    before_aijri   DOUBLE,
    after_aijri    DOUBLE NOT NULL,
    before_zone    VARCHAR,
    after_zone     VARCHAR NOT NULL,
    before_label   VARCHAR,
    after_label    VARCHAR NOT NULL,
    causes         JSON NOT NULL,
    PRIMARY KEY (run_id, role_id)
);

-- The latest good score of every role (a run may score only some roles).
CREATE VIEW latest_scores AS
SELECT s.*, r.as_of, r.finished_at
FROM role_scores s JOIN runs r ON r.id = s.run_id AND r.status = 'succeeded'
QUALIFY row_number() OVER (PARTITION BY s.role_id ORDER BY s.run_id DESC) = 1;

CREATE VIEW role_history AS
SELECT s.role_id, s.run_id, r.kind, r.reason, r.as_of, r.finished_at, s.aijri, s.aijri_display, s.zone, s.label,
       s.assessment_hash
FROM role_scores s JOIN runs r ON r.id = s.run_id AND r.status = 'succeeded';

CREATE VIEW run_changes AS
SELECT c.*, r.kind, r.reason, r.as_of
FROM changes c JOIN runs r ON r.id = c.run_id AND r.status = 'succeeded';
