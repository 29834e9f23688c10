-- Cost, bed days and patients by place, with the ICS total; cost and bed days per 1,000
-- registered patients (list sizes from the ICS config). Activity is attributed by the GP practice recorded
-- on it, so unlinked activity counts too and the total reconciles to the total cost of all activity.
-- Practices outside the ICS fall in place and PCN 'outside_ics', activity without a practice in 'unregistered'.
--
-- mart dimensions: place
-- mart total column: place
-- mart count: patients
-- mart count: activities
-- mart linked: cost to patients
-- mart linked: bed_days to patients
-- mart public: registered_patients
-- mart linked: cost_per_1000_registered to patients
-- mart linked: bed_days_per_1000_registered to patients
CREATE VIEW cost_by_place_${snapshot_id} AS
WITH cells AS (
    SELECT
        coalesce(place, 'TOTAL') AS place,
        count(DISTINCT person_id) AS patients,
        sum(activities) AS activities,
        sum(cost) AS cost,
        sum(bed_days) AS bed_days
    FROM attributed_activity_${snapshot_id}
    GROUP BY GROUPING SETS ((place), ())
),
registered AS (
    SELECT
        coalesce(place, 'TOTAL') AS place,
        sum(CAST(list_size AS bigint)) AS registered_patients
    FROM reference_practices_${snapshot_id}
    GROUP BY GROUPING SETS ((place), ())
)
SELECT
    c.place,
    c.patients,
    c.activities,
    CAST(c.cost AS decimal(18, 2)) AS cost,
    c.bed_days,
    g.registered_patients,
    CAST(round(CAST(c.cost AS decimal(38, 6)) * 1000 / g.registered_patients, 2) AS decimal(18, 2)) AS cost_per_1000_registered,
    CAST(round(CAST(c.bed_days AS decimal(38, 6)) * 1000 / g.registered_patients, 2) AS decimal(18, 2)) AS bed_days_per_1000_registered
FROM cells AS c
LEFT JOIN registered AS g ON g.place = c.place
