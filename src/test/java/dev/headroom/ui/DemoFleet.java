package dev.headroom.ui;

import dev.headroom.audit.AuditLog;
import dev.headroom.audit.AuditService;
import dev.headroom.domain.Account;
import dev.headroom.domain.AccountKind;
import dev.headroom.domain.AccountSnapshot;
import dev.headroom.domain.Capacity;
import dev.headroom.domain.Criticality;
import dev.headroom.domain.Host;
import dev.headroom.domain.InstanceType;
import dev.headroom.domain.Metric;
import dev.headroom.domain.MetricSeries;
import dev.headroom.domain.SeriesId;
import dev.headroom.domain.Service;
import dev.headroom.domain.Dependency;
import dev.headroom.fleet.EventService;
import dev.headroom.graph.GraphService;
import dev.headroom.plan.PlanScenarios;
import dev.headroom.plan.PlanningService;
import dev.headroom.plan.ScenarioRepository;
import dev.headroom.fleet.FleetService;
import dev.headroom.forecast.InMemoryForecastJournal;
import dev.headroom.forecast.ForecastService;
import dev.headroom.forecast.CalibratedForecaster;
import dev.headroom.forecast.IntervalCalibrator;
import dev.headroom.forecast.SeasonalNaive;
import dev.headroom.providers.ProviderRegistry;
import dev.headroom.providers.files.FilesProvider;
import dev.headroom.ui.app.ConsoleBackend;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.headroom.domain.Criticality.CRITICAL;
import static dev.headroom.domain.Criticality.HIGH;
import static dev.headroom.domain.Criticality.LOW;
import static dev.headroom.domain.Criticality.MEDIUM;

/**
 * A small hand-built fleet for UI tests and screenshots: a sandbox account with 24 hosts in three
 * regions (one host without samples, one without memory samples, a few over 80 % and 90 % CPU),
 * and an imported scenario account with 4 hosts.
 */
public final class DemoFleet {
    public static final String SANDBOX = "sandbox";
    public static final String SCENARIO = "retail-scenario";
    public static final Instant SANDBOX_NOW = Instant.parse("2026-11-03T14:05:00Z");
    public static final Instant SCENARIO_UNTIL = Instant.parse("2026-10-20T08:00:00Z");
    public static final int SANDBOX_HOSTS = 24;
    /** Hosts of the sandbox in eu-west-1. */
    public static final int EU_WEST_HOSTS = 9;

    private static final Map<String, Capacity> CAPACITY = Map.of(
            "m6.large", new Capacity(2, 8, 10, 500),
            "m6.xlarge", new Capacity(4, 16, 12.5, 800),
            "c6.2xlarge", new Capacity(8, 16, 12.5, 1000),
            "r6.xlarge", new Capacity(4, 32, 12.5, 800));
    private static final Map<String, Double> PRICE = Map.of(
            "m6.large", 0.096, "m6.xlarge", 0.192, "c6.2xlarge", 0.34, "r6.xlarge", 0.252);

    private DemoFleet() {
    }

    /** The sandbox's calls: from, to, weight (calls per second). */
    public static final List<Dependency> SANDBOX_DEPENDENCIES = List.of(
            new Dependency("checkout", "payments", 120, "checkout/compose.yaml:12"),
            new Dependency("checkout", "cart", 340, "checkout/compose.yaml:14"),
            new Dependency("checkout", "catalog", 80, "traffic: http_requests_total"),
            new Dependency("cart", "catalog", 510, "cart/deployment.yaml:40"),
            new Dependency("search", "catalog", 900, "traffic: http_requests_total"),
            new Dependency("reports", "payments", 2, "reports/compose.yaml:7"));

