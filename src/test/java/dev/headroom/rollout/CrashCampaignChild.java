package dev.headroom.rollout;

import dev.headroom.domain.HeadroomException;
import dev.headroom.persistence.SqliteRolloutJournal;
import dev.headroom.persistence.SqliteSandboxLedger;
import dev.headroom.persistence.SqliteScenarioRepository;
import dev.headroom.plan.Plan;
import dev.headroom.plan.PlanContent;
import dev.headroom.plan.SavedScenario;
import dev.headroom.persistence.SqliteStore;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The crash campaign's child JVM: on the database given as {@code args[0]}, drives every
 * unfinished rollout, then launches and drives rollouts of scenario "night" (to versions 3.0.1,
 * 3.0.2, …) until {@code args[1]} of them have ended. The parent kills it at random moments and
 * starts it again. {@code args[2]} milliseconds are slept around every provider call, so that kills
 * also land between an action and its commit. With {@code args[3]} = {@code aborts}, every odd
 * rollout is aborted once its second batch is updated. With {@code faults}, the rollouts run in
 * shadow mode for web and meet scripted faults (see {@link FaultyProvider}), so that kills also land
 * in splits, deferrals, holds, shadows and rollbacks, and a paused rollout is resumed. Prints
 * READY once the store is open and warmed up, CAMPAIGN DONE at the end.
 */
public final class CrashCampaignChild {
    /**
     * System property: the path of a scratch copy of the set-up store. With it the child warms up on
     * that copy, prints STANDBY and waits for a line GO on its input before it opens the campaign's
     * store (any other line, or the end of input, and it exits without opening it).
     */
    static final String STANDBY = "headroom.crash.standby";

    private CrashCampaignChild() {
    }

