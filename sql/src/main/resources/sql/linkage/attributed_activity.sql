-- Costed activity totalled by person, delivering organisation (with the organisation that sent its data, the
-- partition column provider: for GP data the ICB, not the practice) and attributed GP practice (with its PCN and
-- place): what the marts by organisation, practice, PCN, place and out-of-area flow count, and what the person
-- spine counts organisations and senders from, in about an eighth of costed_activity's rows, so each of them
-- reads the totals rather than every activity. A delivering organisation's data come from one sender, so the
-- sender adds no rows.
-- Unlinked activity (no person_id) is totalled too, under a null person_id, so those marts still reconcile to
-- the total cost of all activity; count(DISTINCT person_id) over these rows counts the same patients as over
-- the activities.
--
-- Local engine: as for the person spine, a partial aggregation per file hardly reduces the rows.
-- local engine: prefer_partial_aggregation = false
CREATE TABLE attributed_activity_${snapshot_id}
WITH (external_location = ${location}, format = 'PARQUET')
AS
SELECT
    person_id,
    provider,
    delivering_provider,
    practice,
    pcn,
    place,
    count(*) AS activities,
    CAST(sum(cost) AS decimal(18, 2)) AS cost,
    sum(CAST(bed_days AS bigint)) AS bed_days,
    count_if(cost_source = 'uncosted') AS uncosted_activities
FROM costed_activity_${snapshot_id}
GROUP BY person_id, provider, delivering_provider, practice, pcn, place
