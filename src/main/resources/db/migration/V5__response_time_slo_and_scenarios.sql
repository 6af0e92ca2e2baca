-- Headroom schema 5 (issue 5).
-- A service's SLO may be a response-time target instead of (or as well as) a utilisation
-- limit: the mean response time it must keep, and the mean service time of one request on one
-- core, from which the planner's queueing model derives a utilisation limit. NULL = no target.
ALTER TABLE service ADD COLUMN response_time_target_ms REAL;
ALTER TABLE service ADD COLUMN service_time_ms REAL;

-- What-if scenarios: a named policy and the planner it is planned with, per account, with the
-- latest plan made under it (plan.json text; NULL until it has been planned). Rows name their
-- account but are not foreign keys to it, like the graph's: a re-imported fleet keeps its
-- scenarios.
CREATE TABLE scenario (
    id          INTEGER PRIMARY KEY,
    account     TEXT NOT NULL,
    name        TEXT NOT NULL,
    policy_json TEXT NOT NULL,
    solver      TEXT NOT NULL,
    plan_json   TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    UNIQUE (account, name)
);
