-- A curated feed table: Parquet, partitioned by provider and period (partition columns come last).
CREATE TABLE ${table} (
    person_id     varchar,
    activity_date date,
    cost          decimal(18, 2),
    provider      varchar,
    period        varchar
)
WITH (
    external_location = ${location},
    format = 'PARQUET',
    partitioned_by = ARRAY['provider', 'period']
);