    /** Rows: id, services, region, zone, type, version, criticality, cpu %, memory % (NaN: no samples). */
    private static final Object[][] SANDBOX_ROWS = {
            {"checkout-eu-1", "checkout", "eu-west-1", "eu-west-1a", "c6.2xlarge", "4.2.1", CRITICAL, 71.5, 64.0},
            {"checkout-eu-2", "checkout", "eu-west-1", "eu-west-1b", "c6.2xlarge", "4.2.1", CRITICAL, 83.2, 66.1},
            {"payments-eu-1", "payments", "eu-west-1", "eu-west-1a", "m6.xlarge", "2.9.0", CRITICAL, 55.0, 58.3},
            {"payments-eu-2", "payments", "eu-west-1", "eu-west-1c", "m6.xlarge", "2.10.1", CRITICAL, 57.4, 61.0},
            {"cart-eu-1", "cart", "eu-west-1", "eu-west-1b", "r6.xlarge", "7.1.3", HIGH, 44.0, 78.9},
            {"search-eu-1", "search", "eu-west-1", "eu-west-1c", "c6.2xlarge", "12.0.4", HIGH, 92.6, 70.2},
            {"catalog-eu-1", "catalog", "eu-west-1", "eu-west-1a", "m6.large", "1.18.0", MEDIUM, 38.1, 45.5},
            {"edge-eu-1", "cart,catalog", "eu-west-1", "eu-west-1b", "m6.xlarge", "7.1.3", HIGH, 61.0, 52.0},
            {"reports-eu-1", "reports", "eu-west-1", "eu-west-1c", "m6.large", "0.9.2", LOW, 12.4, 30.0},
            {"checkout-us-1", "checkout", "us-east-1", "us-east-1a", "c6.2xlarge", "4.2.1", CRITICAL, 66.0, 60.2},
            {"checkout-us-2", "checkout", "us-east-1", "us-east-1b", "c6.2xlarge", "4.2.0", CRITICAL, 68.3, 59.9},
            {"checkout-us-10", "checkout", "us-east-1", "us-east-1c", "c6.2xlarge", "4.2.1", CRITICAL, 64.9, 61.4},
            {"payments-us-1", "payments", "us-east-1", "us-east-1a", "m6.xlarge", "2.10.1", CRITICAL, 49.8, 57.0},
            {"cart-us-1", "cart", "us-east-1", "us-east-1b", "r6.xlarge", "7.1.3", HIGH, 41.2, 81.5},
            {"cart-us-2", "cart", "us-east-1", "us-east-1c", "r6.xlarge", "7.1.2", HIGH, 39.7, 79.0},
            {"search-us-1", "search", "us-east-1", "us-east-1a", "c6.2xlarge", "12.0.4", HIGH, 88.0, 68.4},
            {"catalog-us-1", "catalog", "us-east-1", "us-east-1b", "m6.large", "1.18.0", MEDIUM, 35.5, Double.NaN},
            {"reports-us-1", "reports", "us-east-1", "us-east-1c", "m6.large", "0.9.2", LOW, 9.8, 27.3},
            {"checkout-ap-1", "checkout", "ap-south-1", "ap-south-1a", "m6.xlarge", "4.2.1", CRITICAL, 58.8, 55.0},
            {"payments-ap-1", "payments", "ap-south-1", "ap-south-1b", "m6.xlarge", "2.10.1", CRITICAL, 47.1, 53.2},
            {"cart-ap-1", "cart", "ap-south-1", "ap-south-1a", "r6.xlarge", "7.1.3", HIGH, 36.0, 74.4},
            {"search-ap-1", "search", "ap-south-1", "ap-south-1b", "c6.2xlarge", "12.0.3", HIGH, 95.3, 72.8},
            {"catalog-ap-1", "catalog", "ap-south-1", "ap-south-1a", "m6.large", "1.17.2", MEDIUM, 29.4, 41.0},
            {"reports-ap-1", "reports", "ap-south-1", "ap-south-1b", "m6.large", "0.9.2", LOW, Double.NaN, Double.NaN},
    };

    private static final Object[][] SCENARIO_ROWS = {
            {"shop-1", "checkout", "eu-central-1", "eu-central-1a", "m6.xlarge", "3.0.0", CRITICAL, 52.0, 61.0},
            {"shop-2", "checkout", "eu-central-1", "eu-central-1b", "m6.xlarge", "3.0.0", CRITICAL, 49.0, 60.0},
            {"cart-1", "cart", "eu-central-1", "eu-central-1a", "r6.xlarge", "7.0.0", HIGH, 33.0, 70.0},
            {"search-1", "search", "eu-central-1", "eu-central-1b", "c6.2xlarge", "11.9.0", HIGH, 77.0, 66.0},
    };

    public static InMemoryFleetStore store() {
        Account sandbox = new Account(SANDBOX, AccountKind.SANDBOX, Instant.parse("2026-11-01T09:30:00Z"),
                Map.of("seed", "42", "clock_now", SANDBOX_NOW.toString()));
        Account scenario = new Account(SCENARIO, AccountKind.FILES, Instant.parse("2026-10-21T10:00:00Z"),
                Map.of(FilesProvider.DATA_UNTIL, SCENARIO_UNTIL.toString()));
        return new InMemoryFleetStore(snapshot(sandbox, SANDBOX_ROWS, SANDBOX_NOW),
                snapshot(scenario, SCENARIO_ROWS, SCENARIO_UNTIL));
    }

    public static FleetService fleetService(InMemoryFleetStore store) {
        return new FleetService(store, new ProviderRegistry(store));
    }

    public static ForecastService forecastService(InMemoryFleetStore store) {
        return new ForecastService(store, new ProviderRegistry(store), new CalibratedForecaster(SeasonalNaive.daily(), new IntervalCalibrator()), new InMemoryForecastJournal(), 2);
    }

