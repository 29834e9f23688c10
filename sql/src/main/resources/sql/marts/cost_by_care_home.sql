-- Care home residents (people with a residential or nursing placement in social care data, by their latest
-- care home): their cost and bed days in every setting, and their falls (ICD-10 W00-W19) and urinary tract
-- infection (N39) attendances at acute settings (emergency care and admitted patient care), with the total.
--
-- mart dimensions: care_home
-- mart total column: care_home
-- mart public: care_home_name
-- mart public: beds
-- mart count: residents
-- mart linked: cost to residents
-- mart linked: bed_days to residents
-- mart count: falls_attendances
-- mart count: uti_attendances
CREATE VIEW cost_by_care_home_${snapshot_id} AS
WITH cells AS (
    SELECT
        coalesce(care_home, 'TOTAL') AS care_home,
        count(*) AS residents,
        sum(cost) AS cost,
        sum(bed_days) AS bed_days,
        sum(acute_falls) AS falls_attendances,
        sum(acute_utis) AS uti_attendances
    FROM person_spine_${snapshot_id}
    WHERE care_home IS NOT NULL
    GROUP BY GROUPING SETS ((care_home), ())
)
SELECT
    c.care_home,
    h.care_home_name,
    h.beds,
    c.residents,
    CAST(c.cost AS decimal(18, 2)) AS cost,
    c.bed_days,
    c.falls_attendances,
    c.uti_attendances
FROM cells AS c
LEFT JOIN reference_care_homes_${snapshot_id} AS h ON h.care_home = c.care_home
