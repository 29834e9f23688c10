-- Activity, patients, cost and bed days by delivering organisation (for GP activity, the practice), with the
-- ICS total; unlinked activity (no valid NHS number) and activity that could not be costed are counted too.
--
-- mart dimensions: organisation
-- mart total column: organisation
-- mart public: organisation_kind
-- mart count: activities
-- mart count: patients
-- mart linked: cost to patients
-- mart linked: bed_days to patients
-- mart count: unlinked_activities
-- mart linked: unlinked_cost to unlinked_activities
-- mart count: uncosted_activities
CREATE VIEW totals_by_organisation_${snapshot_id} AS
WITH cells AS (
    SELECT
        coalesce(delivering_provider, 'TOTAL') AS organisation,
        sum(activities) AS activities,
        count(DISTINCT person_id) AS patients,
        sum(cost) AS cost,
        sum(bed_days) AS bed_days,
        coalesce(sum(activities) FILTER (WHERE person_id IS NULL), 0) AS unlinked_activities,
        coalesce(sum(cost) FILTER (WHERE person_id IS NULL), 0) AS unlinked_cost,
        sum(uncosted_activities) AS uncosted_activities
    FROM attributed_activity_${snapshot_id}
    GROUP BY GROUPING SETS ((delivering_provider), ())
)
SELECT
    c.organisation,
    CAST(CASE
        WHEN c.organisation = 'TOTAL' THEN 'total'
        WHEN o.organisation_kind IS NOT NULL THEN o.organisation_kind
        ELSE 'gp_practice'
    END AS varchar) AS organisation_kind,
    c.activities,
    c.patients,
    CAST(c.cost AS decimal(18, 2)) AS cost,
    c.bed_days,
    c.unlinked_activities,
    CAST(c.unlinked_cost AS decimal(18, 2)) AS unlinked_cost,
    c.uncosted_activities
FROM cells AS c
LEFT JOIN reference_organisations_${snapshot_id} AS o ON o.organisation = c.organisation
