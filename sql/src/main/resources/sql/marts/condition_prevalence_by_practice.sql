-- Condition prevalence by GP practice, with the place total for each condition: linked patients with each long-term condition
-- recorded in any diagnosis of any setting (COPD J44, diabetes E10-E14, depression F32-F33, dementia F00-F03
-- or G30, heart failure I50), by their registered practice (the latest seen), per 1,000 registered patients.
--
-- mart dimensions: condition, place, practice
-- mart group columns: condition, place
-- mart total column: practice
-- mart parent: condition_prevalence_by_place
-- mart count: patients
-- mart public: registered_patients
-- mart derived: per_1000_registered from patients as CAST(round(CAST(patients AS decimal(38, 6)) * 1000 / registered_patients, 2) AS decimal(18, 2))
CREATE VIEW condition_prevalence_by_practice_${snapshot_id} AS
WITH conditions AS (
    SELECT
        s.person_id,
        coalesce(s.registered_practice, 'unregistered') AS practice,
        s.place,
        u.condition
    FROM person_spine_${snapshot_id} AS s
    CROSS JOIN UNNEST(
        ARRAY['copd', 'diabetes', 'depression', 'dementia', 'heart_failure'],
        ARRAY[s.copd, s.diabetes, s.depression, s.dementia, s.heart_failure]) AS u (condition, recorded)
    WHERE u.recorded
),
cells AS (
    SELECT
        condition,
        place,
        coalesce(practice, 'TOTAL') AS practice,
        count(*) AS patients
    FROM conditions
    GROUP BY GROUPING SETS ((condition, place, practice), (condition, place))
),
registered AS (
    SELECT
        place,
        coalesce(practice, 'TOTAL') AS practice,
        sum(CAST(list_size AS bigint)) AS registered_patients
    FROM reference_practices_${snapshot_id}
    GROUP BY GROUPING SETS ((place, practice), (place))
)
SELECT
    c.condition, c.place, c.practice,
    c.patients,
    g.registered_patients,
    CAST(round(CAST(c.patients AS decimal(38, 6)) * 1000 / g.registered_patients, 2) AS decimal(18, 2)) AS per_1000_registered
FROM cells AS c
LEFT JOIN registered AS g ON g.place = c.place AND g.practice = c.practice
