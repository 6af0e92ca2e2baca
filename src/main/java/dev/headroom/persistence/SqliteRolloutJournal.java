package dev.headroom.persistence;

import dev.headroom.audit.AuditEntry;
import dev.headroom.rollout.Rollout;
import dev.headroom.rollout.RolloutJournal;
import dev.headroom.rollout.RolloutStatus;
import dev.headroom.rollout.RolloutStep;
import dev.headroom.rollout.StepKind;
import dev.headroom.rollout.StepState;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link RolloutJournal} in the fleet's SQLite file (schema 7's {@code rollout} and {@code rollout_step}). */
public final class SqliteRolloutJournal implements RolloutJournal {
    private static final String ROLLOUT = "id, account, scenario, content_hash, approval_id, status, created_at, "
            + "updated_at, detail";
    private static final String STEP = "rollout_id, seq, batch, kind, subject, argument, idempotency_key, state, "
            + "attempts, started_at, finished_at, result";
    private final SqliteStore store;

    public SqliteRolloutJournal(SqliteStore store) {
        this.store = store;
    }

    @Override
    public String nextId() {
        return store.read("the rollouts", c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT count(*) FROM rollout");
                 ResultSet r = p.executeQuery()) {
                r.next();
                return "r" + (r.getLong(1) + 1);
            }
        });
    }

    @Override
    public void create(Rollout rollout, List<RolloutStep> steps, AuditEntry audit) {
        store.write(rollout.account(), c -> {
            update(c, "INSERT INTO rollout (" + ROLLOUT + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rollout.id(),
                    rollout.account(), rollout.scenario(), rollout.contentHash(), rollout.approvalId(),
                    rollout.status().label(), rollout.created().toString(), rollout.updated().toString(),
                    rollout.detail());
            insertSteps(c, steps);
            SqliteAuditLog.append(c, audit);
            return null;
        });
    }

    private static void insertSteps(Connection c, List<RolloutStep> steps) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO rollout_step (" + STEP + ") VALUES "
                + "(?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL)")) {
            for (RolloutStep s : steps) {
                p.setString(1, s.rolloutId());
                p.setInt(2, s.seq());
                p.setInt(3, s.batch());
                p.setString(4, s.kind().label());
                p.setString(5, s.subject());
                p.setString(6, s.argument());
                p.setString(7, s.idempotencyKey());
                p.setString(8, s.state().label());
                p.setInt(9, s.attempts());
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    @Override
    public Optional<Rollout> rollout(String id) {
        return store.read("rollout " + id, c -> rollouts(c, "WHERE id = ?", id).stream().findFirst());
    }

    @Override
    public List<Rollout> rollouts(String account) {
        return store.read("the rollouts of account \"" + account + "\"", c -> rollouts(c, "WHERE account = ?",
                account));
    }

    @Override
    public List<Rollout> unfinished() {
        return store.read("the unfinished rollouts", c -> rollouts(c, "WHERE status IN (?, ?)",
                RolloutStatus.RUNNING.label(), RolloutStatus.ABORTING.label()));
    }

    @Override
    public List<RolloutStep> steps(String rolloutId) {
        return store.read("the steps of rollout " + rolloutId, c -> {
            List<RolloutStep> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT " + STEP + " FROM rollout_step WHERE rollout_id = ? "
                    + "ORDER BY seq")) {
                p.setString(1, rolloutId);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.add(new RolloutStep(r.getString(1), r.getInt(2), r.getInt(3), StepKind.parse(r.getString(4)),
                                r.getString(5), r.getString(6), r.getString(7), StepState.parse(r.getString(8)),
                                r.getInt(9), Optional.ofNullable(r.getString(10)).map(Instant::parse),
                                Optional.ofNullable(r.getString(11)).map(Instant::parse),
                                Optional.ofNullable(r.getString(12))));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public void started(RolloutStep step, AuditEntry audit) {
        store.write(audit.account(), c -> {
            update(c, "UPDATE rollout_step SET state = ?, attempts = attempts + 1, started_at = coalesce(started_at, ?) "
                    + "WHERE rollout_id = ? AND seq = ?", StepState.STARTED.label(), audit.at().toString(),
                    step.rolloutId(), step.seq());
            touch(c, step.rolloutId(), audit.at());
            SqliteAuditLog.append(c, audit);
            return null;
        });
    }

    @Override
    public void done(RolloutStep step, String result, AuditEntry audit) {
        finish(step, StepState.DONE, result, audit, Optional.empty());
    }

    @Override
    public void failed(RolloutStep step, String reason, AuditEntry audit) {
        finish(step, StepState.FAILED, reason, audit, Optional.of(RolloutStatus.FAILED));
    }

    private void finish(RolloutStep step, StepState state, String result, AuditEntry audit,
                        Optional<RolloutStatus> status) {
        store.write(audit.account(), c -> {
            update(c, "UPDATE rollout_step SET state = ?, finished_at = ?, result = ? WHERE rollout_id = ? AND seq = ?",
                    state.label(), audit.at().toString(), result, step.rolloutId(), step.seq());
            if (status.isPresent()) {
                update(c, "UPDATE rollout SET status = ?, detail = ?, updated_at = ? WHERE id = ?",
                        status.get().label(), result, audit.at().toString(), step.rolloutId());
            } else {
                touch(c, step.rolloutId(), audit.at());
            }
            SqliteAuditLog.append(c, audit);
            return null;
        });
    }

    @Override
    public void status(String rolloutId, RolloutStatus status, String detail, AuditEntry audit) {
        store.write(audit.account(), c -> {
            update(c, "UPDATE rollout SET status = ?, detail = ?, updated_at = ? WHERE id = ?", status.label(), detail,
                    audit.at().toString(), rolloutId);
            SqliteAuditLog.append(c, audit);
            return null;
        });
    }

    @Override
    public void compensate(String rolloutId, List<RolloutStep> compensation, AuditEntry audit) {
        store.write(audit.account(), c -> {
            update(c, "UPDATE rollout_step SET state = ? WHERE rollout_id = ? AND state = ?", StepState.SKIPPED.label(),
                    rolloutId, StepState.PENDING.label());
            insertSteps(c, compensation);
            touch(c, rolloutId, audit.at());
            SqliteAuditLog.append(c, audit);
            return null;
        });
    }

    @Override
    public void retryFailed(String rolloutId, AuditEntry audit) {
        store.write(audit.account(), c -> {
            update(c, "UPDATE rollout_step SET state = ?, finished_at = NULL, result = NULL WHERE rollout_id = ? "
                    + "AND state = ?", StepState.PENDING.label(), rolloutId, StepState.FAILED.label());
            update(c, "UPDATE rollout SET status = ?, detail = ?, updated_at = ? WHERE id = ?",
                    RolloutStatus.RUNNING.label(), "resumed after a failed step", audit.at().toString(), rolloutId);
            SqliteAuditLog.append(c, audit);
            return null;
        });
    }

    private static void touch(Connection c, String rolloutId, Instant at) throws SQLException {
        update(c, "UPDATE rollout SET updated_at = ? WHERE id = ?", at.toString(), rolloutId);
    }

    private static List<Rollout> rollouts(Connection c, String where, Object... args) throws SQLException {
        List<Rollout> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT " + ROLLOUT + " FROM rollout " + where
                + " ORDER BY created_at, CAST(substr(id, 2) AS INTEGER)")) {
            for (int i = 0; i < args.length; i++) {
                p.setObject(i + 1, args[i]);
            }
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(new Rollout(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getLong(5),
                            RolloutStatus.parse(r.getString(6)), Instant.parse(r.getString(7)),
                            Instant.parse(r.getString(8)), r.getString(9)));
                }
            }
        }
        return out;
    }

    private static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                p.setObject(i + 1, args[i]);
            }
            return p.executeUpdate();
        }
    }
}
