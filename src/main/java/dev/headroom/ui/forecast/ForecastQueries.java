package dev.headroom.ui.forecast;

import dev.headroom.domain.AccountSnapshot;
import dev.headroom.domain.HeadroomException;
import dev.headroom.domain.Metric;
import dev.headroom.domain.MetricSeries;
import dev.headroom.domain.SeriesId;
import dev.headroom.domain.ProgressListener;
import dev.headroom.fleet.FleetStore;
import dev.headroom.forecast.FleetForecast;
import dev.headroom.forecast.ForecastService;
import dev.headroom.forecast.Forecaster;
import dev.headroom.forecast.IntervalLevels;
import dev.headroom.providers.ProviderRegistry;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What the Forecast view reads from the engine; lets its tests stub or slow it down. Called off the UI thread. */
public interface ForecastQueries {

    /**
     * The fleet forecast with both intervals at {@code levels}.
     *
     * @throws HeadroomException when the account does not exist or its history cannot be read
     */
    FleetForecast forecast(String account, Set<Metric> metrics, Duration horizon, IntervalLevels levels,
                           ProgressListener progress);

    /**
     * Hosts, services and policy of the account, without metric history.
     *
     * @throws HeadroomException when the account does not exist or cannot be read
     */
    AccountSnapshot snapshot(String account);

    /** Stored samples with timestamps in {@code [from, to)}; empty when there are none. */
    Optional<MetricSeries> series(String account, SeriesId id, Instant from, Instant to);

    /** The account's clock now: it moves on after a forecast was made (the sandbox runs faster than real time). */
    Instant clock(String account);

    /** The forecaster for services and the fleet: the product's, as the engine uses for hosts. */
    Forecaster forecaster();

    /**
     * Each service's criticality (0–1) propagated through the account's dependency graph; empty
     * when there is no graph, and each service keeps its own.
     */
    default Map<String, Double> serviceCriticality(String account) {
        return Map.of();
    }

    static ForecastQueries of(ForecastService forecasts, FleetStore store) {
        ProviderRegistry providers = new ProviderRegistry(store);
        Forecaster forecaster = forecasts.forecaster();
        return new ForecastQueries() {
            @Override
            public FleetForecast forecast(String account, Set<Metric> metrics, Duration horizon,
                                          IntervalLevels levels, ProgressListener progress) {
                return forecasts.forecast(account, metrics, horizon, levels, progress);
            }

            @Override
            public AccountSnapshot snapshot(String account) {
                return store.load(account, false).orElseThrow(() -> new HeadroomException("There is no account named \""
                        + account + "\" any more. Choose another account on the Fleet page."));
            }

            @Override
            public Optional<MetricSeries> series(String account, SeriesId id, Instant from, Instant to) {
                return store.series(account, id, from, to);
            }

            @Override
            public Instant clock(String account) {
                return store.account(account).map(a -> providers.provider(a).clock().instant())
                        .orElseThrow(() -> new HeadroomException("There is no account named \"" + account
                                + "\" any more. Choose another account on the Fleet page."));
            }

            @Override
            public Forecaster forecaster() {
                return forecaster;
            }
        };
    }
}
