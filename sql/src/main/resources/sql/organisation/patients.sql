-- One organisation's own patients: every linked person it sent activity for (the provider partition of
-- curated, i.e. the organisation whose vault holds their NHS numbers and that can ask for their identity),
-- pseudonymised, with what they cost the whole system in every setting, what they cost this organisation,
-- and where they are registered and live (the columns by setting are generated from the feed definitions by
-- org.icsmap.sql.FeedSql). Written under marts/org=<ODS>/, which only that organisation's role can read:
-- access is enforced by storage, the view on top is only a convenience.
-- Parameters: ods (the organisation's ODS code, text), org (the same, lower case, for table names).
-- Local engine: one driver per step; an organisation's patients are a filter of the spine, not enough rows
-- to share between drivers.
-- local engine: task_concurrency = 1
CREATE TABLE org_${org}_patients_${snapshot_id}
WITH (external_location = ${location}, format = 'PARQUET')
AS
SELECT
    p.person_id,
    CAST(element_at(p.activities_by_sender, ${ods}) AS bigint) AS own_activities,
    CAST(element_at(p.cost_by_sender, ${ods}) AS decimal(18, 2)) AS own_cost,
    p.activities,
    p.cost,
    p.bed_days,
    p.organisations,
    p.ae_only,
    ${feed_activity_and_cost_columns},
    p.registered_practice,
    p.pcn,
    p.place,
    p.lsoa,
    p.imd_decile,
    p.age_band,
    p.sex,
    p.care_home,
    p.copd,
    p.diabetes,
    p.depression,
    p.dementia,
    p.heart_failure,
    CAST(rank() OVER (ORDER BY p.cost DESC) AS bigint) AS cost_rank
FROM person_spine_${snapshot_id} AS p
WHERE contains(p.sent_by, ${ods})
