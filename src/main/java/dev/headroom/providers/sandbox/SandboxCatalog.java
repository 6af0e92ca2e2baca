package dev.headroom.providers.sandbox;

import dev.headroom.domain.Capacity;
import dev.headroom.domain.Criticality;
import dev.headroom.domain.ResponseTime;
import dev.headroom.domain.Slo;

import java.util.List;

/**
 * The fixed part of the sandbox world: regions, machine sizes and the services of the online
 * shop (modelled on Google's online-boutique demo) with the calls between them. Everything random
 * is decided by the generator from the seed; this class only holds the facts it draws on.
 */
final class SandboxCatalog {

    /**
     * A region of the simulated cloud.
     *
     * @param utcOffsetHours  fixed offset of the region's customers, without daylight saving so
     *                        that the daily pattern repeats exactly every 24 hours
     * @param trafficShare    fraction of the shop's customers served from this region
     * @param priceMultiplier on-demand price relative to us-east-1, as on the public price lists
     */
    record Region(String name, String shortName, int utcOffsetHours, double trafficShare, double priceMultiplier) {
        List<String> zones() {
            return List.of(name + "a", name + "b");
        }
    }

    /** A machine size with its us-east-1 on-demand price; network and disk are baseline, not burst, rates. */
    record Size(String name, double cores, double memoryGib, double networkGbps, double diskMBps, double usEastHourlyUsd) {
        Capacity capacity() {
            return new Capacity(cores, memoryGib, networkGbps, diskMBps);
        }
    }

    /** How a service's load moves over the day, and the role its hosts play. */
    enum Profile {
        /** Customer-facing pages: evening peak, weekend evenings higher still. */
        WEB("web"),
        /** Internal request/response services called on behalf of the web tier. */
        API("api"),
        /** Queue consumers with an hourly batch job on top of the order-driven load. */
        WORKER("worker"),
        /** In-memory cache that fills during the day and is purged nightly. */
        CACHE("cache"),
        /** Order database: memory high and flat, a nightly vacuum and backup. */
        DATABASE("db");

        final String role;

        Profile(String role) {
            this.role = role;
        }
    }

    /**
     * A service of the shop.
     *
     * @param replicaWeight  share of the fleet's hosts, proportional to the service's load
     * @param growthPerWeek  relative growth of the load per week (the slow trend)
     * @param cpuIdle        cpu percent with no traffic
     * @param cpuAtPeak      cpu percent at the weekday evening peak
     * @param memoryBase     memory percent of a freshly started replica
     * @param updateMinutes  typical time to update one host by a patch release
     */
    record ServiceSpec(String name, Criticality criticality, Slo slo, Profile profile, String size,
                       double replicaWeight, double growthPerWeek, double cpuIdle, double cpuAtPeak,
                       double memoryBase, String version, double updateMinutes) {
    }

    /** {@code from} makes {@code callsPerCall} calls to {@code to} for each call it receives. */
    record Call(String from, String to, double callsPerCall) {
    }

    static final List<Region> REGIONS = List.of(
            new Region("us-east-1", "use1", -5, 0.45, 1.00),
            new Region("eu-west-1", "euw1", 1, 0.33, 1.12),
            new Region("ap-southeast-1", "apse1", 8, 0.22, 1.20));

    static final List<Size> SIZES = List.of(
            new Size("m5.large", 2, 8, 0.75, 81.25, 0.096),
            new Size("m5.xlarge", 4, 16, 1.25, 143.75, 0.192),
            new Size("m5.2xlarge", 8, 32, 2.5, 287.5, 0.384),
            new Size("m5.4xlarge", 16, 64, 5, 593.75, 0.768),
            new Size("c5.large", 2, 4, 0.75, 81.25, 0.085),
            new Size("c5.xlarge", 4, 8, 1.25, 143.75, 0.170),
            new Size("c5.2xlarge", 8, 16, 2.5, 287.5, 0.340),
            new Size("c5.4xlarge", 16, 32, 5, 593.75, 0.680),
            new Size("r5.large", 2, 16, 0.75, 81.25, 0.126),
            new Size("r5.xlarge", 4, 32, 1.25, 143.75, 0.252),
            new Size("r5.2xlarge", 8, 64, 2.5, 287.5, 0.504),
            new Size("r5.4xlarge", 16, 128, 5, 593.75, 1.008));

    private static final Slo CRITICAL_SLO = new Slo(0.70, 0.75);
    private static final Slo HIGH_SLO = new Slo(0.75, 0.66);
    private static final Slo MEDIUM_SLO = new Slo(0.80, 0.5);
    private static final Slo LOW_SLO = new Slo(0.85, 0.34);
    /**
     * The shop's pages: a mean response time of 55 ms where rendering one takes 40 ms of one core.
     * On the frontend's 4-core hosts the M/M/c model allows utilisation up to 0.707, under the
     * 0.75 of its criticality, so the demo shows a limit that comes from a response time.
     */
    private static final Slo FRONTEND_SLO = HIGH_SLO.withResponseTime(new ResponseTime(55, 40));

