package dev.headroom.rollout;

import dev.headroom.audit.AuditService;
import dev.headroom.persistence.SqliteAuditLog;
import dev.headroom.persistence.SqliteRolloutJournal;
import dev.headroom.persistence.SqliteStore;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every durability proof checks once the rollouts of an account have ended, from the journal,
 * the sandbox ledger and the audit log only: no rollout without a driver, every step done (or
 * skipped without an attempt), every mutating step's key applied by the provider exactly once and
 * no other key, the sandbox's effect counts equal to the journal's, no reservation held, the audit
 * chain intact, and the capacity floor and surge ceiling at every tick ({@link CapacityFloorChecker}).
 */
final class CrashInvariants {
    private CrashInvariants() {
    }

    /** The provider action a step's kind maps to in the sandbox's counts; null for steps that change nothing. */
    static String action(StepKind kind) {
        return switch (kind) {
            case RESERVE -> "reserve";
            case UPDATE, ROLLBACK -> "update";
            case RESTORE -> "restore";
            case RELEASE -> "release";
            default -> null;
        };
    }

    /** Whether a later part of the step's batch was planned after it (a deferral or rollback ran the batch again). */
    static boolean superseded(RolloutStep s, List<RolloutStep> steps) {
        return steps.stream().anyMatch(l -> l.batch() == s.batch() && l.part() > s.part() && l.seq() > s.seq());
    }

    static CapacityFloorChecker.Report assertHold(SqliteStore store, Path db, String account) {
        SqliteRolloutJournal journal = new SqliteRolloutJournal(store);
        assertThat(journal.unfinished()).as("rollouts without a driver").isEmpty();
        Set<String> mutating = new HashSet<>();
        Map<String, Long> perAction = new TreeMap<>();
        for (Rollout r : journal.rollouts(account)) {
            assertThat(r.status().finished()).as(r.id() + " " + r.status() + ": " + r.detail()).isTrue();
            for (RolloutStep s : journal.steps(r.id())) {
                List<RolloutStep> all = journal.steps(r.id());
                if (s.state() == StepState.FAILED && superseded(s, all)) {
                    // history: its batch was deferred or rolled back and ran again as a later part
                    continue;
                }
                assertThat(s.state()).as(s.idempotencyKey()).isIn(StepState.DONE, StepState.SKIPPED);
                if (s.state() == StepState.SKIPPED) {
                    assertThat(s.attempts()).as("skipped but attempted: " + s.idempotencyKey()).isZero();
                    continue;
                }
                String action = action(s.kind());
                if (action != null) {
                    assertThat(mutating.add(s.idempotencyKey())).as("key used once: " + s.idempotencyKey()).isTrue();
                    // a release of a reservation never granted or already released is applied (recorded) but
                    // changes nothing, so the sandbox does not count it as an effect
                    boolean nothingHeld = s.kind() == StepKind.RELEASE && CapacityFloorChecker.query(db, "SELECT 1 FROM "
                            + "provider_action WHERE result = 'not held' AND idempotency_key = '"
                            + s.idempotencyKey().replace("'", "''") + "'").size() == 1;
                    if (!nothingHeld) {
                        perAction.merge(action, 1L, Long::sum);
                    }
                }
            }
        }
        List<List<String>> applied = CapacityFloorChecker.query(db, "SELECT idempotency_key FROM provider_action "
                + "WHERE account = '" + account + "'");
        List<String> keys = new ArrayList<>();
        applied.forEach(row -> keys.add(row.get(0)));
        assertThat(keys).as("provider actions: one per key").doesNotHaveDuplicates();
        assertThat(new HashSet<>(keys)).as("provider actions = the journal's mutating steps").isEqualTo(mutating);
        Map<String, Long> effects = new TreeMap<>();
        CapacityFloorChecker.query(db, "SELECT effect, count FROM sandbox_effect WHERE account = '" + account + "'")
                .forEach(row -> effects.put(row.get(0), Long.parseLong(row.get(1))));
        assertThat(effects).as("effects applied = the journal's mutating steps, each once").isEqualTo(perAction);
        assertThat(CapacityFloorChecker.query(db, "SELECT reservation_key FROM sandbox_reservation WHERE account = '"
                + account + "' AND released_at IS NULL")).as("reservations held").isEmpty();
        assertThat(new AuditService(new SqliteAuditLog(store), Clock.systemUTC()).verify(Optional.empty()).intact())
                .as("audit chain intact").isTrue();
        return CapacityFloorChecker.assertHolds(store, db, account);
    }

