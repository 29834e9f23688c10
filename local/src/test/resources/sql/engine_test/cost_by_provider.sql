-- One snapshot of a mart: a CTAS into a location no earlier snapshot used.
CREATE TABLE cost_by_provider_${snapshot_id}
WITH (
    external_location = ${location},
    format = 'PARQUET'
)
AS
SELECT
    provider,
    count(*)                  AS episodes,
    approx_distinct(person_id) AS patients,
    count_if(cost >= 1000)    AS costly_episodes,
    sum(cost)                 AS cost
FROM apc
GROUP BY provider;
