CREATE OR REPLACE VIEW cost_by_provider AS
SELECT provider, episodes, patients, costly_episodes, cost
FROM cost_by_provider_${snapshot_id};
