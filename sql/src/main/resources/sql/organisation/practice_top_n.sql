-- For each GP practice whose GP data this organisation sends (the ICB, in most ICSs), its top N highest-cost
-- patients and then the next N (page 1: ranks 1..N, page 2: ranks N+1..2N; N is the config's top_n), by
-- what they cost the whole system, ties broken by pseudonym so a refresh gives the same list.
--
-- Why under the sender's org=<ODS>/ prefix and not the practice's own: the practice's patients reach icsmap
-- only through the organisation that sends its GP data; that organisation's vault holds their NHS numbers,
-- so it is the one that can re-identify a listed patient for the practice (the re-identification API decrypts
-- only with the caller's own organisation in the KMS context), and it is the organisation with a role and
-- an agreement in the ICS config (practices have neither). One table per sender, not one per practice, also
-- keeps a refresh to one statement here instead of one per practice. Only the sender's own patients are
-- ranked (those it sent GP activity for), so the list never reaches a patient the sender does not hold.
-- Parameters: ods (text), org (lower-case ODS for table names), top_n (number), gp_feed (the GP data feed's id,
-- text). The cost in every setting is generated from the feed definitions (org.icsmap.sql.FeedSql).
-- Local engine: one driver per step (see organisation/patients.sql).
-- local engine: task_concurrency = 1
CREATE TABLE org_${org}_practice_top_n_${snapshot_id}
WITH (external_location = ${location}, format = 'PARQUET')
AS
WITH practices AS (
    SELECT DISTINCT delivering_provider AS practice
    FROM costed_activity_${snapshot_id}
    WHERE feed = ${gp_feed} AND provider = ${ods}
),
ranked AS (
    SELECT
        p.*,
        row_number() OVER (PARTITION BY p.registered_practice ORDER BY p.cost DESC, p.person_id) AS position
    FROM person_spine_${snapshot_id} AS p
    JOIN practices AS g ON g.practice = p.registered_practice
    WHERE contains(p.sent_by, ${ods})
)
SELECT
    registered_practice AS practice,
    pcn,
    place,
    CAST(position AS bigint) AS rank,
    CAST((position - 1) / ${top_n} + 1 AS bigint) AS page,
    person_id,
    cost,
    activities,
    bed_days,
    organisations,
    ${feed_cost_columns},
    ed_activities,
    apc_activities,
    age_band,
    sex,
    care_home,
    copd,
    diabetes,
    depression,
    dementia,
    heart_failure
FROM ranked
WHERE position <= 2 * ${top_n}
