package dev.headroom.providers.sandbox;

import dev.headroom.domain.Policy;
import dev.headroom.domain.ProgressListener;
import dev.headroom.domain.Window;
import dev.headroom.engine.Engine;
import dev.headroom.persistence.SqliteStore;
import dev.headroom.plan.SavedScenario;
import dev.headroom.rollout.Rollout;
import dev.headroom.rollout.RolloutAlert;
import dev.headroom.rollout.RolloutService;
import dev.headroom.rollout.RolloutStatus;
import dev.headroom.rollout.RolloutStep;
import dev.headroom.rollout.StepKind;
import dev.headroom.rollout.StepState;
import dev.headroom.rollout.VersionTrigger;
import dev.headroom.rollout.Waiter;
import dev.headroom.testing.SteppingClock;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default generated sandbox, its plan rolled out with the engine's triggers at a fixed plan
 * time, whatever the hour the test runs at (the clock is injected): at the evening peak, where a
 * batch needs its surge, and at night. A plan the planner made under the capacity rule on the
 * forecast is carried out without a deferral: each host's allocated share of its batch's
 * reservations covers what the sandbox's verification finds it needs.
 */
class SandboxRolloutAtPeakTest {
    @TempDir
    Path dir;

    /** Hours (UTC) of a Wednesday at which the sandbox's history ends; the plan window opens two hours later. */
    @ParameterizedTest(name = "history to {0}:00 UTC, window from {0}:00 + 3 h")
    @ValueSource(ints = {17, 18, 19, 20, 21, 23, 3})
    void aPlanThatHoldsOnTheForecastIsRolledOutWithoutADeferral(int hour) {
        Instant now = Instant.parse("2026-11-18T00:00:00Z").plus(Duration.ofHours(hour));
        SteppingClock clock = new SteppingClock(now);
        Waiter stepping = (c, since, period) -> {
            Instant due = since.plus(period);
            if (clock.instant().isBefore(due)) {
                clock.advance(Duration.between(clock.instant(), due));
            }
        };
        SqliteStore store = SqliteStore.open(dir.resolve("headroom.db"));
        Engine engine = new Engine(dir, store, clock);
        try {
            engine.ensureSandbox((f, m) -> { });
            // as RolloutCliTest plans it: the window three hours on, half a service per batch, three regions at once
            Instant start = now.plus(Duration.ofHours(3));
            Policy policy = new Policy(Optional.of(new Window(start, start.plus(Duration.ofHours(6)))), 0.2, 0.6, 0.4,
                    0.5, 3, 0.5, 0.1, 15, true, Optional.empty(), 0.95);
            SavedScenario saved = engine.planScenarios().plan(Engine.SANDBOX, "night", Optional.of(policy),
                    "heuristic", Duration.ofSeconds(10), ProgressListener.NONE);
            assertThat(saved.planJson()).as("the sandbox's plan").isPresent();
            engine.approvals().approve(Engine.SANDBOX, "night", "ann", "test", true);
            RolloutService rollouts = engine.rollouts(clock, stepping, 3600);
            Rollout r = rollouts.launch(Engine.SANDBOX, "night", Optional.of("9.9.9"), "ops");
            List<String> lines = new ArrayList<>();

            Rollout end = rollouts.drive(r.id(), lines::add);

            List<String> deferrals = engine.sandboxLedger().events(Engine.SANDBOX).stream()
                    .filter(e -> e.kind().equals("deferral")).map(e -> e.subject() + ": " + e.detail()).toList();
            assertThat(deferrals).as("hosts that deferred").isEmpty();
            assertThat(rollouts.alerts(r.id())).filteredOn(a -> a.severity() == RolloutAlert.Severity.CRITICAL)
                    .as("critical alerts").isEmpty();
            assertThat(end.status()).as(String.join("\n", lines)).isEqualTo(RolloutStatus.DONE);
            // every planned host was updated with its part's share of the surge in its trigger, at plan time
            List<RolloutStep> updates = rollouts.steps(r.id()).stream().filter(s -> s.kind() == StepKind.UPDATE)
                    .toList();
            assertThat(updates).isNotEmpty().allMatch(s -> s.state() == StepState.DONE);
            for (RolloutStep u : updates) {
                String text = engine.sandboxLedger().action(Engine.SANDBOX, u.idempotencyKey()).orElseThrow()[1];
                VersionTrigger sent = VersionTrigger.parse(text);
                // plan time: the plan's start (its first reservation's lead comes before the window) onwards
                assertThat(sent.updateStart()).isBetween(r.settings().planStart(), start.plus(Duration.ofHours(6)));
                assertThat(sent.resourceStatus()).isEqualTo(VersionTrigger.ResourceStatus.SUCCESS);
            }
            assertThat(engine.sandboxLedger().outOfService(Engine.SANDBOX)).isEmpty();
            assertThat(engine.sandboxLedger().heldReservations(Engine.SANDBOX)).isZero();
        } finally {
            engine.close();
        }
    }