    /** The dependency graph over {@code store}, kept in memory; the sandbox's graph is {@link #SANDBOX_DEPENDENCIES}. */
    public static GraphService graphService(InMemoryFleetStore store) {
        return new GraphService(store, new InMemoryGraphRepository(), Clock.fixed(SANDBOX_NOW, ZoneOffset.UTC));
    }

    /** A backend over a fresh demo store that shows the sandbox first. */
    public static ConsoleBackend backend() {
        return backend(store());
    }

    /** A backend over {@code store} that shows the sandbox first and closes the store. */
    public static ConsoleBackend backend(InMemoryFleetStore store) {
        return backend(store, new InMemoryScenarioRepository());
    }

    /** A backend over {@code store} whose what-if scenarios are kept in {@code scenarios}. */
    public static ConsoleBackend backend(InMemoryFleetStore store, ScenarioRepository scenarios) {
        return backend(store, scenarios, new InMemoryAuditLog());
    }

    /** A backend over {@code store} whose scenarios are kept in {@code scenarios} and audited in {@code auditLog}. */
    public static ConsoleBackend backend(InMemoryFleetStore store, ScenarioRepository scenarios, AuditLog auditLog) {
        ForecastService forecasts = forecastService(store);
        AuditService audit = auditService(auditLog);
        return ConsoleBackend.of(fleetService(store), forecasts, new EventService(store), store, graphService(store),
                planScenarios(store, forecasts, scenarios, audit), audit, SANDBOX, store);
    }

    /** The audit log {@code log} timed by the sandbox's clock. */
    public static AuditService auditService(AuditLog log) {
        return new AuditService(log, Clock.fixed(SANDBOX_NOW, ZoneOffset.UTC));
    }

    /** The what-if scenarios of {@code store}'s accounts, kept in {@code repository}, audited in {@code audit}. */
    public static PlanScenarios planScenarios(InMemoryFleetStore store, ForecastService forecasts,
                                              ScenarioRepository repository, AuditService audit) {
        return new PlanScenarios(repository, new PlanningService(store, new ProviderRegistry(store),
                forecasts.forecaster()), Clock.fixed(SANDBOX_NOW, ZoneOffset.UTC), audit.trail("operator"));
    }

    private static AccountSnapshot snapshot(Account account, Object[][] rows, Instant now) {
        List<Host> hosts = new ArrayList<>();
        List<MetricSeries> metrics = new ArrayList<>();
        for (Object[] r : rows) {
            String type = (String) r[4];
            String region = (String) r[2];
            hosts.add(new Host((String) r[0], Arrays.asList(((String) r[1]).split(",")), region, (String) r[3], type,
                    CAPACITY.get(type), PRICE.get(type), (String) r[5], (Criticality) r[6], "app"));
            addSeries(metrics, new SeriesId((String) r[0], Metric.CPU), (double) r[7], now);
            addSeries(metrics, new SeriesId((String) r[0], Metric.MEMORY), (double) r[8], now);
        }
        List<InstanceType> types = new ArrayList<>();
        hosts.stream().map(h -> h.region() + "|" + h.instanceType()).distinct().forEach(key -> {
            String[] parts = key.split("\\|");
            types.add(new InstanceType(parts[1], parts[0], CAPACITY.get(parts[1]), PRICE.get(parts[1]),
                    PRICE.get(parts[1]) * 0.4));
        });
        List<Service> services = hosts.stream().flatMap(h -> h.services().stream()).distinct()
                .map(name -> new Service(name, criticalityOf(name), null)).toList();
        return new AccountSnapshot(account, types, hosts, services,
                account.name().equals(SANDBOX) ? SANDBOX_DEPENDENCIES : List.of(), metrics, List.of(), List.of(),
                List.of(), Optional.empty());
    }

    /**
     * Two days of five-minute samples, the last one at {@code now} equal to {@code latest}: a daily
     * wave that dips up to 16 points below it, enough history for the Forecasts page to forecast.
     */
    private static void addSeries(List<MetricSeries> into, SeriesId id, double latest, Instant now) {
        if (Double.isNaN(latest)) {
            return;
        }
        double[] values = new double[2 * 288];
        int last = values.length - 1;
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.max(0, latest - 8 * (1 - Math.cos(2 * Math.PI * (i - last) / 288)));
        }
        Duration step = Duration.ofMinutes(5);
        into.add(new MetricSeries(id, now.minus(step.multipliedBy(last)), step, values));
    }

    private static Criticality criticalityOf(String service) {
        return switch (service) {
            case "checkout", "payments" -> CRITICAL;
            case "cart", "search" -> HIGH;
            case "catalog" -> MEDIUM;
            default -> LOW;
        };
    }
}
