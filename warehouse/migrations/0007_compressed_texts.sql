-- Long texts (role files, evidence inputs, score details) compressed with zstd. DuckDB's default string
-- compression spent ~8 s checkpointing 10,000 role files (110 MB); zstd takes ~0.1 s and stores them smaller.
-- DuckDB cannot change a column's compression in place, so each table is rebuilt with the same rows.
CREATE TABLE assessments_v7 (
    content_hash  VARCHAR PRIMARY KEY,
    role_id       VARCHAR NOT NULL,
    text          VARCHAR NOT NULL USING COMPRESSION zstd,
    first_seen    TIMESTAMPTZ NOT NULL,
    first_run_id  BIGINT NOT NULL
);
INSERT INTO assessments_v7 SELECT content_hash, role_id, text, first_seen, first_run_id FROM assessments;
DROP TABLE assessments;
ALTER TABLE assessments_v7 RENAME TO assessments;

CREATE TABLE evidence_v7 (
    run_id        BIGINT NOT NULL,
    role_id       VARCHAR NOT NULL,
    dimension     VARCHAR NOT NULL,
    value         INTEGER NOT NULL,
    analyst_value INTEGER NOT NULL,
    status        VARCHAR NOT NULL CHECK (status IN ('analyst', 'fresh', 'stale', 'pinned', 'insufficient')),
    rule          VARCHAR NOT NULL USING COMPRESSION zstd,
    inputs        JSON USING COMPRESSION zstd,
    PRIMARY KEY (run_id, role_id, dimension)
);
INSERT INTO evidence_v7 SELECT run_id, role_id, dimension, value, analyst_value, status, rule, inputs FROM evidence;
DROP TABLE evidence;
ALTER TABLE evidence_v7 RENAME TO evidence;