    /**
     * {@link #assertHold} for histories with replans of every kind (deferred triggers, hosts left out,
     * reactive, predictive and operators' rollbacks, skipped hosts): an update applied on a later
     * trigger is keyed by that trigger ({@code …/update/web-3+2}); a step may end skipped after it
     * was attempted only when it is a wait that a rollback or pause interrupted, or an update whose
     * host was left out, and then the provider applied none of its keys; a failed step only when a
     * later part of its batch ran again. Returns the floor checker's report; throws on the first breach.
     */
    static CapacityFloorChecker.Report assertHoldAfterReplans(SqliteStore store, Path db, String account) {
        SqliteRolloutJournal journal = new SqliteRolloutJournal(store);
        assertThat(journal.unfinished()).as("rollouts without a driver").isEmpty();
        Set<String> applied = new HashSet<>();
        CapacityFloorChecker.query(db, "SELECT idempotency_key FROM provider_action WHERE account = '" + account + "'")
                .forEach(row -> assertThat(applied.add(row.get(0))).as("provider actions: one per key: " + row.get(0))
                        .isTrue());
        Set<String> notHeld = new HashSet<>();
        CapacityFloorChecker.query(db, "SELECT idempotency_key FROM provider_action WHERE result = 'not held' AND "
                + "account = '" + account + "'").forEach(row -> notHeld.add(row.get(0)));
        java.util.regex.Pattern trigger = java.util.regex.Pattern.compile("\\(trigger (\\d+)\\)");
        Set<String> mutating = new HashSet<>();
        Map<String, Long> perAction = new TreeMap<>();
        // the floor checker counts any step skipped after an attempt as a breach, since it cannot
        // tell when such a step gave its host back; the ones checked above took nothing out (a wait,
        // or an update of a host left out whose triggers the provider applied none of)
        Set<String> excused = new HashSet<>();
        for (Rollout r : journal.rollouts(account)) {
            assertThat(r.status().finished()).as(r.id() + " " + r.status() + ": " + r.detail()).isTrue();
            List<RolloutStep> all = journal.steps(r.id());
            for (RolloutStep s : all) {
                String action = action(s.kind());
                if (s.state() == StepState.FAILED) {
                    assertThat(superseded(s, all)).as("failed and not run again: " + s.idempotencyKey() + " "
                            + s.result().orElse("")).isTrue();
                    continue;
                }
                assertThat(s.state()).as(s.idempotencyKey()).isIn(StepState.DONE, StepState.SKIPPED);
                if (s.state() == StepState.SKIPPED) {
                    if (s.attempts() > 0) {
                        // a wait: a stabilisation, a shadow period, or a health check waiting for its host's update
                        boolean wait = s.kind() == StepKind.STABILISE || s.kind() == StepKind.SHADOW
                                || s.kind() == StepKind.VERIFY;
                        boolean leftOut = s.kind() == StepKind.UPDATE && s.result().orElse("").startsWith("left out");
                        assertThat(wait || leftOut).as("skipped but attempted: " + s.idempotencyKey() + " "
                                + s.result().orElse("")).isTrue();
                        if (action != null) {
                            assertThat(applied.stream().filter(k -> k.equals(s.idempotencyKey())
                                    || k.startsWith(s.idempotencyKey() + "+"))).as("applied though skipped: "
                                    + s.idempotencyKey()).isEmpty();
                        }
                        excused.add(r.id() + ": " + s.describe() + " skipped after it was attempted");
                    }
                    continue;
                }
                if (action == null) {
                    continue;
                }
                java.util.regex.Matcher m = trigger.matcher(s.result().orElse(""));
                String key = s.kind() == StepKind.UPDATE && m.find() && !m.group(1).equals("1")
                        ? s.idempotencyKey() + "+" + m.group(1) : s.idempotencyKey();
                assertThat(mutating.add(key)).as("key used once: " + key).isTrue();
                if (!(s.kind() == StepKind.RELEASE && notHeld.contains(key))) {
                    perAction.merge(action, 1L, Long::sum);
                }
            }
        }
        // the wrappers' own once-only records (a scripted shadow) are not provider actions of the sandbox
        assertThat(applied.stream().filter(k -> !k.contains("/shadow/")).collect(java.util.stream.Collectors.toSet()))
                .as("provider actions = the journal's mutating steps").isEqualTo(mutating);
        Map<String, Long> effects = new TreeMap<>();
        CapacityFloorChecker.query(db, "SELECT effect, count FROM sandbox_effect WHERE account = '" + account
                + "' AND effect <> 'shadow'").forEach(row -> effects.put(row.get(0), Long.parseLong(row.get(1))));
        assertThat(effects).as("effects applied = the journal's mutating steps, each once").isEqualTo(perAction);
        assertThat(CapacityFloorChecker.query(db, "SELECT reservation_key FROM sandbox_reservation WHERE account = '"
                + account + "' AND released_at IS NULL")).as("reservations held").isEmpty();
        assertThat(new AuditService(new SqliteAuditLog(store), Clock.systemUTC()).verify(Optional.empty()).intact())
                .as("audit chain intact").isTrue();
        CapacityFloorChecker.Report floor = CapacityFloorChecker.check(store, db, account);
        assertThat(floor.violations().stream().filter(v -> !excused.contains(v)))
                .as("capacity floor / surge ceiling violations").isEmpty();
        return floor;
    }

