package dev.headroom.ui.app;

import dev.headroom.testing.TickingClock;
import dev.headroom.approval.ApprovalService;
import dev.headroom.audit.AuditService;
import dev.headroom.domain.ProgressListener;
import dev.headroom.engine.DataDirectory;
import dev.headroom.engine.Engine;
import dev.headroom.persistence.SqliteApprovalRepository;
import dev.headroom.persistence.SqliteAuditLog;
import dev.headroom.persistence.SqliteSandboxLedger;
import dev.headroom.persistence.SqliteScenarioRepository;
import dev.headroom.persistence.SqliteStore;
import dev.headroom.plan.PlanScenarios;
import dev.headroom.providers.sandbox.SandboxFaults;
import dev.headroom.rollout.Rollout;
import dev.headroom.rollout.RolloutService;
import dev.headroom.rollout.Waiter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

/**
 * The real engine on a fresh data directory with the default sandbox fleet, as a first start
 * shows it, and a short audit trail: two operators planned, cloned and approved a scenario
 * during the afternoon, then launched it and paused the rollout half-way, while a load surge set
 * through the sandbox faults raised redis-cart's load above its forecast. The clock is fixed so that README screenshots only change when the
 * application does.
 */
public final class SandboxScreenshotStartup implements ConsoleStartup {
    static final Instant SHOT_TIME = Instant.parse("2026-11-22T18:00:00Z");

    @Override
    public ConsoleBackend open(ProgressListener progress) throws Exception {
        Path dir = Files.createTempDirectory("headroom-screenshots");
        SqliteStore store = SqliteStore.open(DataDirectory.databaseFile(dir));
        Engine engine = new Engine(dir, store, Clock.fixed(SHOT_TIME, ZoneOffset.UTC));
        engine.ensureSandbox(progress);
        afternoonOfWork(engine, store);
        Clock rolloutClock = new TickingClock(SHOT_TIME.minus(Duration.ofMinutes(20)), Duration.ofSeconds(2));
        RolloutService rollouts = engine.rollouts(rolloutClock, NO_WAIT);
        // redis-cart carries 1.6 times its load during the window, so the load chart and the alerts show a real deviation
        new SqliteSandboxLedger(store, rolloutClock).setFaults(Engine.SANDBOX, SandboxFaults.of(Map.of(
                SandboxFaults.SURGE_FACTOR, "1.6", SandboxFaults.SURGE_FROM, "2026-11-23T06:30:00Z",
                SandboxFaults.SURGE_TO, "2026-11-23T09:00:00Z", SandboxFaults.SURGE_SERVICE, SURGED)));
        rolloutHalfWay(rollouts);
        return ConsoleBackend.of(engine, rollouts);
    }

    /** Stabilisation periods pass at once: the pictures show the journal, not the waiting. */
    private static final Waiter NO_WAIT = (clock, since, period) -> { };

    /** The service whose load the sandbox faults raise during the rollout; the Rollouts picture charts it. */
    static final String SURGED = "redis-cart";

    /**
     * What the Rollouts page shows: the approved "tonight" launched by sam and paused by him about
     * half-way, so hosts of every state, held and released reservations show at once. Plan time runs
     * at 4 seconds per second of the rollout's clock (two seconds per read), so that the load checks
     * of the batches done span the plan's first hours.
     */
    private static void rolloutHalfWay(RolloutService rollouts) {
        Rollout r = rollouts.launch(Engine.SANDBOX, "tonight", Optional.empty(), "sam",
                new RolloutService.LaunchOptions(4, Map.of()));
        // a few steps past the middle, so that the batch in flight shows hosts updated and hosts waiting
        int half = rollouts.steps(r.id()).size() / 2 + 5;
        int[] done = {0};
        rollouts.drive(r.id(), line -> {
            if (line.strip().startsWith("done") && ++done[0] == half) {
                rollouts.pause(r.id(), "sam");
            }
        });
    }

    /** What the Audit page shows: scenario changes and an approval, through the engine's own services. */
    private static void afternoonOfWork(Engine engine, SqliteStore store) {
        Clock afternoon = new TickingClock(SHOT_TIME.minus(Duration.ofMinutes(95)), Duration.ofMinutes(7));
        AuditService audit = new AuditService(new SqliteAuditLog(store), afternoon);
        PlanScenarios dana = new PlanScenarios(new SqliteScenarioRepository(store), engine.planning(), afternoon,
                audit.trail("dana"));
        dana.plan(Engine.SANDBOX, "tonight", Optional.empty(), "heuristic", Duration.ofSeconds(5),
                ProgressListener.NONE);
        dana.copy(Engine.SANDBOX, "tonight", "tonight-small-batches");
        dana.rename(Engine.SANDBOX, "tonight-small-batches", "friday");
        new ApprovalService(new SqliteScenarioRepository(store), new SqliteApprovalRepository(store), afternoon)
                .approve(Engine.SANDBOX, "tonight", "sam", "CHG-4711, reviewed with the on-call", true);
        dana.delete(Engine.SANDBOX, "friday");
    }
}
