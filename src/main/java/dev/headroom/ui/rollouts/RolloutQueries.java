package dev.headroom.ui.rollouts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headroom.approval.ApprovalService;
import dev.headroom.approval.ApprovalStatus;
import dev.headroom.domain.Account;
import dev.headroom.domain.HeadroomException;
import dev.headroom.fleet.FleetStore;
import dev.headroom.plan.PlanContent;
import dev.headroom.plan.PlanScenarios;
import dev.headroom.plan.SavedScenario;
import dev.headroom.rollout.Lease;
import dev.headroom.rollout.LoadCheck;
import dev.headroom.rollout.Rollout;
import dev.headroom.rollout.RolloutAlert;
import dev.headroom.rollout.RolloutService;
import dev.headroom.rollout.RolloutStep;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * What the Rollouts section needs from the engine: the rollout service's reads and controls, the
 * approved scenarios one may launch, and the reservations of the plan a rollout executes. Every
 * method may block (SQLite, the provider) and is called off the UI thread.
 */
public interface RolloutQueries {

    List<Rollout> rollouts(String account);

    /** Every rollout of every account that still needs a driver (running or aborting). */
    List<Rollout> unfinished();

    List<RolloutStep> steps(String id);

    List<RolloutAlert> alerts(String id);

    List<LoadCheck> loadChecks(String id);

    /** Who drives the rollout now (this console's driver or another process), when a live driver does. */
    Optional<Lease> driver(String id);

    /** The rollout's plan time now: the fleet's time its forecasts and observations are laid out on. */
    Instant planTime(String id);

    /** Names of the account's scenarios whose current plan a standing approval covers, sorted. */
    List<String> approvedScenarios(String account);

    /**
     * The reservations of the plan {@code rollout} executes; empty when its scenario no longer
     * holds that content (planned again, renamed or deleted after launch).
     */
    Optional<List<PlannedReservation>> reservations(Rollout rollout);

    Rollout launch(String account, String scenario, Optional<String> version);

    /** Runs the rollout's steps until it ends, pauses or fails; {@code progress} hears every transition. */
    Rollout drive(String id, Consumer<String> progress);

    Rollout pause(String id);

    Rollout resume(String id);

    Rollout abort(String id);

    Rollout rollbackBatch(String id, int batch);

    Rollout skipHost(String id, String host);

    /**
     * The queries over the engine's services; operator actions are recorded as {@code actor}.
     *
     * @param store the store whose accounts are searched for unfinished rollouts
     */
    static RolloutQueries of(RolloutService rollouts, ApprovalService approvals, PlanScenarios scenarios,
                             FleetStore store, String actor) {
        return new RolloutQueries() {
            @Override
            public List<Rollout> rollouts(String account) {
                return rollouts.rollouts(account);
            }

            @Override
            public List<Rollout> unfinished() {
                List<Rollout> out = new ArrayList<>();
                for (Account a : store.accounts()) {
                    rollouts.rollouts(a.name()).stream().filter(r -> r.status().needsDriver()).forEach(out::add);
                }
                return out;
            }

            @Override
            public List<RolloutStep> steps(String id) {
                return rollouts.steps(id);
            }

            @Override
            public List<RolloutAlert> alerts(String id) {
                return rollouts.alerts(id);
            }

            @Override
            public List<LoadCheck> loadChecks(String id) {
                return rollouts.loadChecks(id);
            }

            @Override
            public Optional<Lease> driver(String id) {
                return rollouts.driver(id);
            }

            @Override
            public Instant planTime(String id) {
                return rollouts.planTime(id);
            }

            @Override
            public List<String> approvedScenarios(String account) {
                TreeSet<String> names = new TreeSet<>();
                approvals.approvals(account).stream().filter(ApprovalStatus::valid)
                        .forEach(s -> names.add(s.approval().scenario()));
                return List.copyOf(names);
            }

            @Override
            public Optional<List<PlannedReservation>> reservations(Rollout rollout) {
                Optional<SavedScenario> saved = scenarios.list(rollout.account()).stream()
                        .filter(s -> s.name().equals(rollout.scenario()) && s.planJson().isPresent()).findFirst();
                if (saved.isEmpty() || !PlanContent.of(saved.get()).hash().equals(rollout.contentHash())) {
                    return Optional.empty();
                }
                return Optional.of(RolloutQueries.reservations(saved.get().planJson().orElseThrow(),
                        rollout.scenario()));
            }

            @Override
            public Rollout launch(String account, String scenario, Optional<String> version) {
                return rollouts.launch(account, scenario, version, actor);
            }

            @Override
            public Rollout drive(String id, Consumer<String> progress) {
                return rollouts.drive(id, progress);
            }

            @Override
            public Rollout pause(String id) {
                return rollouts.pause(id, actor);
            }

            @Override
            public Rollout resume(String id) {
                return rollouts.resume(id, actor);
            }

            @Override
            public Rollout abort(String id) {
                return rollouts.abort(id, actor);
            }

            @Override
            public Rollout rollbackBatch(String id, int batch) {
                return rollouts.rollbackBatch(id, batch, actor);
            }

            @Override
            public Rollout skipHost(String id, String host) {
                return rollouts.skipHost(id, host, actor);
            }
        };
    }

