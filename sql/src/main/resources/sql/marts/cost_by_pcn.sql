-- Cost, bed days and patients by primary care network (PCN), with a total row for each place; cost and bed days per 1,000
-- registered patients (list sizes from the ICS config). Activity is attributed by the GP practice recorded
-- on it, so unlinked activity counts too and the total reconciles to the total cost of all activity.
-- Practices outside the ICS fall in place and PCN 'outside_ics', activity without a practice in 'unregistered'.
--
-- mart dimensions: place, pcn
-- mart group columns: place
-- mart total column: pcn
-- mart parent: cost_by_place
-- mart count: patients
-- mart count: activities
-- mart linked: cost to patients
-- mart linked: bed_days to patients
-- mart public: registered_patients
-- mart linked: cost_per_1000_registered to patients
-- mart linked: bed_days_per_1000_registered to patients
CREATE VIEW cost_by_pcn_${snapshot_id} AS
WITH cells AS (
    SELECT
        place,
        coalesce(pcn, 'TOTAL') AS pcn,
        count(DISTINCT person_id) AS patients,
        sum(activities) AS activities,
        sum(cost) AS cost,
        sum(bed_days) AS bed_days
    FROM attributed_activity_${snapshot_id}
    GROUP BY GROUPING SETS ((place, pcn), (place))
),
registered AS (
    SELECT
        place,
        coalesce(pcn, 'TOTAL') AS pcn,
        sum(CAST(list_size AS bigint)) AS registered_patients
    FROM reference_practices_${snapshot_id}
    GROUP BY GROUPING SETS ((place, pcn), (place))
)
SELECT
    c.place, c.pcn,
    c.patients,
    c.activities,
    CAST(c.cost AS decimal(18, 2)) AS cost,
    c.bed_days,
    g.registered_patients,
    CAST(round(CAST(c.cost AS decimal(38, 6)) * 1000 / g.registered_patients, 2) AS decimal(18, 2)) AS cost_per_1000_registered,
    CAST(round(CAST(c.bed_days AS decimal(38, 6)) * 1000 / g.registered_patients, 2) AS decimal(18, 2)) AS bed_days_per_1000_registered
FROM cells AS c
LEFT JOIN registered AS g ON g.place = c.place AND g.pcn = c.pcn