    /**
     * The stored state a crash must leave exactly as committed: the journal, the audit log and the
     * sandbox's world, as sorted lines of text.
     */
    static List<String> dump(Path db) {
        List<String> out = new ArrayList<>();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
             java.sql.Statement st = c.createStatement()) {
            for (String sql : List.of(
                    "SELECT 'rollout', id, account, scenario, content_hash, approval_id, status, created_at, "
                            + "updated_at, detail, abort_requested FROM rollout",
                    "SELECT 'step', rollout_id, seq, batch, part, kind, subject, argument, idempotency_key, state, "
                            + "attempts, started_at, finished_at, result FROM rollout_step",
                    // the holder names a process, which differs between a run and its reference: only the term
                    "SELECT 'lease', rollout_id, expires_at FROM rollout_lease",
                    "SELECT 'setting', rollout_id, speed, plan_start, shadow, batch_ends, request FROM rollout_setting",
                    "SELECT 'alert', rollout_id, seq, at, severity, subject, message, topic FROM rollout_alert",
                    "SELECT 'check', rollout_id, seq, batch, service, plan_time, predicted_median, predicted_upper, "
                            + "actual_load, capacity_cores FROM rollout_load_check",
                    "SELECT 'audit', seq, at, account, actor, kind, subject, detail, prev_hash, hash FROM audit",
                    "SELECT 'action', account, idempotency_key, action, subject, result, applied_at "
                            + "FROM provider_action",
                    "SELECT 'reservation', account, reservation_key, service, region, instance_type, count, "
                            + "reserved_at, released_at FROM sandbox_reservation",
                    "SELECT 'effect', account, effect, count FROM sandbox_effect",
                    "SELECT 'host', account, id, version FROM host",
                    "SELECT 'host_state', account, host, in_service FROM sandbox_host_state")) {
                try (java.sql.ResultSet r = st.executeQuery(sql)) {
                    int n = r.getMetaData().getColumnCount();
                    while (r.next()) {
                        StringBuilder line = new StringBuilder();
                        for (int i = 1; i <= n; i++) {
                            line.append(i > 1 ? "|" : "").append(r.getString(i));
                        }
                        out.add(line.toString());
                    }
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("dump of " + db, e);
        }
        out.sort(null);
        return out;
    }

    /**
     * JVM options of the crash proofs' child JVMs: JVM start dominates a short life, and the C1
     * compiler alone, the serial collector and the class-data archive start it faster (measured in
     * docs/rollouts.md); {@code headroom.crash.childOptions} replaces them.
     */
    static final List<String> CHILD_OPTIONS = List.of(System.getProperty("headroom.crash.childOptions",
            "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -Xss512k").trim().split("\\s+"));

    /** Starts {@code main} in a child JVM on this test's class path, with the extra JVM options {@code jvm}. */
    static Process child(Class<?> main, List<String> jvm, String... args) throws java.io.IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        CHILD_OPTIONS.stream().filter(o -> !o.isBlank()).forEach(command::add);
        command.addAll(jvm);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.redirectErrorStream(true);
        return pb.start();
    }

    /** A clock that moves one millisecond at every reading, so that a run's times are the same in every JVM. */
    static final class TickingClock extends Clock {
        private Instant now;

        TickingClock(Instant start) {
            this.now = start;
        }

        @Override
        public synchronized Instant instant() {
            now = now.plusMillis(1);
            return now;
        }

        /** The stabilisation wait: time jumps to the end of the period. */
        synchronized void advanceTo(Instant due) {
            if (now.isBefore(due)) {
                now = due;
            }
        }

        Waiter waiter() {
            return (clock, since, period) -> advanceTo(since.plus(period));
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
