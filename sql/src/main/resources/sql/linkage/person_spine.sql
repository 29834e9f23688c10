-- One row per linked person (activity with a valid NHS number, so a person_id): what they cost the whole
-- system, the organisations they are known to, where they are registered and live, their conditions, and
-- their falls and UTI attendances at acute settings (ED and admitted care). Deterministic linkage on
-- person_id; unlinked activity (no person_id) stays in costed_activity, where the marts count it with its
-- cost. Also each person's activities and cost in every setting (<feed>_activities and <feed>_cost for every
-- activity feed) and the organisations that sent their data (the partition column provider: for GP data the
-- ICB, not the practice), from which the per-organisation outputs are filtered without reading every activity
-- again. The organisations and senders come from attributed_activity (already totalled by person and
-- organisation), so costed_activity is read once.
--
-- The columns by setting, and which feeds are acute and which are A&E, are generated from the feed
-- definitions (org.icsmap.sql.FeedSql), so no feed is named here.
--
-- A person's registered practice, area and care home are those of their latest activity that records one:
-- latest activity date, then latest period, then by feed, delivering organisation and activity id. The text
-- recency sorts activities in that order (smallest first: days since 1900 and months are counted down to
-- fixed widths, and chr(1) separates the rest), so min_by finds each in the same aggregation as the totals
-- instead of a window sorting every activity by person. Ingest guarantees every part is present (a null
-- would leave the activity out of the choice).
--
-- Local engine: a person's activities are spread over many files (a provider, feed and period each), so a
-- partial aggregation per file hardly reduces the rows and only serialises every state twice.
-- local engine: prefer_partial_aggregation = false
CREATE TABLE person_spine_${snapshot_id}
WITH (external_location = ${location}, format = 'PARQUET')
AS
WITH linked AS (
    SELECT *, lpad(CAST(999999 - date_diff('day', DATE '1900-01-01', activity_date) AS varchar), 6, '0')
            || lpad(CAST(999999 - CAST(replace(period, '-', '') AS integer) AS varchar), 6, '0')
            || feed || chr(1) || delivering_provider || chr(1) || activity_id AS recency
    FROM costed_activity_${snapshot_id} WHERE person_id IS NOT NULL
),
totals AS (
    SELECT
        person_id,
        count(*) AS activities,
        sum(cost) AS cost,
        sum(bed_days) AS bed_days,
        count_if(feed NOT IN ${emergency_department_feeds}) = 0 AS ae_only,
        coalesce(bool_or(regexp_like(diagnoses, '(^|;)J44')), false) AS copd,
        coalesce(bool_or(regexp_like(diagnoses, '(^|;)E1[0-4]')), false) AS diabetes,
        coalesce(bool_or(regexp_like(diagnoses, '(^|;)F3[23]')), false) AS depression,
        coalesce(bool_or(regexp_like(diagnoses, '(^|;)(F0[0-3]|G30)')), false) AS dementia,
        coalesce(bool_or(regexp_like(diagnoses, '(^|;)I50')), false) AS heart_failure,
        count_if(feed IN ${acute_feeds} AND regexp_like(diagnoses, '(^|;)W(0[0-9]|1[0-9])')) AS acute_falls,
        count_if(feed IN ${acute_feeds} AND regexp_like(diagnoses, '(^|;)N39')) AS acute_utis,
        ${feed_activity_and_cost_aggregates},
        min_by(gp_practice, recency) FILTER (WHERE gp_practice IS NOT NULL) AS gp_practice,
        min_by(ROW(lsoa, imd_decile, age_band, sex), recency) FILTER (WHERE lsoa IS NOT NULL) AS area,
        min_by(care_home, recency) FILTER (WHERE care_home IS NOT NULL) AS care_home
    FROM linked
    GROUP BY person_id
),
senders AS (
    SELECT person_id, provider, sum(activities) AS activities, CAST(sum(cost) AS decimal(18, 2)) AS cost
    FROM attributed_activity_${snapshot_id}
    WHERE person_id IS NOT NULL
    GROUP BY person_id, provider
),
by_sender AS (
    SELECT
        person_id,
        array_sort(array_agg(provider)) AS sent_by,
        map_agg(provider, activities) AS activities_by_sender,
        map_agg(provider, cost) AS cost_by_sender
    FROM senders
    GROUP BY person_id
),
known_to AS (
    -- the delivering organisations; for GP activity that is the practice
    SELECT person_id, count(DISTINCT delivering_provider) AS organisations
    FROM attributed_activity_${snapshot_id}
    WHERE person_id IS NOT NULL
    GROUP BY person_id
)
SELECT
    t.person_id,
    t.activities,
    CAST(t.cost AS decimal(18, 2)) AS cost,
    CAST(t.bed_days AS bigint) AS bed_days,
    k.organisations,
    t.ae_only,
    t.gp_practice AS registered_practice,
    CAST(CASE WHEN r.practice IS NOT NULL THEN r.pcn WHEN t.gp_practice IS NULL THEN 'unregistered' ELSE 'outside_ics' END AS varchar) AS pcn,
    CAST(CASE WHEN r.practice IS NOT NULL THEN r.place WHEN t.gp_practice IS NULL THEN 'unregistered' ELSE 'outside_ics' END AS varchar) AS place,
    t.area[1] AS lsoa,
    t.area[2] AS imd_decile,
    t.area[3] AS age_band,
    t.area[4] AS sex,
    t.care_home,
    t.copd,
    t.diabetes,
    t.depression,
    t.dementia,
    t.heart_failure,
    t.acute_falls,
    t.acute_utis,
    ${feed_activity_and_cost_totals},
    o.sent_by,
    o.activities_by_sender,
    o.cost_by_sender
FROM totals AS t
JOIN by_sender AS o ON o.person_id = t.person_id
JOIN known_to AS k ON k.person_id = t.person_id
LEFT JOIN reference_practices_${snapshot_id} AS r ON r.practice = t.gp_practice
