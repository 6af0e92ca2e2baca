-- Schema 8: rollout control (issue 6). See docs/rollouts.md.

-- One driver per rollout at a time: a lease taken before driving and renewed at every step, on
-- the rollout's clock. A crashed holder's lease is taken over once it expires (at once when the
-- holder was a process of this machine that is gone).
CREATE TABLE rollout_lease (
    rollout_id TEXT PRIMARY KEY REFERENCES rollout(id),
    holder     TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

-- What a rollout was launched with. Plan time (the fleet's time) is
-- plan_start + (rollout clock - rollout.created_at) * speed.
--   shadow:      SERVICE=MINUTES,... services whose hosts run in shadow mode after their update
--   batch_ends:  BATCH=INSTANT,... each plan batch's planned end in plan time (predictive pause horizon)
--   request:     an operator's request a driver carries out between two steps (rollback-batch:N), or ''
CREATE TABLE rollout_setting (
    rollout_id TEXT PRIMARY KEY REFERENCES rollout(id) ON DELETE CASCADE,
    speed      REAL NOT NULL,
    plan_start TEXT NOT NULL,
    shadow     TEXT NOT NULL,
    batch_ends TEXT NOT NULL,
    request    TEXT NOT NULL
);

-- Steps of a batch split after a partial reservation, or queued again after a rollback or a
-- deferral, run as a new part of the same plan batch (part 0 is the batch as planned).
ALTER TABLE rollout_step ADD COLUMN part INTEGER NOT NULL DEFAULT 0;

-- Alerts raised while a rollout runs; topic (when not NULL) makes an alert once-only, e.g. one
-- deviation alert per service per batch however many ticks deviate.
CREATE TABLE rollout_alert (
    rollout_id TEXT    NOT NULL REFERENCES rollout(id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    at         TEXT    NOT NULL,
    severity   TEXT    NOT NULL,
    subject    TEXT    NOT NULL,
    message    TEXT    NOT NULL,
    topic      TEXT,
    PRIMARY KEY (rollout_id, seq),
    UNIQUE (rollout_id, topic)
);

-- Monitoring ticks: forecast against observed load per service, at plan time.
CREATE TABLE rollout_load_check (
    rollout_id       TEXT    NOT NULL REFERENCES rollout(id) ON DELETE CASCADE,
    seq              INTEGER NOT NULL,
    batch            INTEGER NOT NULL,
    service          TEXT    NOT NULL,
    plan_time        TEXT    NOT NULL,
    predicted_median REAL,
    predicted_upper  REAL,
    actual_load      REAL    NOT NULL,
    capacity_cores   REAL    NOT NULL,
    PRIMARY KEY (rollout_id, seq)
);

-- Set once an operator aborts, never cleared: a step that fails during the abort stops the rollout
-- (failed) for the operator, and resuming it goes on with the abort, not forward.
ALTER TABLE rollout ADD COLUMN abort_requested INTEGER NOT NULL DEFAULT 0;