    public static void main(String[] args) {
        Path db = Path.of(args[0]);
        int rounds = Integer.parseInt(args[1]);
        long delay = Long.parseLong(args[2]);
        boolean aborts = args.length > 3 && args[3].equals("aborts");
        String mode = args.length > 3 ? args[3] : "runs";
        boolean faults = mode.equals("faults");
        boolean health = mode.equals("health");
        // with faults, health faults and the operator's rollbacks a rollout holds itself: the driver resumes it
        boolean monitor = mode.equals("monitor");
        boolean resumes = faults || health || monitor || mode.equals("operator");
        Clock clock = Clock.systemUTC();
        String standby = System.getProperty(STANDBY);
        if (standby != null) {
            // a restart waiting in the wings: warmed up on a scratch copy of the set-up, it has not
            // opened the campaign's store, and opens it only when the parent says GO (its predecessor dead)
            try (SqliteStore scratch = SqliteStore.open(Path.of(standby))) {
                warmUp(scratch, clock, RolloutTestData.service(scratch, clock, new SlowProvider(
                        RolloutTestData.sandbox(scratch, clock), 0), Waiter.polling(36_000)));
            }
            say("STANDBY");
            String go;
            try {
                go = new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
                        java.nio.charset.StandardCharsets.UTF_8)).readLine();
            } catch (java.io.IOException e) {
                go = null;
            }
            if (!"GO".equals(go)) {
                // the parent ended or gave up on this life: the campaign's store is not touched
                return;
            }
        }
        try (SqliteStore store = SqliteStore.open(db)) {
            RolloutProvider sandbox = RolloutTestData.sandbox(store, clock);
            RolloutProvider provider = new SlowProvider(faults ? new FaultyProvider(sandbox,
                    new SqliteSandboxLedger(store, clock), rounds) : health ? new HealthFaults(sandbox,
                    new SqliteSandboxLedger(store, clock), new SqliteRolloutJournal(store))
                    : monitor ? new LiveLoad(sandbox, new SqliteRolloutJournal(store)) : sandbox, delay);
            // 15 minutes of stabilisation pass in 25 ms
            RolloutService rollouts = monitor
                    ? RolloutTestData.service(store, clock, provider, Waiter.polling(36_000), LiveLoad.FORECAST,
                    RolloutTuning.defaults(), LiveLoad.SPEED)
                    : RolloutTestData.service(store, clock, provider, Waiter.polling(36_000));
            SqliteRolloutJournal journal = new SqliteRolloutJournal(store);
            if (standby == null) {
                warmUp(store, clock, rollouts);
            }
            say("READY");
            // no rollout without a driver: whatever a killed predecessor left unfinished is driven first
            if (!aborts) {
                rollouts.resumeAll(CrashCampaignChild::say);
            }
            while (true) {
                List<Rollout> all = journal.rollouts(RolloutTestData.ACCOUNT);
                Optional<Rollout> open = all.stream().filter(r -> !r.status().finished()).findFirst();
                if (open.isPresent()) {
                    String id = open.get().id();
                    if (open.get().status() == RolloutStatus.PAUSED) {
                        // with faults a rollout pauses itself (a deferred batch); the operator resumes it
                        if (resumes) {
                            rollouts.resume(id, "campaign");
                        } else {
                            rollouts.abort(id, "campaign");
                        }
                    }
                    rollouts.drive(id, line -> abortAfterUpdates(line, journal, rollouts, id, aborts));
                    continue;
                }
                if (all.size() >= rounds) {
                    break;
                }
                Rollout r = monitor
                        ? rollouts.launch(RolloutTestData.ACCOUNT, RolloutTestData.SCENARIO,
                        Optional.of("3.0." + (all.size() + 1)), "campaign", new RolloutService.LaunchOptions(
                                LiveLoad.SPEED, Map.of()))
                        : faults
                        ? rollouts.launch(RolloutTestData.ACCOUNT, RolloutTestData.SCENARIO,
                        Optional.of("3.0." + (all.size() + 1)), "campaign", new RolloutService.LaunchOptions(1,
                                Map.of("web", Duration.ofMinutes(5))))
                        : rollouts.launch(RolloutTestData.ACCOUNT, RolloutTestData.SCENARIO,
                        Optional.of("3.0." + (all.size() + 1)), "campaign");
                rollouts.drive(r.id(), line -> abortAfterUpdates(line, journal, rollouts, r.id(), aborts));
            }
        }
        System.out.println("CAMPAIGN DONE");
        System.out.flush();
    }

    /**
     * Read-only work that loads and initialises what a launch needs (JSON, the plan, the approvals),
     * so that the parent's random kill moment, counted from READY, falls in the rollout work rather
     * than in class loading.
     */
    private static void warmUp(SqliteStore store, Clock clock, RolloutService rollouts) {
        SavedScenario s = new SqliteScenarioRepository(store).find(RolloutTestData.ACCOUNT, RolloutTestData.SCENARIO)
                .orElseThrow();
        Plan plan = RolloutPlans.read(s);
        PlanContent.of(plan);
        RolloutTestData.approvals(store, clock).isApproved(RolloutTestData.ACCOUNT, plan);
        store.load(RolloutTestData.ACCOUNT, false);
        for (Rollout r : rollouts.rollouts(RolloutTestData.ACCOUNT)) {
            rollouts.steps(r.id());
        }
    }

    /**
     * With aborts, every odd-numbered rollout is paused as soon as its batch 2 hosts are updated
     * (step 11 done), and a paused one is aborted: decided from the journal, so a kill anywhere
     * around it still leads to the abort.
     */
    private static void abortAfterUpdates(String line, SqliteRolloutJournal journal, RolloutService rollouts,
                                          String id, boolean aborts) {
        say(line);
        if (!aborts || Integer.parseInt(id.substring(1)) % 2 == 0) {
            return;
        }
        Rollout r = journal.rollout(id).orElseThrow();
        if (r.status() == RolloutStatus.RUNNING && journal.steps(id).get(10).state() == StepState.DONE) {
            rollouts.pause(id, "campaign");
        }
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    /**
     * Scripted faults, decided by idempotency key so that a re-issued call meets the same fault:
     * batch 2's reservation is granted 1 of 2 (a split); batch 4's (db) is refused every time in
     * part 0 (a deferral, a hold, the batch queued again); web-4's first trigger of a part is
     * deferred (it applies the second); shadow mode is compared through the sandbox ledger (once
     * per key) and abandoned for web-1 in odd rollouts but the last (a rollback).
     */
    record FaultyProvider(RolloutProvider inner, SqliteSandboxLedger ledger, int rounds) implements RolloutProvider {
        @Override
        public int reserve(String key, String account, String service, String region, String instanceType, int count) {
            if (key.contains("/b4/reserve/")) {
                throw new HeadroomException("no " + instanceType + " capacity in " + region + " (campaign fault)");
            }
            return inner.reserve(key, account, service, region, instanceType,
                    key.contains("/b2/reserve/") ? Math.max(1, count - 1) : count);
        }

        @Override
        public void release(String key, String account, String reservationKey) {
            inner.release(key, account, reservationKey);
        }

        @Override
        public UpdateReply update(String account, VersionTrigger trigger) {
            if (trigger.host().equals("web-4") && trigger.idempotencyKey().endsWith("/update/web-4")) {
                return UpdateReply.deferred("?", "CPU " + trigger.allocated().cpuCores() + " cores allocated, 64 "
                        + "needed (campaign fault)");
            }
            return inner.update(account, trigger);
        }

        @Override
        public void restoreTraffic(String key, String account, String hosts) {
            inner.restoreTraffic(key, account, hosts);
        }

        @Override
        public boolean healthy(String account, String host) {
            return inner.healthy(account, host);
        }

        @Override
        public Optional<String> appliedUpdate(String account, String updateKey) {
            return inner.appliedUpdate(account, updateKey);
        }

        @Override
        public Optional<ServiceObservation> observe(String account, String service, Instant at) {
            return inner.observe(account, service, at);
        }

        @Override
        public ShadowReport shadow(String key, String account, String host, String version, Instant from, Instant to) {
            int n = Integer.parseInt(key.substring(1, key.indexOf('/')));
            boolean abandon = host.equals("web-1") && n % 2 == 1 && n < rounds;
            String result = ledger.applyOnce(account, key, "shadow", host, w -> {
                w.count("shadow");
                return abandon ? "abandon" : "switch";
            });
            return result.equals("abandon") ? new ShadowReport(0.01, 0.2, 100, 300, true)
                    : new ShadowReport(0.01, 0.01, 100, 100, true);
        }
    }

    /**
     * Scripted health faults, decided from the journal and the sandbox ledger so that a restarted
     * driver meets the same ones: in odd rollouts web-1 fails every health check of batch 1's first
     * part (a reactive rollback of batch 1, which then runs again as 1.1) and web-3 defers every
     * trigger (left out of batch 2); in every rollout batch 3's reservation is throttled with a
     * retry-after of 20 s on its first two calls (counted in the ledger, so across restarts).
     */
    record HealthFaults(RolloutProvider inner, SqliteSandboxLedger ledger, SqliteRolloutJournal journal)
            implements RolloutProvider {
        static final Duration RETRY_AFTER = Duration.ofSeconds(20);

        @Override
        public int reserve(String key, String account, String service, String region, String instanceType, int count) {
            if (key.contains("/b3/reserve/") && ledger.nextAttempt(account, "campaign-throttle:" + key) <= 2) {
                throw new ProviderThrottledException("reservations throttled (campaign fault); retry after "
                        + RETRY_AFTER.toSeconds() + " s", Optional.of(RETRY_AFTER));
            }
            return inner.reserve(key, account, service, region, instanceType, count);
        }

        @Override
        public void release(String key, String account, String reservationKey) {
            inner.release(key, account, reservationKey);
        }

        @Override
        public UpdateReply update(String account, VersionTrigger trigger) {
            String key = trigger.idempotencyKey();
            if (trigger.host().equals("web-3") && odd(key)) {
                return UpdateReply.deferred("?", "CPU " + trigger.allocated().cpuCores() + " cores allocated, 64 "
                        + "needed (campaign fault)");
            }
            return inner.update(account, trigger);
        }

        @Override
        public void restoreTraffic(String key, String account, String hosts) {
            inner.restoreTraffic(key, account, hosts);
        }

        @Override
        public boolean healthy(String account, String host) {
            boolean fails = host.equals("web-1") && journal.unfinished().stream().anyMatch(r -> odd(r.id() + "/")
                    && journal.steps(r.id()).stream().anyMatch(s -> s.kind() == StepKind.VERIFY
                    && s.subject().equals("web-1") && s.state() == StepState.STARTED && s.batch() == 1
                    && s.part() == 0));
            return inner.healthy(account, host) && !fails;
        }

        @Override
        public Optional<String> appliedUpdate(String account, String updateKey) {
            return inner.appliedUpdate(account, updateKey);
        }

        @Override
        public Optional<ServiceObservation> observe(String account, String service, Instant at) {
            return inner.observe(account, service, at);
        }

        @Override
        public ShadowReport shadow(String key, String account, String host, String version, Instant from, Instant to) {
            return inner.shadow(key, account, host, version, from, to);
        }

        private static boolean odd(String key) {
            return Integer.parseInt(key.substring(1, key.indexOf('/'))) % 2 == 1;
        }
    }

    /**
     * Live load for the monitor: web is forecast at 3 cores (median) to 4 (upper) and observed at
     * {@link #UNDER} of 10 cores (under the forecast: the batch's unused surge is released early), except in odd rollouts once batch 1's first part has its hosts updated and before
     * anything of it is rolled back, where it carries 9.5 (5 % headroom, under the policy's 10 %
     * rollback threshold): a deviation alert and a predictive pause, decided from the journal so that a
     * restarted driver sees the same. Rollouts run at {@link #SPEED} times the clock, so that plan
     * time moves enough between two steps for each to be monitored (ticks half a minute of plan time
     * apart are not repeated).
     */
    static final class LiveLoad extends InterceptingProvider {
        static final double SPEED = 36_000;
        /** Web's load when it is not surging: under the forecast's median, so unused surge goes back early. */
        static final double UNDER = 2;
        static final PredictedLoad.Source FORECAST = (account, scenario) -> (service, t) -> service.equals("web")
                ? Optional.of(new PredictedLoad.Band(3, 4)) : Optional.empty();
        private final SqliteRolloutJournal journal;

        LiveLoad(RolloutProvider inner, SqliteRolloutJournal journal) {
            super(inner);
            this.journal = journal;
        }

        /** Every call goes through unchanged: only the load it observes is the campaign's. */
        @Override
        protected <T> T call(String key, java.util.function.Supplier<T> action) {
            return action.get();
        }

        @Override
        public Optional<ServiceObservation> observe(String account, String service, Instant at) {
            if (!service.equals("web")) {
                return Optional.empty();
            }
            boolean surge = journal.unfinished().stream().anyMatch(r -> Integer.parseInt(r.id().substring(1)) % 2 == 1
                    && surging(journal.steps(r.id())));
            return Optional.of(new ServiceObservation(service, at, surge ? 9.5 : UNDER, 10, 0, 0.001));
        }

        private static boolean surging(List<RolloutStep> steps) {
            List<RolloutStep> updates = steps.stream().filter(s -> s.kind() == StepKind.UPDATE && s.batch() == 1
                    && s.part() == 0).toList();
            return !updates.isEmpty() && updates.stream().allMatch(s -> s.state() == StepState.DONE)
                    && steps.stream().noneMatch(s -> s.kind() == StepKind.ROLLBACK && s.batch() == 1);
        }
    }

    /** The sandbox provider, slowed down before and after each mutating call. */
    private record SlowProvider(RolloutProvider inner, long delay) implements RolloutProvider {
        @Override
        public int reserve(String key, String account, String service, String region, String instanceType, int count) {
            pause();
            int granted = inner.reserve(key, account, service, region, instanceType, count);
            pause();
            return granted;
        }

        @Override
        public void release(String key, String account, String reservationKey) {
            pause();
            inner.release(key, account, reservationKey);
            pause();
        }

        @Override
        public UpdateReply update(String account, VersionTrigger trigger) {
            pause();
            UpdateReply reply = inner.update(account, trigger);
            pause();
            return reply;
        }

        @Override
        public void restoreTraffic(String key, String account, String hosts) {
            pause();
            inner.restoreTraffic(key, account, hosts);
            pause();
        }

        @Override
        public boolean healthy(String account, String host) {
            return inner.healthy(account, host);
        }

        @Override
        public Optional<String> appliedUpdate(String account, String updateKey) {
            return inner.appliedUpdate(account, updateKey);
        }

        @Override
        public Optional<ServiceObservation> observe(String account, String service, java.time.Instant at) {
            return inner.observe(account, service, at);
        }

        @Override
        public ShadowReport shadow(String key, String account, String host, String version, java.time.Instant from,
                                   java.time.Instant to) {
            pause();
            ShadowReport report = inner.shadow(key, account, host, version, from, to);
            pause();
            return report;
        }

        private void pause() {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
