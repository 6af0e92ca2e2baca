package dev.headroom.ui.app;

import dev.headroom.audit.AuditService;
import dev.headroom.domain.HeadroomException;
import dev.headroom.engine.Engine;
import dev.headroom.fleet.EventService;
import dev.headroom.fleet.FleetService;
import dev.headroom.fleet.FleetStore;
import dev.headroom.forecast.ForecastService;
import dev.headroom.graph.GraphService;
import dev.headroom.plan.PlanScenarios;
import dev.headroom.plan.PlanningService;
import dev.headroom.engine.AccountService;
import dev.headroom.providers.ProviderRegistry;
import dev.headroom.ui.accounts.AccountOperations;
import dev.headroom.ui.rollouts.RolloutQueries;

import java.time.Clock;

/**
 * The opened engine as the console uses it. The console closes it when its window closes, after
 * background work has stopped.
 */
public interface ConsoleBackend extends AutoCloseable {

    FleetService fleet();

    ForecastService forecasts();

    /** The account's scheduled events, which the Forecasts page lists and changes. */
    EventService events();

    /** The store, for reads the services do not cover: the Forecast view charts stored history from it. */
    FleetStore store();

    /** The account's dependency graph, which the Dependencies page shows and edits. */
    GraphService graph();

    /**
     * The planner over the store's fleets, with the forecaster the Forecasts page uses; holds no
     * state, so each call may make a new one.
     */
    default PlanningService planning() {
        return new PlanningService(store(), new ProviderRegistry(store()), forecasts().forecaster());
    }

    /**
     * The accounts' what-if scenarios, stored where the command line's {@code headroom scenarios}
     * finds them; the Plan page saves, clones, renames and deletes through it.
     */
    PlanScenarios planScenarios();

    /** The hash-chained audit log, which the Audit page lists, verifies and exports. */
    AuditService audit();

    /**
     * Rollouts of approved plans: launched, watched and steered from the Rollouts page, and driven
     * in the background. A backend whose store keeps no rollout journal lists none.
     */
    default RolloutQueries rollouts() {
        return RolloutQueries.unavailable();
    }

    /**
     * The accounts, which the Accounts page lists, adds, tests, syncs, changes and removes. A
     * backend without the engine's secret store and connectors reaches the sandbox and imported
     * accounts only: adding a connected account is refused with the engine's message.
     */
    default AccountOperations accounts() {
        return AccountOperations.of(new AccountService(store(), new ProviderRegistry(store()), () -> {
            throw new HeadroomException("This console has no secret store, so an account secret cannot be kept; add "
                    + "the account without one.");
        }, Clock.systemUTC()), store());
    }

    /** The account shown first; when no account has this name, the first account is shown. */
    String defaultAccount();

    /** Releases what opening acquired (database connections, provider clients). */
    @Override
    default void close() {
    }

    /**
     * How much faster than real time stabilisation periods pass when the console drives a rollout
     * on the sandbox: the command line's default, so 15 minutes pass in a quarter of a second.
     */
    double ROLLOUT_SPEED = 3600;

    /** A backend over an opened engine; closing the console closes the engine. */
    static ConsoleBackend of(Engine engine) {
        return of(engine, engine.rollouts(ROLLOUT_SPEED));
    }

    /** A backend over an opened engine whose rollouts are run by {@code rollouts} (e.g. on another clock). */
    static ConsoleBackend of(Engine engine, dev.headroom.rollout.RolloutService rollouts) {
        PlanScenarios scenarios = engine.planScenarios();
        return backend(engine.fleet(), engine.forecasts(), engine.events(), engine.store(), engine.graph(),
                scenarios, engine.audit(), engine.defaultAccount(), RolloutQueries.of(rollouts, engine.approvals(),
                        scenarios, engine.store(), engine.operator()),
                AccountOperations.of(engine.accounts(), engine.store()), engine);
    }

    /** A backend over these services that closes {@code resources} (e.g. the store) when the console closes. */
    static ConsoleBackend of(FleetService fleet, ForecastService forecasts, EventService events, FleetStore store,
                             GraphService graph, PlanScenarios planScenarios, AuditService audit,
                             String defaultAccount,
                             AutoCloseable resources) {
        return of(fleet, forecasts, events, store, graph, planScenarios, audit, defaultAccount,
                RolloutQueries.unavailable(), resources);
    }

    /** A backend over these services whose rollouts go through {@code rollouts}. */
    static ConsoleBackend of(FleetService fleet, ForecastService forecasts, EventService events, FleetStore store,
                             GraphService graph, PlanScenarios planScenarios, AuditService audit,
                             String defaultAccount, RolloutQueries rollouts, AutoCloseable resources) {
        return backend(fleet, forecasts, events, store, graph, planScenarios, audit, defaultAccount, rollouts, null,
                resources);
    }

    /** {@code accounts} null: the {@link #accounts() default} over the store. */
    private static ConsoleBackend backend(FleetService fleet, ForecastService forecasts, EventService events,
                                          FleetStore store, GraphService graph, PlanScenarios planScenarios,
                                          AuditService audit, String defaultAccount, RolloutQueries rollouts,
                                          AccountOperations accounts, AutoCloseable resources) {
        return new ConsoleBackend() {
            @Override
            public FleetService fleet() {
                return fleet;
            }

            @Override
            public ForecastService forecasts() {
                return forecasts;
            }

            @Override
            public EventService events() {
                return events;
            }

            @Override
            public FleetStore store() {
                return store;
            }

            @Override
            public GraphService graph() {
                return graph;
            }

            @Override
            public PlanScenarios planScenarios() {
                return planScenarios;
            }

            @Override
            public AuditService audit() {
                return audit;
            }

            @Override
            public String defaultAccount() {
                return defaultAccount;
            }

            @Override
            public RolloutQueries rollouts() {
                return rollouts;
            }

            @Override
            public AccountOperations accounts() {
                return accounts != null ? accounts : ConsoleBackend.super.accounts();
            }

            @Override
            public void close() {
                try {
                    resources.close();
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new HeadroomException("Headroom could not close its data cleanly: " + e.getMessage()
                            + ". If the next start reports a locked database, close any other Headroom window and start again.", e);
                }
            }
        };
    }
}
