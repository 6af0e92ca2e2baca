package dev.headroom.rollout;

import dev.headroom.audit.AuditService;
import dev.headroom.persistence.SqliteAuditLog;
import dev.headroom.persistence.SqliteRolloutJournal;
import dev.headroom.persistence.SqliteStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The crash campaign: rollouts run in a child JVM that is killed with SIGKILL at random moments
 * and started again on the same database, until a number of rollouts is done. Then the journal
 * and the sandbox's record of what it applied must show every step done exactly once, every
 * mutating provider call applied exactly once, no reservation held, every host on the last
 * version, an intact audit chain and no rollout without a driver.
 *
 * <p>System properties: {@code headroom.crash.kills} (default 20), {@code headroom.crash.maxDelayMs}
 * (random kill moment after the child opened the store or printed its first progress line, default
 * 400), {@code headroom.crash.seed}, {@code headroom.crash.standbys} (restarts booting while a life
 * runs, default 2), {@code headroom.crash.cds} ({@code false}: children without a class-data archive).
 */
class CrashCampaignTest {
    private static final int KILLS = Integer.getInteger("headroom.crash.kills", 20);
    private static final int MAX_DELAY_MS = Integer.getInteger("headroom.crash.maxDelayMs", 400);
    private static final long SEED = Long.getLong("headroom.crash.seed", System.nanoTime());
    private static final int EXTRA_WEB_HOSTS = 4;
    /** Restarts booting at once while a life runs; a boot takes longer than the average life. */
    private static final int STANDBYS = Integer.getInteger("headroom.crash.standbys", 2);

    @TempDir
    Path dir;

    @Test
    void killedAtRandomMomentsTheRolloutsLoseNoStepAndApplyNoneTwice() throws Exception {
        campaign("runs", Math.max(2, KILLS / 3));
    }

    /**
     * With scripted faults ({@link CrashCampaignChild.FaultyProvider}) and shadow mode for web, so
     * that kills also land in splits, deferred triggers, a deferred batch and its hold, shadow
     * periods and the rollback of an abandoned shadow: the same once-only checks hold, each rollout
     * ends done with its batches 2 and 4 in two parts, and the last rollout leaves every host on its version.
     */
    @Test
    void killedAtRandomMomentsWithFaultsSplitsDeferralsHoldsAndShadowsHappenOnce() throws Exception {
        campaign("faults", Math.max(2, KILLS / 4));
    }

    /**
     * Every odd rollout is aborted once its second batch is updated, with kills around the abort
     * too: the aborted ones end with their second batch rolled back (lowest capacity first) and no
     * reservation held, the even ones run to the end.
     */
    @Test
    void killedAtRandomMomentsAlsoDuringAbortsTheAbortedRolloutsRollBackTheirBatchOnce() throws Exception {
        campaign("aborts", 2 * Math.max(1, KILLS / 4));
    }

    /**
     * With scripted health faults ({@link CrashCampaignChild.HealthFaults}): in odd rollouts web-1
     * fails its health checks in batch 1 (a reactive rollback; the rollout holds and is resumed, and
     * batch 1.1 runs) and web-3 defers every trigger until it is left out; in every rollout batch 3's
     * reservation is throttled twice with a retry-after of 20 s. Kills land in all of these; every
     * invariant holds over the whole history and each fault did what it should.
     */
    @Test
    void killedAtRandomMomentsWithHostsLeftOutFailedHealthChecksAndThrottling() throws Exception {
        campaign("health", Math.max(2, KILLS / 4));
    }

    /**
     * Between kills, while no driver runs, the parent acts as the operator on the shared store
     * through {@link RolloutService}: by turns it rolls back the current batch or the latest updated
     * one ({@code rollback-batch}; see {@link CrashCampaignFindingsTest}), leaves a host with pending steps out
     * ({@code skip-host}) and pauses the rollout; the next life drives the request and resumes the
     * hold. Every accepted command is recorded once, and every invariant holds over the whole history.
     */
    @Test
    void killedAtRandomMomentsWhileTheOperatorRollsBackBatchesSkipsHostsAndPauses() throws Exception {
        campaign("operator", Math.max(2, KILLS / 4));
    }

