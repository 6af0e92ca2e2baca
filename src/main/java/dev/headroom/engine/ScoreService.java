package dev.headroom.engine;

import dev.headroom.domain.AccountSnapshot;
import dev.headroom.domain.HeadroomException;
import dev.headroom.domain.Policy;
import dev.headroom.domain.Window;
import dev.headroom.forecast.FleetForecast;
import dev.headroom.forecast.LoadScores;
import dev.headroom.forecast.LoadScores.HostScore;
import dev.headroom.forecast.LoadScores.ServiceLoad;
import dev.headroom.graph.DependencyGraph;
import dev.headroom.graph.GraphAnalysis;
import dev.headroom.graph.GraphService;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Seed 001's scores for an account's maintenance window, where forecasts and the dependency graph
 * meet: {@link LoadScores} over a fleet forecast, with each service's criticality propagated
 * through the account's dependency graph ({@link GraphAnalysis#propagatedCriticality()}), so that
 * a service many others depend on counts as critical as the most critical of them allows.
 * {@code LoadScores} itself knows nothing of the graph.
 */
public final class ScoreService {
    /** The window scored when the account's policy has none, as {@link Policy#window()} says. */
    public static final Duration DEFAULT_WINDOW = Duration.ofHours(6);
    /** The longest horizon forecast to score a window: a maintenance night plus its margin needs two days. */
    public static final Duration MAX_HORIZON = Duration.ofHours(48);

    /**
     * Each service's predicted cpu load over a window.
     *
     * @param forecastAt when the forecast behind the loads was made (the account's clock then)
     * @param quantile   the policy's forecast quantile the loads are read at
     * @param byService  every service of the account by name; a load is {@code NaN} when no host
     *                   of the service has a forecast inside the window
     */
    public record ServiceLoads(String account, Instant forecastAt, Window window, double quantile,
                               Map<String, ServiceLoad> byService) {
        public ServiceLoads {
            byService = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byService));
        }

        /** Whether at least one service has a predicted load: false when the forecast misses the window. */
        public boolean anyKnown() {
            return byService.values().stream().anyMatch(l -> !Double.isNaN(l.peakUtilisation()));
        }
    }

    private final GraphService graphs;

    public ScoreService(GraphService graphs) {
        this.graphs = graphs;
    }

    /** The policy's window, or the {@link #DEFAULT_WINDOW} from {@code at} when the account has no policy window. */
    public static Window window(AccountSnapshot snapshot, Instant at) {
        return snapshot.policy().flatMap(Policy::window).orElseGet(() -> new Window(at, at.plus(DEFAULT_WINDOW)));
    }

    /**
     * How far ahead to forecast from {@code at} so that the forecast reaches the window's end: whole
     * hours, at least the default window, at most {@link #MAX_HORIZON}.
     */
    public static Duration horizon(Window window, Instant at) {
        long seconds = Duration.between(at, window.end()).getSeconds();
        long hours = Math.max(DEFAULT_WINDOW.toHours(), (seconds + 3599) / 3600);
        return Duration.ofHours(Math.min(MAX_HORIZON.toHours(), hours));
    }

    /** The forecast quantile of the account's policy (the default policy's when it has none). */
    public static double quantile(AccountSnapshot snapshot) {
        return snapshot.policy().orElse(Policy.DEFAULT).forecastQuantile();
    }

    /**
     * Each service's criticality, 0–1, propagated through the account's dependency graph; empty
     * when the graph has no edge, so that every service keeps its own criticality.
     *
     * @throws HeadroomException when the account does not exist or its graph cannot be read
     */
    public Map<String, Double> serviceCriticality(String account) {
        DependencyGraph graph = graphs.graph(account);
        return graph.edgeCount() == 0 ? Map.of() : new GraphAnalysis(graph).propagatedCriticality();
    }

    /**
     * Every host's load score, capacity and criticality score for the window, at the policy's
     * quantile, with criticality propagated through the account's dependency graph.
     *
     * @throws HeadroomException when the account's graph cannot be read
     */
    public List<HostScore> hosts(AccountSnapshot snapshot, FleetForecast forecast, Window window) {
        return LoadScores.hosts(snapshot.hosts(), snapshot.services(),
                serviceCriticality(snapshot.account().name()), forecast.forecasts(), window, quantile(snapshot));
    }

    /** Every service's predicted peak cpu load over the window, at the policy's quantile. */
    public static ServiceLoads services(AccountSnapshot snapshot, FleetForecast forecast, Window window) {
        double q = quantile(snapshot);
        Map<String, ServiceLoad> loads = new LinkedHashMap<>();
        LoadScores.services(snapshot.hosts(), snapshot.services(), forecast.forecasts(), window, q)
                .forEach(l -> loads.put(l.service(), l));
        return new ServiceLoads(snapshot.account().name(), forecast.at(), window, q, loads);
    }
}