    /**
     * For a console over a store that keeps no rollout journal (the in-memory stores of UI tests):
     * no rollouts, and a launch is refused with the reason.
     */
    static RolloutQueries unavailable() {
        return new RolloutQueries() {
            private HeadroomException refused() {
                return new HeadroomException("This console's store keeps no rollouts (it is not a Headroom data "
                        + "directory); nothing was changed. Open a data directory to launch and steer rollouts.");
            }

            @Override
            public List<Rollout> rollouts(String account) {
                return List.of();
            }

            @Override
            public List<Rollout> unfinished() {
                return List.of();
            }

            @Override
            public List<RolloutStep> steps(String id) {
                return List.of();
            }

            @Override
            public List<RolloutAlert> alerts(String id) {
                return List.of();
            }

            @Override
            public List<LoadCheck> loadChecks(String id) {
                return List.of();
            }

            @Override
            public Optional<Lease> driver(String id) {
                return Optional.empty();
            }

            @Override
            public Instant planTime(String id) {
                throw refused();
            }

            @Override
            public List<String> approvedScenarios(String account) {
                return List.of();
            }

            @Override
            public Optional<List<PlannedReservation>> reservations(Rollout rollout) {
                return Optional.empty();
            }

            @Override
            public Rollout launch(String account, String scenario, Optional<String> version) {
                throw refused();
            }

            @Override
            public Rollout drive(String id, Consumer<String> progress) {
                throw refused();
            }

            @Override
            public Rollout pause(String id) {
                throw refused();
            }

            @Override
            public Rollout resume(String id) {
                throw refused();
            }

            @Override
            public Rollout abort(String id) {
                throw refused();
            }

            @Override
            public Rollout rollbackBatch(String id, int batch) {
                throw refused();
            }

            @Override
            public Rollout skipHost(String id, String host) {
                throw refused();
            }
        };
    }

    /** The reservations of a stored plan.json, batch by batch in the order the rollout reserves them. */
    static List<PlannedReservation> reservations(String planJson, String scenario) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(planJson);
        } catch (JsonProcessingException e) {
            throw new HeadroomException("The stored plan of scenario \"" + scenario + "\" cannot be read ("
                    + e.getOriginalMessage() + "), so its reservations' cost is not shown. Plan it again.", e);
        }
        List<PlannedReservation> out = new ArrayList<>();
        for (JsonNode b : root.path("batches")) {
            int i = 0;
            for (JsonNode r : b.path("reservations")) {
                out.add(new PlannedReservation(b.path("index").asInt(), ++i, r.path("service").asText(),
                        r.path("region").asText(), r.path("instance_type").asText(), r.path("count").asInt(),
                        r.path("spot").asBoolean(), r.path("cost_usd").asDouble()));
            }
        }
        return out;
    }
}
