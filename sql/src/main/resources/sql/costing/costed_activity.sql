-- Every activity from every activity feed, in common columns, with its cost and its GP practice attribution:
-- the one table linkage, the marts and the per-organisation outputs read, written in one pass over curated.
--
-- The arms, one per activity feed, are generated from the feed definitions (org.icsmap.sql.FeedSql: which
-- column dates the activity, its cost code, bed days, diagnoses, supplied cost and care home; docs/feeds.md
-- lists them): adding a feed adds its arm.
--
-- Opt-outs: rows of patients on the current national data opt-out list (the latest period of curated_opt_out)
-- are excluded here too, as defence in depth: ingest drops them, but data ingested before a patient opted
-- out must never reach the marts.
--
-- Cost and cost_source: the provider's patient-level cost (plics) or a care package's weekly cost pro rata
-- (weekly_cost) where supplied, otherwise the reference unit cost for its feed, point of delivery and code
-- (reference; times bed days when priced per bed day). An activity with neither costs 0 and is marked
-- uncosted, so it is counted rather than lost.
--
-- Attribution (practice, pcn, place): the GP practice recorded on the activity, and through it its PCN and
-- place; the cost-by-practice, -PCN and -place marts share it. Unlinked activity is attributed too, so those
-- marts reconcile to the total cost of all activity. Practices outside the ICS fall in place and PCN
-- 'outside_ics', activity without a practice in 'unregistered'.
--
-- Local engine: it has no table statistics, so without hints it repartitions every activity to join the
-- opt-out list (a few thousand people) instead of broadcasting the list, and sends every activity on again to
-- separate writer tasks, all on the one machine.
-- local engine: join_distribution_type = BROADCAST
-- local engine: redistribute_writes = false
-- local engine: scale_writers = false
CREATE TABLE costed_activity_${snapshot_id}
WITH (external_location = ${location}, format = 'PARQUET')
AS
WITH all_activity AS (
    ${activity_arms}
),
opted_out AS (
    SELECT DISTINCT person_id
    FROM curated_opt_out
    WHERE period = (SELECT max(period) FROM curated_opt_out)
      AND person_id IS NOT NULL
),
activity AS (
    SELECT
        a.feed,
        a.provider,
        a.delivering_provider,
        a.period,
        a.activity_id,
        a.activity_date,
        nullif(a.person_id, '') AS person_id,
        a.age_band,
        a.sex,
        nullif(a.lsoa, '') AS lsoa,
        a.imd_decile,
        nullif(a.gp_practice, '') AS gp_practice,
        a.pod,
        a.cost_code,
        CAST(a.bed_days AS integer) AS bed_days,
        CAST(a.supplied_cost AS decimal(18, 2)) AS supplied_cost,
        CAST(CASE WHEN a.supplied_cost IS NULL THEN NULL ELSE a.supplied_cost_source END AS varchar) AS supplied_cost_source,
        CAST(nullif(a.diagnoses, '') AS varchar) AS diagnoses,
        CAST(nullif(a.care_home, '') AS varchar) AS care_home
    FROM all_activity AS a
    LEFT JOIN opted_out AS o ON o.person_id = a.person_id
    WHERE o.person_id IS NULL
)
SELECT
    a.*,
    CAST(CASE
        WHEN a.supplied_cost IS NOT NULL THEN a.supplied_cost
        WHEN u.unit_cost IS NULL THEN DECIMAL '0.00'
        WHEN u.unit = 'bed_day' THEN u.unit_cost * a.bed_days
        ELSE u.unit_cost
    END AS decimal(18, 2)) AS cost,
    CAST(CASE
        WHEN a.supplied_cost IS NOT NULL THEN a.supplied_cost_source
        WHEN u.unit_cost IS NULL THEN 'uncosted'
        ELSE 'reference'
    END AS varchar) AS cost_source,
    CAST(coalesce(a.gp_practice, 'unregistered') AS varchar) AS practice,
    CAST(coalesce(r.pcn, CASE WHEN a.gp_practice IS NULL THEN 'unregistered' ELSE 'outside_ics' END) AS varchar) AS pcn,
    CAST(coalesce(r.place, CASE WHEN a.gp_practice IS NULL THEN 'unregistered' ELSE 'outside_ics' END) AS varchar) AS place
FROM activity AS a
LEFT JOIN reference_unit_costs_${snapshot_id} AS u
    ON u.feed = a.feed AND u.pod = a.pod AND u.code = a.cost_code
LEFT JOIN reference_practices_${snapshot_id} AS r ON r.practice = a.gp_practice
