-- Out-of-area flows. Outflow: activity of patients registered with the ICS's practices (by place) at
-- out-of-area providers. Inflow: activity of patients registered with practices outside the ICS at the ICS's
-- own organisations. By place and organisation, with a total for each direction and place.
--
-- mart dimensions: direction, place, organisation
-- mart group columns: direction, place
-- mart total column: organisation
-- mart count: patients
-- mart count: activities
-- mart linked: cost to patients
-- mart linked: bed_days to patients
CREATE VIEW out_of_area_flows_${snapshot_id} AS
WITH attributed AS (
    SELECT
        a.person_id,
        a.delivering_provider,
        a.practice,
        a.activities,
        a.cost,
        a.bed_days,
        CASE WHEN a.place IN ('outside_ics', 'unregistered') THEN NULL ELSE a.place END AS ics_place,
        coalesce(o.organisation_kind, 'gp_practice') AS organisation_kind
    FROM attributed_activity_${snapshot_id} AS a
    LEFT JOIN reference_organisations_${snapshot_id} AS o ON o.organisation = a.delivering_provider
),
flows AS (
    SELECT 'outflow' AS direction, ics_place AS place, delivering_provider AS organisation, person_id, activities, cost, bed_days
    FROM attributed
    WHERE organisation_kind = 'out_of_area' AND ics_place IS NOT NULL
    UNION ALL
    SELECT 'inflow', 'outside_ics', delivering_provider, person_id, activities, cost, bed_days
    FROM attributed
    WHERE organisation_kind <> 'out_of_area' AND ics_place IS NULL AND practice <> 'unregistered'
)
SELECT
    CAST(direction AS varchar) AS direction,
    CAST(place AS varchar) AS place,
    CAST(coalesce(organisation, 'TOTAL') AS varchar) AS organisation,
    count(DISTINCT person_id) AS patients,
    sum(activities) AS activities,
    CAST(sum(cost) AS decimal(18, 2)) AS cost,
    sum(bed_days) AS bed_days
FROM flows
GROUP BY GROUPING SETS ((direction, place, organisation), (direction, place))
