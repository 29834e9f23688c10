-- A mart that fails on the engine (no such column): for the test that a failed refresh publishes nothing.
CREATE TABLE broken_mart_${snapshot_id}
WITH (external_location = ${location}, format = 'PARQUET')
AS
SELECT no_such_column AS patients
FROM person_spine_${snapshot_id}
