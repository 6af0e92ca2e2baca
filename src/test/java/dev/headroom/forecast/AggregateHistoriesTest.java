package dev.headroom.forecast;

import dev.headroom.domain.Capacity;
import dev.headroom.domain.Criticality;
import dev.headroom.domain.Host;
import dev.headroom.domain.Metric;
import dev.headroom.domain.MetricSeries;
import dev.headroom.domain.SeriesId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class AggregateHistoriesTest {
    static final Instant T0 = Instant.parse("2026-11-20T00:00:00Z");
    static final Duration FIVE = Duration.ofMinutes(5);
    static final double NaN = Double.NaN;

    static Host host(String id, String service, double cores, double networkGbps) {
        return new Host(id, List.of(service), "eu-west-1", "eu-west-1a", "m6.large",
                new Capacity(cores, 8, networkGbps, 500), 0.1, "1.0", Criticality.MEDIUM, "app");
    }

    static MetricSeries series(String host, Metric metric, Instant start, Duration step, double... values) {
        return new MetricSeries(new SeriesId(host, metric), start, step, values);
    }

    @Test
    void weighsEachHostByItsCapacityOfTheResource() {
        List<Host> hosts = List.of(host("big", "web", 16, 10), host("small", "web", 4, 10));
        Map<String, MetricSeries> cpu = Map.of(
                "big", series("big", Metric.CPU, T0, FIVE, 80, 40),
                "small", series("small", Metric.CPU, T0, FIVE, 20, 40));

        History h = AggregateHistories.of("service:web/cpu", hosts, Metric.CPU, cpu).orElseThrow();

        // (16·80 + 4·20) / 20 = 68: the share of the service's cores in use
        assertThat(h.values()).containsExactly(68, 40);
        assertThat(h.start()).isEqualTo(T0);
        assertThat(h.step()).isEqualTo(FIVE);
        assertThat(h.id()).isEqualTo("service:web/cpu");
    }

    @Test
    void missingSamplesAreLeftOutAndTheOthersRenormalised() {
        List<Host> hosts = List.of(host("a", "web", 8, 10), host("b", "web", 2, 10));
        Map<String, MetricSeries> cpu = Map.of(
                "a", series("a", Metric.CPU, T0, FIVE, 50, NaN, NaN),
                "b", series("b", Metric.CPU, T0, FIVE, 10, 30, NaN));

        double[] v = AggregateHistories.of("web", hosts, Metric.CPU, cpu).orElseThrow().values();

        assertThat(v[0]).isEqualTo(42.0);
        assertThat(v[1]).as("only b is present: its own value, not 2/10 of it").isEqualTo(30.0);
        assertThat(v[2]).as("no host present").isNaN();
    }

    @Test
    void unknownCapacityOfAnyHostFallsBackToEqualWeights() {
        List<Host> hosts = List.of(host("a", "web", 8, 0), host("b", "web", 2, 25));
        Map<String, MetricSeries> network = Map.of(
                "a", series("a", Metric.NETWORK, T0, FIVE, 60),
                "b", series("b", Metric.NETWORK, T0, FIVE, 20));

        assertThat(AggregateHistories.of("web", hosts, Metric.NETWORK, network).orElseThrow().values())
                .containsExactly(40);
    }

    @Test
    void seriesOfDifferentStartsAndStepsShareOneGridAtTheFinestStep() {
        List<Host> hosts = List.of(host("fine", "web", 1, 10), host("coarse", "web", 1, 10));
        Map<String, MetricSeries> cpu = Map.of(
                "fine", series("fine", Metric.CPU, T0.plus(FIVE), FIVE, 10, 10, 10, 10),
                "coarse", series("coarse", Metric.CPU, T0, Duration.ofMinutes(15), 40));

        History h = AggregateHistories.of("web", hosts, Metric.CPU, cpu).orElseThrow();

        assertThat(h.start()).isEqualTo(T0);
        assertThat(h.step()).isEqualTo(FIVE);
        // the 15-minute sample covers the first three steps; the fine series starts at the second
        assertThat(h.values()).containsExactly(40, 25, 25, 10, 10);
    }

    @Test
    void hostsWithoutSeriesAreLeftOutAndNoSeriesAtAllGivesNothing() {
        List<Host> hosts = List.of(host("a", "web", 8, 10), host("b", "web", 2, 10));
        Map<String, MetricSeries> cpu = Map.of("b", series("b", Metric.CPU, T0, FIVE, 30));

        assertThat(AggregateHistories.of("web", hosts, Metric.CPU, cpu).orElseThrow().values()).containsExactly(30);
        assertThat(AggregateHistories.of("web", hosts, Metric.CPU, Map.of())).isEmpty();
    }

    @Test
    void hostsOfAServiceIncludeSharedHosts() {
        Host shared = new Host("edge", List.of("cart", "web"), "eu-west-1", "eu-west-1a", "m6.large",
                new Capacity(2, 8, 10, 500), 0.1, "1.0", Criticality.MEDIUM, "app");
        List<Host> hosts = List.of(host("a", "web", 8, 10), host("b", "cart", 2, 10), shared);

        assertThat(AggregateHistories.hostsOf("web", hosts)).extracting(Host::id).containsExactly("a", "edge");
    }

    @Test
    void forecastTrainsOnlyOnSamplesBeforeTheForecastTime() {
        int days = 3;
        double[] y = new double[days * 288 + 24];
        for (int i = 0; i < y.length; i++) {
            y[i] = 50 + 20 * Math.sin(2 * Math.PI * i / 288);
        }
        // samples after the forecast time are actuals; a spike there must not reach the forecast
        Instant at = T0.plus(FIVE.multipliedBy(days * 288L));
        for (int i = days * 288; i < y.length; i++) {
            y[i] = 99;
        }
        History aggregate = new History("fleet/cpu", T0, FIVE, y);

        Forecast f = AggregateHistories.forecast(new CalibratedForecaster(SeasonalNaive.daily(), new IntervalCalibrator()), aggregate, at, Duration.ofHours(1),
                IntervalLevels.DEFAULT);

        assertThat(f.start()).isEqualTo(at);
        assertThat(f.horizon()).isEqualTo(12);
        // seasonal naive repeats the day before: step k is sample (days-1)·288 + k
        for (int k = 0; k < 12; k++) {
            assertThat(f.meanAt(k)).isCloseTo(y[(days - 1) * 288 + k], within(1e-9));
        }
        assertThat(f.lowerOuterAt(0)).isLessThanOrEqualTo(f.lowerInnerAt(0));
        assertThat(f.upperOuterAt(0)).isGreaterThanOrEqualTo(f.upperInnerAt(0));
    }

    @Test
    void forecastOfTooFewSamplesGivesTheReason() {
        double[] y = {50, 51, NaN, 52, 53};
        History aggregate = new History("service:web/cpu", T0, FIVE, y);

        assertThatThrownBy(() -> AggregateHistories.forecast(new CalibratedForecaster(SeasonalNaive.daily(), new IntervalCalibrator()), aggregate,
                T0.plus(FIVE.multipliedBy(5)), Duration.ofHours(1), IntervalLevels.DEFAULT))
                .isInstanceOf(ForecastException.class)
                .hasMessage("only 4 samples in the last 21 days; at least 12 are needed");
    }
}
