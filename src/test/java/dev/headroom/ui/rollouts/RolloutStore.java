package dev.headroom.ui.rollouts;

import dev.headroom.audit.AuditService;
import dev.headroom.domain.Policy;
import dev.headroom.domain.Window;
import dev.headroom.engine.DataDirectory;
import dev.headroom.engine.Engine;
import dev.headroom.fleet.StoreTestData;
import dev.headroom.persistence.SqliteAuditLog;
import dev.headroom.persistence.SqliteScenarioRepository;
import dev.headroom.persistence.SqliteStore;
import dev.headroom.plan.Plan;
import dev.headroom.plan.PlanScenarios;
import dev.headroom.rollout.Rollout;
import dev.headroom.rollout.RolloutService;
import dev.headroom.ui.app.ConsoleBackend;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real engine on a data directory with a small account "sandbox" (web-2, web-1 and db-1; web
 * goes to release 2.0.0, db to 15.1) and scenario "night": batch 1 updates web-2 and web-1 with
 * one web reservation ($0.20), batch 2 updates db-1 with one db reservation ($0.50). The plan is
 * saved and approved as the command line's "scenarios save" and "rollout approve" do.
 * Stabilisation waits 15 minutes at the console's speed, a quarter of a second.
 */
final class RolloutStore {
    static final String ACCOUNT = "sandbox";
    static final String SCENARIO = "night";
    static final Instant START = Instant.parse("2026-11-23T01:00:00Z");
    static final Policy POLICY = new Policy(Optional.of(new Window(START, START.plus(Duration.ofHours(8)))),
            0.2, 0.6, 0.4, 0.25, 3, 0.5, 0.1, 15, true, Optional.empty(), 0.95);

    final Engine engine;
    final RolloutService rollouts;

    private RolloutStore(Engine engine) {
        this.engine = engine;
        this.rollouts = engine.rollouts(ConsoleBackend.ROLLOUT_SPEED);
    }

    /** The store with the plan saved and, when {@code approve}, approved. */
    static RolloutStore create(Path dir, boolean approve) {
        SqliteStore store = SqliteStore.open(DataDirectory.databaseFile(dir));
        Engine engine = new Engine(dir, store, Clock.systemUTC());
        store.replace(StoreTestData.snapshot().named(ACCOUNT).days(1).build());
        Plan plan = new Plan(SCENARIO, "heuristic", POLICY, START, Duration.ofMinutes(5), List.of(
                new Plan.Batch(1, 0, 6, List.of("web-2", "web-1"), List.of(new Plan.Reservation("web", "eu-west-1",
                        "m6i.large", 2, false, 0, 9, 2, 0.2)), List.of(), "max batch fraction"),
                new Plan.Batch(2, 9, 15, List.of("db-1"), List.of(new Plan.Reservation("db", "eu-central-1",
                        "r6i.xlarge", 1, false, 9, 18, 4, 0.5)), List.of(), "criticality last")),
                List.of(), Map.of(), new Plan.Summary(75, 0.7, 0.25, 0, Optional.empty(), 0.1, 0.2, true, 1.5),
                List.of());
        AuditService audit = new AuditService(new SqliteAuditLog(store), Clock.systemUTC());
        new PlanScenarios(new SqliteScenarioRepository(store), null, Clock.systemUTC(), audit.trail("planner-pat"))
                .save(ACCOUNT, SCENARIO, plan);
        if (approve) {
            engine.approvals().approve(ACCOUNT, SCENARIO, "approver-ann", "night window", false);
        }
        return new RolloutStore(engine);
    }

    RolloutQueries queries() {
        return RolloutQueries.of(rollouts, engine.approvals(), engine.planScenarios(), engine.store(), "operator-olu");
    }

    ConsoleBackend backend() {
        return ConsoleBackend.of(engine, rollouts);
    }

    /** Launches "night" without driving it, as a console killed right after the launch leaves it. */
    Rollout launched() {
        return rollouts.launch(ACCOUNT, SCENARIO, Optional.empty(), "operator-olu");
    }

    /**
     * Launches "night" and drives it until {@code lines} step transitions were reported, then stops
     * the driver as a kill would: the step it had just committed as started is left started.
     */
    Rollout crashedAfter(int lines) {
        Rollout r = launched();
        int[] seen = {0};
        try {
            rollouts.drive(r.id(), line -> {
                if (++seen[0] >= lines) {
                    throw new Killed();
                }
            });
        } catch (Killed expected) {
            // the driver is gone; the journal stays as it was at that moment
        }
        return rollouts.rollout(r.id());
    }

    private static final class Killed extends RuntimeException {
    }
}
