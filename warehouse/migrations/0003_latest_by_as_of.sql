-- "Latest" means the newest as-of date (then the newest run): a backfill of older dates never replaces it.
CREATE OR REPLACE VIEW latest_scores AS
SELECT s.*, r.as_of, r.finished_at
FROM role_scores s JOIN runs r ON r.id = s.run_id AND r.status = 'succeeded'
QUALIFY row_number() OVER (PARTITION BY s.role_id ORDER BY r.as_of DESC, s.run_id DESC) = 1;