    /**
     * With live load and a forecast ({@link CrashCampaignChild.LiveLoad}), every step monitored: in
     * odd rollouts web's load jumps above the forecast once batch 1's hosts are updated, so the
     * driver raises a deviation alert, pauses predictively and rolls batch 1 back; the rollout is
     * resumed and batch 1.1 runs. Kills land in the monitoring, the pause and the rollback.
     */
    @Test
    void killedAtRandomMomentsWhileLiveMonitoringPausesRollouts() throws Exception {
        campaign("monitor", Math.max(2, KILLS / 4));
    }

    private void campaign(String mode, int rounds) throws Exception {
        try {
            run(mode, rounds);
        } catch (AssertionError e) {
            // the seed is what reproduces a failure; CI shows the failure's message, not the run's output
            throw new AssertionError("crash campaign with " + mode + ", seed " + SEED + " (-Dheadroom.crash.seed="
                    + SEED + "): " + e.getMessage(), e);
        }
    }

    private void run(String mode, int rounds) throws Exception {
        boolean aborts = mode.equals("aborts");
        boolean faults = mode.equals("faults");
        Path db = dir.resolve("headroom.db");
        try (SqliteStore store = SqliteStore.open(db)) {
            RolloutTestData.setUp(store, Clock.systemUTC(), EXTRA_WEB_HOSTS);
        }
        // the standby lives warm up on a copy of the set-up, the archive's training run drives one on another
        Path scratch = Files.copy(db, dir.resolve("scratch.db"));
        Files.copy(db, dir.resolve("training.db"));
        Random random = new Random(SEED);
        long began = System.nanoTime();
        int kills = 0;
        int lives = 0;
        int inFlight = 0;
        long standbyNanos = 0;
        long bootNanos = 0;
        long lastLife = 0;
        boolean finished = false;
        Operator operator = mode.equals("operator") ? new Operator(db, random) : null;
        java.util.ArrayDeque<Life> standing = new java.util.ArrayDeque<>();
        standing.add(Life.start(dir, scratch, db, rounds, mode));
        Life life = null;
        try {
            while (!finished) {
                lives++;
                life = standing.poll();
                long waited = System.nanoTime();
                life.go();
                standbyNanos += System.nanoTime() - waited;
                bootNanos += life.standbyAt - life.started;
                assertThat(life.ready.await(60, TimeUnit.SECONDS)).as("child started (seed %d): %s", SEED, life.lines)
                        .isTrue();
                if (kills < KILLS) {
                    // the restarts boot while this life runs, as processes that have not opened the store
                    while (standing.size() < Math.min(STANDBYS, KILLS - kills + 1)) {
                        standing.add(Life.start(dir, scratch, db, rounds, mode));
                    }
                    // one kill in four is timed from the open store (it lands in the resume scan or the first
                    // step), the others from the life's first progress line, so that on a loaded machine,
                    // where a life's first hundreds of milliseconds go by before it does anything, the kills
                    // still land in the rollout's work
                    if (random.nextInt(4) != 0) {
                        life.working.await(60, TimeUnit.SECONDS);
                    }
                    Thread.sleep(random.nextInt(MAX_DELAY_MS));
                    if (life.process.isAlive()) {
                        life.process.destroyForcibly();
                        life.process.waitFor();
                        kills++;
                        life.reader.join();
                        String lastLine = life.lastLine();
                        if (lastLine.startsWith("  start") || lastLine.startsWith("  re-issue")) {
                            inFlight++;
                        }
                        if (System.getProperty("headroom.crash.verbose") != null) {
                            System.out.println("kill " + kills + " after " + life.lines.size() + " lines: " + lastLine);
                        }
                        if (operator != null) {
                            operator.act(kills);
                        }
                        continue;
                    }
                }
                lastLife = System.nanoTime();
                assertThat(life.process.waitFor(300, TimeUnit.SECONDS)).isTrue();
                life.reader.join();
                assertThat(life.process.exitValue()).as("child exit; log %s", life.lines).isZero();
                finished = life.lines.contains("CAMPAIGN DONE");
            }
        } finally {
            // a failed check leaves no child behind to drive a store that is about to be deleted
            standing.forEach(l -> l.process.destroyForcibly());
            if (life != null) {
                life.process.destroyForcibly();
            }
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        double untilLastLife = (lastLife - began) / 1e9;
        System.out.printf("crash campaign%s: %d kills (%d with a step in flight), %d child lives, %d rollouts, "
                + "%.1f s (%.1f s until the last life, which ran unkilled to the end; per kill %.2f s, of which %.2f s "
                + "waiting for the restart's JVM, which took %.2f s to boot), seed %d%n",
                mode.equals("runs") ? "" : " with " + mode, kills, inFlight, lives, rounds, seconds, untilLastLife,
                untilLastLife / Math.max(1, kills), standbyNanos / 1e9 / lives, bootNanos / 1e9 / lives, SEED);

        if (mode.equals("health") || mode.equals("operator") || mode.equals("monitor")) {
            checkReplans(db, mode, rounds, operator);
            return;
        }
        try (SqliteStore store = SqliteStore.open(db)) {
            SqliteRolloutJournal journal = new SqliteRolloutJournal(store);
            List<Rollout> all = journal.rollouts(RolloutTestData.ACCOUNT);
            assertThat(all).hasSize(rounds);
            assertThat(journal.unfinished()).isEmpty();
            Set<String> mutating = new HashSet<>();
            Map<String, Long> perAction = new HashMap<>();
            Map<String, String> releases = RolloutTestData.query(db, "SELECT idempotency_key, result FROM "
                    + "provider_action WHERE action = 'release'");
            int steps = 0;
            int attempts = 0;
            int aborted = 0;
            for (Rollout r : all) {
                boolean abort = aborts && Integer.parseInt(r.id().substring(1)) % 2 == 1;
                assertThat(r.status()).as(r.id()).isEqualTo(abort ? RolloutStatus.ABORTED : RolloutStatus.DONE);
                List<RolloutStep> journaled = journal.steps(r.id());
                if (abort) {
                    aborted++;
                    // batch 2 (web-3 capacity 4, web-4 capacity 1) rolled back lowest capacity first, once each
                    assertThat(journaled.stream().filter(s -> s.kind() == StepKind.ROLLBACK).map(RolloutStep::subject))
                            .containsExactly("web-4", "web-3");
                    assertThat(journaled).anyMatch(s -> s.state() == StepState.SKIPPED);
                    // back to the version the previous rollout left (the fleet's 1.4.0 before the first)
                    int n = Integer.parseInt(r.id().substring(1));
                    String previous = n == 1 ? "1.4.0" : "3.0." + (n - 1);
                    assertThat(journaled.stream().filter(s -> s.kind() == StepKind.ROLLBACK).map(RolloutStep::argument))
                            .containsOnly(previous);
                }
                if (faults) {
                    int n = Integer.parseInt(r.id().substring(1));
                    // split after 1 of 2 granted, and deferred (refused 5 times) then queued again
                    assertThat(journaled).anyMatch(s -> s.batch() == 2 && s.part() == 1 && s.kind() == StepKind.UPDATE
                            && s.state() == StepState.DONE);
                    assertThat(journaled).filteredOn(s -> s.state() == StepState.FAILED).singleElement()
                            .satisfies(s -> assertThat(s.idempotencyKey()).contains("/b4/reserve/"));
                    assertThat(journaled).filteredOn(s -> s.kind() == StepKind.HOLD).singleElement()
                            .satisfies(s -> assertThat(s.state()).isEqualTo(StepState.DONE));
                    assertThat(journaled).anyMatch(s -> s.batch() == 4 && s.part() == 1 && s.kind() == StepKind.UPDATE
                            && s.state() == StepState.DONE);
                    assertThat(journaled).filteredOn(s -> s.kind() == StepKind.UPDATE && s.subject().equals("web-4")
                            && s.state() == StepState.DONE).singleElement()
                            .satisfies(s -> assertThat(s.result().orElseThrow()).contains("(trigger 2)"));
                    boolean abandoned = n % 2 == 1 && n < rounds;
                    assertThat(journaled.stream().filter(s -> s.kind() == StepKind.ROLLBACK).map(RolloutStep::subject))
                            .containsExactlyElementsOf(abandoned ? List.of("web-1") : List.of());
                    assertThat(journaled).filteredOn(s -> s.kind() == StepKind.SHADOW && s.state() == StepState.DONE)
                            .hasSize(6);
                }
                for (RolloutStep s : journaled) {
                    assertThat(s.state()).as(s.idempotencyKey()).isIn(StepState.DONE, StepState.SKIPPED,
                            faults ? StepState.FAILED : StepState.SKIPPED);
                    if (s.state() == StepState.FAILED) {
                        continue;
                    }
                    if (s.state() == StepState.SKIPPED) {
                        // only a wait (a health check waiting for its host's update, a stabilisation) is ended
                        // by an abort once started; nothing else is skipped after it ran
                        if (!(s.result().orElse("").startsWith("interrupted") && (s.kind() == StepKind.VERIFY
                                || s.kind() == StepKind.STABILISE || s.kind() == StepKind.SHADOW))) {
                            assertThat(s.attempts()).as(s.idempotencyKey()).isZero();
                        }
                        continue;
                    }
                    steps++;
                    attempts += s.attempts();
                    String action = switch (s.kind()) {
                        case RESERVE -> "reserve";
                        case UPDATE, ROLLBACK -> "update";
                        case RESTORE -> "restore";
                        case RELEASE -> "release";
                        case SHADOW -> "shadow";
                        default -> null;
                    };
                    if (action != null) {
                        // an update applied on a later trigger (after deferrals) carries that trigger's key
                        java.util.regex.Matcher trigger = java.util.regex.Pattern.compile("\\(trigger (\\d+)\\)")
                                .matcher(s.result().orElse(""));
                        String key = s.kind() == StepKind.UPDATE && trigger.find()
                                ? s.idempotencyKey() + "+" + trigger.group(1) : s.idempotencyKey();
                        assertThat(mutating.add(key)).as("key used once").isTrue();
                        // releasing a reservation that was never granted (a refused reserve is released all the
                        // same) is recorded but changes nothing, so it is not an effect
                        if (!(s.kind() == StepKind.RELEASE && "not held".equals(releases.get(key)))) {
                            perAction.merge(action, 1L, Long::sum);
                        }
                    }
                }
            }
            // the sandbox applied exactly the journal's mutating steps, each once
            Map<String, String> applied = RolloutTestData.query(db, "SELECT idempotency_key, action FROM provider_action");
            assertThat(applied.keySet()).isEqualTo(mutating);
            Map<String, String> perKey = RolloutTestData.query(db,
                    "SELECT idempotency_key, count(*) FROM provider_action GROUP BY idempotency_key HAVING count(*) > 1");
            assertThat(perKey).isEmpty();
            Map<String, String> effects = RolloutTestData.query(db, "SELECT effect, count FROM sandbox_effect");
            Map<String, Long> effectCounts = new HashMap<>();
            effects.forEach((k, v) -> effectCounts.put(k, Long.parseLong(v)));
            assertThat(effectCounts).isEqualTo(perAction);
            assertThat(RolloutTestData.query(db, "SELECT 'held', count(*) FROM sandbox_reservation WHERE released_at IS NULL"))
                    .containsEntry("held", "0");
            String last = "3.0." + rounds;
            assertThat(RolloutTestData.versions(db).values()).containsOnly(last);
            assertThat(new AuditService(new SqliteAuditLog(store), Clock.systemUTC()).verify(Optional.empty()).intact())
                    .isTrue();
            System.out.printf("crash campaign: %d steps, %d attempts (%d re-issued after a kill), %d provider actions, "
                    + "%d rollouts aborted%n", steps, attempts, attempts - steps, applied.size(), aborted);
            // the capacity floor and the surge ceiling at every tick of the whole history
            CapacityFloorChecker.Report floor = CapacityFloorChecker.assertHolds(store, db, RolloutTestData.ACCOUNT);
            System.out.printf("crash campaign: floor and ceiling held at %d ticks over %d rollouts (at most %s out of "
                    + "service, %s held)%n", floor.ticks(), floor.rollouts(), floor.maxOutPerService(), floor.maxHeld());
        }
    }

    /** The checks of the campaigns whose rollouts replan (health faults, the operator's commands). */
    private static void checkReplans(Path db, String mode, int rounds, Operator operator) {
        try (SqliteStore store = SqliteStore.open(db)) {
            SqliteRolloutJournal journal = new SqliteRolloutJournal(store);
            List<Rollout> all = journal.rollouts(RolloutTestData.ACCOUNT);
            assertThat(all).hasSize(rounds);
            int replans = 0;
            for (Rollout r : all) {
                assertThat(r.status()).as(r.id() + ": " + r.detail()).isEqualTo(RolloutStatus.DONE);
                List<RolloutStep> steps = journal.steps(r.id());
                int n = Integer.parseInt(r.id().substring(1));
                if (mode.equals("health")) {
                    // batch 3's reservation was granted only after two throttled calls (counted across restarts)
                    RolloutStep reserve = steps.stream().filter(x -> x.kind() == StepKind.RESERVE && x.batch() == 3)
                            .reduce((a, b) -> b).orElseThrow();
                    assertThat(reserve.state()).as(reserve.idempotencyKey()).isEqualTo(StepState.DONE);
                    assertThat(Integer.parseInt(RolloutTestData.query(db, "SELECT 'n', attempts FROM sandbox_call "
                            + "WHERE call_key = 'campaign-throttle:" + reserve.idempotencyKey() + "'").get("n")))
                            .as("calls of %s", reserve.idempotencyKey()).isGreaterThanOrEqualTo(3);
                    if (n % 2 == 1) {
                        replans++;
                        assertThat(journal.alerts(r.id())).as(r.id()).anyMatch(a -> a.message()
                                .contains("Reactive rollback: host web-1 failed its health check"));
                        assertThat(steps).as(r.id()).anyMatch(x -> x.kind() == StepKind.ROLLBACK
                                && x.subject().equals("web-1") && x.state() == StepState.DONE);
                        assertThat(steps).as(r.id()).anyMatch(x -> x.kind() == StepKind.UPDATE && x.batch() == 1
                                && x.part() > 0 && x.subject().equals("web-1") && x.state() == StepState.DONE);
                        assertThat(steps).filteredOn(x -> x.kind() == StepKind.UPDATE && x.subject().equals("web-3"))
                                .as(r.id()).noneMatch(x -> x.state() == StepState.DONE)
                                .anyMatch(x -> x.result().orElse("").startsWith("left out"));
                        assertThat(r.detail()).as(r.id()).contains("not updated: web-3");
                    } else {
                        assertThat(steps).as(r.id()).noneMatch(x -> x.kind() == StepKind.ROLLBACK);
                    }
                }
            }
            if (mode.equals("monitor")) {
                int checks = 0;
                for (Rollout r : all) {
                    List<RolloutStep> steps = journal.steps(r.id());
                    List<RolloutAlert> alerts = journal.alerts(r.id());
                    checks += journal.loadChecks(r.id()).size();
                    assertThat(journal.loadChecks(r.id())).as("ticks of " + r.id()).isNotEmpty();
                    if (Integer.parseInt(r.id().substring(1)) % 2 == 1) {
                        replans++;
                        assertThat(alerts).as(r.id()).anyMatch(a -> a.severity() == RolloutAlert.Severity.CRITICAL
                                && a.message().contains("Predictive pause: service web"));
                        assertThat(alerts).as(r.id()).anyMatch(a -> a.severity() == RolloutAlert.Severity.WARNING
                                && a.message().contains("above the forecast"));
                        assertThat(steps.stream().filter(x -> x.kind() == StepKind.ROLLBACK).map(RolloutStep::subject))
                                .as(r.id()).containsExactlyInAnyOrder("web-1", "web-2");
                        assertThat(steps).as(r.id()).anyMatch(x -> x.kind() == StepKind.UPDATE && x.batch() == 1
                                && x.part() > 0 && x.state() == StepState.DONE);
                    } else {
                        assertThat(steps).as(r.id()).noneMatch(x -> x.kind() == StepKind.ROLLBACK);
                        assertThat(alerts).as(r.id()).noneMatch(a -> a.message().contains("Predictive pause"));
                    }
                }
                long early = all.stream().flatMap(r -> journal.steps(r.id()).stream()).filter(x -> x.kind()
                        == StepKind.RELEASE && x.subject().startsWith("unused:") && x.state() == StepState.DONE).count();
                assertThat(early).as("unused surge released early while web ran under its forecast").isPositive();
                System.out.printf("crash campaign with monitor: %d load checks, %d predictive pauses, %d reservations "
                        + "released early%n", checks, replans, early);
            } else if (mode.equals("health")) {
                // the driver waited the provider's retry-after, not its own shorter backoff
                Map<String, String> throttled = RolloutTestData.query(db, "SELECT seq, detail FROM audit WHERE kind = "
                        + "'reservation' AND detail LIKE '%(throttled)%'");
                assertThat(throttled.values()).as("throttled reservation attempts audited").isNotEmpty()
                        .allMatch(d -> d.contains("retry after 20 s") && d.contains("next attempt in 20000 ms"));
                System.out.printf("crash campaign with health: %d reactive rollbacks, %d hosts left out, %d throttled "
                        + "attempts audited%n", replans, replans, throttled.size());
            } else {
                Map<String, String> audited = RolloutTestData.query(db, "SELECT seq, detail FROM audit WHERE kind = "
                        + "'operator-action' AND actor = '" + Operator.ACTOR + "'");
                assertThat(audited.values().stream().filter(d -> d.startsWith("requested the rollback of batch")))
                        .as("rollback-batch commands recorded once each").hasSize(operator.rollbacks);
                assertThat(audited.values().stream().filter(d -> d.startsWith("Host ") && d.contains("skipped by")))
                        .as("skip-host commands recorded once each").hasSize(operator.skips);
                assertThat(audited.values().stream().filter(d -> d.startsWith("paused rollout")))
                        .as("pauses recorded once each").hasSize(operator.pauses);
                if (operator.acts >= 12) {
                    assertThat(operator.rollbacks).as("rollback-batch commands accepted").isPositive();
                    assertThat(operator.skips).as("skip-host commands accepted").isPositive();
                    assertThat(operator.pauses).as("pauses accepted").isPositive();
                }
                for (Rollout r : all) {
                    assertThat(r.settings().request()).as("request left to a driver in " + r.id()).isEmpty();
                }
                System.out.printf("crash campaign with operator: %d commands tried between kills, %d rollback-batch, "
                        + "%d skip-host, %d pause accepted, %d refused with a reason%n", operator.acts,
                        operator.rollbacks, operator.skips, operator.pauses, operator.refused);
            }
            CapacityFloorChecker.Report floor = CrashInvariants.assertHoldAfterReplans(store, db,
                    RolloutTestData.ACCOUNT);
            System.out.printf("crash campaign with %s: every invariant held; floor and ceiling at %d ticks over %d "
                    + "rollouts (at most %s out of service, %s held)%n", mode, floor.ticks(), floor.rollouts(),
                    floor.maxOutPerService(), floor.maxHeld());
        }
    }

    /**
     * The operator between two lives: by turns a rollback of a batch, a skipped host and a pause of
     * the rollout that is open, through {@link RolloutService} on the campaign's store (what
     * {@code headroom rollout rollback-batch|skip-host|pause} call). A command the engine refuses
     * (nothing of that batch updated, a step of that host in flight, a request already waiting)
     * is counted as refused; its reason is an operator message.
     */
    private static final class Operator {
        static final String ACTOR = "campaign-operator";
        static final boolean EARLIER = Boolean.parseBoolean(System.getProperty("headroom.crash.operatorEarlierBatches",
                "true"));
        private final Path db;
        private final Random random;
        int acts;
        int rollbacks;
        int skips;
        int pauses;
        int refused;

        Operator(Path db, Random random) {
            this.db = db;
            this.random = random;
        }

        void act(int kill) {
            // one kill in two, so that lives also run without a new command
            if (kill % 2 == 1) {
                return;
            }
            try (SqliteStore store = SqliteStore.open(db)) {
                RolloutService rollouts = RolloutTestData.service(store, Clock.systemUTC(),
                        RolloutTestData.sandbox(store, Clock.systemUTC()), Waiter.polling(36_000));
                Optional<Rollout> open = rollouts.rollouts(RolloutTestData.ACCOUNT).stream()
                        .filter(r -> !r.status().finished() && r.status() != RolloutStatus.ABORTING).findFirst();
                if (open.isEmpty()) {
                    return;
                }
                acts++;
                String id = open.get().id();
                List<RolloutStep> steps = rollouts.steps(id);
                try {
                    switch ((kill / 2) % 3) {
                        case 0 -> {
                            // the batch in progress as the engine sees it: its first unfinished step that is
                            // neither a hold nor compensation (a rollback, a release or restore after one)
                            int batch = steps.stream().filter(x -> (x.state() == StepState.PENDING
                                    || x.state() == StepState.STARTED) && x.kind() != StepKind.HOLD
                                    && x.kind() != StepKind.ROLLBACK && !x.subject().matches("(abort|defer|rollback|unused):.*"))
                                    .mapToInt(RolloutStep::batch).findFirst().orElse(1);
                            int updated = steps.stream().filter(x -> x.kind() == StepKind.UPDATE
                                    && x.state() == StepState.DONE).mapToInt(RolloutStep::batch).max().orElse(batch);
                            // by turns the current batch or the latest updated one: an earlier, finished batch's
                            // rollback waits until the current part is back in service (CrashCampaignFindingsTest);
                            // -Dheadroom.crash.operatorEarlierBatches=false keeps to the current batch
                            rollouts.rollbackBatch(id, EARLIER && random.nextBoolean() ? updated : batch, ACTOR);
                            rollbacks++;
                        }
                        case 1 -> {
                            List<String> pending = steps.stream().filter(x -> x.kind() == StepKind.UPDATE
                                    && x.state() == StepState.PENDING).map(RolloutStep::subject).distinct().toList();
                            if (pending.isEmpty()) {
                                refused++;
                                return;
                            }
                            rollouts.skipHost(id, pending.get(random.nextInt(pending.size())), ACTOR);
                            skips++;
                        }
                        default -> {
                            rollouts.pause(id, ACTOR);
                            pauses++;
                        }
                    }
                } catch (dev.headroom.domain.HeadroomException refusal) {
                    assertThat(refusal.getMessage()).as("a refusal names what to do").isNotBlank();
                    refused++;
                }
            }
        }
    }

    /**
     * One life of the child: started on standby ({@link CrashCampaignChild#STANDBY}), then told to go.
     * Its output is read by a thread of its own; {@code standby} and {@code ready} count down on
     * STANDBY and READY (or at the end of its output).
     */
    private static final class Life {
        final Process process;
        final List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch standby = new CountDownLatch(1);
        final CountDownLatch ready = new CountDownLatch(1);
        final CountDownLatch working = new CountDownLatch(1);
        final Thread reader;
        final long started = System.nanoTime();
        volatile long standbyAt;

        private Life(Process process) {
            this.process = process;
            this.reader = new Thread(this::read);
            reader.setDaemon(true);
            reader.start();
        }

        static Life start(Path dir, Path scratch, Path db, int rounds, String mode) throws IOException {
            return new Life(CrashCampaignJvm.start(new CrashCampaignJvm.Training(CrashCampaignChild.class,
                            List.of(dir.resolve("training.db").toString(), "1", "0", mode)), CrashCampaignChild.class,
                    List.of("-D" + CrashCampaignChild.STANDBY + "=" + scratch), db.toString(),
                    Integer.toString(rounds), "3", mode));
        }

        /** Waits until the life stands by, then lets it open the store. */
        void go() throws InterruptedException, IOException {
            assertThat(standby.await(120, TimeUnit.SECONDS)).as("child on standby: %s", lines).isTrue();
            assertThat(lines).as("child on standby (it ended instead)").contains("STANDBY");
            process.getOutputStream().write("GO\n".getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().flush();
        }

        String lastLine() {
            synchronized (lines) {
                return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
            }
        }

        private void read() {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                    if (line.equals("STANDBY")) {
                        standbyAt = System.nanoTime();
                        standby.countDown();
                    } else if (line.equals("READY")) {
                        ready.countDown();
                    } else if (ready.getCount() == 0) {
                        working.countDown();
                    }
                }
            } catch (IOException e) {
                // the child was killed mid-line
            } finally {
                standby.countDown();
                ready.countDown();
                working.countDown();
            }
        }
    }
}
