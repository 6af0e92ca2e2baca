-- Schema 9: the sandbox world during rollouts (see docs/sandbox.md).

-- Which hosts are out of service (drained for an update) and what their last update took. A host
-- without a row is in service.
CREATE TABLE sandbox_host_state (
    account        TEXT NOT NULL,
    host           TEXT NOT NULL,
    in_service     INTEGER NOT NULL DEFAULT 1,
    changed_at     TEXT,
    changed_by     TEXT,
    update_minutes REAL,
    PRIMARY KEY (account, host)
);

-- What the provider was told and what it reported beyond its result: the version trigger text of
-- an update ("the message on the wire"), and details such as a slow update's duration.
ALTER TABLE provider_action ADD COLUMN message TEXT;
ALTER TABLE provider_action ADD COLUMN detail TEXT;

-- Partial allocation and spot interruptions: how many were asked for, and when a spot
-- interruption takes revoke_count of them back (revoked_at once it happened).
ALTER TABLE sandbox_reservation ADD COLUMN requested INTEGER;
ALTER TABLE sandbox_reservation ADD COLUMN revoke_at TEXT;
ALTER TABLE sandbox_reservation ADD COLUMN revoke_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sandbox_reservation ADD COLUMN revoked_at TEXT;

-- What happened in the sandbox that is not an applied action: deferrals, injected faults, spot
-- interruptions. Append-only; seq orders it.
CREATE TABLE sandbox_event (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    account         TEXT    NOT NULL,
    at              TEXT    NOT NULL,
    kind            TEXT    NOT NULL,
    subject         TEXT    NOT NULL,
    idempotency_key TEXT,
    attempt         INTEGER,
    detail          TEXT    NOT NULL,
    message         TEXT
);
CREATE INDEX sandbox_event_account ON sandbox_event (account, seq);

-- How many times the sandbox was called for one call key (a mutating call's idempotency key, a
-- health check's host, an observation's service and plan time): the attempt number the fault
-- dice are rolled with, so that a retry rolls again and a rerun rolls the same.
CREATE TABLE sandbox_call (
    account  TEXT    NOT NULL,
    call_key TEXT    NOT NULL,
    attempts INTEGER NOT NULL,
    PRIMARY KEY (account, call_key)
) WITHOUT ROWID;

-- The account's fault settings, one "name=value" per line in a canonical order.
CREATE TABLE sandbox_fault (
    account    TEXT PRIMARY KEY,
    settings   TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
