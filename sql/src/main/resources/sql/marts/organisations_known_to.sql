-- Linked patients by how many organisations they are known to (1, 2, 3 or more delivering organisations;
-- a GP practice counts as one) and those whose only contact was A&E, with their cost and the total of each.
--
-- mart dimensions: category, band
-- mart group columns: category
-- mart total column: band
-- mart count: patients
-- mart linked: cost to patients
CREATE VIEW organisations_known_to_${snapshot_id} AS
WITH banded AS (
    SELECT
        'organisations' AS category,
        CASE WHEN organisations >= 3 THEN '3+' ELSE CAST(organisations AS varchar) END AS band,
        cost
    FROM person_spine_${snapshot_id}
    UNION ALL
    SELECT
        'contact',
        CASE WHEN ae_only THEN 'ae_only' ELSE 'other' END,
        cost
    FROM person_spine_${snapshot_id}
)
SELECT
    CAST(category AS varchar) AS category,
    CAST(coalesce(band, 'TOTAL') AS varchar) AS band,
    count(*) AS patients,
    CAST(sum(cost) AS decimal(18, 2)) AS cost
FROM banded
GROUP BY GROUPING SETS ((category, band), (category))
