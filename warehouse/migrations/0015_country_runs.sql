-- Country views (issue 35): a run scores every role in one country's view: the tasks are the role's, the market
-- evidence the country's. Runs before this column were the United States' view, the default.
ALTER TABLE runs ADD COLUMN country VARCHAR DEFAULT 'US';
UPDATE runs SET country = 'US' WHERE country IS NULL;

-- The pages' default: the newest scores of the United States' view (another country's run never replaces them).
CREATE OR REPLACE VIEW latest_scores AS
SELECT s.*, r.as_of, r.finished_at
FROM role_scores s JOIN runs r ON r.id = s.run_id AND r.status = 'succeeded' AND r.country = 'US'
QUALIFY row_number() OVER (PARTITION BY s.role_id ORDER BY r.as_of DESC, s.run_id DESC) = 1;

-- The newest scores of each country's view.
CREATE OR REPLACE VIEW latest_country_scores AS
SELECT s.*, r.as_of, r.finished_at, r.country
FROM role_scores s JOIN runs r ON r.id = s.run_id AND r.status = 'succeeded'
QUALIFY row_number() OVER (PARTITION BY r.country, s.role_id ORDER BY r.as_of DESC, s.run_id DESC) = 1;

-- History and changes name the view's country; readers ask for one country's (the United States' by default).
CREATE OR REPLACE VIEW role_history AS
SELECT s.role_id, s.run_id, r.kind, r.reason, r.as_of, r.finished_at, s.aijri, s.aijri_display, s.zone, s.label,
       s.assessment_hash, r.country
FROM role_scores s JOIN runs r ON r.id = s.run_id AND r.status = 'succeeded';

CREATE OR REPLACE VIEW run_changes AS
SELECT c.*, r.kind, r.reason, r.as_of, r.country
FROM changes c JOIN runs r ON r.id = c.run_id AND r.status = 'succeeded';
