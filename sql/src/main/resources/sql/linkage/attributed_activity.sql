-- Every costed activity attributed to the GP practice recorded on it, and through the practice to its PCN
-- and place: the one attribution the cost-by-practice, -PCN and -place marts share. Unlinked activity is
-- attributed too, so those marts reconcile to the total cost of all activity. Practices outside the ICS
-- fall in place and PCN 'outside_ics', activity without a practice in 'unregistered'.
CREATE TABLE attributed_activity_${snapshot_id}
WITH (external_location = ${location}, format = 'PARQUET')
AS
SELECT
    c.person_id,
    c.cost,
    c.bed_days,
    coalesce(c.gp_practice, 'unregistered') AS practice,
    coalesce(r.pcn, CASE WHEN c.gp_practice IS NULL THEN 'unregistered' ELSE 'outside_ics' END) AS pcn,
    coalesce(r.place, CASE WHEN c.gp_practice IS NULL THEN 'unregistered' ELSE 'outside_ics' END) AS place
FROM costed_activity_${snapshot_id} AS c
LEFT JOIN reference_practices_${snapshot_id} AS r ON r.practice = c.gp_practice
