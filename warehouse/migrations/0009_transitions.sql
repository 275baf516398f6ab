-- Transition paths (issue 25): per run of the whole catalogue, each role's best moves to a role with a clearly
-- higher score that shares its work (scoring/transitions.py). Tasks are positions (0-based) in the role files as
-- that run scored them (the assessments row of the run's role_scores), so the text is not repeated per run.
CREATE TABLE role_transitions (
    run_id        BIGINT NOT NULL,
    role_id       VARCHAR NOT NULL,
    rank          INTEGER NOT NULL,
    target_id     VARCHAR NOT NULL,
    shared_work   DOUBLE NOT NULL,   -- 0..1: the role's time in work the target also does
    shared_skills DOUBLE NOT NULL,   -- 0..1: Jaccard of the two roles' key skills
    score_from    DOUBLE NOT NULL,
    score_to      DOUBLE NOT NULL,
    keep_tasks    INTEGER[] NOT NULL,
    lose_tasks    INTEGER[] NOT NULL,
    gain_tasks    INTEGER[] NOT NULL,
    PRIMARY KEY (run_id, role_id, rank)
);
-- Every run that computed paths, with a digest of them (and of the role texts they refer to). A run whose paths
-- equal the newest stored set stores no rows again: stored_in names the run whose rows hold its paths.
CREATE TABLE transition_runs (
    run_id    BIGINT PRIMARY KEY,
    digest    VARCHAR NOT NULL,
    paths     INTEGER NOT NULL,
    stored_in BIGINT NOT NULL
);
