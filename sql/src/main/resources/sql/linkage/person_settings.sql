-- One row per linked person: the person spine plus their activities and cost in each care setting (feed), and
-- the organisations that sent their data (the partition column provider: for GP data the ICB, not the
-- practice). The per-organisation outputs are filters of this one table, so each of them reads one row per
-- person instead of every activity again.
CREATE TABLE person_settings_${snapshot_id}
WITH (external_location = ${location}, format = 'PARQUET')
AS
WITH by_setting AS (
    SELECT
        person_id,
        count_if(feed = 'apc') AS apc_activities,
        CAST(coalesce(sum(cost) FILTER (WHERE feed = 'apc'), 0) AS decimal(18, 2)) AS apc_cost,
        count_if(feed = 'op') AS op_activities,
        CAST(coalesce(sum(cost) FILTER (WHERE feed = 'op'), 0) AS decimal(18, 2)) AS op_cost,
        count_if(feed = 'ed') AS ed_activities,
        CAST(coalesce(sum(cost) FILTER (WHERE feed = 'ed'), 0) AS decimal(18, 2)) AS ed_cost,
        count_if(feed = 'community') AS community_activities,
        CAST(coalesce(sum(cost) FILTER (WHERE feed = 'community'), 0) AS decimal(18, 2)) AS community_cost,
        count_if(feed = 'mental_health') AS mental_health_activities,
        CAST(coalesce(sum(cost) FILTER (WHERE feed = 'mental_health'), 0) AS decimal(18, 2)) AS mental_health_cost,
        count_if(feed = 'ambulance') AS ambulance_activities,
        CAST(coalesce(sum(cost) FILTER (WHERE feed = 'ambulance'), 0) AS decimal(18, 2)) AS ambulance_cost,
        count_if(feed = 'gp') AS gp_activities,
        CAST(coalesce(sum(cost) FILTER (WHERE feed = 'gp'), 0) AS decimal(18, 2)) AS gp_cost,
        count_if(feed = 'social_care') AS social_care_activities,
        CAST(coalesce(sum(cost) FILTER (WHERE feed = 'social_care'), 0) AS decimal(18, 2)) AS social_care_cost
    FROM costed_activity_${snapshot_id}
    WHERE person_id IS NOT NULL
    GROUP BY person_id
),
by_sender AS (
    SELECT
        person_id,
        array_sort(array_agg(provider)) AS sent_by,
        map_agg(provider, activities) AS activities_by_sender,
        map_agg(provider, cost) AS cost_by_sender
    FROM (
        SELECT person_id, provider, count(*) AS activities, CAST(sum(cost) AS decimal(18, 2)) AS cost
        FROM costed_activity_${snapshot_id}
        WHERE person_id IS NOT NULL
        GROUP BY person_id, provider
    )
    GROUP BY person_id
)
SELECT
    s.*,
    b.apc_activities, b.apc_cost,
    b.op_activities, b.op_cost,
    b.ed_activities, b.ed_cost,
    b.community_activities, b.community_cost,
    b.mental_health_activities, b.mental_health_cost,
    b.ambulance_activities, b.ambulance_cost,
    b.gp_activities, b.gp_cost,
    b.social_care_activities, b.social_care_cost,
    o.sent_by,
    o.activities_by_sender,
    o.cost_by_sender
FROM person_spine_${snapshot_id} AS s
JOIN by_setting AS b ON b.person_id = s.person_id
JOIN by_sender AS o ON o.person_id = s.person_id
