-- Care home residents (people with a residential or nursing placement in social care data, by their latest
-- care home): their cost and bed days in every setting, and their falls (ICD-10 W00-W19) and urinary tract
-- infection (N39) attendances at acute settings (emergency care and admitted patient care), with the total.
CREATE TABLE cost_by_care_home_${snapshot_id}
WITH (external_location = ${location}, format = 'PARQUET')
AS
WITH residents AS (
    SELECT person_id, care_home, cost, bed_days
    FROM person_spine_${snapshot_id}
    WHERE care_home IS NOT NULL
),
acute AS (
    SELECT
        c.person_id,
        count_if(regexp_like(c.diagnoses, '(^|;)W(0[0-9]|1[0-9])')) AS falls,
        count_if(regexp_like(c.diagnoses, '(^|;)N39')) AS utis
    FROM costed_activity_${snapshot_id} AS c
    WHERE c.feed IN ('ed', 'apc') AND c.person_id IS NOT NULL
    GROUP BY c.person_id
),
cells AS (
    SELECT
        coalesce(r.care_home, 'TOTAL') AS care_home,
        count(*) AS residents,
        sum(r.cost) AS cost,
        sum(r.bed_days) AS bed_days,
        coalesce(sum(a.falls), 0) AS falls_attendances,
        coalesce(sum(a.utis), 0) AS uti_attendances
    FROM residents AS r
    LEFT JOIN acute AS a ON a.person_id = r.person_id
    GROUP BY GROUPING SETS ((r.care_home), ())
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
