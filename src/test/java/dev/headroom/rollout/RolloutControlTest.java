package dev.headroom.rollout;

import dev.headroom.domain.HeadroomException;
import dev.headroom.persistence.SqliteRolloutJournal;
import dev.headroom.persistence.SqliteSandboxLedger;
import dev.headroom.persistence.SqliteStore;
import dev.headroom.testing.SteppingClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Rollout control on a real SQLite file, with a scripted provider over the sandbox: plan time, the
 * lease, reservation retries, deferral and split, the version trigger, monitoring and predictive
 * pause, reactive rollback, shadow mode and the operator's rollback-batch and skip-host.
 *
 * <p>Account "sandbox" (from {@link RolloutTestData}): batch 1 = web-2, web-1 with one web
 * reservation of 2 m6i.large; batch 2 = db-1 with one db reservation of 1 r6i.xlarge.
 */
class RolloutControlTest {
    @TempDir
    Path dir;
    private Path db;
    private SqliteStore store;
    private final SteppingClock clock = new SteppingClock(Instant.parse("2026-11-23T00:30:00Z"));
    private final Waiter stepping = (c, since, period) -> {
        Instant due = since.plus(period);
        if (clock.instant().isBefore(due)) {
            clock.advance(Duration.between(clock.instant(), due));
        }
    };
    private final List<String> lines = new ArrayList<>();
    private ScriptedProvider provider;
    private SqliteRolloutJournal journal;