    /**
     * At the evening peak, an abort while a batch with surge stabilises: its hosts are in service
     * again on the new version; the rollbacks drain them once more, carrying the batch's surge
     * still held, and the restore after them puts them back before the surge is released.
     */
    @org.junit.jupiter.api.Test
    void anAbortAtThePeakRollsTheBatchBackWithItsSurgeAndLeavesEveryHostInService() {
        Instant now = Instant.parse("2026-11-18T17:00:00Z");
        SteppingClock clock = new SteppingClock(now);
        Waiter stepping = (c, since, period) -> {
            Instant due = since.plus(period);
            if (clock.instant().isBefore(due)) {
                clock.advance(Duration.between(clock.instant(), due));
            }
        };
        SqliteStore store = SqliteStore.open(dir.resolve("headroom.db"));
        Engine engine = new Engine(dir, store, clock);
        try {
            engine.ensureSandbox((f, m) -> { });
            Instant start = now.plus(Duration.ofHours(3));
            Policy policy = new Policy(Optional.of(new Window(start, start.plus(Duration.ofHours(6)))), 0.2, 0.6, 0.4,
                    0.5, 3, 0.5, 0.1, 15, true, Optional.empty(), 0.95);
            engine.planScenarios().plan(Engine.SANDBOX, "night", Optional.of(policy), "heuristic",
                    Duration.ofSeconds(10), ProgressListener.NONE);
            engine.approvals().approve(Engine.SANDBOX, "night", "ann", "test", true);
            java.util.Map<String, String> before = new java.util.HashMap<>();
            engine.store().load(Engine.SANDBOX, false).orElseThrow().hosts()
                    .forEach(h -> before.put(h.id(), h.version()));
            RolloutService rollouts = engine.rollouts(clock, stepping, 3600);
            Rollout r = rollouts.launch(Engine.SANDBOX, "night", Optional.of("9.9.9"), "ops");
            int surgeBatch = rollouts.steps(r.id()).stream().filter(x -> x.kind() == StepKind.RESERVE)
                    .mapToInt(RolloutStep::batch).min().orElseThrow();
            List<String> lines = new ArrayList<>();

            Rollout end = rollouts.drive(r.id(), line -> {
                lines.add(line);
                if (line.contains("start") && line.contains("(batch " + surgeBatch + ", stabilise")) {
                    rollouts.abort(r.id(), "ann");
                }
            });

            assertThat(end.status()).as(String.join("\n", lines)).isEqualTo(RolloutStatus.ABORTED);
            List<RolloutStep> rollbacks = rollouts.steps(r.id()).stream().filter(x -> x.kind() == StepKind.ROLLBACK)
                    .toList();
            assertThat(rollbacks).isNotEmpty().allMatch(x -> x.state() == StepState.DONE);
            java.util.Map<String, String> after = new java.util.HashMap<>();
            engine.store().load(Engine.SANDBOX, false).orElseThrow().hosts()
                    .forEach(h -> after.put(h.id(), h.version()));
            for (RolloutStep rb : rollbacks) {
                assertThat(after.get(rb.subject())).as(rb.subject()).isEqualTo(before.get(rb.subject()));
            }
            assertThat(engine.sandboxLedger().outOfService(Engine.SANDBOX)).isEmpty();
            assertThat(engine.sandboxLedger().heldReservations(Engine.SANDBOX)).isZero();
        } finally {
            engine.close();
        }
    }
}
