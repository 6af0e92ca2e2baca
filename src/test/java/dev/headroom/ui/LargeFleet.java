package dev.headroom.ui;

import dev.headroom.domain.Account;
import dev.headroom.domain.AccountKind;
import dev.headroom.domain.AccountSnapshot;
import dev.headroom.domain.Capacity;
import dev.headroom.domain.Criticality;
import dev.headroom.domain.Dependency;
import dev.headroom.domain.Host;
import dev.headroom.domain.InstanceType;
import dev.headroom.domain.Metric;
import dev.headroom.domain.MetricSeries;
import dev.headroom.domain.SeriesId;
import dev.headroom.domain.Service;
import dev.headroom.fleet.EventService;
import dev.headroom.graph.GraphService;
import dev.headroom.providers.files.FilesProvider;
import dev.headroom.ui.app.ConsoleBackend;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A retail platform of 64 services for layout tests and the large Dependencies screenshot: ten
 * services nobody calls (storefront, apps, partners, jobs), a GraphQL gateway, some thirty domain
 * services, and shared platform and data services that many call (redis-cache is called by 15,
 * catalog and event-bus by 9 each), as a real shop's graph has them. Each service runs on one to
 * three hosts with two days of five-minute cpu and memory samples, so that the console can
 * forecast it and colour it by load.
 */
public final class LargeFleet {
    public static final String ACCOUNT = "retail-platform";
    public static final Instant NOW = Instant.parse("2026-11-22T18:00:00Z");

    /** Each service, its criticality, and the services it calls. */
    private static final String[] TOPOLOGY = {
            "web-storefront high: graphql-gateway auth feature-flags image-resizer store-locator",
            "mobile-bff high: graphql-gateway auth feature-flags notifications",
            "partner-api medium: auth rate-limiter catalog orders inventory audit-log",
            "admin-console medium: auth user-directory catalog orders reporting promotions audit-log",
            "webhook-gateway medium: rate-limiter payments shipping event-bus",
            "analytics-collector low: kafka clickhouse",
            "graphql-gateway high: catalog product-search cart checkout customer-profile recommendations reviews "
                    + "wishlist rate-limiter auth",
            "catalog high: postgres-catalog redis-cache pricing inventory image-resizer feature-flags",
            "product-search high: elasticsearch catalog pricing feature-flags",
            "recommendations low: ml-feature-store catalog redis-cache",
            "cart high: redis-sessions catalog pricing promotions inventory",
            "checkout critical: cart pricing tax-calculator payments orders shipping-rates fraud-check promotions "
                    + "gift-cards loyalty",
            "orders critical: postgres-orders event-bus inventory invoicing notifications audit-log",
            "payments critical: fraud-check ledger-db currency-rates event-bus audit-log secrets-vault",
            "fraud-check high: ml-feature-store geo-ip redis-cache customer-profile",
            "pricing high: postgres-catalog currency-rates redis-cache config-service",
            "promotions medium: postgres-catalog customer-profile redis-cache feature-flags",
            "inventory high: postgres-orders event-bus redis-cache warehouse-sync",
            "shipping medium: shipping-rates postgres-orders event-bus notifications carrier-adapter",
            "shipping-rates medium: carrier-adapter geo-ip redis-cache",
            "tax-calculator high: geo-ip config-service redis-cache",
            "returns medium: orders payments shipping notifications postgres-orders",
            "customer-profile medium: user-directory postgres-customers redis-cache",
            "loyalty low: customer-profile postgres-customers event-bus",
            "reviews low: mongo-reviews customer-profile catalog moderation",
            "moderation low: ml-feature-store event-bus",
            "wishlist low: redis-cache catalog customer-profile",
            "notifications medium: email-sender sms-sender user-directory config-service event-bus",
            "email-sender medium: template-renderer object-storage",
            "sms-sender low: config-service rate-limiter",
            "template-renderer low: object-storage config-service",
            "invoicing medium: postgres-orders template-renderer object-storage tax-calculator",
            "subscriptions medium: payments customer-profile notifications postgres-customers",
            "gift-cards medium: ledger-db fraud-check",
            "store-locator low: geo-ip postgres-catalog redis-cache",
            "image-resizer low: object-storage",
            "carrier-adapter medium: secrets-vault rate-limiter",
            "warehouse-sync medium: event-bus postgres-orders secrets-vault",
            "auth critical: user-directory session-store secrets-vault audit-log rate-limiter",
            "user-directory high: postgres-customers redis-cache",
            "session-store critical: redis-sessions",
            "feature-flags high: config-service redis-cache",
            "config-service high: secrets-vault",
            "rate-limiter high: redis-cache",
            "audit-log medium: kafka object-storage",
            "event-bus critical: kafka",
            "secrets-vault high:",
            "currency-rates medium: redis-cache",
            "geo-ip low:",
            "search-indexer medium: kafka elasticsearch catalog",
            "reporting low: clickhouse postgres-orders ledger-db",
            "ml-feature-store low: clickhouse object-storage",
            "postgres-catalog high:",
            "postgres-orders critical:",
            "postgres-customers high:",
            "ledger-db critical:",
            "redis-cache high:",
            "redis-sessions critical:",
            "kafka critical:",
            "elasticsearch medium:",
            "object-storage medium:",
            "mongo-reviews low:",
            "clickhouse low:",
            "metrics-gateway medium: kafka rate-limiter",
    };