    static final String FRONTEND = "frontend";
    static final String CART = "cartservice";
    static final String CHECKOUT = "checkoutservice";
    static final String CATALOG = "productcatalogservice";
    static final String PAYMENT = "paymentservice";
    static final String SHIPPING = "shippingservice";
    static final String CURRENCY = "currencyservice";
    static final String EMAIL = "emailservice";
    static final String RECOMMENDATION = "recommendationservice";
    static final String AD = "adservice";
    static final String REDIS = "redis-cart";
    static final String POSTGRES = "postgres-orders";

    static final List<ServiceSpec> SERVICES = List.of(
            new ServiceSpec(FRONTEND, Criticality.HIGH, FRONTEND_SLO, Profile.WEB, "c5.xlarge",
                    0.16, 0.04, 6, 50, 38, "v2.8.3", 4),
            new ServiceSpec(CART, Criticality.HIGH, HIGH_SLO, Profile.API, "c5.large",
                    0.09, 0.04, 5, 46, 42, "v2.4.1", 4),
            new ServiceSpec(CHECKOUT, Criticality.CRITICAL, CRITICAL_SLO, Profile.API, "m5.large",
                    0.07, 0.05, 5, 42, 36, "v3.2.0", 5),
            new ServiceSpec(CATALOG, Criticality.HIGH, HIGH_SLO, Profile.API, "m5.xlarge",
                    0.11, 0.03, 6, 48, 45, "v1.12.4", 5),
            new ServiceSpec(PAYMENT, Criticality.CRITICAL, CRITICAL_SLO, Profile.API, "m5.large",
                    0.05, 0.05, 4, 38, 34, "v4.1.2", 6),
            new ServiceSpec(SHIPPING, Criticality.MEDIUM, MEDIUM_SLO, Profile.API, "c5.large",
                    0.05, 0.02, 4, 40, 30, "v2.3.1", 4),
            new ServiceSpec(CURRENCY, Criticality.MEDIUM, MEDIUM_SLO, Profile.API, "c5.large",
                    0.09, 0.02, 5, 52, 28, "v1.6.0", 3),
            new ServiceSpec(EMAIL, Criticality.LOW, LOW_SLO, Profile.WORKER, "m5.large",
                    0.04, 0.01, 3, 30, 33, "v1.3.7", 4),
            new ServiceSpec(RECOMMENDATION, Criticality.MEDIUM, MEDIUM_SLO, Profile.API, "m5.xlarge",
                    0.09, 0.06, 6, 55, 52, "v2.0.5", 6),
            new ServiceSpec(AD, Criticality.LOW, LOW_SLO, Profile.API, "c5.large",
                    0.06, 0.01, 4, 44, 31, "v2.9.1", 3),
            new ServiceSpec(REDIS, Criticality.HIGH, HIGH_SLO, Profile.CACHE, "r5.xlarge",
                    0.07, 0.03, 3, 28, 30, "7.0.15", 12),
            new ServiceSpec(POSTGRES, Criticality.CRITICAL, CRITICAL_SLO, Profile.DATABASE, "r5.2xlarge",
                    0.07, 0.03, 8, 45, 80, "15.5.0", 30));

    /** The online-boutique call graph; every path starts at the frontend, so it has no cycle. */
    static final List<Call> CALLS = List.of(
            new Call(FRONTEND, CART, 0.6),
            new Call(FRONTEND, CATALOG, 1.6),
            new Call(FRONTEND, CURRENCY, 2.2),
            new Call(FRONTEND, RECOMMENDATION, 0.5),
            new Call(FRONTEND, SHIPPING, 0.15),
            new Call(FRONTEND, CHECKOUT, 0.03),
            new Call(FRONTEND, AD, 0.5),
            new Call(CHECKOUT, CART, 2),
            new Call(CHECKOUT, CATALOG, 2.5),
            new Call(CHECKOUT, CURRENCY, 3),
            new Call(CHECKOUT, SHIPPING, 2),
            new Call(CHECKOUT, PAYMENT, 1),
            new Call(CHECKOUT, EMAIL, 1),
            new Call(CHECKOUT, POSTGRES, 3),
            new Call(CART, REDIS, 2),
            new Call(RECOMMENDATION, CATALOG, 1),
            new Call(CATALOG, POSTGRES, 0.1));

    private SandboxCatalog() {
    }
}
