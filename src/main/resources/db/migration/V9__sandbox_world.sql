-- Schema 9: the sandbox world during rollouts: which hosts are out of service (drained for an update).
CREATE TABLE sandbox_host_state (
    account    TEXT NOT NULL,
    host       TEXT NOT NULL,
    in_service INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (account, host)
);
