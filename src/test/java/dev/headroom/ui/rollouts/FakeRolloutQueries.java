package dev.headroom.ui.rollouts;

import dev.headroom.domain.HeadroomException;
import dev.headroom.rollout.LoadCheck;
import dev.headroom.rollout.Rollout;
import dev.headroom.rollout.RolloutAlert;
import dev.headroom.rollout.RolloutStatus;
import dev.headroom.rollout.RolloutStep;
import dev.headroom.rollout.StepKind;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One rollout "r1" of scenario "night" on account "sandbox" with a status the test sets, one batch
 * (reserve, update and verify web-1 and web-2, restore, stabilise, release), alerts the test adds,
 * and controls that record their calls; skip host is refused as the engine refuses it today.
 */
final class FakeRolloutQueries implements RolloutQueries {
    static final Instant LAUNCHED = Instant.parse("2026-11-23T01:00:00Z");

    RolloutStatus status = RolloutStatus.RUNNING;
    List<String> approved = List.of("night");
    /** Read by the console's worker threads while the test adds to it. */
    final List<RolloutAlert> alerts = new java.util.concurrent.CopyOnWriteArrayList<>();
    final List<LoadCheck> checks = new ArrayList<>();
    final List<String> calls = new ArrayList<>();

    Rollout rollout() {
        return new Rollout("r1", "sandbox", "night", "hash", 1, status, LAUNCHED, LAUNCHED, "launched");
    }

    @Override
    public List<Rollout> rollouts(String account) {
        return List.of(rollout());
    }

    @Override
    public List<Rollout> unfinished() {
        return status.needsDriver() ? List.of(rollout()) : List.of();
    }

    @Override
    public List<RolloutStep> steps(String id) {
        List<RolloutStep> steps = new ArrayList<>();
        steps.add(RolloutStep.pending(id, 1, 1, StepKind.RESERVE, "r1:web/eu-west-1/m6i.large",
                "web|eu-west-1|m6i.large|2"));
        steps.add(RolloutStep.pending(id, 2, 1, StepKind.UPDATE, "web-1", "2.0.0"));
        steps.add(RolloutStep.pending(id, 3, 1, StepKind.UPDATE, "web-2", "2.0.0"));
        steps.add(RolloutStep.pending(id, 4, 1, StepKind.VERIFY, "web-1", ""));
        steps.add(RolloutStep.pending(id, 5, 1, StepKind.VERIFY, "web-2", ""));
        return steps;
    }

    @Override
    public List<RolloutAlert> alerts(String id) {
        return List.copyOf(alerts);
    }

    @Override
    public List<LoadCheck> loadChecks(String id) {
        return List.copyOf(checks);
    }

    @Override
    public Optional<dev.headroom.rollout.Lease> driver(String id) {
        return Optional.empty();
    }

    @Override
    public Instant planTime(String id) {
        return LAUNCHED;
    }

    @Override
    public List<String> approvedScenarios(String account) {
        return approved;
    }

    @Override
    public Optional<List<PlannedReservation>> reservations(Rollout rollout) {
        return Optional.of(List.of(new PlannedReservation(1, 1, "web", "eu-west-1", "m6i.large", 2, false, 0.2)));
    }

    @Override
    public Rollout launch(String account, String scenario, Optional<String> version) {
        calls.add("launch " + scenario);
        return rollout();
    }

    @Override
    public Rollout drive(String id, Consumer<String> progress) {
        calls.add("drive " + id);
        return rollout();
    }

    @Override
    public Rollout pause(String id) {
        calls.add("pause " + id);
        status = RolloutStatus.PAUSED;
        return rollout();
    }

    @Override
    public Rollout resume(String id) {
        calls.add("resume " + id);
        status = RolloutStatus.RUNNING;
        return rollout();
    }

    @Override
    public Rollout abort(String id) {
        calls.add("abort " + id);
        status = RolloutStatus.ABORTING;
        return rollout();
    }

    @Override
    public Rollout rollbackBatch(String id, int batch) {
        calls.add("rollback " + id + " " + batch);
        return rollout();
    }

    @Override
    public Rollout skipHost(String id, String host) {
        throw new HeadroomException("Skipping a host is not built yet; abort rollout " + id + " instead.");
    }
}
