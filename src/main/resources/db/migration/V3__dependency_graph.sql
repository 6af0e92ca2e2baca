-- Headroom schema 3: the dependency graph (issue 4). Each import keeps the latest content of its
-- sources, each operator edit is one row of a log replayed after every merge, and every change
-- stores a snapshot of the merged graph.
-- Rows name their account but are not foreign keys to it: SqliteStore.replace deletes and
-- re-inserts the account whenever its fleet is re-imported, and the operator's edits and the
-- imported sources must survive that.

CREATE TABLE graph_source (
    id          INTEGER PRIMARY KEY,
    account     TEXT NOT NULL,
    source      TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    UNIQUE (account, source)
);

-- replicas and requests are NULL when the file does not declare them
CREATE TABLE graph_source_service (
    source_id              INTEGER NOT NULL REFERENCES graph_source (id) ON DELETE CASCADE,
    ord                    INTEGER NOT NULL,
    name                   TEXT    NOT NULL,
    kind                   TEXT    NOT NULL,
    replicas               INTEGER,
    cpu_request_millicores REAL,
    memory_request_mib     REAL,
    evidence               TEXT    NOT NULL,
    PRIMARY KEY (source_id, ord)
) WITHOUT ROWID;

CREATE TABLE graph_source_edge (
    source_id    INTEGER NOT NULL REFERENCES graph_source (id) ON DELETE CASCADE,
    ord          INTEGER NOT NULL,
    from_service TEXT    NOT NULL,
    to_service   TEXT    NOT NULL,
    weight       REAL    NOT NULL,
    evidence     TEXT    NOT NULL,
    PRIMARY KEY (source_id, ord)
) WITHOUT ROWID;

CREATE TABLE graph_source_note (
    source_id INTEGER NOT NULL REFERENCES graph_source (id) ON DELETE CASCADE,
    ord       INTEGER NOT NULL,
    note      TEXT    NOT NULL,
    PRIMARY KEY (source_id, ord)
) WITHOUT ROWID;

-- kind is add, remove, reweight or criticality; to_service is '' and criticality set for the last
CREATE TABLE graph_edit (
    id           INTEGER PRIMARY KEY,
    account      TEXT NOT NULL,
    kind         TEXT NOT NULL,
    from_service TEXT NOT NULL,
    to_service   TEXT NOT NULL,
    weight       REAL NOT NULL,
    criticality  TEXT,
    made_at      TEXT NOT NULL
);
CREATE INDEX graph_edit_by_account ON graph_edit (account, id);

CREATE TABLE graph_snapshot (
    id       INTEGER PRIMARY KEY,
    account  TEXT    NOT NULL,
    taken_at TEXT    NOT NULL,
    reason   TEXT    NOT NULL,
    services INTEGER NOT NULL,
    edges    INTEGER NOT NULL
);
CREATE INDEX graph_snapshot_by_account ON graph_snapshot (account, id);

-- criticality is NULL when neither the fleet, a source nor the operator gave one
CREATE TABLE graph_snapshot_service (
    snapshot_id INTEGER NOT NULL REFERENCES graph_snapshot (id) ON DELETE CASCADE,
    name        TEXT    NOT NULL,
    criticality TEXT,
    PRIMARY KEY (snapshot_id, name)
) WITHOUT ROWID;

-- evidence holds one item per line
CREATE TABLE graph_snapshot_edge (
    snapshot_id  INTEGER NOT NULL REFERENCES graph_snapshot (id) ON DELETE CASCADE,
    from_service TEXT    NOT NULL,
    to_service   TEXT    NOT NULL,
    weight       REAL    NOT NULL,
    evidence     TEXT    NOT NULL,
    PRIMARY KEY (snapshot_id, from_service, to_service)
) WITHOUT ROWID;
