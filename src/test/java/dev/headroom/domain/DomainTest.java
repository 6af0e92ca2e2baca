package dev.headroom.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static dev.headroom.domain.DomainTestData.T0;
import static dev.headroom.domain.DomainTestData.capacity;
import static dev.headroom.domain.DomainTestData.host;
import static dev.headroom.domain.DomainTestData.series;
import static dev.headroom.domain.DomainTestData.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DomainTest {

    @Test
    void hostRejectsIdWithSpacesAndNamesTheField() {
        assertThatThrownBy(() -> host("web 1", "frontend"))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.field()).isEqualTo("host_id"))
                .hasMessageContaining("\"web 1\" is not a valid identifier");
    }

    @Test
    void hostNeedsAtLeastOneServiceAndNoDuplicates() {
        assertThatThrownBy(() -> new Host("h1", List.of(), "r", "z", "t", capacity(), 1, "v1", Criticality.LOW, ""))
                .hasMessageContaining("runs no service");
        assertThatThrownBy(() -> new Host("h1", List.of("a", "a"), "r", "z", "t", capacity(), 1, "v1",
                Criticality.LOW, "")).hasMessageContaining("lists a service twice");
    }

    @Test
    void hostCopiesItsServiceList() {
        var services = new java.util.ArrayList<>(List.of("a"));
        Host h = new Host("h1", services, "r", "z", "t", capacity(), 1, "v1", Criticality.LOW, null);
        services.add("b");
        assertThat(h.services()).containsExactly("a");
        assertThat(h.role()).isEmpty();
    }

    @Test
    void capacityMustBePositiveForCpuAndMemory() {
        assertThatThrownBy(() -> new Capacity(0, 1, 0, 0)).hasMessageStartingWith("cpu_cores:");
        assertThatThrownBy(() -> new Capacity(1, Double.NaN, 0, 0)).hasMessageStartingWith("memory_gib:");
        assertThat(new Capacity(1, 2, 0, 0).plus(new Capacity(3, 4, 1, 1)).of(Metric.MEMORY)).isEqualTo(6);
    }

    @Test
    void spotPriceAboveOnDemandIsRejected() {
        assertThatThrownBy(() -> new InstanceType("m5.large", "us-east-1", capacity(), 0.096, 0.2))
                .hasMessageContaining("spot price 0.2 is above the on-demand price 0.096");
    }

    @Test
    void criticalityParsesWordsAndRejectsOthers() {
        assertThat(Criticality.parse("criticality", " Critical ")).isEqualTo(Criticality.CRITICAL);
        assertThatThrownBy(() -> Criticality.parse("criticality", "urgent"))
                .hasMessage("criticality: \"urgent\" is not a criticality (use low, medium, high or critical)");
        assertThat(Criticality.LOW.score()).isLessThan(Criticality.CRITICAL.score());
    }

    @Test
    void seriesIdRoundTripsThroughText() {
        SeriesId id = SeriesId.parse("series_id", "use1-web-01/memory");
        assertThat(id).isEqualTo(new SeriesId("use1-web-01", Metric.MEMORY));
        assertThat(id.toString()).isEqualTo("use1-web-01/memory");
        assertThatThrownBy(() -> SeriesId.parse("series_id", "web-01")).hasMessageContaining("is not <host_id>/<metric>");
        assertThatThrownBy(() -> SeriesId.parse("series_id", "web-01/gpu")).hasMessageContaining("is not a metric");
    }

    @Test
    void metricSeriesIsImmutableAndKeepsGaps() {
        double[] values = {1, Double.NaN, 3};
        MetricSeries s = series("h1", values);
        values[0] = 99;
        s.values()[2] = 99;
        assertThat(s.value(0)).isEqualTo(1);
        assertThat(s.value(2)).isEqualTo(3);
        assertThat(s.gaps()).isEqualTo(1);
        assertThat(s.end()).isEqualTo(T0.plusSeconds(900));
    }

    @Test
    void metricSeriesRejectsInfiniteValuesAndFractionalSteps() {
        assertThatThrownBy(() -> series("h1", 1, Double.POSITIVE_INFINITY)).hasMessageContaining("is infinite");
        assertThatThrownBy(() -> new MetricSeries(new SeriesId("h1", Metric.CPU), T0, Duration.ofMillis(1500),
                new double[0])).hasMessageContaining("whole number of seconds");
    }

    @Test
    void latestSkipsGapsAndIgnoresTheFuture() {
        MetricSeries s = series("h1", 10, 20, Double.NaN, 40);
        assertThat(s.latestAt(T0.plusSeconds(600 + 299))).isEqualTo(20);
        assertThat(s.latestAt(T0.plusSeconds(10_000))).isEqualTo(40);
        assertThat(s.latestAt(T0.minusSeconds(1))).isNaN();
    }

    @Test
    void sliceKeepsSamplesInHalfOpenRange() {
        MetricSeries s = series("h1", 0, 1, 2, 3, 4);
        MetricSeries part = s.slice(T0.plusSeconds(300), T0.plusSeconds(900));
        assertThat(part.values()).containsExactly(1, 2);
        assertThat(part.start()).isEqualTo(T0.plusSeconds(300));
        assertThat(s.slice(T0.plusSeconds(5000), T0.plusSeconds(6000)).size()).isZero();
    }

    @Test
    void policyDefaultsAreValidAndBadKnobsNameTheField() {
        assertThat(Policy.DEFAULT.safetyMargin()).isEqualTo(0.20);
        assertThatThrownBy(() -> new Policy(Optional.empty(), 1.0, 0.6, 0.4, 0.25, 1, 0.5, 0.1, 15, true,
                Optional.empty(), 0.95)).hasMessageStartingWith("safety_margin:");
        assertThatThrownBy(() -> new Policy(Optional.empty(), 0.2, 0.6, 0.4, 0.25, 0, 0.5, 0.1, 15, true,
                Optional.empty(), 0.95)).hasMessageStartingWith("max_concurrent_regions:");
        assertThatThrownBy(() -> new Policy(Optional.empty(), 0.2, 0.6, 0.4, 0.25, 1, 0.5, 0.1, 15, true,
                Optional.of(-5.0), 0.95)).hasMessageStartingWith("budget_usd:");
        assertThatThrownBy(() -> new Policy(Optional.empty(), 0.2, 0.6, 0.4, 0.25, 1, 0.5, 0.1, 15, true,
                Optional.empty(), 0.3)).hasMessageStartingWith("forecast_quantile:");
    }

    @Test
    void windowMustEndAfterItStarts() {
        assertThatThrownBy(() -> new Window(T0, T0)).hasMessageStartingWith("window.end:");
    }

    @Test
    void updateRecordRejectsFinishBeforeStartAndPeakOutOfRange() {
        assertThatThrownBy(() -> new UpdateRecord("h1", "s", "v1", "v2", T0, T0.minusSeconds(1), 50,
                UpdateOutcome.SUCCEEDED)).hasMessageStartingWith("finished:");
        assertThatThrownBy(() -> new UpdateRecord("h1", "s", "v1", "v2", T0, T0, 150, UpdateOutcome.SUCCEEDED))
                .hasMessageStartingWith("peak_cpu:");
        assertThat(new UpdateRecord("h1", "s", "v1", "v2", T0, T0.plusSeconds(90), 50, UpdateOutcome.FAILED)
                .duration()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void dependencyCannotPointAtItself() {
        assertThatThrownBy(() -> new Dependency("cart", "cart", 1, "")).hasMessageContaining("cannot depend on itself");
    }

    @Test
    void snapshotRejectsDanglingReferences() {
        Service frontend = new Service("frontend", Criticality.HIGH, null);
        assertThatThrownBy(() -> snapshot(List.of(host("h1", "cart")), List.of(frontend), List.of(), List.of()))
                .hasMessageContaining("host h1 runs unknown service cart");
        assertThatThrownBy(() -> snapshot(List.of(host("h1", "frontend")), List.of(frontend),
                List.of(new Dependency("frontend", "cart", 1, "")), List.of()))
                .hasMessageContaining("unknown service cart");
        assertThatThrownBy(() -> snapshot(List.of(host("h1", "frontend")), List.of(frontend), List.of(),
                List.of(series("h2", 1)))).hasMessageContaining("unknown host h2");
        assertThatThrownBy(() -> snapshot(List.of(host("h1", "frontend"), host("h1", "frontend")), List.of(frontend),
                List.of(), List.of())).hasMessageContaining("host h1 is defined twice");
    }

    @Test
    void eventScopeMustBeServiceRegionOrStar() {
        Service frontend = new Service("frontend", Criticality.HIGH, null);
        Instant end = T0.plusSeconds(3600);
        var ok = List.of(new ScheduledEvent("campaign", T0, end, "frontend", 1.4),
                new ScheduledEvent("sale", T0, end, "eu-west-1", 1.2), new ScheduledEvent("x", T0, end, "*", 1.1));
        assertThat(new AccountSnapshot(DomainTestData.account(), List.of(), List.of(host("h1", "frontend")),
                List.of(frontend), List.of(), List.of(), List.of(), List.of(), ok, Optional.empty()).events()).hasSize(3);
        assertThatThrownBy(() -> new AccountSnapshot(DomainTestData.account(), List.of(),
                List.of(host("h1", "frontend")), List.of(frontend), List.of(), List.of(), List.of(), List.of(),
                List.of(new ScheduledEvent("x", T0, end, "mars", 2)), Optional.empty()))
                .hasMessageContaining("neither a service, a region nor *");
    }

    @Test
    void responseTimeTargetMustExceedTheServiceTime() {
        assertThat(new Slo(0.8, 0.5).responseTime()).isEmpty();
        Slo slo = new Slo(0.8, 0.5).withResponseTime(new ResponseTime(120, 40));
        assertThat(slo.responseTime()).contains(new ResponseTime(120, 40));
        assertThatThrownBy(() -> new ResponseTime(40, 40))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.field()).isEqualTo("response_time_ms"))
                .hasMessageContaining("40 ms must be more than service_time_ms 40 ms");
        assertThatThrownBy(() -> new ResponseTime(Double.POSITIVE_INFINITY, 40))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.field()).isEqualTo("response_time_ms"));
        assertThatThrownBy(() -> new ResponseTime(50, 0))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.field()).isEqualTo("service_time_ms"));
        assertThatThrownBy(() -> new ResponseTime(50, Double.NaN))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.field()).isEqualTo("service_time_ms"));
    }
}
