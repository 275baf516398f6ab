-- What a subscriber wants to hear: every move ('moves', the ratchet) or only a followed role entering Red ('red').
ALTER TABLE subscribers ADD COLUMN alert_on VARCHAR NOT NULL DEFAULT 'moves';
