-- Cost concentration: what share of the cost of all linked patients the costliest 1 %, 5 % and 20 % of them
-- consume (the top k = ceil(n x share) patients by total cost), and all patients for reference.
--
-- mart dimensions: top_share
-- mart count: patients
-- mart linked: cost to patients
-- mart linked: share_of_cost to patients
CREATE VIEW cost_concentration_${snapshot_id} AS
WITH ranked AS (
    SELECT
        cost,
        row_number() OVER (ORDER BY cost DESC, person_id) AS position,
        count(*) OVER () AS everyone,
        sum(cost) OVER () AS total_cost
    FROM person_spine_${snapshot_id}
),
shares AS (
    SELECT * FROM (VALUES ('top_1pct', 1), ('top_5pct', 5), ('top_20pct', 20), ('all', 100)) AS s (top_share, percent)
)
SELECT
    CAST(s.top_share AS varchar) AS top_share,
    count(*) AS patients,
    CAST(sum(r.cost) AS decimal(18, 2)) AS cost,
    round(CAST(sum(r.cost) AS decimal(38, 6)) / max(r.total_cost), 4) AS share_of_cost
FROM shares AS s
JOIN ranked AS r ON r.position <= (r.everyone * s.percent + 99) / 100
GROUP BY s.top_share, s.percent
