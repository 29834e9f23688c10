-- Every activity with its cost and where the cost came from: the provider's patient-level cost (plics) or
-- the social care package's weekly cost (weekly_cost) where supplied, otherwise the reference unit cost for
-- its feed, point of delivery and code (reference; times bed days when priced per bed day). An activity with
-- neither costs 0 and is marked uncosted, so it is counted rather than lost.
CREATE TABLE costed_activity_${snapshot_id}
WITH (external_location = ${location}, format = 'PARQUET')
AS
SELECT
    a.*,
    CAST(CASE
        WHEN a.supplied_cost IS NOT NULL THEN a.supplied_cost
        WHEN u.unit_cost IS NULL THEN DECIMAL '0.00'
        WHEN u.unit = 'bed_day' THEN u.unit_cost * a.bed_days
        ELSE u.unit_cost
    END AS decimal(18, 2)) AS cost,
    CAST(CASE
        WHEN a.supplied_cost IS NOT NULL THEN a.supplied_cost_source
        WHEN u.unit_cost IS NULL THEN 'uncosted'
        ELSE 'reference'
    END AS varchar) AS cost_source
FROM activity_${snapshot_id} AS a
LEFT JOIN reference_unit_costs_${snapshot_id} AS u
    ON u.feed = a.feed AND u.pod = a.pod AND u.code = a.cost_code
