package dev.headroom.persistence;

import dev.headroom.audit.AuditEntry;
import dev.headroom.rollout.Lease;
import dev.headroom.rollout.LoadCheck;
import dev.headroom.rollout.Replan;
import dev.headroom.rollout.Rollout;
import dev.headroom.rollout.RolloutAlert;
import dev.headroom.rollout.RolloutJournal;
import dev.headroom.rollout.RolloutOutcome;
import dev.headroom.rollout.RolloutSettings;
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
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * {@link RolloutJournal} in the fleet's SQLite file: schema 7's {@code rollout} and
 * {@code rollout_step}, schema 8's settings, lease, alerts and load checks.
 */
public final class SqliteRolloutJournal implements RolloutJournal {
    private static final String ROLLOUT = "r.id, r.account, r.scenario, r.content_hash, r.approval_id, r.status, "
            + "r.created_at, r.updated_at, r.detail, s.speed, s.plan_start, s.shadow, s.batch_ends, s.request";
    private static final String STEP = "rollout_id, seq, batch, kind, subject, argument, idempotency_key, state, "
            + "attempts, started_at, finished_at, result, part";
    private final SqliteStore store;
    private final Optional<RolloutOutcome> learning;

    /** A journal that learns nothing when a rollout ends. */
    public SqliteRolloutJournal(SqliteStore store) {
        this(store, Optional.empty());
    }

    /** @param learning what a rollout's end writes back to the stores ({@link #ending}) */
    public SqliteRolloutJournal(SqliteStore store, Optional<RolloutOutcome> learning) {
        this.store = store;
        this.learning = learning;
    }

