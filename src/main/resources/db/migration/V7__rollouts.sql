-- Headroom schema 7 (issue 6, durable execution): rollouts, their journal of steps, and what the
-- sandbox provider applied. See docs/rollouts.md.

-- A rollout of an approved plan; status is one of running, paused, aborting, aborted, done, failed.
CREATE TABLE rollout (
    id           TEXT    PRIMARY KEY,
    account      TEXT    NOT NULL,
    scenario     TEXT    NOT NULL,
    content_hash TEXT    NOT NULL,
    approval_id  INTEGER NOT NULL,
    status       TEXT    NOT NULL,
    created_at   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL,
    detail       TEXT    NOT NULL
);

-- The journal: every step of the rollout in the order it runs. A step moves pending -> started
-- -> done | failed (or skipped when an abort cancels it); the move to started is committed before
-- the provider is called with idempotency_key, the move to done after it answered.
CREATE TABLE rollout_step (
    rollout_id      TEXT    NOT NULL REFERENCES rollout (id) ON DELETE CASCADE,
    seq             INTEGER NOT NULL,
    batch           INTEGER NOT NULL,
    kind            TEXT    NOT NULL,
    subject         TEXT    NOT NULL,
    argument        TEXT    NOT NULL,
    idempotency_key TEXT    NOT NULL UNIQUE,
    state           TEXT    NOT NULL,
    attempts        INTEGER NOT NULL,
    started_at      TEXT,
    finished_at     TEXT,
    result          TEXT,
    PRIMARY KEY (rollout_id, seq)
) WITHOUT ROWID;

-- The sandbox provider's memory of mutating calls: one row per idempotency key, written in the
-- same transaction as the action's effect, so a key is applied at most once.
CREATE TABLE provider_action (
    account         TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    action          TEXT NOT NULL,
    subject         TEXT NOT NULL,
    result          TEXT NOT NULL,
    applied_at      TEXT NOT NULL,
    PRIMARY KEY (account, idempotency_key)
) WITHOUT ROWID;

-- Surge capacity the sandbox has granted; released_at is NULL while it runs (and costs).
CREATE TABLE sandbox_reservation (
    account         TEXT    NOT NULL,
    reservation_key TEXT    NOT NULL,
    service         TEXT    NOT NULL,
    region          TEXT    NOT NULL,
    instance_type   TEXT    NOT NULL,
    count           INTEGER NOT NULL,
    reserved_at     TEXT    NOT NULL,
    released_at     TEXT,
    PRIMARY KEY (account, reservation_key)
) WITHOUT ROWID;

-- How many times the sandbox applied each kind of effect, to check against provider_action.
CREATE TABLE sandbox_effect (
    account TEXT    NOT NULL,
    effect  TEXT    NOT NULL,
    count   INTEGER NOT NULL,
    PRIMARY KEY (account, effect)
) WITHOUT ROWID;
