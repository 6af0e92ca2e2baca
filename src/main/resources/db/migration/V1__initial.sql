-- Headroom schema 1. Applied by dev.headroom.persistence.Migrations inside one transaction;
-- the runner, not this file, sets PRAGMA user_version. Every account-owned row goes away with
-- its account through ON DELETE CASCADE (connections must enable PRAGMA foreign_keys).
-- Lists keep the order of the snapshot they came from in an "ord" column.
-- Instants are ISO-8601 text (exact to the nanosecond); series times are epoch seconds.

CREATE TABLE account (
    name    TEXT PRIMARY KEY,
    kind    TEXT NOT NULL,
    created TEXT NOT NULL
);

CREATE TABLE account_setting (
    account TEXT NOT NULL REFERENCES account (name) ON DELETE CASCADE,
    key     TEXT NOT NULL,
    value   TEXT NOT NULL,
    PRIMARY KEY (account, key)
) WITHOUT ROWID;

CREATE TABLE instance_type (
    account              TEXT    NOT NULL REFERENCES account (name) ON DELETE CASCADE,
    ord                  INTEGER NOT NULL,
    name                 TEXT    NOT NULL,
    region               TEXT    NOT NULL,
    cpu_cores            REAL    NOT NULL,
    memory_gib           REAL    NOT NULL,
    network_gbps         REAL    NOT NULL,
    disk_mbps            REAL    NOT NULL,
    on_demand_hourly_usd REAL    NOT NULL,
    spot_hourly_usd      REAL    NOT NULL,
    PRIMARY KEY (account, ord)
) WITHOUT ROWID;

CREATE TABLE service (
    account              TEXT    NOT NULL REFERENCES account (name) ON DELETE CASCADE,
    name                 TEXT    NOT NULL,
    ord                  INTEGER NOT NULL,
    criticality          TEXT    NOT NULL,
    max_utilisation      REAL    NOT NULL,
    min_healthy_fraction REAL    NOT NULL,
    PRIMARY KEY (account, name)
) WITHOUT ROWID;

CREATE TABLE host (
    account         TEXT    NOT NULL REFERENCES account (name) ON DELETE CASCADE,
    id              TEXT    NOT NULL,
    ord             INTEGER NOT NULL,
    region          TEXT    NOT NULL,
    zone            TEXT    NOT NULL,
    instance_type   TEXT    NOT NULL,
    cpu_cores       REAL    NOT NULL,
    memory_gib      REAL    NOT NULL,
    network_gbps    REAL    NOT NULL,
    disk_mbps       REAL    NOT NULL,
    hourly_cost_usd REAL    NOT NULL,
    version         TEXT    NOT NULL,
    criticality     TEXT    NOT NULL,
    role            TEXT    NOT NULL,
    PRIMARY KEY (account, id)
) WITHOUT ROWID;

