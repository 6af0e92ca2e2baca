package dev.headroom.rollout;

import dev.headroom.approval.ApprovalService;
import dev.headroom.audit.AuditService;
import dev.headroom.domain.AccountSnapshot;
import dev.headroom.domain.Capacity;
import dev.headroom.domain.Host;
import dev.headroom.domain.Policy;
import dev.headroom.domain.Window;
import dev.headroom.fleet.StoreTestData;
import dev.headroom.persistence.SqliteApprovalRepository;
import dev.headroom.persistence.SqliteAuditLog;
import dev.headroom.persistence.SqliteRolloutJournal;
import dev.headroom.persistence.SqliteSandboxLedger;
import dev.headroom.persistence.SqliteScenarioRepository;
import dev.headroom.persistence.SqliteStore;
import dev.headroom.plan.Plan;
import dev.headroom.plan.PlanScenarios;
import dev.headroom.providers.sandbox.SandboxRolloutProvider;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A small sandbox account ("sandbox": web-1, web-2, db-1 and {@code extraWebHosts} more web hosts,
 * web at 1.4.x going to release 2.0.0, db 14.2 going to 15.1) with an approved scenario "night"
 * of one batch per two web hosts and a last batch for db-1, each batch with one reservation.
 */
final class RolloutTestData {
    static final String ACCOUNT = "sandbox";
    static final String SCENARIO = "night";
    static final Instant START = Instant.parse("2026-11-23T01:00:00Z");
    static final Policy POLICY = new Policy(Optional.of(new Window(START, START.plus(Duration.ofHours(8)))),
            0.2, 0.6, 0.4, 0.25, 3, 0.5, 0.1, 15, true, Optional.empty(), 0.95);

    private RolloutTestData() {
    }

    /** Stores the fleet, saves and approves the scenario; returns the web hosts in plan order. */
    static List<String> setUp(SqliteStore store, Clock clock, int extraWebHosts) {
        AccountSnapshot base = StoreTestData.snapshot().named(ACCOUNT).days(1).build();
        List<Host> hosts = new ArrayList<>(base.hosts());
        for (int i = 3; i < 3 + extraWebHosts; i++) {
            // capacities differ so that rollback order (lowest capacity first) is visible
            hosts.add(new Host("web-" + i, List.of("web"), "eu-west-1", "eu-west-1a", "m6i.large",
                    new Capacity(1 + i % 4, 8, 12.5, 1250), 0.096, "1.4.0", base.hosts().get(1).criticality(), ""));
        }
        store.replace(new AccountSnapshot(base.account(), base.instanceTypes(), hosts, base.services(),
                base.dependencies(), base.metrics(), base.releases(), base.updateHistory(), base.events(),
                base.policy()));
        List<String> web = hosts.stream().map(Host::id).filter(h -> h.startsWith("web")).toList();
        List<Plan.Batch> batches = new ArrayList<>();
        int step = 0;
        for (int i = 0; i < web.size(); i += 2) {
            List<String> batch = web.subList(i, Math.min(web.size(), i + 2));
            batches.add(new Plan.Batch(batches.size() + 1, step, step + 6, batch,
                    List.of(new Plan.Reservation("web", "eu-west-1", "m6i.large", batch.size(), false, step, step + 9,
                            2, 0.2)), List.of(), "max batch fraction"));
            step += 9;
        }
        batches.add(new Plan.Batch(batches.size() + 1, step, step + 6, List.of("db-1"),
                List.of(new Plan.Reservation("db", "eu-central-1", "r6i.xlarge", 1, false, step, step + 9, 4, 0.5)),
                List.of(), "criticality last"));
        Plan plan = new Plan(SCENARIO, "heuristic", POLICY, START, Duration.ofMinutes(5), batches, List.of(),
                Map.of(), new Plan.Summary(60, 1, 0.25, 0, Optional.empty(), 0.1, 0.2, true, 1.5), List.of());
        AuditService audit = new AuditService(new SqliteAuditLog(store), clock);
        SqliteScenarioRepository repository = new SqliteScenarioRepository(store);
        new PlanScenarios(repository, null, clock, audit.trail("planner-pat")).save(ACCOUNT, SCENARIO, plan);
        approvals(store, clock).approve(ACCOUNT, SCENARIO, "approver-ann", "night window", false);
        return web;
    }

    static ApprovalService approvals(SqliteStore store, Clock clock) {
        return new ApprovalService(new SqliteScenarioRepository(store), new SqliteApprovalRepository(store), clock);
    }

    static RolloutService service(SqliteStore store, Clock clock, RolloutProvider provider, Waiter waiter) {
        return new RolloutService(store, new SqliteScenarioRepository(store), approvals(store, clock),
                new SqliteRolloutJournal(store), provider, clock, waiter);
    }

    /** A service with a forecast, tuning (short backoffs, a fixed seed) and a launch speed of its own. */
    static RolloutService service(SqliteStore store, Clock clock, RolloutProvider provider, Waiter waiter,
                                  PredictedLoad.Source forecasts, RolloutTuning tuning, double speed) {
        return new RolloutService(store, new SqliteScenarioRepository(store), approvals(store, clock),
                new SqliteRolloutJournal(store), provider, clock, waiter, forecasts, tuning, speed);
    }

    /** Tuning for tests: backoffs of seconds, one-minute ticks, a fixed seed, a named holder. */
    static RolloutTuning tuning(String holder) {
        return new RolloutTuning(holder, Duration.ofSeconds(30),
                new RolloutTuning.Backoff(Duration.ofSeconds(1), Duration.ofSeconds(8), 3),
                new RolloutTuning.Backoff(Duration.ofSeconds(2), Duration.ofSeconds(8), 3),
                new RolloutTuning.Backoff(Duration.ofSeconds(1), Duration.ofSeconds(4), 3),
                Duration.ofMinutes(1), 5, 0.01, 42);
    }

    static SandboxRolloutProvider sandbox(SqliteStore store, Clock clock) {
        return new SandboxRolloutProvider(new SqliteSandboxLedger(store, clock));
    }

    /** The store's host versions by host id, read with plain SQL. */
    static Map<String, String> versions(Path db) {
        return query(db, "SELECT id, version FROM host ORDER BY id");
    }

    /** Two-column query results as an ordered map, through a separate plain JDBC connection. */
    static Map<String, String> query(Path db, String sql) {
        Map<String, String> out = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                out.put(r.getString(1), r.getString(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