    @Override
    public void ending(Rollout rollout, RolloutStatus end, Consumer<String> progress) {
        if (learning.isPresent()) {
            progress.accept(learning.get().record(rollout, this).summary(rollout.id()));
        }
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
            update(c, "INSERT INTO rollout (id, account, scenario, content_hash, approval_id, status, created_at, "
                    + "updated_at, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rollout.id(),
                    rollout.account(), rollout.scenario(), rollout.contentHash(), rollout.approvalId(),
                    rollout.status().label(), rollout.created().toString(), rollout.updated().toString(),
                    rollout.detail());
            RolloutSettings st = rollout.settings();
            update(c, "INSERT INTO rollout_setting (rollout_id, speed, plan_start, shadow, batch_ends, request) "
                    + "VALUES (?, ?, ?, ?, ?, ?)", rollout.id(), st.speed(), st.planStart().toString(), st.shadowText(),
                    st.batchEndsText(), st.request());
            insertSteps(c, steps);
            SqliteAuditLog.append(c, audit);
            return null;
        });
    }

    private static void insertSteps(Connection c, List<RolloutStep> steps) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO rollout_step (" + STEP + ") VALUES "
                + "(?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL, ?)")) {
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
                p.setInt(10, s.part());
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    @Override
    public Optional<Rollout> rollout(String id) {
        return store.read("rollout " + id, c -> rollouts(c, "WHERE r.id = ?", id).stream().findFirst());
    }

    @Override
    public List<Rollout> rollouts(String account) {
        return store.read("the rollouts of account \"" + account + "\"", c -> rollouts(c, "WHERE r.account = ?",
                account));
    }

    @Override
    public List<Rollout> unfinished() {
        return store.read("the unfinished rollouts", c -> rollouts(c, "WHERE r.status IN (?, ?)",
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
                        out.add(new RolloutStep(r.getString(1), r.getInt(2), r.getInt(3), r.getInt(13),
                                StepKind.parse(r.getString(4)), r.getString(5), r.getString(6), r.getString(7),
                                StepState.parse(r.getString(8)), r.getInt(9),
                                Optional.ofNullable(r.getString(10)).map(Instant::parse),
                                Optional.ofNullable(r.getString(11)).map(Instant::parse),
                                Optional.ofNullable(r.getString(12))));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public boolean started(RolloutStep step, AuditEntry audit) {
        return store.write(audit.account(), c -> {
            int n = update(c, "UPDATE rollout_step SET state = ?, attempts = attempts + 1, "
                    + "started_at = coalesce(started_at, ?) WHERE rollout_id = ? AND seq = ? AND state IN (?, ?)",
                    StepState.STARTED.label(), audit.at().toString(), step.rolloutId(), step.seq(),
                    StepState.PENDING.label(), StepState.STARTED.label());
            if (n == 0) {
                return false;
            }
            touch(c, step.rolloutId(), audit.at());
            SqliteAuditLog.append(c, audit);
            return true;
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
            if (status == RolloutStatus.ABORTING) {
                // 1: requested; 2: its compensation planned, which a second abort request must not undo
                update(c, "UPDATE rollout SET abort_requested = max(abort_requested, 1) WHERE id = ?", rolloutId);
            }
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
            // only the failure that stopped the rollout: earlier failed steps (a health check that led to a
            // batch rollback) stay as history
            update(c, "UPDATE rollout_step SET state = ?, finished_at = NULL, result = NULL WHERE rollout_id = ? "
                    + "AND seq = (SELECT max(seq) FROM rollout_step WHERE rollout_id = ? AND state = ?)",
                    StepState.PENDING.label(), rolloutId, rolloutId, StepState.FAILED.label());
            // an abort that a failure interrupted goes on as an abort
            update(c, "UPDATE rollout SET status = CASE WHEN abort_requested >= 1 THEN ? ELSE ? END, detail = ?, "
                    + "updated_at = ? WHERE id = ?", RolloutStatus.ABORTING.label(), RolloutStatus.RUNNING.label(),
                    "resumed after a failed step", audit.at().toString(), rolloutId);
            SqliteAuditLog.append(c, audit);
            return null;
        });
    }

    @Override
    public void replan(String rolloutId, Replan change, AuditEntry audit) {
        store.write(audit.account(), c -> {
            if (change.finish().isPresent()) {
                Replan.Finish f = change.finish().get();
                update(c, "UPDATE rollout_step SET state = ?, finished_at = ?, result = ? WHERE rollout_id = ? AND seq = ?",
                        f.state().label(), audit.at().toString(), f.result(), rolloutId, f.seq());
            }
            for (Map.Entry<Integer, String> e : change.skip().entrySet()) {
                update(c, "UPDATE rollout_step SET state = ?, finished_at = ?, result = ? WHERE rollout_id = ? "
                        + "AND seq = ? AND state = ?", StepState.SKIPPED.label(), audit.at().toString(), e.getValue(),
                        rolloutId, e.getKey(), StepState.PENDING.label());
            }
            for (Map.Entry<Integer, String> e : change.arguments().entrySet()) {
                update(c, "UPDATE rollout_step SET argument = ? WHERE rollout_id = ? AND seq = ? AND state = ?",
                        e.getValue(), rolloutId, e.getKey(), StepState.PENDING.label());
            }
            // from the last insertion point to the first, so that each point's seq is still the one meant
            List<Replan.Insertion> inserts = new ArrayList<>(change.inserts());
            inserts.sort((a, b) -> Integer.compare(b.after(), a.after()));
            for (Replan.Insertion ins : inserts) {
                int n = ins.steps().size();
                // two moves keep (rollout_id, seq) unique at every row update
                update(c, "UPDATE rollout_step SET seq = -(seq + ?) WHERE rollout_id = ? AND seq > ?", n, rolloutId,
                        ins.after());
                update(c, "UPDATE rollout_step SET seq = -seq WHERE rollout_id = ? AND seq < 0", rolloutId);
                List<RolloutStep> numbered = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    numbered.add(ins.steps().get(i).at(ins.after() + 1 + i));
                }
                insertSteps(c, numbered);
            }
            for (Replan.Alert a : change.alerts()) {
                insertAlert(c, a.alert(), a.topic());
            }
            if (change.status().isPresent()) {
                update(c, "UPDATE rollout SET status = ?, detail = ?, updated_at = ? WHERE id = ?",
                        change.status().get().status().label(), change.status().get().detail(), audit.at().toString(),
                        rolloutId);
            } else {
                touch(c, rolloutId, audit.at());
            }
            if (change.clearRequest()) {
                update(c, "UPDATE rollout_setting SET request = '' WHERE rollout_id = ?", rolloutId);
            }
            if (change.compensationPlanned()) {
                update(c, "UPDATE rollout SET abort_requested = 2 WHERE id = ?", rolloutId);
            }
            SqliteAuditLog.append(c, audit);
            return null;
        });
    }

    @Override
    public boolean compensationPlanned(String rolloutId) {
        return store.read("the abort state of rollout " + rolloutId, c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT abort_requested FROM rollout WHERE id = ?")) {
                p.setString(1, rolloutId);
                try (ResultSet r = p.executeQuery()) {
                    return r.next() && r.getInt(1) == 2;
                }
            }
        });
    }

    @Override
    public void request(String rolloutId, String request, Optional<RolloutStatus> status, String detail,
                        AuditEntry audit) {
        store.write(audit.account(), c -> {
            update(c, "UPDATE rollout_setting SET request = ? WHERE rollout_id = ?", request, rolloutId);
            if (status.isPresent()) {
                update(c, "UPDATE rollout SET status = ?, detail = ?, updated_at = ? WHERE id = ?", status.get().label(),
                        detail, audit.at().toString(), rolloutId);
            }
            SqliteAuditLog.append(c, audit);
            return null;
        });
    }

    @Override
    public void note(AuditEntry audit) {
        store.write(audit.account(), c -> {
            SqliteAuditLog.append(c, audit);
            return null;
        });
    }

    @Override
    public boolean alert(RolloutAlert alert, String topic, AuditEntry audit) {
        return store.write(audit.account(), c -> {
            if (!insertAlert(c, alert, topic)) {
                return false;
            }
            SqliteAuditLog.append(c, audit);
            return true;
        });
    }

    private static boolean insertAlert(Connection c, RolloutAlert a, String topic) throws SQLException {
        return update(c, "INSERT OR IGNORE INTO rollout_alert (rollout_id, seq, at, severity, subject, message, topic) "
                + "VALUES (?, (SELECT coalesce(max(seq), 0) + 1 FROM rollout_alert WHERE rollout_id = ?), ?, ?, ?, ?, ?)",
                a.rolloutId(), a.rolloutId(), a.at().toString(), a.severity().name(), a.subject(), a.message(), topic) > 0;
    }

    @Override
    public List<RolloutAlert> alerts(String rolloutId) {
        return store.read("the alerts of rollout " + rolloutId, c -> {
            List<RolloutAlert> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT at, severity, subject, message FROM rollout_alert "
                    + "WHERE rollout_id = ? ORDER BY seq")) {
                p.setString(1, rolloutId);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.add(new RolloutAlert(rolloutId, Instant.parse(r.getString(1)),
                                RolloutAlert.Severity.valueOf(r.getString(2)), r.getString(3), r.getString(4)));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public void loadCheck(LoadCheck k) {
        store.write("rollout " + k.rolloutId(), c -> {
            update(c, "INSERT INTO rollout_load_check (rollout_id, seq, batch, service, plan_time, predicted_median, "
                    + "predicted_upper, actual_load, capacity_cores) VALUES (?, (SELECT coalesce(max(seq), 0) + 1 FROM "
                    + "rollout_load_check WHERE rollout_id = ?), ?, ?, ?, ?, ?, ?, ?)", k.rolloutId(), k.rolloutId(),
                    k.batch(), k.service(), k.planTime().toString(), finite(k.predictedMedian()),
                    finite(k.predictedUpper()), k.actualLoad(), k.capacityCores());
            return null;
        });
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    @Override
    public List<LoadCheck> loadChecks(String rolloutId) {
        return store.read("the load checks of rollout " + rolloutId, c -> {
            List<LoadCheck> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT batch, service, plan_time, predicted_median, "
                    + "predicted_upper, actual_load, capacity_cores FROM rollout_load_check WHERE rollout_id = ? "
                    + "ORDER BY seq")) {
                p.setString(1, rolloutId);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        double median = r.getDouble(4);
                        median = r.wasNull() ? Double.NaN : median;
                        double upper = r.getDouble(5);
                        upper = r.wasNull() ? Double.NaN : upper;
                        out.add(new LoadCheck(rolloutId, r.getInt(1), r.getString(2), Instant.parse(r.getString(3)),
                                median, upper, r.getDouble(6), r.getDouble(7)));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public Optional<Lease> acquire(String rolloutId, String holder, Instant expires, Predicate<Lease> stale) {
        return store.write("rollout " + rolloutId, c -> {
            Optional<Lease> current = lease(c, rolloutId);
            if (current.isPresent() && !current.get().holder().equals(holder) && !stale.test(current.get())) {
                return current;
            }
            update(c, "INSERT INTO rollout_lease (rollout_id, holder, expires_at) VALUES (?, ?, ?) ON CONFLICT "
                    + "(rollout_id) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at",
                    rolloutId, holder, expires.toString());
            return Optional.<Lease>empty();
        });
    }

    @Override
    public boolean renew(String rolloutId, String holder, Instant expires) {
        return store.write("rollout " + rolloutId, c -> update(c, "UPDATE rollout_lease SET expires_at = ? WHERE "
                + "rollout_id = ? AND holder = ?", expires.toString(), rolloutId, holder) > 0);
    }

    @Override
    public void releaseLease(String rolloutId, String holder) {
        store.write("rollout " + rolloutId, c -> update(c, "DELETE FROM rollout_lease WHERE rollout_id = ? AND "
                + "holder = ?", rolloutId, holder));
    }

    @Override
    public Optional<Lease> lease(String rolloutId) {
        return store.read("the lease of rollout " + rolloutId, c -> lease(c, rolloutId));
    }

    private static Optional<Lease> lease(Connection c, String rolloutId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT holder, expires_at FROM rollout_lease WHERE rollout_id = ?")) {
            p.setString(1, rolloutId);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(new Lease(rolloutId, r.getString(1), Instant.parse(r.getString(2))))
                        : Optional.empty();
            }
        }
    }

    private static void touch(Connection c, String rolloutId, Instant at) throws SQLException {
        update(c, "UPDATE rollout SET updated_at = ? WHERE id = ?", at.toString(), rolloutId);
    }

    private static List<Rollout> rollouts(Connection c, String where, Object... args) throws SQLException {
        List<Rollout> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT " + ROLLOUT + " FROM rollout r LEFT JOIN rollout_setting s "
                + "ON s.rollout_id = r.id " + where + " ORDER BY r.created_at, CAST(substr(r.id, 2) AS INTEGER)")) {
            for (int i = 0; i < args.length; i++) {
                p.setObject(i + 1, args[i]);
            }
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    Instant created = Instant.parse(r.getString(7));
                    RolloutSettings settings = r.getString(11) == null ? RolloutSettings.legacy(created)
                            : RolloutSettings.read(r.getDouble(10), Instant.parse(r.getString(11)), r.getString(12),
                            r.getString(13), r.getString(14));
                    out.add(new Rollout(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getLong(5),
                            RolloutStatus.parse(r.getString(6)), created, Instant.parse(r.getString(8)),
                            r.getString(9), settings));
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
