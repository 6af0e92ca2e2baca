-- Schema 8: rollout control. One driver per rollout at a time: a lease renewed while it drives.
CREATE TABLE rollout_lease (
    rollout_id TEXT PRIMARY KEY REFERENCES rollout(id),
    holder     TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
