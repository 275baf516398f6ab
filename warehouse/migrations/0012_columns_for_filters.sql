-- What the warehouse filters and joins on, as real columns (they were read back out of JSON, so renaming a key
-- would have switched hysteresis off without an error): an evidence row's market level and the change it read;
-- a score's market band (± on sampling error) and its 80% confidence band. Rows stored before are filled from
-- their JSON once, here.
ALTER TABLE evidence ADD COLUMN level_now INTEGER;
ALTER TABLE evidence ADD COLUMN change_now DOUBLE;
UPDATE evidence SET
    level_now = try_cast(json_extract(inputs, '$.level_now') AS INTEGER),
    change_now = try_cast(json_extract(inputs, '$.change_now') AS DOUBLE)
WHERE json_extract(inputs, '$.level_now') IS NOT NULL OR json_extract(inputs, '$.change_now') IS NOT NULL;

ALTER TABLE role_scores ADD COLUMN market_band DOUBLE DEFAULT 0;
ALTER TABLE role_scores ADD COLUMN confidence_low DOUBLE;
ALTER TABLE role_scores ADD COLUMN confidence_high DOUBLE;
ALTER TABLE role_scores ADD COLUMN confidence_half_width DOUBLE;
ALTER TABLE role_scores ADD COLUMN could_be VARCHAR;
UPDATE role_scores SET
    market_band = coalesce(try_cast(json_extract(details, '$.market_band') AS DOUBLE), 0),
    confidence_low = try_cast(json_extract(details, '$.band.low') AS DOUBLE),
    confidence_high = try_cast(json_extract(details, '$.band.high') AS DOUBLE),
    confidence_half_width = try_cast(json_extract(details, '$.band.half_width') AS DOUBLE),
    could_be = json_extract_string(details, '$.band.could_be');

-- The views name the new columns (a view's * is expanded when it is created).
CREATE OR REPLACE VIEW latest_scores AS
SELECT s.*, r.as_of, r.finished_at
FROM role_scores s JOIN runs r ON r.id = s.run_id AND r.status = 'succeeded'
QUALIFY row_number() OVER (PARTITION BY s.role_id ORDER BY r.as_of DESC, s.run_id DESC) = 1;

-- The release files as the newest run read them: what pages say about a release, so no page reads a file
-- (a half-written release file cannot break one). A run keeps the stored record of a file it cannot read.
CREATE TABLE release_records (
    release_id      VARCHAR PRIMARY KEY,
    name            VARCHAR NOT NULL,
    released_on     DATE NOT NULL,
    source          VARCHAR NOT NULL,
    summary         VARCHAR NOT NULL,
    reason          VARCHAR NOT NULL,   -- how its rerun is named (runs.reason)
    withdraw_reason VARCHAR NOT NULL,   -- how the rerun withdrawing it is named
    effects         JSON NOT NULL,      -- [{"change": +1, "rationale": "..."}], in the file's order
    applied         BOOLEAN NOT NULL,
    recorded_by     BIGINT NOT NULL     -- the run that read the file
);
