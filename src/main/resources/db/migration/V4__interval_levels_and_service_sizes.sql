-- Headroom schema 4.
-- Forecast intervals have operator-chosen levels (issue 3): the journal keeps the two levels each
-- forecast was made with. The band columns keep their schema-2 names but now hold the inner
-- (lower80/upper80) and outer (lower95/upper95) band at those levels; the defaults are the
-- levels every earlier row was made with, so existing rows stay true.
ALTER TABLE forecast_entry ADD COLUMN inner_level REAL NOT NULL DEFAULT 0.80;
ALTER TABLE forecast_entry ADD COLUMN outer_level REAL NOT NULL DEFAULT 0.95;

-- Imported services also keep their CPU/memory limits and the criticality a source declares
-- (dependencies.json); NULL when the file does not say.
ALTER TABLE graph_source_service ADD COLUMN cpu_limit_millicores REAL;
ALTER TABLE graph_source_service ADD COLUMN memory_limit_mib REAL;
ALTER TABLE graph_source_service ADD COLUMN criticality TEXT;
