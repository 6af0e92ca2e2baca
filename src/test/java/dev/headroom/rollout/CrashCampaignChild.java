package dev.headroom.rollout;

import dev.headroom.persistence.SqliteRolloutJournal;
import dev.headroom.persistence.SqliteScenarioRepository;
import dev.headroom.plan.Plan;
import dev.headroom.plan.PlanContent;
import dev.headroom.plan.SavedScenario;
import dev.headroom.persistence.SqliteStore;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * The crash campaign's child JVM: on the database given as {@code args[0]}, drives every
 * unfinished rollout, then launches and drives rollouts of scenario "night" (to versions 3.0.1,
 * 3.0.2, …) until {@code args[1]} of them are done. The parent kills it at random moments and
 * starts it again. {@code args[2]} milliseconds are slept around every provider call, so that kills
 * also land between an action and its commit. Prints READY once the store is open, CAMPAIGN DONE at the end.
 */
public final class CrashCampaignChild {
    private CrashCampaignChild() {
    }

    public static void main(String[] args) {
        Path db = Path.of(args[0]);
        int rounds = Integer.parseInt(args[1]);
        long delay = Long.parseLong(args[2]);
        Clock clock = Clock.systemUTC();
        try (SqliteStore store = SqliteStore.open(db)) {
            RolloutProvider provider = new SlowProvider(RolloutTestData.sandbox(store, clock), delay);
            // 15 minutes of stabilisation pass in 25 ms
            RolloutService rollouts = RolloutTestData.service(store, clock, provider, Waiter.polling(36_000));
            SqliteRolloutJournal journal = new SqliteRolloutJournal(store);
            warmUp(store, clock, rollouts);
            System.out.println("READY");
            System.out.flush();
            // no rollout without a driver: whatever a killed predecessor left unfinished is driven first
            rollouts.resumeAll(CrashCampaignChild::say);
            while (true) {
                long done = journal.rollouts(RolloutTestData.ACCOUNT).stream()
                        .filter(r -> r.status() == RolloutStatus.DONE).count();
                if (done >= rounds) {
                    break;
                }
                Rollout r = rollouts.launch(RolloutTestData.ACCOUNT, RolloutTestData.SCENARIO,
                        Optional.of("3.0." + (done + 1)), "campaign");
                rollouts.drive(r.id(), CrashCampaignChild::say);
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

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
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
        public String update(String key, String account, String host, String version) {
            pause();
            String previous = inner.update(key, account, host, version);
            pause();
            return previous;
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

        private void pause() {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
