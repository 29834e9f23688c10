-- One row per linked person (activity with a valid NHS number, so a person_id): what they cost the whole
-- system, the organisations they are known to, where they are registered and live, their conditions, and
-- their falls and UTI attendances at acute settings (ED and admitted care). Deterministic linkage on
-- person_id; unlinked activity (no person_id) stays in costed_activity, where the marts count it with its
-- cost. Also each person's activities and cost in every setting (feed) and the organisations that sent
-- their data (the partition column provider: for GP data the ICB, not the practice), from which the
-- per-organisation outputs are filtered without reading every activity again.
--
-- One pass over costed_activity: it is first totalled by person, sender and delivering organisation, and
-- everything else is derived from those totals. A person's registered practice, area and care home are those
-- of their latest activity that records one: latest activity date, then latest period, then by feed,
-- delivering organisation and activity id, which the row recency orders (smallest first).
CREATE TABLE person_spine_${snapshot_id}
WITH (external_location = ${location}, format = 'PARQUET')
AS
WITH linked AS (
    SELECT
        person_id, provider, delivering_provider, feed, cost, bed_days, diagnoses,
        gp_practice, lsoa, imd_decile, age_band, sex, care_home,
        ROW(-date_diff('day', DATE '1970-01-01', activity_date), -CAST(replace(period, '-', '') AS integer),
            feed, delivering_provider, activity_id) AS recency
    FROM costed_activity_${snapshot_id}
    WHERE person_id IS NOT NULL
),
by_organisation AS (
    SELECT
        person_id,
        provider,
        delivering_provider,
        count(*) AS activities,
        sum(cost) AS cost,
        sum(bed_days) AS bed_days,
        count_if(feed <> 'ed') AS other_than_ed,
        bool_or(regexp_like(diagnoses, '(^|;)J44')) AS copd,
        bool_or(regexp_like(diagnoses, '(^|;)E1[0-4]')) AS diabetes,
        bool_or(regexp_like(diagnoses, '(^|;)F3[23]')) AS depression,
        bool_or(regexp_like(diagnoses, '(^|;)(F0[0-3]|G30)')) AS dementia,
        bool_or(regexp_like(diagnoses, '(^|;)I50')) AS heart_failure,
        count_if(feed IN ('ed', 'apc') AND regexp_like(diagnoses, '(^|;)W(0[0-9]|1[0-9])')) AS acute_falls,
        count_if(feed IN ('ed', 'apc') AND regexp_like(diagnoses, '(^|;)N39')) AS acute_utis,
        count_if(feed = 'apc') AS apc_activities,
        sum(cost) FILTER (WHERE feed = 'apc') AS apc_cost,
        count_if(feed = 'op') AS op_activities,
        sum(cost) FILTER (WHERE feed = 'op') AS op_cost,
        count_if(feed = 'ed') AS ed_activities,
        sum(cost) FILTER (WHERE feed = 'ed') AS ed_cost,
        count_if(feed = 'community') AS community_activities,
        sum(cost) FILTER (WHERE feed = 'community') AS community_cost,
        count_if(feed = 'mental_health') AS mental_health_activities,
        sum(cost) FILTER (WHERE feed = 'mental_health') AS mental_health_cost,
        count_if(feed = 'ambulance') AS ambulance_activities,
        sum(cost) FILTER (WHERE feed = 'ambulance') AS ambulance_cost,
        count_if(feed = 'gp') AS gp_activities,
        sum(cost) FILTER (WHERE feed = 'gp') AS gp_cost,
        count_if(feed = 'social_care') AS social_care_activities,
        sum(cost) FILTER (WHERE feed = 'social_care') AS social_care_cost,
        min(recency) FILTER (WHERE gp_practice IS NOT NULL) AS practice_recency,
        min_by(gp_practice, recency) FILTER (WHERE gp_practice IS NOT NULL) AS gp_practice,
        min(recency) FILTER (WHERE lsoa IS NOT NULL) AS area_recency,
        min_by(ROW(lsoa, imd_decile, age_band, sex), recency) FILTER (WHERE lsoa IS NOT NULL) AS area,
        min(recency) FILTER (WHERE feed = 'social_care' AND care_home IS NOT NULL) AS care_home_recency,
        min_by(care_home, recency) FILTER (WHERE feed = 'social_care' AND care_home IS NOT NULL) AS care_home
    FROM linked
    GROUP BY person_id, provider, delivering_provider
),
totals AS (
    SELECT
        person_id,
        sum(activities) AS activities,
        sum(cost) AS cost,
        sum(bed_days) AS bed_days,
        count(DISTINCT delivering_provider) AS organisations,
        sum(other_than_ed) = 0 AS ae_only,
        coalesce(bool_or(copd), false) AS copd,
        coalesce(bool_or(diabetes), false) AS diabetes,
        coalesce(bool_or(depression), false) AS depression,
        coalesce(bool_or(dementia), false) AS dementia,
        coalesce(bool_or(heart_failure), false) AS heart_failure,
        sum(acute_falls) AS acute_falls,
        sum(acute_utis) AS acute_utis,
        sum(apc_activities) AS apc_activities, sum(apc_cost) AS apc_cost,
        sum(op_activities) AS op_activities, sum(op_cost) AS op_cost,
        sum(ed_activities) AS ed_activities, sum(ed_cost) AS ed_cost,
        sum(community_activities) AS community_activities, sum(community_cost) AS community_cost,
        sum(mental_health_activities) AS mental_health_activities, sum(mental_health_cost) AS mental_health_cost,
        sum(ambulance_activities) AS ambulance_activities, sum(ambulance_cost) AS ambulance_cost,
        sum(gp_activities) AS gp_activities, sum(gp_cost) AS gp_cost,
        sum(social_care_activities) AS social_care_activities, sum(social_care_cost) AS social_care_cost,
        min_by(gp_practice, practice_recency) AS gp_practice,
        min_by(area, area_recency) AS area,
        min_by(care_home, care_home_recency) AS care_home
    FROM by_organisation
    GROUP BY person_id
),
by_sender AS (
    SELECT
        person_id,
        array_sort(array_agg(provider)) AS sent_by,
        map_agg(provider, activities) AS activities_by_sender,
        map_agg(provider, cost) AS cost_by_sender
    FROM (
        SELECT person_id, provider, sum(activities) AS activities, CAST(sum(cost) AS decimal(18, 2)) AS cost
        FROM by_organisation
        GROUP BY person_id, provider
    )
    GROUP BY person_id
)
SELECT
    t.person_id,
    t.activities,
    CAST(t.cost AS decimal(18, 2)) AS cost,
    CAST(t.bed_days AS bigint) AS bed_days,
    t.organisations,
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
    t.apc_activities, CAST(coalesce(t.apc_cost, 0) AS decimal(18, 2)) AS apc_cost,
    t.op_activities, CAST(coalesce(t.op_cost, 0) AS decimal(18, 2)) AS op_cost,
    t.ed_activities, CAST(coalesce(t.ed_cost, 0) AS decimal(18, 2)) AS ed_cost,
    t.community_activities, CAST(coalesce(t.community_cost, 0) AS decimal(18, 2)) AS community_cost,
    t.mental_health_activities, CAST(coalesce(t.mental_health_cost, 0) AS decimal(18, 2)) AS mental_health_cost,
    t.ambulance_activities, CAST(coalesce(t.ambulance_cost, 0) AS decimal(18, 2)) AS ambulance_cost,
    t.gp_activities, CAST(coalesce(t.gp_cost, 0) AS decimal(18, 2)) AS gp_cost,
    t.social_care_activities, CAST(coalesce(t.social_care_cost, 0) AS decimal(18, 2)) AS social_care_cost,
    s.sent_by,
    s.activities_by_sender,
    s.cost_by_sender
FROM totals AS t
JOIN by_sender AS s ON s.person_id = t.person_id
LEFT JOIN reference_practices_${snapshot_id} AS r ON r.practice = t.gp_practice
