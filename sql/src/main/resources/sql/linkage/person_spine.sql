-- One row per linked person (activity with a valid NHS number, so a person_id): what they cost the whole
-- system, the organisations they are known to, where they are registered and live, and their conditions.
-- Deterministic linkage on person_id; unlinked activity (no person_id) stays in costed_activity, where the
-- marts count it with its cost.
CREATE TABLE person_spine_${snapshot_id}
WITH (external_location = ${location}, format = 'PARQUET')
AS
WITH linked AS (
    SELECT * FROM costed_activity_${snapshot_id} WHERE person_id IS NOT NULL
),
totals AS (
    SELECT
        person_id,
        count(*) AS activities,
        sum(cost) AS cost,
        sum(bed_days) AS bed_days,
        -- the delivering organisation; for GP activity that is the practice
        count(DISTINCT delivering_provider) AS organisations,
        count_if(feed <> 'ed') = 0 AS ae_only,
        coalesce(bool_or(regexp_like(diagnoses, '(^|;)J44')), false) AS copd,
        coalesce(bool_or(regexp_like(diagnoses, '(^|;)E1[0-4]')), false) AS diabetes,
        coalesce(bool_or(regexp_like(diagnoses, '(^|;)F3[23]')), false) AS depression,
        coalesce(bool_or(regexp_like(diagnoses, '(^|;)(F0[0-3]|G30)')), false) AS dementia,
        coalesce(bool_or(regexp_like(diagnoses, '(^|;)I50')), false) AS heart_failure
    FROM linked
    GROUP BY person_id
),
latest_practice AS (
    SELECT person_id, gp_practice
    FROM (
        SELECT person_id, gp_practice,
               row_number() OVER (PARTITION BY person_id
                                  ORDER BY activity_date DESC, period DESC, feed, delivering_provider, activity_id) AS n
        FROM linked
        WHERE gp_practice IS NOT NULL
    )
    WHERE n = 1
),
latest_area AS (
    SELECT person_id, lsoa, imd_decile, age_band, sex
    FROM (
        SELECT person_id, lsoa, imd_decile, age_band, sex,
               row_number() OVER (PARTITION BY person_id
                                  ORDER BY activity_date DESC, period DESC, feed, delivering_provider, activity_id) AS n
        FROM linked
        WHERE lsoa IS NOT NULL
    )
    WHERE n = 1
),
latest_care_home AS (
    SELECT person_id, care_home
    FROM (
        SELECT person_id, care_home,
               row_number() OVER (PARTITION BY person_id
                                  ORDER BY activity_date DESC, period DESC, delivering_provider, activity_id) AS n
        FROM linked
        WHERE feed = 'social_care' AND care_home IS NOT NULL
    )
    WHERE n = 1
)
SELECT
    t.person_id,
    t.activities,
    CAST(t.cost AS decimal(18, 2)) AS cost,
    CAST(t.bed_days AS bigint) AS bed_days,
    t.organisations,
    t.ae_only,
    p.gp_practice AS registered_practice,
    CAST(CASE WHEN r.practice IS NOT NULL THEN r.pcn WHEN p.gp_practice IS NULL THEN 'unregistered' ELSE 'outside_ics' END AS varchar) AS pcn,
    CAST(CASE WHEN r.practice IS NOT NULL THEN r.place WHEN p.gp_practice IS NULL THEN 'unregistered' ELSE 'outside_ics' END AS varchar) AS place,
    ar.lsoa,
    ar.imd_decile,
    ar.age_band,
    ar.sex,
    h.care_home,
    t.copd,
    t.diabetes,
    t.depression,
    t.dementia,
    t.heart_failure
FROM totals AS t
LEFT JOIN latest_practice AS p ON p.person_id = t.person_id
LEFT JOIN reference_practices_${snapshot_id} AS r ON r.practice = p.gp_practice
LEFT JOIN latest_area AS ar ON ar.person_id = t.person_id
LEFT JOIN latest_care_home AS h ON h.person_id = t.person_id
