package dev.headroom.forecast;

import dev.headroom.domain.Capacity;
import dev.headroom.domain.Criticality;
import dev.headroom.domain.Host;
import dev.headroom.domain.Metric;
import dev.headroom.domain.SeriesId;
import dev.headroom.domain.Service;
import dev.headroom.domain.Window;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LoadScoresTest {
    static final Instant T0 = Instant.parse("2026-11-23T00:00:00Z");
    static final Duration STEP = Duration.ofMinutes(5);

    static Host host(String id, String service, double cores, Criticality c) {
        return new Host(id, List.of(service), "eu-west-1", "eu-west-1a", "m5.large", new Capacity(cores, 8, 0, 0),
                0.1, "v1", c, "");
    }

    /** A forecast whose 95 % upper bound is {@code upper} at every step and whose 80 % bound is half-way. */
    static Forecast flat(String series, double mean, double upper, int steps) {
        double[] m = new double[steps];
        double[] u95 = new double[steps];
        double[] u80 = new double[steps];
        double[] l = new double[steps];
        for (int k = 0; k < steps; k++) {
            m[k] = mean;
            u95[k] = upper;
            u80[k] = (mean + upper) / 2;
            l[k] = 0;
        }
        return new Forecast(series, T0, STEP, m, l, u80, l, u95, IntervalLevels.DEFAULT, "test", "", Double.NaN);
    }

    @Test
    void loadScoreIsTheBusiestMetricAtTheBusiestStepInsideTheWindow() {
        Host web = host("web-1", "frontend", 4, Criticality.MEDIUM);
        Map<SeriesId, Forecast> forecasts = new HashMap<>();
        double[] cpu = new double[12];
        for (int k = 0; k < 12; k++) {
            cpu[k] = k == 2 ? 99 : 30 + k; // the spike at step 2 is before the window
        }
        forecasts.put(new SeriesId("web-1", Metric.CPU), new Forecast("web-1/cpu", T0, STEP, cpu, cpu, cpu, cpu, cpu,
                IntervalLevels.DEFAULT, "test", "", Double.NaN));
        forecasts.put(new SeriesId("web-1", Metric.MEMORY), flat("web-1/memory", 40, 45, 12));
        Window window = new Window(T0.plus(STEP.multipliedBy(4)), T0.plus(STEP.multipliedBy(10)));

        var score = LoadScores.hosts(List.of(web), List.of(new Service("frontend", Criticality.HIGH, null)), forecasts,
                window, 0.975).get(0);

        assertThat(score.loadScore()).isCloseTo(45.0, within(1e-6)); // memory's 45 beats cpu's 39 at step 9
        assertThat(score.peakMetric()).isEqualTo(Metric.MEMORY);
        assertThat(score.capacity()).isCloseTo(55.0, within(1e-6));
        assertThat(score.criticalityScore()).isEqualTo(75.0); // the service's high beats the host's medium
    }

    @Test
    void hostWithoutForecastIsUnknownNotZero() {
        var score = LoadScores.hosts(List.of(host("db-1", "db", 8, Criticality.CRITICAL)), List.of(), Map.of(),
                new Window(T0, T0.plusSeconds(3600)), 0.95).get(0);
        assertThat(score.known()).isFalse();
        assertThat(score.capacity()).isNaN();
        assertThat(score.criticalityScore()).isEqualTo(100.0);
    }

    @Test
    void scoresAreClampedToPercentages() {
        Host h = host("web-1", "frontend", 4, Criticality.LOW);
        var score = LoadScores.hosts(List.of(h), List.of(), Map.of(new SeriesId("web-1", Metric.CPU),
                flat("web-1/cpu", 90, 130, 4)), new Window(T0, T0.plusSeconds(3600)), 0.975).get(0);
        assertThat(score.loadScore()).isCloseTo(100.0, within(1e-6));
        assertThat(score.capacity()).isCloseTo(0.0, within(1e-6));
    }

    @Test
    void serviceLoadAddsCoresTimesUtilisationAcrossItsHosts() {
        List<Host> hosts = List.of(host("a", "cart", 4, Criticality.HIGH), host("b", "cart", 2, Criticality.HIGH),
                host("c", "cart", 2, Criticality.HIGH));
        Map<SeriesId, Forecast> forecasts = Map.of(
                new SeriesId("a", Metric.CPU), flat("a/cpu", 40, 50, 6),
                new SeriesId("b", Metric.CPU), flat("b/cpu", 80, 100, 6));
        var load = LoadScores.services(hosts, List.of(new Service("cart", Criticality.HIGH, null)), forecasts,
                new Window(T0, T0.plusSeconds(3600)), 0.975).get(0);
        assertThat(load.capacityCores()).isEqualTo(8.0);
        assertThat(load.peakLoadCores()).isCloseTo(4 * 0.5 + 2 * 1.0, within(1e-9));
        assertThat(load.peakUtilisation()).isCloseTo(0.5, within(1e-9));
        assertThat(load.hostsWithoutForecast()).isEqualTo(1);
        assertThat(load.peakAt()).isEqualTo(T0);
    }

    @Test
    void propagatedCriticalityTakesThePlaceOfTheServicesOwnAndTheHostsOwnStillCounts() {
        Host cache = host("redis-1", "redis", 2, Criticality.LOW);
        Host web = host("web-1", "frontend", 2, Criticality.HIGH);
        List<Service> services = List.of(new Service("redis", Criticality.LOW, null),
                new Service("frontend", Criticality.LOW, null));
        Window window = new Window(T0, T0.plusSeconds(3600));

        var own = LoadScores.hosts(List.of(cache, web), services, Map.of(), window, 0.95);
        var propagated = LoadScores.hosts(List.of(cache, web), services, Map.of("redis", 0.9, "frontend", 0.25),
                Map.of(), window, 0.95);

        assertThat(own.get(0).criticalityScore()).isEqualTo(25.0);
        assertThat(propagated.get(0).criticalityScore()).isCloseTo(90.0, within(1e-9));
        assertThat(propagated.get(1).criticalityScore()).as("the host's own high").isEqualTo(75.0);
    }
}
