package dev.headroom.ui.rollouts;

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
import dev.headroom.rollout.RolloutService;
import dev.headroom.rollout.Waiter;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

/**
 * The real engine on the default generated sandbox (the shop a first start creates) with scenario
 * "tonight" planned by the heuristic planner and approved, so that a rollout observes the
 * sandbox's generated future and records real load checks. Waits pass at once and the rollout's
 * clock moves two seconds per read, as in the README screenshots, so that a drive takes seconds.
 */
final class SandboxRollouts {
    static final String SCENARIO = "tonight";
    static final Instant NOW = Instant.parse("2026-11-22T18:00:00Z");
    private static final Waiter NO_WAIT = (clock, since, period) -> { };

    final Engine engine;
    final SqliteStore store;
    final Clock clock = new TickingClock(NOW, Duration.ofSeconds(2));

    private SandboxRollouts(Engine engine, SqliteStore store) {
        this.engine = engine;
        this.store = store;
    }

    static SandboxRollouts create(Path dir) {
        SqliteStore store = SqliteStore.open(DataDirectory.databaseFile(dir));
        Engine engine = new Engine(dir, store, Clock.fixed(NOW, ZoneOffset.UTC));
        engine.ensureSandbox(ProgressListener.NONE);
        Clock fixed = Clock.fixed(NOW, ZoneOffset.UTC);
        new PlanScenarios(new SqliteScenarioRepository(store), engine.planning(), fixed,
                new AuditService(new SqliteAuditLog(store), fixed).trail("dana"))
                .plan(Engine.SANDBOX, SCENARIO, Optional.empty(), "heuristic", Duration.ofSeconds(5),
                        ProgressListener.NONE);
        new ApprovalService(new SqliteScenarioRepository(store), new SqliteApprovalRepository(store), fixed)
                .approve(Engine.SANDBOX, SCENARIO, "sam", "CHG-4711", true);
        return new SandboxRollouts(engine, store);
    }

    /** A driver of its own (its own lease holder), as a second process would have. */
    RolloutService service() {
        return engine.rollouts(clock, NO_WAIT);
    }

    RolloutQueries queries(RolloutService service) {
        return RolloutQueries.of(service, engine.approvals(), engine.planScenarios(), engine.store(), "operator-olu");
    }

    /** Sets sandbox faults as "headroom sandbox faults set" does. */
    void faults(Map<String, String> settings) {
        new SqliteSandboxLedger(store, clock).setFaults(Engine.SANDBOX, SandboxFaults.of(settings));
    }
}
