package dev.headroom.ui.dependencies;

import dev.headroom.domain.AccountSnapshot;
import dev.headroom.domain.HeadroomException;
import dev.headroom.domain.Metric;
import dev.headroom.domain.ProgressListener;
import dev.headroom.domain.Window;
import dev.headroom.engine.ScoreService;
import dev.headroom.engine.ScoreService.ServiceLoads;
import dev.headroom.fleet.FleetStore;
import dev.headroom.forecast.FleetForecast;
import dev.headroom.providers.ProviderRegistry;
import dev.headroom.ui.common.SharedForecasts;

import java.time.Instant;
import java.util.EnumSet;

/** What the Dependencies page reads to colour services by their predicted load; lets its tests stub it. Called off the UI thread. */
@FunctionalInterface
public interface LoadQueries {

    /**
     * Each service's predicted peak cpu load over the account's maintenance window (the policy's
     * window, else the next six hours) at the policy's forecast quantile. Takes seconds when the
     * fleet has to be forecast; progress goes to {@code progress}.
     *
     * @throws HeadroomException when the account does not exist or cannot be forecast
     */
    ServiceLoads serviceLoads(String account, ProgressListener progress);

    /**
     * Loads from the fleet forecast the Forecasts page made or is making when it reaches the end
     * of the window, else from a new cpu forecast; scored by {@link ScoreService}, as the
     * Forecasts page scores hosts.
     */
    static LoadQueries of(SharedForecasts forecasts, FleetStore store) {
        ProviderRegistry providers = new ProviderRegistry(store);
        return (account, progress) -> {
            AccountSnapshot snapshot = store.load(account, false).orElseThrow(() -> new HeadroomException(
                    "There is no account named \"" + account + "\" any more. Choose another account on the Fleet page."));
            Instant now = providers.provider(snapshot.account()).clock().instant();
            Window wanted = ScoreService.window(snapshot, now);
            FleetForecast forecast = forecasts.covering(account, EnumSet.of(Metric.CPU), wanted.end(),
                    ScoreService.horizon(wanted, now), progress);
            // without a policy window, the next hours from when the forecast was made, as the Forecasts page scores
            return ScoreService.services(snapshot, forecast, ScoreService.window(snapshot, forecast.at()));
        };
    }
}
