-- Transition paths weigh pay (issue 34): each path stores the two roles' median annual pay as the run read it (BLS
-- OEWS, NULL where not published; a floor under it where BLS top-codes the median, flagged), and, for a role whose tasks name no work activities, the O*NET occupation's role
-- whose work it borrowed (its task positions are that role's).
ALTER TABLE role_transitions ADD COLUMN pay_from DOUBLE;
ALTER TABLE role_transitions ADD COLUMN pay_to DOUBLE;
ALTER TABLE role_transitions ADD COLUMN pay_from_floor BOOLEAN;
ALTER TABLE role_transitions ADD COLUMN pay_to_floor BOOLEAN;
ALTER TABLE role_transitions ADD COLUMN via_id VARCHAR;