    @BeforeEach
    void open() {
        db = dir.resolve("headroom.db");
        store = SqliteStore.open(db);
        RolloutTestData.setUp(store, clock, 0);
        provider = new ScriptedProvider(RolloutTestData.sandbox(store, clock));
        journal = new SqliteRolloutJournal(store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private RolloutService service(String holder, PredictedLoad.Source forecasts, double speed) {
        return RolloutTestData.service(store, clock, provider, stepping, forecasts, RolloutTestData.tuning(holder),
                speed);
    }

    private RolloutService service() {
        return service("test:1:a", PredictedLoad.Source.NONE, 1);
    }

    private List<RolloutStep> steps(RolloutService s, String id, StepKind kind) {
        return s.steps(id).stream().filter(x -> x.kind() == kind).toList();
    }

    private Map<String, String> audit(String kind) {
        return RolloutTestData.query(db, "SELECT seq, detail FROM audit WHERE kind = '" + kind + "' ORDER BY seq");
    }

    private long held() {
        return new SqliteSandboxLedger(store, clock).heldReservations("sandbox");
    }

    /** The sandbox's hosts out of service (drained by an update or a rollback and not restored). */
    private java.util.Set<String> outOfService() {
        return new SqliteSandboxLedger(store, clock).outOfService("sandbox");
    }

    @Test
    void planTimeRunsFromThePlanWindowStartAtTheSpeedStoredWithTheRollout() {
        RolloutService rollouts = service("test:1:a", PredictedLoad.Source.NONE, 60);
        Rollout launched = rollouts.launch("sandbox", "night", Optional.empty(), "ops");
        // read back from the store by another service at another speed: the stored speed counts
        Rollout r = service("test:2:b", PredictedLoad.Source.NONE, 3600).rollout(launched.id());

        assertThat(r.settings().speed()).isEqualTo(60);
        assertThat(r.settings().planStart()).isEqualTo(RolloutTestData.START);
        assertThat(rollouts.planTime(r, r.created())).isEqualTo(RolloutTestData.START);
        assertThat(rollouts.planTime(r, r.created().plusSeconds(90))).isEqualTo(RolloutTestData.START
                .plus(Duration.ofMinutes(90)));
        // batch 1 spans plan steps 0..6 of 5 minutes
        assertThat(r.settings().batchEnds()).containsEntry(1, RolloutTestData.START.plus(Duration.ofMinutes(30)));
        assertThat(r.onClock(Duration.ofMinutes(15))).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void eachHealthCheckWaitsForTheUpdateItsHostSaidItTakesSoASlowUpdateKeepsItsBatchOutLonger() {
        // every update is slow (4 times its usual minutes); at speed 60 a plan minute is a second
        new SqliteSandboxLedger(store, clock).setFaults("sandbox", dev.headroom.providers.sandbox.SandboxFaults
                .of(Map.of("slow_update.probability", "1", "slow_update.factor", "4")));
        RolloutService rollouts = service("test:1:a", PredictedLoad.Source.NONE, 60);
        Rollout r = rollouts.launch("sandbox", "night", Optional.empty(), "ops");

        Rollout end = rollouts.drive(r.id(), lines::add);

        assertThat(end.status()).isEqualTo(RolloutStatus.DONE);
        for (RolloutStep verify : steps(rollouts, r.id(), StepKind.VERIFY)) {
            RolloutStep update = steps(rollouts, r.id(), StepKind.UPDATE).stream()
                    .filter(u -> u.subject().equals(verify.subject())).findFirst().orElseThrow();
            double minutes = update.reportedUpdateMinutes().orElseThrow();
            // the health check came no sooner than the update's reported run, in plan time
            Duration waited = Duration.between(update.finishedAt().orElseThrow(), verify.finishedAt().orElseThrow());
            assertThat(waited).as(verify.subject()).isGreaterThanOrEqualTo(r.onClock(
                    Duration.ofMillis(Math.round(minutes * 60_000))));
        }
        assertThat(steps(rollouts, r.id(), StepKind.UPDATE)).filteredOn(u -> u.subject().equals("web-1"))
                .singleElement().satisfies(u -> assertThat(u.reportedUpdateMinutes()).hasValue(20.0));
        // the batch's hosts stayed out of service until their updates had run
        RolloutStep web1 = steps(rollouts, r.id(), StepKind.UPDATE).stream().filter(u -> u.subject().equals("web-1"))
                .findFirst().orElseThrow();
        RolloutStep restore = steps(rollouts, r.id(), StepKind.RESTORE).get(0);
        assertThat(Duration.between(web1.finishedAt().orElseThrow(), restore.startedAt().orElseThrow()))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void aDriverStandingByTakesTheRolloutOverWhenTheOtherDriversLeaseLapses() {
        RolloutService standing = service("test:1:standing", PredictedLoad.Source.NONE, 1);
        Rollout r = standing.launch("sandbox", "night", Optional.empty(), "ops");
        // another machine's driver took the lease and then went silent (crashed) without renewing it
        journal.acquire(r.id(), "elsewhere:77:crashed", clock.instant().plusSeconds(30), l -> false);
        Instant before = clock.instant();

        Rollout end = standing.driveOrStandBy(r.id(), lines::add, () -> false);

        assertThat(end.status()).isEqualTo(RolloutStatus.DONE);
        assertThat(lines).filteredOn(l -> l.contains("standing by")).singleElement().asString()
                .contains("driven by elsewhere:77:crashed");
        // it took over no sooner than the lapse, and not long after it (a third of a lease at most)
        RolloutStep first = standing.steps(r.id()).get(0);
        assertThat(first.startedAt().orElseThrow()).isAfterOrEqualTo(before.plusSeconds(30))
                .isBefore(before.plusSeconds(30).plus(RolloutTestData.tuning("x").leaseTtl()));

        // a rollout that needs no driver is left alone: standing by returns at once
        assertThat(standing.driveOrStandBy(r.id(), lines::add, () -> false).status()).isEqualTo(RolloutStatus.DONE);
    }

    @Test
    void aSecondDriverIsRefusedWhileTheFirstHoldsTheLeaseAndAnExpiredLeaseIsTakenOver() {
        RolloutService first = service("test:1:first", PredictedLoad.Source.NONE, 1);
        RolloutService second = service("elsewhere:1:second", PredictedLoad.Source.NONE, 1);
        Rollout r = first.launch("sandbox", "night", Optional.empty(), "ops");
        List<String> refusals = new ArrayList<>();
        // while the first drives, the second (another machine's driver) is refused at once
        Rollout end = first.drive(r.id(), line -> {
            if (line.contains("done") && line.contains("update web-2")) {
                try {
                    second.drive(r.id(), lines::add);
                } catch (RolloutService.LeaseRefused e) {
                    refusals.add(e.getMessage());
                }
                assertThat(second.resumeAll(lines::add)).isEmpty();
            }
        });
        assertThat(end.status()).isEqualTo(RolloutStatus.DONE);
        assertThat(refusals).singleElement().asString().contains("is being driven by test:1:first")
                .contains("headroom rollout run");
        assertThat(lines).anyMatch(l -> l.contains("driven by test:1:first; left to it"));
        assertThat(first.steps(r.id())).allSatisfy(s -> assertThat(s.attempts()).isEqualTo(1));
        assertThat(journal.lease(r.id())).isEmpty();

        // a crashed driver's lease on another machine: refused until it expires, then taken over
        RolloutService later = service("test:1:later", PredictedLoad.Source.NONE, 1);
        Rollout r2 = later.launch("sandbox", "night", Optional.of("3.0.0"), "ops");
        journal.acquire(r2.id(), "elsewhere:77:crashed", clock.instant().plusSeconds(30), l -> false);
        assertThatThrownBy(() -> later.drive(r2.id(), lines::add)).isInstanceOf(RolloutService.LeaseRefused.class)
                .hasMessageContaining("elsewhere:77:crashed");
        clock.advance(Duration.ofSeconds(31));
        assertThat(later.drive(r2.id(), lines::add).status()).isEqualTo(RolloutStatus.DONE);

        // a lease left by a process of this machine that is gone is taken over at once
        Rollout r3 = later.launch("sandbox", "night", Optional.of("3.0.1"), "ops");
        String machine = Lease.holderOfThisProcess().split(":")[0];
        journal.acquire(r3.id(), machine + ":" + deadPid() + ":gone", clock.instant().plusSeconds(3600), l -> false);
        assertThat(later.resumeAll(lines::add)).extracting(Rollout::status).containsExactly(RolloutStatus.DONE);
    }

    private static long deadPid() {
        long pid = 4_000_000;
        while (ProcessHandle.of(pid).isPresent()) {
            pid++;
        }
        return pid;
    }

    @Test
    void aRefusedOrThrottledReservationIsRetriedWithJitteredBackoffHonouringRetryAfterEachAttemptAudited() {
        provider.reserveFaults.add(new ProviderThrottledException("rate limited", Optional.of(Duration.ofSeconds(20))));
        provider.reserveFaults.add(new HeadroomException("capacity API unavailable"));
        RolloutService rollouts = service();
        Rollout r = rollouts.launch("sandbox", "night", Optional.empty(), "ops");
        Instant before = clock.instant();

        Rollout end = rollouts.drive(r.id(), lines::add);

        assertThat(end.status()).isEqualTo(RolloutStatus.DONE);
        RolloutStep reserve = rollouts.steps(r.id()).get(0);
        assertThat(reserve.result()).hasValue("granted 2 of 2 (attempt 3)");
        assertThat(provider.reserveCalls.subList(0, 3)).containsOnly(reserve.idempotencyKey());
        // retry 1 waits the provider's 20 s (longer than its jitter); retry 2 the seeded jitter of up to 2 s
        Random jitter = new Random(42);
        jitter.nextDouble();
        long second = Duration.ofNanos((long) (jitter.nextDouble() * 2e9)).toMillis();
        assertThat(lines).anyMatch(l -> l.contains("attempt 1 refused: rate limited; next in 20000 ms"));
        assertThat(lines).anyMatch(l -> l.contains("attempt 2 refused: capacity API unavailable; next in " + second
                + " ms"));
        assertThat(audit("reservation").values()).filteredOn(d -> d.contains("refused")).hasSize(2)
                .anyMatch(d -> d.contains("attempt 1 of 3 refused (throttled)"));
        assertThat(Duration.between(before, clock.instant())).isGreaterThan(Duration.ofSeconds(20));
        assertThat(held()).isZero();
    }

    @Test
    void aReservationRefusedEveryTimeDefersTheBatchPausesWithACriticalAlertAndRunsAgainOnResume() {
        for (int i = 0; i < 3; i++) {
            provider.reserveFaults.add(new HeadroomException("no m6i.large capacity in eu-west-1"));
        }
        RolloutService rollouts = service();
        Rollout r = rollouts.launch("sandbox", "night", Optional.empty(), "ops");

        Rollout paused = rollouts.drive(r.id(), lines::add);

        assertThat(paused.status()).isEqualTo(RolloutStatus.PAUSED);
        assertThat(paused.detail()).contains("Batch 1 deferred").contains("refused 3 times")
                .contains("no m6i.large capacity").contains("Resume");
        assertThat(rollouts.alerts(r.id())).filteredOn(a -> a.severity() == RolloutAlert.Severity.CRITICAL)
                .singleElement().satisfies(a -> assertThat(a.message()).contains("Nothing of it started"));
        // nothing of the batch started; it is queued again as batch 1.1
        // (but the refused reservation is released all the same: a refused call may have been granted
        // with its reply lost, and releasing a key that holds nothing is harmless)
        List<RolloutStep> part0 = rollouts.steps(r.id()).stream().filter(s -> s.batch() == 1 && s.part() == 0
                && s.kind() != StepKind.RESERVE && s.kind() != StepKind.HOLD
                && !s.subject().startsWith("defer:")).toList();
        assertThat(rollouts.steps(r.id()).stream().filter(s -> s.subject().startsWith("defer:")))
                .singleElement().satisfies(s -> assertThat(s.kind()).isEqualTo(StepKind.RELEASE));
        assertThat(part0).allSatisfy(s -> {
            assertThat(s.state()).isEqualTo(StepState.SKIPPED);
            assertThat(s.attempts()).isZero();
        });
        assertThat(rollouts.steps(r.id()).get(0).state()).isEqualTo(StepState.FAILED);
        assertThat(steps(rollouts, r.id(), StepKind.HOLD)).singleElement()
                .satisfies(h -> assertThat(h.state()).isEqualTo(StepState.DONE));
        assertThat(rollouts.steps(r.id())).anyMatch(s -> s.batch() == 1 && s.part() == 1
                && s.kind() == StepKind.UPDATE && s.state() == StepState.PENDING);
        assertThat(RolloutTestData.versions(db)).containsEntry("web-1", "1.4.42");
        assertThat(held()).isZero();

        rollouts.resume(r.id(), "ops");
        Rollout end = rollouts.drive(r.id(), lines::add);
        assertThat(end.status()).isEqualTo(RolloutStatus.DONE);
        assertThat(RolloutTestData.versions(db)).containsEntry("web-1", "2.0.0").containsEntry("web-2", "2.0.0")
                .containsEntry("db-1", "15.1");
        assertThat(held()).isZero();
    }

    @Test
    void aPartialGrantSplitsTheBatchAndNothingGrantedDefersIt() {
        provider.grants.put("web", 1);
        provider.grants.put("db", 0);
        RolloutService rollouts = service();
        Rollout r = rollouts.launch("sandbox", "night", Optional.empty(), "ops");

        Rollout paused = rollouts.drive(r.id(), lines::add);

        List<RolloutStep> steps = rollouts.steps(r.id());
        // web: 1 of 2 granted: web-2 goes first, web-1 follows as batch 1.1 with its own reservation
        assertThat(steps).filteredOn(s -> s.kind() == StepKind.UPDATE && s.subject().equals("web-1"))
                .extracting(RolloutStep::batchLabel, RolloutStep::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("1", StepState.SKIPPED),
                        org.assertj.core.groups.Tuple.tuple("1.1", StepState.DONE));
        assertThat(steps).filteredOn(s -> s.kind() == StepKind.RESERVE && s.batch() == 1).extracting(RolloutStep::argument)
                .containsExactly("web|eu-west-1|m6i.large|2|web-2;web-1", "web|eu-west-1|m6i.large|1|web-1");
        assertThat(steps).filteredOn(s -> s.kind() == StepKind.RESTORE && s.batch() == 1)
                .extracting(RolloutStep::argument).containsExactly("web-2", "web-1");
        // the 1.1 part runs right after part 0, before batch 2
        int lastOfPart1 = steps.stream().filter(s -> s.batch() == 1 && s.part() == 1).mapToInt(RolloutStep::seq).max()
                .orElseThrow();
        assertThat(steps.stream().filter(s -> s.batch() == 2).mapToInt(RolloutStep::seq).min().orElseThrow())
                .isGreaterThan(lastOfPart1);
        assertThat(rollouts.alerts(r.id())).anyMatch(a -> a.severity() == RolloutAlert.Severity.WARNING
                && a.message().contains("split after a partial reservation") && a.message().contains("web-1 follow"));

        // db: nothing granted, so no host fits: deferred, the empty reservation released at once
        assertThat(paused.status()).isEqualTo(RolloutStatus.PAUSED);
        assertThat(paused.detail()).contains("Batch 2 deferred: no host of the batch fits what was granted");
        assertThat(steps).anyMatch(s -> s.kind() == StepKind.RELEASE && s.subject().startsWith("defer:")
                && s.state() == StepState.DONE);
        assertThat(RolloutTestData.versions(db)).containsEntry("db-1", "14.2").containsEntry("web-1", "2.0.0");
        assertThat(held()).isZero();

        provider.grants.remove("db");
        rollouts.resume(r.id(), "ops");
        assertThat(rollouts.drive(r.id(), lines::add).status()).isEqualTo(RolloutStatus.DONE);
        assertThat(RolloutTestData.versions(db)).containsEntry("db-1", "15.1");
        assertThat(held()).isZero();
    }

    @Test
    void theVersionTriggerCarriesTheGrantSharedOverTheBatchAndADeferringHostIsRetriedThenLeftOut() {
        provider.deferrals.put("web-1", Integer.MAX_VALUE);
        provider.deferrals.put("web-2", 1);
        RolloutService rollouts = service();
        Rollout r = rollouts.launch("sandbox", "night", Optional.empty(), "ops");

        Rollout end = rollouts.drive(r.id(), lines::add);

        // 2 m6i.large (2 cores, 8 GiB, 12.5 Gbps, 1250 MB/s each) granted for 2 hosts: one each
        VersionTrigger first = provider.triggers.get(0);
        assertThat(first.host()).isEqualTo("web-2");
        assertThat(first.resourceStatus()).isEqualTo(VersionTrigger.ResourceStatus.SUCCESS);
        assertThat(first.allocated()).isEqualTo(new AllocatedResources(2, 8, 12.5, 1250));
        assertThat(first.updateStart()).isEqualTo(rollouts.planTime(end, steps(rollouts, r.id(), StepKind.UPDATE)
                .get(0).startedAt().orElseThrow()));
        assertThat(VersionTrigger.parse(first.write())).isEqualTo(first);
        // web-2 deferred once, then applied its second trigger (a new key)
        RolloutStep web2 = steps(rollouts, r.id(), StepKind.UPDATE).get(0);
        assertThat(web2.result()).hasValue("from 1.4.42 to 2.0.0 (trigger 2); the update takes 5.0 min");
        // web-1 deferred three times, with three keys, then was left out; its health check skipped
        assertThat(provider.triggers).filteredOn(t -> t.host().equals("web-1")).extracting(VersionTrigger::idempotencyKey)
                .containsExactly(r.id() + "/b1/update/web-1", r.id() + "/b1/update/web-1+2",
                        r.id() + "/b1/update/web-1+3");
        assertThat(steps(rollouts, r.id(), StepKind.UPDATE).get(1).state()).isEqualTo(StepState.SKIPPED);
        assertThat(steps(rollouts, r.id(), StepKind.VERIFY).get(1).state()).isEqualTo(StepState.SKIPPED);
        assertThat(rollouts.alerts(r.id())).filteredOn(a -> a.subject().equals("web-1")).hasSize(4)
                .allMatch(a -> a.severity() == RolloutAlert.Severity.WARNING)
                .anyMatch(a -> a.message().contains("64 needed")).anyMatch(a -> a.message().contains("left out"));
        assertThat(audit("trigger").values()).filteredOn(d -> d.startsWith("deferred")).hasSize(4)
                .allMatch(d -> d.contains("[Trigger Type: VersionVerification]"));
        assertThat(end.status()).isEqualTo(RolloutStatus.DONE);
        assertThat(end.detail()).contains("not updated: web-1 (left out: deferred 3 times");
        assertThat(RolloutTestData.versions(db)).containsEntry("web-1", "1.4.42").containsEntry("web-2", "2.0.0");
        assertThat(held()).isZero();
    }

    @Test
    void loadAboveTheForecastAlertsOncePerBatchAndAFallingHeadroomTrendPausesAndRollsTheBatchBack() {
        // forecast: web 3 cores (median) to 4 (upper) all night; observed: 4.5 cores at 01:00, +0.25 a minute
        PredictedLoad forecast = (service, t) -> service.equals("web") ? Optional.of(new PredictedLoad.Band(3, 4))
                : Optional.empty();
        provider.observations = (service, t) -> {
            if (!service.equals("web")) {
                return Optional.empty();
            }
            double minutes = Duration.between(RolloutTestData.START, t).toSeconds() / 60.0;
            return Optional.of(new ServiceObservation(service, t, 4.5 + 0.25 * minutes, 10, 0, 0.001));
        };
        RolloutService rollouts = service("test:1:a", (account, scenario) -> forecast, 1);
        Rollout r = rollouts.launch("sandbox", "night", Optional.empty(), "ops");
        Map<String, String> before = RolloutTestData.versions(db);

        Rollout paused = rollouts.drive(r.id(), lines::add);

        assertThat(paused.status()).isEqualTo(RolloutStatus.PAUSED);
        List<LoadCheck> checks = rollouts.loadChecks(r.id()).stream().filter(c -> c.service().equals("web")).toList();
        assertThat(checks).hasSizeGreaterThanOrEqualTo(2).allSatisfy(c -> {
            assertThat(c.predictedUpper()).isEqualTo(4);
            assertThat(c.predictedMedian()).isEqualTo(3);
            assertThat(c.capacityCores()).isEqualTo(10);
            assertThat(c.batch()).isEqualTo(1);
        });
        List<RolloutAlert> alerts = rollouts.alerts(r.id());
        assertThat(alerts).filteredOn(a -> a.message().contains("above the forecast")).singleElement()
                .satisfies(a -> assertThat(a.severity()).isEqualTo(RolloutAlert.Severity.WARNING));
        assertThat(alerts).filteredOn(a -> a.severity() == RolloutAlert.Severity.CRITICAL).singleElement()
                .satisfies(a -> assertThat(a.message()).contains("Predictive pause").contains("service web")
                        .contains("under the rollback threshold 10.00%").contains("2026-11-23T01:30:00Z"));
        // the batch's two hosts went back (equal capacity: by name), its reservation released, queued again
        assertThat(steps(rollouts, r.id(), StepKind.ROLLBACK)).extracting(RolloutStep::subject)
                .containsExactly("web-1", "web-2");
        assertThat(RolloutTestData.versions(db)).isEqualTo(before);
        assertThat(held()).isZero();
        // the rollbacks drained the hosts again; the restore after them puts them back while the rollout is paused
        assertThat(outOfService()).isEmpty();
        assertThat(steps(rollouts, r.id(), StepKind.RESTORE)).filteredOn(x -> x.subject().equals("rollback:restore"))
                .singleElement().satisfies(x -> {
                    assertThat(x.argument()).isEqualTo("web-1,web-2");
                    assertThat(x.state()).isEqualTo(StepState.DONE);
                    // each rollback step ended once its host said the rollback had run (5 min each, in turn)
                    RolloutStep lastRollback = steps(rollouts, r.id(), StepKind.ROLLBACK).get(1);
                    assertThat(lastRollback.result().orElseThrow()).endsWith("; the rollback ran 5.0 min");
                    assertThat(Duration.between(lastRollback.startedAt().orElseThrow(), x.startedAt().orElseThrow()))
                            .isGreaterThanOrEqualTo(Duration.ofMinutes(5));
                });
        // the load crossed while the hosts' updates ran (5 min): their health checks' wait is what ended
        assertThat(rollouts.steps(r.id())).filteredOn(x -> x.result().orElse("").contains("interrupted: batch rolled back"))
                .extracting(RolloutStep::kind).containsOnly(StepKind.VERIFY);
        assertThat(rollouts.steps(r.id())).anyMatch(s -> s.batch() == 1 && s.part() == 1
                && s.kind() == StepKind.UPDATE && s.state() == StepState.PENDING);
        assertThat(paused.detail()).contains("Predictive pause");
    }

    @Test
    void loadThatOutgrowsTheMarginWhileTheBatchIsOutReservesMoreSurgeOnceAndReleasesItWithTheBatch() {
        // web: 28 cores in service, 8 of them on each of the batch's hosts, 2 a m6i.large of surge; 13.5 cores
        // of load all night against a forecast of 3-4: with both hosts out and the plan's 2 instances, 16 cores cover 12.8
        // under the 20% margin. Headroom stays 15.6% (over the 10% threshold): no predictive pause.
        PredictedLoad forecast = (service, t) -> service.equals("web") ? Optional.of(new PredictedLoad.Band(3, 4))
                : Optional.empty();
        SqliteSandboxLedger ledger = new SqliteSandboxLedger(store, clock);
        provider.observations = (service, t) -> {
            if (!service.equals("web")) {
                return Optional.empty();
            }
            long out = ledger.outOfService("sandbox").stream().filter(h -> h.startsWith("web")).count();
            int surge = ledger.reservations("sandbox").stream().filter(x -> x.service().equals("web"))
                    .mapToInt(dev.headroom.providers.sandbox.SandboxLedger.Reservation::serving).sum();
            return Optional.of(new ServiceObservation(service, t, 13.5, 28 - 8 * out, 2 * surge, 0.001));
        };
        RolloutService rollouts = service("test:1:a", (account, scenario) -> forecast, 1);
        Rollout r = rollouts.launch("sandbox", "night", Optional.empty(), "ops");

        Rollout end = rollouts.drive(r.id(), lines::add);

        assertThat(end.status()).as(end.detail()).isEqualTo(RolloutStatus.DONE);
        List<RolloutStep> adjust = rollouts.steps(r.id()).stream().filter(x -> x.subject().startsWith("adjust/web/"))
                .toList();
        assertThat(adjust).extracting(RolloutStep::kind).containsExactly(StepKind.RESERVE, StepKind.RELEASE);
        assertThat(adjust).allSatisfy(x -> assertThat(x.state()).isEqualTo(StepState.DONE));
        assertThat(adjust.get(0).argument()).startsWith("web|eu-west-1|m6i.large|1|");
        assertThat(adjust.get(0).result()).hasValue("granted 1 of 1");
        assertThat(rollouts.alerts(r.id())).filteredOn(a -> a.message().startsWith("Surge adjusted")).singleElement()
                .satisfies(a -> assertThat(a.message()).contains("service web carries 13.5 cores")
                        .contains("1 more m6i.large reserved in eu-west-1"));
        assertThat(rollouts.alerts(r.id())).noneMatch(a -> a.message().contains("Predictive pause"));
        // the adjustment came while both hosts were out, and its release after the batch's stabilisation
        RolloutStep stabilise = steps(rollouts, r.id(), StepKind.STABILISE).get(0);
        assertThat(adjust.get(1).seq()).isGreaterThan(stabilise.seq());
        assertThat(held()).isZero();
        // it came during a host's update wait: that wait ended, and the host's health check ran once after it
        assertThat(steps(rollouts, r.id(), StepKind.VERIFY)).filteredOn(x -> x.state() == StepState.SKIPPED)
                .singleElement().satisfies(x -> assertThat(x.result()).hasValue("interrupted: surge adjusted"));
        assertThat(steps(rollouts, r.id(), StepKind.VERIFY)).filteredOn(x -> x.state() == StepState.DONE
                && x.batch() == 1).extracting(RolloutStep::subject).containsExactlyInAnyOrder("web-1", "web-2");
    }

    @Test
    void loadWellUnderTheForecastWhileTheBatchIsOutReleasesTheUnusedSurgeBeforeTheBatchEnds() {
        // web: forecast median 12, upper 13 all night, but it carries 5 cores. With both of batch 1's hosts
        // out, 12 cores in service plus the plan's surge cover 5 cores and the forecast's 1-core spread
        // under the 20% margin many times over: once the load has run under the median for the trend's
        // ticks, the surge goes back before the batch's stabilisation instead of after it.
        PredictedLoad forecast = (service, t) -> service.equals("web") ? Optional.of(new PredictedLoad.Band(12, 13))
                : Optional.empty();
        SqliteSandboxLedger ledger = new SqliteSandboxLedger(store, clock);
        provider.observations = (service, t) -> {
            if (!service.equals("web")) {
                return Optional.empty();
            }
            long out = ledger.outOfService("sandbox").stream().filter(h -> h.startsWith("web")).count();
            int surge = ledger.reservations("sandbox").stream().filter(x -> x.service().equals("web"))
                    .mapToInt(dev.headroom.providers.sandbox.SandboxLedger.Reservation::serving).sum();
            return Optional.of(new ServiceObservation(service, t, 5, 28 - 8 * out, 2 * surge, 0.001));
        };
        RolloutService rollouts = service("test:1:a", (account, scenario) -> forecast, 1);
        Rollout r = rollouts.launch("sandbox", "night", Optional.empty(), "ops");

        Rollout end = rollouts.drive(r.id(), lines::add);

        assertThat(end.status()).as(end.detail()).isEqualTo(RolloutStatus.DONE);
        List<RolloutStep> early = rollouts.steps(r.id()).stream().filter(x -> x.kind() == StepKind.RELEASE
                && x.subject().startsWith("unused:")).toList();
        assertThat(early).as("released early").isNotEmpty().allSatisfy(x -> {
            assertThat(x.state()).isEqualTo(StepState.DONE);
            RolloutStep restore = rollouts.steps(r.id()).stream().filter(y -> y.kind() == StepKind.RESTORE
                    && y.batch() == x.batch() && y.part() == x.part() && !y.subject().contains(":")).findFirst()
                    .orElseThrow();
            assertThat(x.seq()).as("before the batch's hosts are back").isLessThan(restore.seq());
            // the planned release of the same reservation is not sent a second time
            assertThat(rollouts.steps(r.id())).filteredOn(y -> y.kind() == StepKind.RELEASE
                    && y.argument().equals(x.argument()) && y.seq() != x.seq()).singleElement().satisfies(y -> {
                        assertThat(y.state()).isEqualTo(StepState.SKIPPED);
                        assertThat(y.result()).hasValue("released early: load under the forecast");
                    });
        });
        assertThat(rollouts.alerts(r.id())).filteredOn(a -> a.message().startsWith("Unused surge released"))
                .hasSameSizeAs(early).allSatisfy(a -> {
                    assertThat(a.severity()).isEqualTo(RolloutAlert.Severity.INFO);
                    assertThat(a.message()).contains("service web has run at 42% of the forecast median")
                            .contains("forecast's spread of 1.0 under the 20.00% safety margin");
                });
        assertThat(rollouts.alerts(r.id())).noneMatch(a -> a.message().startsWith("Surge adjusted")
                || a.message().contains("Predictive pause"));
        assertThat(held()).isZero();
    }

    @Test
    void loadAtTheForecastKeepsTheSurgeUntilTheBatchHasStabilised() {
        PredictedLoad forecast = (service, t) -> service.equals("web") ? Optional.of(new PredictedLoad.Band(5, 6))
                : Optional.empty();
        provider.observations = (service, t) -> service.equals("web")
                ? Optional.of(new ServiceObservation(service, t, 5.5, 20, 4, 0.001)) : Optional.empty();
        RolloutService rollouts = service("test:1:a", (account, scenario) -> forecast, 1);
        Rollout r = rollouts.launch("sandbox", "night", Optional.empty(), "ops");

        assertThat(rollouts.drive(r.id(), lines::add).status()).isEqualTo(RolloutStatus.DONE);
        assertThat(rollouts.steps(r.id())).noneMatch(x -> x.subject().startsWith("unused:"));
        assertThat(rollouts.alerts(r.id())).noneMatch(a -> a.message().startsWith("Unused surge released"));
    }

    @Test
    void aHostFailingItsHealthChecksRollsItsBatchBackAndSkippingItLetsTheRestFinish() {
        provider.unhealthy.add("web-1");
        RolloutService rollouts = service();
        Rollout r = rollouts.launch("sandbox", "night", Optional.empty(), "ops");

        Rollout paused = rollouts.drive(r.id(), lines::add);

        assertThat(paused.status()).isEqualTo(RolloutStatus.PAUSED);
        assertThat(provider.healthChecks).filteredOn("web-1"::equals).hasSize(3);
        assertThat(steps(rollouts, r.id(), StepKind.VERIFY).get(1).state()).isEqualTo(StepState.FAILED);
        assertThat(rollouts.alerts(r.id())).anyMatch(a -> a.severity() == RolloutAlert.Severity.CRITICAL
                && a.message().contains("Reactive rollback: host web-1 failed its health check 3 times"));
        assertThat(steps(rollouts, r.id(), StepKind.ROLLBACK)).extracting(RolloutStep::subject)
                .containsExactly("web-1", "web-2");
        assertThat(RolloutTestData.versions(db)).containsEntry("web-1", "1.4.42").containsEntry("web-2", "1.4.42");
        assertThat(outOfService()).isEmpty();

        Rollout skipped = rollouts.skipHost(r.id(), "web-1", "ops");
        assertThat(skipped.status()).isEqualTo(RolloutStatus.PAUSED);
        assertThat(audit("operator-action").values()).anyMatch(d -> d.contains("Host web-1 skipped by ops"));
        assertThatThrownBy(() -> rollouts.skipHost(r.id(), "web-1", "ops")).isInstanceOf(HeadroomException.class)
                .hasMessageContaining("no pending step");
        assertThatThrownBy(() -> rollouts.skipHost(r.id(), "web-9", "ops")).hasMessageContaining("does not update");
        rollouts.resume(r.id(), "ops");
        Rollout end = rollouts.drive(r.id(), lines::add);

        assertThat(end.status()).isEqualTo(RolloutStatus.DONE);
        assertThat(RolloutTestData.versions(db)).containsEntry("web-1", "1.4.42").containsEntry("web-2", "2.0.0")
                .containsEntry("db-1", "15.1");
        assertThat(outOfService()).isEmpty();
        assertThat(rollouts.steps(r.id())).filteredOn(s -> s.kind() == StepKind.RESTORE && s.batch() == 1
                && s.part() == 1).extracting(RolloutStep::argument).containsExactly("web-2");
        assertThat(held()).isZero();
    }

    @Test
    void shadowModeSwitchesAHostThatHoldsAndRollsBackOneWhoseErrorsRise() {
        provider.shadows.put("web-1", new ShadowReport(0.01, 0.08, 120, 180, true));
        provider.shadows.put("web-2", new ShadowReport(0.01, 0.015, 120, 118, true));
        RolloutService rollouts = service();
        assertThatThrownBy(() -> rollouts.launch("sandbox", "night", Optional.empty(), "ops",
                new RolloutService.LaunchOptions(1, Map.of("queue", Duration.ofMinutes(5)))))
                .isInstanceOf(HeadroomException.class).hasMessageContaining("does not have");
        Rollout r = rollouts.launch("sandbox", "night", Optional.empty(), "ops",
                new RolloutService.LaunchOptions(1, RolloutSettings.parseShadow("web=30")));
        assertThat(rollouts.rollout(r.id()).settings().shadow()).containsEntry("web", Duration.ofMinutes(30));
        Instant before = clock.instant();

        Rollout end = rollouts.drive(r.id(), lines::add);

        assertThat(end.status()).isEqualTo(RolloutStatus.DONE);
        List<RolloutStep> shadows = steps(rollouts, r.id(), StepKind.SHADOW);
        assertThat(shadows).extracting(RolloutStep::subject).containsExactly("web-2", "web-1");
        assertThat(shadows.get(0).result().orElseThrow()).startsWith("switched after 30 min");
        assertThat(shadows.get(1).result().orElseThrow()).startsWith("abandoned");
        assertThat(steps(rollouts, r.id(), StepKind.VERIFY)).filteredOn(s -> s.subject().equals("web-1"))
                .extracting(RolloutStep::state).containsExactly(StepState.SKIPPED);
        assertThat(rollouts.alerts(r.id())).anyMatch(a -> a.subject().equals("web-1")
                && a.message().contains("Shadow mode: shadow of 2.0.0 on web-1 abandoned"));
        assertThat(RolloutTestData.versions(db)).containsEntry("web-1", "1.4.42").containsEntry("web-2", "2.0.0");
        // each shadow period is waited on the rollout's clock before the comparison
        assertThat(Duration.between(before, clock.instant())).isGreaterThanOrEqualTo(Duration.ofMinutes(60));
        assertThat(held()).isZero();
        assertThat(outOfService()).isEmpty();
    }

    @Test
    void anOperatorRollsAFinishedBatchBackAndTheRolloutPausesThenGoesOn() {
        RolloutService rollouts = service();
        Rollout r = rollouts.launch("sandbox", "night", Optional.empty(), "ops");
        rollouts.drive(r.id(), line -> {
            if (line.contains("done") && line.contains("release r1:web")) {
                rollouts.pause(r.id(), "ops");
            }
        });
        assertThatThrownBy(() -> rollouts.rollbackBatch(r.id(), 9, "ops")).isInstanceOf(HeadroomException.class)
                .hasMessageContaining("has no batch 9");
        Rollout requested = rollouts.rollbackBatch(r.id(), 1, "ann");
        assertThat(requested.status()).isEqualTo(RolloutStatus.RUNNING);
        assertThat(requested.settings().request()).isEqualTo("rollback-batch:1:ann");

        Rollout paused = rollouts.drive(r.id(), lines::add);

        assertThat(paused.status()).isEqualTo(RolloutStatus.PAUSED);
        assertThat(paused.settings().request()).isEmpty();
        assertThat(paused.detail()).startsWith("Rolled back by ann");
        assertThat(steps(rollouts, r.id(), StepKind.ROLLBACK)).extracting(RolloutStep::subject)
                .containsExactly("web-1", "web-2");
        assertThat(RolloutTestData.versions(db)).containsEntry("web-1", "1.4.42").containsEntry("web-2", "1.4.42");
        assertThat(audit("operator-action").values()).anyMatch(d -> d.contains("requested the rollback of batch 1"))
                .anyMatch(d -> d.contains("Rolled back by ann"));
        // batch 1 had been restored; its rollback drained web-1 and web-2 again, and they are back
        assertThat(outOfService()).isEmpty();

        rollouts.resume(r.id(), "ops");
        Rollout end = rollouts.drive(r.id(), lines::add);
        assertThat(end.status()).isEqualTo(RolloutStatus.DONE);
        assertThat(RolloutTestData.versions(db)).containsEntry("web-1", "1.4.42").containsEntry("db-1", "15.1");
        assertThat(held()).isZero();
    }

    @Test
    void anOperatorRollsTheCurrentBatchBackDuringItsStabilisationAndResumingRunsItAgain() {
        RolloutService rollouts = service();
        Rollout r = rollouts.launch("sandbox", "night", Optional.empty(), "ops");
        Rollout paused = rollouts.drive(r.id(), line -> {
            if (line.contains("start") && line.contains("stabilise batch 1")) {
                // as from another process while this driver waits
                service("test:9:ui", PredictedLoad.Source.NONE, 1).rollbackBatch(r.id(), 1, "ann");
            }
        });

        assertThat(paused.status()).isEqualTo(RolloutStatus.PAUSED);
        assertThat(steps(rollouts, r.id(), StepKind.STABILISE).get(0).result())
                .hasValue("interrupted: batch rolled back by ann");
        assertThat(steps(rollouts, r.id(), StepKind.ROLLBACK)).extracting(RolloutStep::subject)
                .containsExactly("web-1", "web-2");
        assertThat(RolloutTestData.versions(db)).containsEntry("web-1", "1.4.42").containsEntry("web-2", "1.4.42");
        assertThat(held()).isZero();
        assertThat(outOfService()).isEmpty();
        assertThat(rollouts.alerts(r.id())).anyMatch(a -> a.message().startsWith("Rolled back by ann")
                && a.message().contains("Resume to run the batch again"));

        rollouts.resume(r.id(), "ops");
        assertThat(rollouts.drive(r.id(), lines::add).status()).isEqualTo(RolloutStatus.DONE);
        assertThat(RolloutTestData.versions(db)).containsEntry("web-1", "2.0.0").containsEntry("web-2", "2.0.0")
                .containsEntry("db-1", "15.1");
        assertThat(held()).isZero();
    }

    @Test
    void anAbortDuringTheStabilisationRollsTheBatchBackAndLeavesEveryHostInServiceAndNoSurge() {
        RolloutService rollouts = service();
        Rollout r = rollouts.launch("sandbox", "night", Optional.empty(), "ops");
        Map<String, String> before = RolloutTestData.versions(db);
        Rollout end = rollouts.drive(r.id(), line -> {
            if (line.contains("start") && line.contains("stabilise batch 1")) {
                service("test:9:ui", PredictedLoad.Source.NONE, 1).abort(r.id(), "ann");
            }
        });

        assertThat(end.status()).isEqualTo(RolloutStatus.ABORTED);
        assertThat(steps(rollouts, r.id(), StepKind.ROLLBACK)).extracting(RolloutStep::subject)
                .containsExactly("web-1", "web-2");
        assertThat(RolloutTestData.versions(db)).isEqualTo(before);
        assertThat(held()).isZero();
        assertThat(outOfService()).isEmpty();
        // restored after the rollbacks and before the surge is given back
        List<RolloutStep> all = rollouts.steps(r.id());
        RolloutStep restore = all.stream().filter(x -> x.subject().equals("abort:restore")).findFirst().orElseThrow();
        assertThat(restore.state()).isEqualTo(StepState.DONE);
        assertThat(all).filteredOn(x -> x.kind() == StepKind.ROLLBACK).allMatch(x -> x.seq() < restore.seq());
        assertThat(all).filteredOn(x -> x.subject().startsWith("abort:") && x.kind() == StepKind.RELEASE)
                .isNotEmpty().allMatch(x -> x.seq() > restore.seq());
        // the batch still held its reservation when it rolled back: each rollback carries its update's share
        for (String host : List.of("web-1", "web-2")) {
            List<VersionTrigger> sent = provider.triggers.stream().filter(t -> t.host().equals(host)).toList();
            assertThat(sent).hasSize(2);
            assertThat(sent.get(1).versionId()).isEqualTo(before.get(host));
            assertThat(sent.get(1).allocated()).isEqualTo(sent.get(0).allocated());
            assertThat(sent.get(1).allocated().cpuCores()).isPositive();
        }
    }

    @Test
    void aHostThatDefersItsRollbackFailsTheStepInsteadOfBeingRecordedRolledBack() {
        RolloutProvider deferringRollbacks = new ScriptedProvider(provider) {
            @Override
            public UpdateReply update(String account, VersionTrigger trigger) {
                if (trigger.host().equals("web-1") && !trigger.versionId().equals("2.0.0")) {
                    return UpdateReply.deferred("2.0.0", "CPU 0 cores allocated, 3 needed (scripted)");
                }
                return super.update(account, trigger);
            }
        };
        RolloutService rollouts = RolloutTestData.service(store, clock, deferringRollbacks, stepping,
                PredictedLoad.Source.NONE, RolloutTestData.tuning("test:1:a"), 1);
        Rollout r = rollouts.launch("sandbox", "night", Optional.empty(), "ops");
        rollouts.drive(r.id(), line -> {
            if (line.contains("start") && line.contains("stabilise batch 1")) {
                service("test:9:ui", PredictedLoad.Source.NONE, 1).abort(r.id(), "ann");
            }
        });

        RolloutStep rollback = steps(rollouts, r.id(), StepKind.ROLLBACK).stream()
                .filter(x -> x.subject().equals("web-1")).findFirst().orElseThrow();
        assertThat(rollback.state()).isEqualTo(StepState.FAILED);
        assertThat(rollback.result().orElseThrow()).contains("Host web-1 deferred its rollback to 1.4.42")
                .contains("It stays on 2.0.0").contains("Resume");
        assertThat(RolloutTestData.versions(db)).containsEntry("web-1", "2.0.0");
    }

    @Test
    void anAbortAfterAnUpdateWhoseReplyWasLostRollsThatHostBackAndPutsItBackInService() {
        provider.lostReplies.add("web-1");
        RolloutService rollouts = service();
        Rollout r = rollouts.launch("sandbox", "night", Optional.empty(), "ops");
        Map<String, String> before = RolloutTestData.versions(db);

        assertThat(rollouts.drive(r.id(), lines::add).status()).isEqualTo(RolloutStatus.FAILED);
        // the step failed, yet the sandbox applied it: web-1 is on the new version and drained
        assertThat(steps(rollouts, r.id(), StepKind.UPDATE)).filteredOn(x -> x.subject().equals("web-1"))
                .extracting(RolloutStep::state).containsExactly(StepState.FAILED);
        assertThat(RolloutTestData.versions(db)).containsEntry("web-1", "2.0.0");
        assertThat(outOfService()).contains("web-1");

        rollouts.abort(r.id(), "ann");
        assertThat(rollouts.drive(r.id(), lines::add).status()).isEqualTo(RolloutStatus.ABORTED);

        assertThat(steps(rollouts, r.id(), StepKind.ROLLBACK)).extracting(RolloutStep::subject,
                RolloutStep::argument, RolloutStep::state).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("web-2", "1.4.42", StepState.DONE),
                org.assertj.core.groups.Tuple.tuple("web-1", "1.4.42", StepState.DONE));
        assertThat(RolloutTestData.versions(db)).isEqualTo(before);
        assertThat(outOfService()).isEmpty();
        assertThat(held()).isZero();
    }

    @Test
    void anAbortAfterAnUpdateRefusedBeforeItWasAppliedRollsNothingBackForThatHost() {
        RolloutProvider refusing = new ScriptedProvider(provider) {
            @Override
            public UpdateReply update(String account, VersionTrigger trigger) {
                if (trigger.host().equals("web-1") && trigger.versionId().equals("2.0.0")) {
                    throw new HeadroomException("The sandbox refused the update (scripted); nothing was changed.");
                }
                return super.update(account, trigger);
            }
        };
        RolloutService rollouts = RolloutTestData.service(store, clock, refusing, stepping, PredictedLoad.Source.NONE,
                RolloutTestData.tuning("test:1:a"), 1);
        Rollout r = rollouts.launch("sandbox", "night", Optional.empty(), "ops");
        Map<String, String> before = RolloutTestData.versions(db);

        assertThat(rollouts.drive(r.id(), lines::add).status()).isEqualTo(RolloutStatus.FAILED);
        rollouts.abort(r.id(), "ann");
        assertThat(rollouts.drive(r.id(), lines::add).status()).isEqualTo(RolloutStatus.ABORTED);

        assertThat(steps(rollouts, r.id(), StepKind.ROLLBACK)).extracting(RolloutStep::subject)
                .containsExactly("web-2");
        assertThat(RolloutTestData.versions(db)).isEqualTo(before);
        assertThat(outOfService()).isEmpty();
        assertThat(held()).isZero();
    }
}
