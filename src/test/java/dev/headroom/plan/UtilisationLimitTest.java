package dev.headroom.plan;

import dev.headroom.domain.Account;
import dev.headroom.domain.AccountKind;
import dev.headroom.domain.AccountSnapshot;
import dev.headroom.domain.Capacity;
import dev.headroom.domain.Criticality;
import dev.headroom.domain.Host;
import dev.headroom.domain.Metric;
import dev.headroom.domain.MetricSeries;
import dev.headroom.domain.Policy;
import dev.headroom.domain.ProgressListener;
import dev.headroom.domain.Release;
import dev.headroom.domain.ResponseTime;
import dev.headroom.domain.SeriesId;
import dev.headroom.domain.Service;
import dev.headroom.domain.Slo;
import dev.headroom.forecast.Forecasters;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class UtilisationLimitTest {
    private static final Slo RT_60_40 = new Slo(0.9, 0.5).withResponseTime(new ResponseTime(60, 40));

    @Test
    void withoutAResponseTimeTheLimitIsTheSaferOfMarginAndSlo() {
        assertThat(UtilisationLimit.of(Policy.DEFAULT, new Slo(0.9, 0.5), 4)).isEqualTo(new UtilisationLimit(0.8, ""));
        assertThat(UtilisationLimit.of(Policy.DEFAULT, new Slo(0.7, 0.5), 4)).isEqualTo(new UtilisationLimit(0.7, ""));
    }

    @Test
    void aTightResponseTimeLowersTheLimitAndSaysWhy() {
        // 60 ms at 40 ms per request on 4 cores: R(0.7474) = 60 ms, under the margin's 0.8
        UtilisationLimit l = UtilisationLimit.of(Policy.DEFAULT, RT_60_40, 4);
        assertThat(l.value()).isEqualTo(QueueingModel.utilisationLimit(4, 60, 40)).isCloseTo(0.7474, within(1e-4));
        assertThat(l.reason()).isEqualTo("response time 60 ms at 40 ms per request on 4 cores ⇒ utilisation ≤ 0.747");
        assertThat(UtilisationLimit.of(Policy.DEFAULT, new Slo(0.9, 0.5)
                .withResponseTime(new ResponseTime(2.5, 0.5)), 1).reason())
                .isEqualTo("response time 2.5 ms at 0.5 ms per request on 1 core ⇒ utilisation ≤ 0.800");
    }

    @Test
    void aLooseResponseTimeLeavesThePlainLimit() {
        // 120 ms at 40 ms on 4 cores allows 0.90; the margin's 0.8 binds first
        assertThat(UtilisationLimit.of(Policy.DEFAULT, new Slo(0.9, 0.5).withResponseTime(new ResponseTime(120, 40)), 4))
                .isEqualTo(new UtilisationLimit(0.8, ""));
    }

    @Test
    void typicalCoresAreTheMostCommonTheSmallerOnATie() {
        assertThat(UtilisationLimit.typicalCores(4, 4, 8, 4, 16)).isEqualTo(4);
        assertThat(UtilisationLimit.typicalCores(8, 8, 4, 4)).isEqualTo(4);
        assertThat(UtilisationLimit.typicalCores(2.5, 2.9, 0.5)).isEqualTo(2);
        assertThat(UtilisationLimit.typicalCores(0.25)).isEqualTo(1);
        assertThat(UtilisationLimit.typicalCores()).isEqualTo(1);
    }

    @Test
    void theProblemBuilderAppliesTheResponseTimeOnTheTypicalHost() {
        Instant t0 = Instant.parse("2026-11-20T00:00:00Z");
        Instant at = t0.plus(Duration.ofDays(2));
        List<Host> hosts = new ArrayList<>();
        List<MetricSeries> metrics = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            double cores = i == 5 ? 8 : 4; // four of 4 cores, one of 8: typical is 4
            hosts.add(host("web-" + i, "web", cores));
            hosts.add(host("api-" + i, "api", cores));
        }
        for (Host h : hosts) {
            double[] v = new double[2 * 288];
            for (int k = 0; k < v.length; k++) {
                v[k] = 40 + 10 * Math.sin(2 * Math.PI * k / 288);
            }
            metrics.add(new MetricSeries(new SeriesId(h.id(), Metric.CPU), t0, Duration.ofMinutes(5), v));
        }
        AccountSnapshot snapshot = new AccountSnapshot(new Account("t", AccountKind.FILES, t0, Map.of()), List.of(),
                hosts, List.of(new Service("web", Criticality.HIGH, RT_60_40),
                new Service("api", Criticality.HIGH, new Slo(0.9, 0.5))), List.of(), metrics,
                List.of(new Release("web", "v2", List.of(), false)), List.of(), List.of(), Optional.empty());
        PlanningProblem p = ProblemBuilder.build("t", snapshot, Policy.DEFAULT, at, Forecasters.standard(),
                ProgressListener.NONE);
        assertThat(p.demands().get("web").limit()).isEqualTo(QueueingModel.utilisationLimit(4, 60, 40));
        assertThat(p.demands().get("web").limitReason()).contains("on 4 cores");
        assertThat(p.demands().get("web").limitNote())
                .startsWith(" (its limit comes from its response-time SLO, which safety_margin does not relax: ");
        assertThat(p.notes()).containsExactly("web's utilisation limit comes from its response-time SLO: response time "
                + "60 ms at 40 ms per request on 4 cores ⇒ utilisation ≤ 0.747.");
        assertThat(p.demands().get("api").limit()).isEqualTo(0.8);
        assertThat(p.demands().get("api").limitReason()).isEmpty();
        assertThat(p.demands().get("api").limitNote()).isEmpty();
    }

    private static Host host(String id, String service, double cores) {
        return new Host(id, List.of(service), "eu", "eu-a", "m5", new Capacity(cores, 16, 0, 0), 0.2, "v1",
                Criticality.HIGH, "");
    }
}
