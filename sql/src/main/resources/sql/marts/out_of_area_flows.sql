-- Out-of-area flows. Outflow: activity of patients registered with the ICS's practices (by place) at
-- out-of-area providers. Inflow: activity of patients registered with practices outside the ICS at the ICS's
-- own organisations. By place and organisation, with a total for each direction and place.
CREATE TABLE out_of_area_flows_${snapshot_id}
WITH (external_location = ${location}, format = 'PARQUET')
AS
WITH attributed AS (
    SELECT
        c.person_id,
        c.delivering_provider,
        c.gp_practice,
        c.cost,
        c.bed_days,
        r.place AS ics_place,
        coalesce(o.organisation_kind, 'gp_practice') AS organisation_kind
    FROM costed_activity_${snapshot_id} AS c
    LEFT JOIN reference_practices_${snapshot_id} AS r ON r.practice = c.gp_practice
    LEFT JOIN reference_organisations_${snapshot_id} AS o ON o.organisation = c.delivering_provider
),
flows AS (
    SELECT 'outflow' AS direction, ics_place AS place, delivering_provider AS organisation, person_id, cost, bed_days
    FROM attributed
    WHERE organisation_kind = 'out_of_area' AND ics_place IS NOT NULL
    UNION ALL
    SELECT 'inflow', 'outside_ics', delivering_provider, person_id, cost, bed_days
    FROM attributed
    WHERE organisation_kind <> 'out_of_area' AND ics_place IS NULL AND gp_practice IS NOT NULL
)
SELECT
    CAST(direction AS varchar) AS direction,
    CAST(place AS varchar) AS place,
    CAST(coalesce(organisation, 'TOTAL') AS varchar) AS organisation,
    count(DISTINCT person_id) AS patients,
    count(*) AS activities,
    CAST(sum(cost) AS decimal(18, 2)) AS cost,
    sum(CAST(bed_days AS bigint)) AS bed_days
FROM flows
GROUP BY GROUPING SETS ((direction, place, organisation), (direction, place))
