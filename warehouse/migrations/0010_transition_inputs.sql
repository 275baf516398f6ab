-- What a run's transition paths were computed from (a digest of the role texts, their scores and the scoring code):
-- a run whose inputs equal the newest set's reuses that set without computing it again (NULL before this column).
ALTER TABLE transition_runs ADD COLUMN inputs VARCHAR;
