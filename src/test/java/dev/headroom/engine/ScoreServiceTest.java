package dev.headroom.engine;

import dev.headroom.domain.Account;
import dev.headroom.domain.AccountKind;
import dev.headroom.domain.AccountSnapshot;
import dev.headroom.domain.Capacity;
import dev.headroom.domain.Criticality;
import dev.headroom.domain.Dependency;
import dev.headroom.domain.Host;
import dev.headroom.domain.Policy;
import dev.headroom.domain.Service;
import dev.headroom.domain.Window;
import dev.headroom.forecast.FleetForecast;
import dev.headroom.forecast.LoadScores.HostScore;
import dev.headroom.graph.GraphService;
import dev.headroom.persistence.SqliteGraphRepository;
import dev.headroom.persistence.SqliteStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ScoreServiceTest {
    static final Instant T0 = Instant.parse("2026-11-20T18:00:00Z");
    static final Window NIGHT = new Window(T0.plus(Duration.ofHours(12)), T0.plus(Duration.ofHours(18)));

    @TempDir
    Path dir;
    SqliteStore store;
    ScoreService scores;

    @BeforeEach
    void open() {
        store = SqliteStore.open(dir.resolve("headroom.db"));
        scores = new ScoreService(new GraphService(store, new SqliteGraphRepository(store),
                Clock.fixed(T0, ZoneOffset.UTC)));
    }

    @AfterEach
    void close() {
        store.close();
    }

    /**
     * A shop whose services all call redis (low), checkout (critical) among them; with
     * {@code dependencies} false the same services and hosts without a dependency graph.
     */
    static AccountSnapshot shop(String name, boolean dependencies) {
        List<Service> services = List.of(new Service("checkout", Criticality.CRITICAL, null),
                new Service("cart", Criticality.HIGH, null), new Service("frontend", Criticality.HIGH, null),
                new Service("search", Criticality.MEDIUM, null), new Service("admin", Criticality.LOW, null),
                new Service("redis", Criticality.LOW, null));
        List<Dependency> calls = services.stream().filter(s -> !s.name().equals("redis"))
                .map(s -> new Dependency(s.name(), "redis", 50, "test")).toList();
        List<Host> hosts = services.stream().map(s -> new Host(s.name() + "-1", List.of(s.name()), "eu-west-1",
                "eu-west-1a", "m5.large", new Capacity(2, 8, 10, 500), 0.1, "v1", s.criticality(), "")).toList();
        return new AccountSnapshot(new Account(name, AccountKind.FILES, T0, Map.of()), List.of(), hosts, services,
                dependencies ? calls : List.of(), List.of(), List.of(), List.of(), List.of(), Optional.empty());
    }

    private double criticalityScore(String account, String hostId) {
        AccountSnapshot snapshot = store.load(account, false).orElseThrow();
        List<HostScore> hostScores = scores.hosts(snapshot, new FleetForecast(account, T0, Map.of(), Map.of()), NIGHT);
        return hostScores.stream().filter(h -> h.hostId().equals(hostId)).findFirst().orElseThrow().criticalityScore();
    }

    @Test
    void aServiceWithManyDependantsScoresHigherThanTheSameServiceWithoutTheGraph() {
        store.replace(shop("with-graph", true));
        store.replace(shop("no-graph", false));

        double withGraph = criticalityScore("with-graph", "redis-1");
        double withoutGraph = criticalityScore("no-graph", "redis-1");

        assertThat(withoutGraph).as("its own low criticality").isEqualTo(25.0);
        assertThat(withGraph).as("0.9 × checkout's critical, which calls it").isCloseTo(90.0, within(1e-9));
        assertThat(withGraph).isGreaterThan(withoutGraph);
        assertThat(criticalityScore("with-graph", "checkout-1")).as("nothing calls checkout").isEqualTo(100.0);
        assertThat(criticalityScore("with-graph", "admin-1")).as("nothing calls admin").isEqualTo(25.0);
    }

    @Test
    void withoutEdgesEveryServiceKeepsItsOwnCriticality() {
        store.replace(shop("no-graph", false));

        assertThat(scores.serviceCriticality("no-graph")).isEmpty();
        assertThat(scores.serviceCriticality("no-graph")).doesNotContainKey("redis");
    }

    @Test
    void theWindowIsThePolicysElseTheNextSixHoursAndTheHorizonReachesItsEnd() {
        AccountSnapshot none = shop("a", false);
        Policy d = Policy.DEFAULT;
        AccountSnapshot night = new AccountSnapshot(none.account(), List.of(), none.hosts(), none.services(),
                List.of(), List.of(), List.of(), List.of(), List.of(), Optional.of(new Policy(Optional.of(NIGHT),
                d.safetyMargin(), d.criticalityWeight(), d.capacityWeight(), d.maxBatchFraction(),
                d.maxConcurrentRegions(), d.minHealthyFraction(), d.rollbackThreshold(), d.stabilizationMinutes(),
                d.spotAllowed(), d.budgetUsd(), 0.9)));

        assertThat(ScoreService.window(none, T0)).isEqualTo(new Window(T0, T0.plus(Duration.ofHours(6))));
        assertThat(ScoreService.window(night, T0)).isEqualTo(NIGHT);
        assertThat(ScoreService.quantile(none)).isEqualTo(0.95);
        assertThat(ScoreService.quantile(night)).isEqualTo(0.9);
        assertThat(ScoreService.horizon(NIGHT, T0)).isEqualTo(Duration.ofHours(18));
        assertThat(ScoreService.horizon(NIGHT, T0.plusSeconds(60))).as("whole hours, rounded up")
                .isEqualTo(Duration.ofHours(18));
        assertThat(ScoreService.horizon(NIGHT, NIGHT.start().plusSeconds(3600))).as("at least six hours")
                .isEqualTo(Duration.ofHours(6));
        assertThat(ScoreService.horizon(NIGHT, T0.minus(Duration.ofDays(5)))).as("at most two days")
                .isEqualTo(Duration.ofHours(48));
    }
}
