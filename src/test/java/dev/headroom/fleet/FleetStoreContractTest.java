package dev.headroom.fleet;

import dev.headroom.domain.Account;
import dev.headroom.domain.AccountKind;
import dev.headroom.domain.AccountSnapshot;
import dev.headroom.domain.Metric;
import dev.headroom.domain.MetricSeries;
import dev.headroom.domain.Policy;
import dev.headroom.domain.ResponseTime;
import dev.headroom.domain.SeriesId;
import dev.headroom.domain.HeadroomException;
import dev.headroom.domain.ScheduledEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static dev.headroom.fleet.StoreTestData.METRICS_START;
import static dev.headroom.fleet.StoreTestData.STEP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link FleetStore} must do. Each implementation's test extends this class and says
 * how to open a fresh, empty store.
 */
public abstract class FleetStoreContractTest {
    protected FleetStore store;

    /** A new, empty store; closed after each test. */
    protected abstract FleetStore openEmptyStore();

    @BeforeEach
    void openStore() {
        store = openEmptyStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void roundTripKeepsEveryField() {
        AccountSnapshot snapshot = StoreTestData.snapshot().build();
        store.replace(snapshot);

        AccountSnapshot loaded = store.load("prod-eu", true).orElseThrow();

        assertThat(loaded.account()).isEqualTo(snapshot.account());
        assertThat(loaded.instanceTypes()).isEqualTo(snapshot.instanceTypes());
        assertThat(loaded.hosts()).isEqualTo(snapshot.hosts());
        assertThat(loaded.services()).isEqualTo(snapshot.services());
        // one service with a response-time target, the others without
        assertThat(loaded.services()).extracting(s -> s.slo().responseTime().map(ResponseTime::targetMs))
                .containsExactly(Optional.of(87.5), Optional.empty(), Optional.empty());
        assertThat(loaded.dependencies()).isEqualTo(snapshot.dependencies());
        assertThat(loaded.releases()).isEqualTo(snapshot.releases());
        assertThat(loaded.updateHistory()).isEqualTo(snapshot.updateHistory());
        assertThat(loaded.events()).isEqualTo(snapshot.events());
        assertThat(loaded.policy()).isEqualTo(snapshot.policy());
        assertThat(loaded.metrics()).isEqualTo(snapshot.metrics());
        assertThat(loaded).isEqualTo(snapshot);
    }

    @Test
    void roundTripKeepsAnAbsentPolicyAbsentAndOptionalPolicyFieldsEmpty() {
        store.replace(StoreTestData.snapshot().named("none").policy(Optional.empty()).build());
        store.replace(StoreTestData.snapshot().named("defaults").policy(Optional.of(
                Policy.DEFAULT)).build());

        assertThat(store.load("none", false).orElseThrow().policy()).isEmpty();
        assertThat(store.load("defaults", false).orElseThrow().policy())
                .contains(Policy.DEFAULT)
                .hasValueSatisfying(p -> {
                    assertThat(p.window()).isEmpty();
                    assertThat(p.budgetUsd()).isEmpty();
                });
    }

    @Test
    void loadWithoutMetricsLeavesThemOutButKeepsTheRest() {
        AccountSnapshot snapshot = StoreTestData.snapshot().build();
        store.replace(snapshot);

        AccountSnapshot loaded = store.load("prod-eu", false).orElseThrow();

        assertThat(loaded.metrics()).isEmpty();
        assertThat(loaded.hosts()).isEqualTo(snapshot.hosts());
        assertThat(store.seriesIds("prod-eu")).hasSize(snapshot.metrics().size());
    }

    @Test
    void loadOfAnUnknownAccountIsEmpty() {
        assertThat(store.load("nobody", true)).isEmpty();
        assertThat(store.account("nobody")).isEmpty();
        assertThat(store.seriesIds("nobody")).isEmpty();
        assertThat(store.latest("nobody", Metric.CPU, METRICS_START)).isEmpty();
    }

    @Test
    void replaceSwapsTheWholeContent() {
        store.replace(StoreTestData.snapshot().build());
        AccountSnapshot smaller = StoreTestData.snapshot().seed(7).days(1).policy(Optional.empty()).build();
        AccountSnapshot withoutNetwork = new AccountSnapshot(smaller.account(), smaller.instanceTypes(),
                smaller.hosts(), smaller.services(), smaller.dependencies().subList(0, 1),
                smaller.metrics().stream().filter(m -> m.id().metric() != Metric.NETWORK).toList(),
                smaller.releases().subList(1, 2), List.of(), smaller.events(), smaller.policy());

        store.replace(withoutNetwork);

        assertThat(store.load("prod-eu", true)).contains(withoutNetwork);
        assertThat(store.seriesIds("prod-eu")).doesNotContain(new SeriesId("web-2", Metric.NETWORK));
        assertThat(store.series("prod-eu", new SeriesId("web-1", Metric.CPU), METRICS_START,
                METRICS_START.plus(Duration.ofDays(3))).orElseThrow().size()).isEqualTo(288);
    }

    @Test
    void replaceOfOneAccountLeavesOtherAccountsAlone() {
        AccountSnapshot eu = StoreTestData.snapshot().named("prod-eu").build();
        AccountSnapshot us = StoreTestData.snapshot().named("prod-us").seed(3).build();
        store.replace(eu);
        store.replace(us);

        store.replace(StoreTestData.snapshot().named("prod-eu").seed(9).days(1).build());

        assertThat(store.load("prod-us", true)).contains(us);
    }

    @Test
    void replaceEventsChangesOnlyTheEventsAndChecksTheirScope() {
        AccountSnapshot eu = StoreTestData.snapshot().named("prod-eu").build();
        store.replace(eu);
        String service = eu.services().get(0).name();
        ScheduledEvent sale = new ScheduledEvent("winter sale", METRICS_START.plus(Duration.ofDays(20)),
                METRICS_START.plus(Duration.ofDays(21)), service, 1.4);

        store.replaceEvents("prod-eu", List.of(sale));

        AccountSnapshot after = store.load("prod-eu", true).orElseThrow();
        assertThat(after.events()).containsExactly(sale);
        assertThat(after.withAccount(eu.account())).isEqualTo(new AccountSnapshot(eu.account(), eu.instanceTypes(),
                eu.hosts(), eu.services(), eu.dependencies(), eu.metrics(), eu.releases(), eu.updateHistory(),
                List.of(sale), eu.policy()));
        assertThatThrownBy(() -> store.replaceEvents("prod-eu", List.of(new ScheduledEvent("x", sale.start(),
                sale.end(), "no-such-service", 2)))).isInstanceOf(HeadroomException.class)
                .hasMessageContaining("no-such-service");
        assertThat(store.load("prod-eu", false).orElseThrow().events()).containsExactly(sale);
        assertThatThrownBy(() -> store.replaceEvents("nobody", List.of())).isInstanceOf(HeadroomException.class);
    }

    @Test
    void deleteRemovesTheAccountAndEverythingItOwns() {
        store.replace(StoreTestData.snapshot().named("prod-eu").build());
        AccountSnapshot us = StoreTestData.snapshot().named("prod-us").build();
        store.replace(us);

        store.delete("prod-eu");
        store.delete("never-existed");

        assertThat(store.account("prod-eu")).isEmpty();
        assertThat(store.load("prod-eu", true)).isEmpty();
        assertThat(store.seriesIds("prod-eu")).isEmpty();
        assertThat(store.latest("prod-eu", Metric.CPU, METRICS_START.plus(Duration.ofDays(10)))).isEmpty();
        assertThat(store.load("prod-us", true)).contains(us);
    }

    @Test
    void accountsAreOrderedByName() {
        for (String name : List.of("zeta", "alpha", "Mid", "beta-2", "beta-10")) {
            store.replace(StoreTestData.snapshot().named(name).days(1).build());
        }

        assertThat(store.accounts()).extracting(Account::name)
                .containsExactly("Mid", "alpha", "beta-10", "beta-2", "zeta");
        assertThat(store.account("alpha")).hasValueSatisfying(a -> {
            assertThat(a.kind()).isEqualTo(AccountKind.FILES);
            assertThat(a.settings()).containsEntry("directory", "/srv/scenarios/alpha");
        });
    }

    @Test
    void seriesIdsAreOrderedByHostThenMetric() {
        store.replace(StoreTestData.snapshot().build());

        assertThat(store.seriesIds("prod-eu")).containsExactly(
                new SeriesId("db-1", Metric.CPU), new SeriesId("db-1", Metric.MEMORY),
                new SeriesId("db-1", Metric.DISK),
                new SeriesId("web-1", Metric.CPU), new SeriesId("web-1", Metric.MEMORY),
                new SeriesId("web-2", Metric.CPU), new SeriesId("web-2", Metric.MEMORY),
                new SeriesId("web-2", Metric.NETWORK));
    }

    @Test
    void seriesSliceAcrossDaysEqualsSlicingTheStoredSeries() {
        AccountSnapshot snapshot = StoreTestData.snapshot().days(4).build();
        store.replace(snapshot);
        MetricSeries full = seriesOf(snapshot, "web-2", Metric.CPU);

        List<Instant[]> ranges = List.of(
                range("2026-03-01T10:00:00Z", "2026-03-05T10:00:00Z"),
                range("2026-03-01T23:00:00Z", "2026-03-03T01:02:03Z"),
                range("2026-03-02T00:00:00Z", "2026-03-02T00:05:00Z"),
                range("2026-03-02T13:02:00Z", "2026-03-02T13:07:00Z"),
                range("2026-02-01T00:00:00Z", "2026-03-01T12:00:00Z"),
                range("2026-03-04T00:00:00Z", "2026-04-01T00:00:00Z"));
        for (Instant[] r : ranges) {
            assertThat(store.series("prod-eu", full.id(), r[0], r[1])).as("%s to %s", r[0], r[1])
                    .contains(full.slice(r[0], r[1]));
        }
    }

    @Test
    void seriesKeepsGapsAndIsEmptyOutsideTheStoredRange() {
        AccountSnapshot snapshot = StoreTestData.snapshot().build();
        store.replace(snapshot);
        SeriesId cpu = new SeriesId("web-1", Metric.CPU);

        MetricSeries day2 = store.series("prod-eu", cpu, Instant.parse("2026-03-02T10:00:00Z"),
                Instant.parse("2026-03-02T12:00:00Z")).orElseThrow();

        assertThat(day2.gaps()).isEqualTo(12);
        assertThat(store.series("prod-eu", cpu, Instant.parse("2026-01-01T00:00:00Z"), METRICS_START)).isEmpty();
        assertThat(store.series("prod-eu", new SeriesId("web-1", Metric.DISK), METRICS_START,
                METRICS_START.plus(Duration.ofDays(1)))).isEmpty();
        assertThat(store.series("prod-eu", new SeriesId("db-1", Metric.DISK), METRICS_START,
                METRICS_START.plus(Duration.ofDays(1)))).isEmpty();
    }

    @Test
    void latestIsTheLastPresentSampleAtOrBeforeTheInstant() {
        AccountSnapshot snapshot = StoreTestData.snapshot().build();
        store.replace(snapshot);
        MetricSeries web1 = seriesOf(snapshot, "web-1", Metric.CPU);
        Instant sample10 = web1.time(10);

        assertThat(store.latest("prod-eu", Metric.CPU, sample10)).containsEntry("web-1", web1.value(10));
        assertThat(store.latest("prod-eu", Metric.CPU, sample10.plusSeconds(299)))
                .containsEntry("web-1", web1.value(10));
    }

    @Test
    void latestLooksBackOverGapsEvenIntoAnEarlierDay() {
        AccountSnapshot snapshot = StoreTestData.snapshot().build();
        store.replace(snapshot);
        MetricSeries web1 = seriesOf(snapshot, "web-1", Metric.CPU);
        int last = web1.size() - 1;

        assertThat(web1.value(last)).isNaN();
        assertThat(store.latest("prod-eu", Metric.CPU, web1.time(last)))
                .containsEntry("web-1", web1.value(last - 1));
        assertThat(store.latest("prod-eu", Metric.CPU, Instant.parse("2030-01-01T00:00:00Z")))
                .containsEntry("web-1", web1.value(last - 1));
        // the hour missing on day two
        assertThat(store.latest("prod-eu", Metric.CPU, web1.time(288 + 20)))
                .containsEntry("web-1", web1.value(288 + 11));
    }

    @Test
    void latestLooksBackOverWholeMissingDays() {
        AccountSnapshot base = StoreTestData.snapshot().build();
        double[] values = StoreTestData.percentages(new Random(5), 4 * 288, 50, false);
        for (int i = 100; i < 3 * 288 + 5; i++) {
            values[i] = Double.NaN;
        }
        MetricSeries sparse = new MetricSeries(new SeriesId("web-1", Metric.DISK), METRICS_START, STEP, values);
        List<MetricSeries> metrics = new ArrayList<>(base.metrics());
        metrics.add(sparse);
        store.replace(new AccountSnapshot(base.account(), base.instanceTypes(), base.hosts(), base.services(),
                base.dependencies(), metrics, base.releases(), base.updateHistory(), base.events(), base.policy()));

        for (int i : new int[] {0, 99, 100, 400, 700, 3 * 288 + 4, 3 * 288 + 5, 4 * 288 - 1}) {
            assertThat(store.latest("prod-eu", Metric.DISK, sparse.time(i))).as("sample %d", i)
                    .isEqualTo(Map.of("web-1", sparse.latestAt(sparse.time(i))));
        }
    }

    @Test
    void latestLeavesOutHostsWithNoSampleYet() {
        AccountSnapshot snapshot = StoreTestData.snapshot().build();
        store.replace(snapshot);

        assertThat(store.latest("prod-eu", Metric.CPU, METRICS_START.minusSeconds(1))).isEmpty();
        assertThat(store.latest("prod-eu", Metric.CPU, METRICS_START)).containsOnlyKeys("web-1", "web-2", "db-1");
        assertThat(store.latest("prod-eu", Metric.NETWORK, METRICS_START.plusSeconds(600)))
                .containsOnlyKeys("web-2");
        assertThat(store.latest("prod-eu", Metric.DISK, METRICS_START.plus(Duration.ofDays(1)))).isEmpty();
    }

    @Test
    void latestAgreesWithTheSeriesAtEverySampleOfADayBoundary() {
        AccountSnapshot snapshot = StoreTestData.snapshot().build();
        store.replace(snapshot);
        MetricSeries web2 = seriesOf(snapshot, "web-2", Metric.MEMORY);
        Instant midnight = Instant.parse("2026-03-02T00:00:00Z");

        for (Instant at = midnight.minusSeconds(900); at.isBefore(midnight.plusSeconds(900)); at = at.plusSeconds(150)) {
            assertThat(store.latest("prod-eu", Metric.MEMORY, at).get("web-2")).as("at %s", at)
                    .isEqualTo(web2.latestAt(at));
        }
    }

    @Test
    void sizeGrowsWithStoredData() {
        long empty = store.sizeBytes();
        store.replace(StoreTestData.snapshot().days(5).build());

        assertThat(store.sizeBytes()).isGreaterThan(empty);
    }

    private static MetricSeries seriesOf(AccountSnapshot s, String host, Metric metric) {
        return s.metrics().stream().filter(m -> m.id().equals(new SeriesId(host, metric))).findFirst().orElseThrow();
    }

    private static Instant[] range(String from, String to) {
        return new Instant[] {Instant.parse(from), Instant.parse(to)};
    }
}
