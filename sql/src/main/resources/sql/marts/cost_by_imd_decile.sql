-- Linked patients, their cost, bed days and cost per patient by the deprivation decile of where they live
-- (their latest LSOA; 1 is the most deprived tenth of England), 'unknown' without one, and the total.
--
-- mart dimensions: imd_decile
-- mart total column: imd_decile
-- mart count: patients
-- mart linked: cost to patients
-- mart linked: bed_days to patients
-- mart derived: cost_per_patient from patients as CAST(round(CAST(cost AS decimal(38, 6)) / patients, 2) AS decimal(18, 2))
CREATE VIEW cost_by_imd_decile_${snapshot_id} AS
WITH labelled AS (
    SELECT coalesce(CAST(imd_decile AS varchar), 'unknown') AS decile, cost, bed_days
    FROM person_spine_${snapshot_id}
),
cells AS (
    SELECT
        coalesce(decile, 'TOTAL') AS imd_decile,
        count(*) AS patients,
        CAST(sum(cost) AS decimal(18, 2)) AS cost,
        sum(bed_days) AS bed_days
    FROM labelled
    GROUP BY GROUPING SETS ((decile), ())
)
SELECT
    CAST(imd_decile AS varchar) AS imd_decile,
    patients,
    cost,
    bed_days,
    CAST(round(CAST(cost AS decimal(38, 6)) / patients, 2) AS decimal(18, 2)) AS cost_per_patient
FROM cells
