-- Headroom schema 6 (issue 6): approvals of plans and the hash-chained audit log.

-- A plan is approved as a whole: the hash of its canonical content (plan and policy) is what
-- was approved; any change to either gives another hash, so the approval no longer matches.
CREATE TABLE approval (
    id           INTEGER PRIMARY KEY,
    account      TEXT NOT NULL,
    scenario     TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    approver     TEXT NOT NULL,
    note         TEXT NOT NULL,
    approved_at  TEXT NOT NULL,
    revoked_at   TEXT
);
CREATE INDEX approval_by_hash ON approval (account, content_hash);

-- Every record names the hash of the one before it (seq - 1) and its own hash over its
-- fields and that link, so changing, deleting or reordering a record breaks the chain.
CREATE TABLE audit (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    account   TEXT NOT NULL,
    actor     TEXT NOT NULL,
    kind      TEXT NOT NULL,
    subject   TEXT NOT NULL,
    detail    TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
