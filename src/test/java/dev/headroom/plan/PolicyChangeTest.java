package dev.headroom.plan;

import dev.headroom.domain.Account;
import dev.headroom.domain.AccountKind;
import dev.headroom.domain.AccountSnapshot;
import dev.headroom.domain.Capacity;
import dev.headroom.domain.Criticality;
import dev.headroom.domain.Host;
import dev.headroom.domain.InstanceType;
import dev.headroom.domain.Metric;
import dev.headroom.domain.MetricSeries;
import dev.headroom.domain.Policy;
import dev.headroom.domain.ProgressListener;
import dev.headroom.domain.Release;
import dev.headroom.domain.SeriesId;
import dev.headroom.domain.Service;
import dev.headroom.domain.Slo;
import dev.headroom.domain.Window;
import dev.headroom.forecast.CalibratedForecaster;
import dev.headroom.forecast.Forecaster;
import dev.headroom.forecast.IntervalCalibrator;
import dev.headroom.forecast.SeasonalNaive;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyChangeTest {
    private static final Instant AT = Instant.parse("2026-11-20T00:00:00Z");
    private static final Window WINDOW = new Window(AT.plus(Duration.ofHours(1)), AT.plus(Duration.ofHours(7)));
    private static final Forecaster FORECASTER = new CalibratedForecaster(SeasonalNaive.daily(), new IntervalCalibrator());

    /** web: 6 hosts at ~55 % under the default SLO; db: 4 hosts at ~45 % under a strict SLO (60 %, 75 % healthy). */
    private static final AccountSnapshot FLEET = fleet();

    private static AccountSnapshot fleet() {
        Capacity cap = new Capacity(4, 16, 10, 500);
        List<Host> hosts = new ArrayList<>();
        List<MetricSeries> metrics = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            hosts.add(new Host("web-" + i, List.of("web"), i % 2 == 0 ? "eu-west-1" : "us-east-1", "z", "m5.xlarge", cap,
                    0.19, "1.0", Criticality.HIGH, "app"));
            metrics.add(wave("web-" + i, 55));
        }
        for (int i = 1; i <= 4; i++) {
            hosts.add(new Host("db-" + i, List.of("db"), "eu-west-1", "z", "m5.xlarge", cap, 0.19, "7.0",
                    Criticality.CRITICAL, "db"));
            metrics.add(wave("db-" + i, 45));
        }
        List<InstanceType> types = List.of(new InstanceType("m5.xlarge", "eu-west-1", cap, 0.192, 0.07),
                new InstanceType("m5.xlarge", "us-east-1", cap, 0.192, 0.07));
        List<Service> services = List.of(new Service("web", Criticality.HIGH, null),
                new Service("db", Criticality.CRITICAL, new Slo(0.6, 0.75)));
        return new AccountSnapshot(new Account("demo", AccountKind.FILES, AT, Map.of()), types, hosts, services,
                List.of(), metrics, List.of(new Release("web", "1.1", List.of(), false),
                new Release("db", "7.1", List.of(), false)), List.of(), List.of(), Optional.empty());
    }

    private static MetricSeries wave(String host, double level) {
        double[] v = new double[3 * 288];
        for (int i = 0; i < v.length; i++) {
            v[i] = level + 12 * Math.sin(2 * Math.PI * i / 288);
        }
        Duration step = Duration.ofMinutes(5);
        return new MetricSeries(new SeriesId(host, Metric.CPU), AT.minus(step.multipliedBy(v.length)), step, v);
    }

    private static Policy policy(double margin, double minHealthy, double maxBatch) {
        Policy d = Policy.DEFAULT;
        return new Policy(Optional.of(WINDOW), margin, d.criticalityWeight(), d.capacityWeight(), maxBatch,
                2, minHealthy, d.rollbackThreshold(), d.stabilizationMinutes(), d.spotAllowed(), d.budgetUsd(),
                d.forecastQuantile());
    }

    private static PlanningProblem build(Policy p) {
        return ProblemBuilder.build("demo", FLEET, p, AT, FORECASTER, ProgressListener.NONE);
    }

    private static Map<String, Slo> slos() {
        Map<String, Slo> out = new HashMap<>();
        FLEET.services().forEach(s -> out.put(s.name(), s.slo()));
        return out;
    }

    @Test
    void limitsAndMinHealthyMatchAProblemBuiltUnderTheNewPolicy() {
        PlanningProblem built = build(policy(0.2, 0.5, 0.25));
        Policy next = policy(0.35, 0.3, 0.5);

        PlanningProblem changed = PolicyChange.apply(built, next, slos());
        PlanningProblem fresh = build(next);

        for (String s : List.of("web", "db")) {
            assertThat(changed.demands().get(s).limit()).isEqualTo(fresh.demands().get(s).limit());
            assertThat(changed.demands().get(s).minHealthyFraction()).isEqualTo(fresh.demands().get(s).minHealthyFraction());
            assertThat(changed.demands().get(s).demandCores()).isEqualTo(built.demands().get(s).demandCores());
        }
        assertThat(changed.demands().get("web").limit()).isEqualTo(0.65);
        assertThat(changed.demands().get("db").limit()).as("the SLO is stricter than 1 − margin").isEqualTo(0.6);
        assertThat(changed.demands().get("db").minHealthyFraction()).as("the SLO's 75 % beats the policy's 30 %")
                .isEqualTo(0.75);
        assertThat(changed.policy()).isEqualTo(fresh.policy());
    }

    @Test
    void planningTheChangedProblemGivesThePlanOfAFreshBuild() {
        Policy next = policy(0.1, 0.4, 0.5);

        Plan changed = new HeuristicPlanner().plan(PolicyChange.apply(build(policy(0.3, 0.5, 0.25)), next, slos()));
        Plan fresh = new HeuristicPlanner().plan(build(next));

        assertThat(fresh.batches()).isNotEmpty();
        assertThat(changed.batches()).isEqualTo(fresh.batches());
        assertThat(changed.summary()).isEqualTo(fresh.summary());
    }

    @Test
    void aNewWindowOrQuantileNeedsAFreshForecast() {
        PlanningProblem built = build(policy(0.2, 0.5, 0.25));
        Policy p = policy(0.2, 0.5, 0.25);
        Policy later = p.withWindow(new Window(WINDOW.start().plus(Duration.ofHours(1)), WINDOW.end()));
        Policy q99 = new Policy(p.window(), p.safetyMargin(), p.criticalityWeight(), p.capacityWeight(),
                p.maxBatchFraction(), p.maxConcurrentRegions(), p.minHealthyFraction(), p.rollbackThreshold(),
                p.stabilizationMinutes(), p.spotAllowed(), p.budgetUsd(), 0.99);

        assertThat(PolicyChange.reusable(built, p)).isTrue();
        assertThat(PolicyChange.reusable(built, later)).isFalse();
        assertThat(PolicyChange.reusable(built, q99)).isFalse();
        assertThatThrownBy(() -> PolicyChange.apply(built, q99, slos())).isInstanceOf(IllegalArgumentException.class);
    }
}
