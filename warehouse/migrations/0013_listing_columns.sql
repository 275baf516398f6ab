-- What the listing pages, search and subscriptions show of a role (besides its title and score), stored with its
-- text when a run first scores it: at 10,000 roles every listing request parsed every stored role file (~6 s).
-- A version stored before has NULLs here: the next run that scores it fills them; until then a page parses its
-- text once per run.
ALTER TABLE assessments ADD COLUMN category VARCHAR;
ALTER TABLE assessments ADD COLUMN seniority VARCHAR;
ALTER TABLE assessments ADD COLUMN aliases VARCHAR[];
ALTER TABLE assessments ADD COLUMN draft BOOLEAN;
ALTER TABLE assessments ADD COLUMN releases VARCHAR[];
