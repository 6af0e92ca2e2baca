-- Schema 10: what a finished rollout taught (see docs/rollouts.md, "Learning from a rollout").
-- Neither table refers to account or rollout rows: replacing an account (an import with --replace,
-- a new sandbox) deletes the account's rows and re-inserts them, and what its rollouts taught must
-- survive that as the rollouts themselves do. Deleting the account deletes them.

-- The forecast feedback store's rollout scores: per rollout, plan batch and service, how the forecast
-- the rollout was monitored against did against the load the provider observed. The key makes writing
-- a rollout's scores again (a driver that stopped before the rollout's end was stored finishes it
-- again) replace them, never add to them.
--   checks      monitoring ticks that had a forecast
--   mae         mean |observed - forecast median| (cores)
--   bias        mean (observed - forecast median) (cores): positive = the forecast was low
--   above_upper share of those ticks at which the observed load exceeded the forecast's upper quantile
--   quantile    the forecast quantile the plan covered (NULL when the scenario is no longer stored);
--               above_upper is to be compared with 1 - quantile
--   worst_under the largest observed - median (cores), 0 when the load never exceeded the median
--   scored_at   plan time of the batch's last tick for the service
CREATE TABLE rollout_score (
    account     TEXT    NOT NULL,
    rollout_id  TEXT    NOT NULL,
    batch       INTEGER NOT NULL,
    service     TEXT    NOT NULL,
    scored_at   TEXT    NOT NULL,
    quantile    REAL,
    checks      INTEGER NOT NULL,
    mae         REAL    NOT NULL,
    bias        REAL    NOT NULL,
    above_upper REAL    NOT NULL,
    worst_under REAL    NOT NULL,
    PRIMARY KEY (rollout_id, batch, service)
);
CREATE INDEX rollout_score_service ON rollout_score (account, service, scored_at);

-- Updates that rollouts ran, appended to the account's update history (the update impact model
-- learns durations, failure rates and peaks from it). One row per UPDATE step, keyed by the step's
-- idempotency key, so recording a rollout twice adds nothing. The store's load() returns these after
-- update_record's rows. Times are plan time.
CREATE TABLE rollout_update (
    account      TEXT    NOT NULL,
    step_key     TEXT    NOT NULL,
    host_id      TEXT    NOT NULL,
    service      TEXT    NOT NULL,
    from_version TEXT    NOT NULL,
    to_version   TEXT    NOT NULL,
    started      TEXT    NOT NULL,
    finished     TEXT    NOT NULL,
    peak_cpu     REAL    NOT NULL,
    outcome      TEXT    NOT NULL,
    PRIMARY KEY (account, step_key)
) WITHOUT ROWID;