    private static final Capacity LARGE = new Capacity(8, 32, 12.5, 1000);
    private static final Capacity MEDIUM = new Capacity(4, 16, 10, 800);

    private LargeFleet() {
    }

    /** The services in the order of {@link #TOPOLOGY}, with their criticality. */
    public static List<Service> services() {
        List<Service> out = new ArrayList<>();
        for (String line : TOPOLOGY) {
            String[] head = line.split(":", 2)[0].trim().split(" ");
            out.add(new Service(head[0], Criticality.parse("criticality", head[1]), null));
        }
        return out;
    }

    /** Who calls whom, with a call rate per second that differs from edge to edge. */
    public static List<Dependency> dependencies() {
        List<Dependency> out = new ArrayList<>();
        for (String line : TOPOLOGY) {
            String[] parts = line.split(":", 2);
            String from = parts[0].trim().split(" ")[0];
            for (String to : parts[1].trim().split("\\s+")) {
                if (!to.isEmpty()) {
                    out.add(new Dependency(from, to, rate(from + to), "traffic: istio_requests_total"));
                }
            }
        }
        return out;
    }

    /** 2–900 calls per second, fixed per edge. */
    private static double rate(String key) {
        int h = Math.floorMod(key.hashCode(), 1000);
        return Math.round(2 + Math.pow(h / 1000.0, 2) * 900);
    }

    public static InMemoryFleetStore store() {
        return new InMemoryFleetStore(snapshot());
    }

    static AccountSnapshot snapshot() {
        Account account = new Account(ACCOUNT, AccountKind.FILES, NOW.minus(Duration.ofDays(3)),
                Map.of(FilesProvider.DATA_UNTIL, NOW.toString()));
        List<Host> hosts = new ArrayList<>();
        List<MetricSeries> metrics = new ArrayList<>();
        String[] regions = {"eu-west-1", "us-east-1", "ap-south-1"};
        for (Service s : services()) {
            int h = Math.floorMod(s.name().hashCode(), 1000);
            int count = 1 + h % 3;
            boolean big = s.criticality().score() >= Criticality.HIGH.score();
            for (int i = 0; i < count; i++) {
                String region = regions[i];
                // 10–90 % cpu at the last sample, most services well under 80 %, about the same on a service's hosts
                double cpu = 10 + Math.pow((h * 7 % 100) / 100.0, 1.6) * 76 + 3 * i;
                hosts.add(new Host(s.name() + "-" + (i + 1), List.of(s.name()), region, region + "a",
                        big ? "c6.2xlarge" : "m6.xlarge", big ? LARGE : MEDIUM, big ? 0.34 : 0.192, "1.0." + h % 7,
                        s.criticality(), s.name()));
                metrics.add(series(new SeriesId(s.name() + "-" + (i + 1), Metric.CPU), cpu));
                metrics.add(series(new SeriesId(s.name() + "-" + (i + 1), Metric.MEMORY), 35 + h % 40));
            }
        }
        Map<String, InstanceType> types = new LinkedHashMap<>();
        for (Host host : hosts) {
            types.putIfAbsent(host.region() + host.instanceType(), new InstanceType(host.instanceType(),
                    host.region(), host.capacity(), host.hourlyCostUsd(), host.hourlyCostUsd() * 0.4));
        }
        return new AccountSnapshot(account, List.copyOf(types.values()), hosts, services(), dependencies(), metrics,
                List.of(), List.of(), List.of(), Optional.empty());
    }

    /** Two days of five-minute samples ending at {@link #NOW} at {@code latest}, with a daily wave below it. */
    private static MetricSeries series(SeriesId id, double latest) {
        double[] values = new double[2 * 288];
        int last = values.length - 1;
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.max(0, latest - 10 * (1 - Math.cos(2 * Math.PI * (i - last) / 288)));
        }
        Duration step = Duration.ofMinutes(5);
        return new MetricSeries(id, NOW.minus(step.multipliedBy(last)), step, values);
    }

    /** A backend over a fresh store of this fleet that shows it first and closes the store. */
    public static ConsoleBackend backend() {
        InMemoryFleetStore store = store();
        var forecasts = DemoFleet.forecastService(store);
        var audit = DemoFleet.auditService(new InMemoryAuditLog());
        return ConsoleBackend.of(DemoFleet.fleetService(store), forecasts, new EventService(store), store,
                graphService(store), DemoFleet.planScenarios(store, forecasts, new InMemoryScenarioRepository(), audit),
                audit, ACCOUNT, store);
    }

    public static GraphService graphService(InMemoryFleetStore store) {
        return new GraphService(store, new InMemoryGraphRepository(), Clock.fixed(NOW, ZoneOffset.UTC));
    }
}
