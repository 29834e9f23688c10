-- Data quality and coverage: for every provider and feed an agreement covers, every month from the first to
-- the last period any data arrived for: the rows received (linked, unlinked, uncosted) and their cost, or
-- 'missing' when nothing arrived; with each provider and feed's total.
--
-- mart dimensions: provider, feed, period
-- mart group columns: provider, feed
-- mart total column: period
-- mart public: status
-- mart count: received_rows
-- mart count: linked_rows
-- mart count: unlinked_rows
-- mart count: uncosted_rows
-- mart linked: cost to received_rows
CREATE VIEW data_quality_coverage_${snapshot_id} AS
WITH received AS (
    SELECT
        provider,
        feed,
        period,
        count(*) AS received_rows,
        count_if(person_id IS NOT NULL) AS linked_rows,
        count_if(person_id IS NULL) AS unlinked_rows,
        count_if(cost_source = 'uncosted') AS uncosted_rows,
        sum(cost) AS cost
    FROM costed_activity_${snapshot_id}
    GROUP BY provider, feed, period
),
months AS (
    SELECT substr(CAST(m AS varchar), 1, 7) AS period
    FROM (SELECT min(period) AS first_period, max(period) AS last_period FROM received) AS b
    CROSS JOIN UNNEST(sequence(CAST(b.first_period || '-01' AS date), CAST(b.last_period || '-01' AS date), INTERVAL '1' MONTH)) AS t (m)
),
expected AS (
    SELECT f.provider, f.feed, m.period
    FROM reference_agreed_feeds_${snapshot_id} AS f
    CROSS JOIN months AS m
),
cells AS (
    SELECT
        coalesce(e.provider, r.provider) AS provider,
        coalesce(e.feed, r.feed) AS feed,
        coalesce(e.period, r.period) AS period,
        coalesce(r.received_rows, 0) AS received_rows,
        coalesce(r.linked_rows, 0) AS linked_rows,
        coalesce(r.unlinked_rows, 0) AS unlinked_rows,
        coalesce(r.uncosted_rows, 0) AS uncosted_rows,
        coalesce(r.cost, 0) AS cost
    FROM expected AS e
    FULL OUTER JOIN received AS r ON r.provider = e.provider AND r.feed = e.feed AND r.period = e.period
)
SELECT
    CAST(provider AS varchar) AS provider,
    CAST(feed AS varchar) AS feed,
    CAST(coalesce(period, 'TOTAL') AS varchar) AS period,
    CAST(CASE WHEN grouping(period) = 1 THEN 'total' WHEN sum(received_rows) = 0 THEN 'missing' ELSE 'received' END AS varchar) AS status,
    sum(received_rows) AS received_rows,
    sum(linked_rows) AS linked_rows,
    sum(unlinked_rows) AS unlinked_rows,
    sum(uncosted_rows) AS uncosted_rows,
    CAST(sum(cost) AS decimal(18, 2)) AS cost
FROM cells
GROUP BY GROUPING SETS ((provider, feed, period), (provider, feed))