-- The services with a replica on a host, first one = the host's primary service.
CREATE TABLE host_service (
    account  TEXT    NOT NULL,
    host_id  TEXT    NOT NULL,
    position INTEGER NOT NULL,
    service  TEXT    NOT NULL,
    PRIMARY KEY (account, host_id, position),
    FOREIGN KEY (account, host_id) REFERENCES host (account, id) ON DELETE CASCADE,
    FOREIGN KEY (account, service) REFERENCES service (account, name) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX host_service_by_service ON host_service (account, service);

CREATE TABLE dependency (
    account      TEXT    NOT NULL,
    ord          INTEGER NOT NULL,
    from_service TEXT    NOT NULL,
    to_service   TEXT    NOT NULL,
    weight       REAL    NOT NULL,
    evidence     TEXT    NOT NULL,
    PRIMARY KEY (account, ord),
    FOREIGN KEY (account, from_service) REFERENCES service (account, name) ON DELETE CASCADE,
    FOREIGN KEY (account, to_service) REFERENCES service (account, name) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX dependency_by_from ON dependency (account, from_service);
CREATE INDEX dependency_by_to ON dependency (account, to_service);

CREATE TABLE release (
    account  TEXT    NOT NULL,
    ord      INTEGER NOT NULL,
    service  TEXT    NOT NULL,
    version  TEXT    NOT NULL,
    breaking INTEGER NOT NULL CHECK (breaking IN (0, 1)),
    PRIMARY KEY (account, ord),
    FOREIGN KEY (account, service) REFERENCES service (account, name) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX release_by_service ON release (account, service);

-- Constraints on other services that must hold before a release may go out, e.g. redis-cart>=7.2.
CREATE TABLE release_requirement (
    account     TEXT    NOT NULL,
    release_ord INTEGER NOT NULL,
    position    INTEGER NOT NULL,
    requirement TEXT    NOT NULL,
    PRIMARY KEY (account, release_ord, position),
    FOREIGN KEY (account, release_ord) REFERENCES release (account, ord) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE update_record (
    account      TEXT    NOT NULL,
    ord          INTEGER NOT NULL,
    host_id      TEXT    NOT NULL,
    service      TEXT    NOT NULL,
    from_version TEXT    NOT NULL,
    to_version   TEXT    NOT NULL,
    started      TEXT    NOT NULL,
    finished     TEXT    NOT NULL,
    peak_cpu     REAL    NOT NULL,
    outcome      TEXT    NOT NULL,
    PRIMARY KEY (account, ord),
    FOREIGN KEY (account, host_id) REFERENCES host (account, id) ON DELETE CASCADE,
    FOREIGN KEY (account, service) REFERENCES service (account, name) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX update_record_by_host ON update_record (account, host_id);
CREATE INDEX update_record_by_service ON update_record (account, service);

-- scope is a service, a region or '*', so it cannot be a foreign key.
CREATE TABLE scheduled_event (
    account     TEXT    NOT NULL REFERENCES account (name) ON DELETE CASCADE,
    ord         INTEGER NOT NULL,
    name        TEXT    NOT NULL,
    starts      TEXT    NOT NULL,
    ends        TEXT    NOT NULL,
    scope       TEXT    NOT NULL,
    load_factor REAL    NOT NULL,
    PRIMARY KEY (account, ord)
) WITHOUT ROWID;

-- The policy as the JSON object of policy.json; an absent row means the account has no policy.
CREATE TABLE policy (
    account TEXT PRIMARY KEY REFERENCES account (name) ON DELETE CASCADE,
    body    TEXT NOT NULL
) WITHOUT ROWID;

-- One row per metric series; its samples live in series_chunk. start_nanos keeps the
-- sub-second part of the series start so that it round-trips exactly.
CREATE TABLE series (
    id           INTEGER PRIMARY KEY,
    account      TEXT    NOT NULL,
    host_id      TEXT    NOT NULL,
    metric       TEXT    NOT NULL,
    ord          INTEGER NOT NULL,
    start_epoch  INTEGER NOT NULL,
    start_nanos  INTEGER NOT NULL,
    step_seconds INTEGER NOT NULL CHECK (step_seconds > 0),
    sample_count INTEGER NOT NULL,
    UNIQUE (account, host_id, metric),
    FOREIGN KEY (account, host_id) REFERENCES host (account, id) ON DELETE CASCADE
);
CREATE INDEX series_by_metric ON series (account, metric);

-- The samples of one series within one UTC day, encoded by SeriesCodec. chunk_start and
-- first_present (NULL when every sample is missing) are epoch seconds of samples.
CREATE TABLE series_chunk (
    series_id     INTEGER NOT NULL REFERENCES series (id) ON DELETE CASCADE,
    chunk_start   INTEGER NOT NULL,
    sample_count  INTEGER NOT NULL,
    first_present INTEGER,
    data          BLOB    NOT NULL,
    PRIMARY KEY (series_id, chunk_start)
);
-- Finds the last chunk with a present sample at or before an instant without reading history.
CREATE INDEX series_chunk_by_first_present ON series_chunk (series_id, first_present);
