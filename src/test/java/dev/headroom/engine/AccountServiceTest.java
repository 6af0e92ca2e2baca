package dev.headroom.engine;

import dev.headroom.testing.MapSecretStore;
import dev.headroom.credentials.SecretStore;
import dev.headroom.domain.Account;
import dev.headroom.domain.AccountKind;
import dev.headroom.domain.AccountSnapshot;
import dev.headroom.domain.Capacity;
import dev.headroom.domain.Criticality;
import dev.headroom.domain.Dependency;
import dev.headroom.domain.HeadroomException;
import dev.headroom.domain.Host;
import dev.headroom.domain.InstanceType;
import dev.headroom.domain.Metric;
import dev.headroom.domain.MetricSeries;
import dev.headroom.domain.ProgressListener;
import dev.headroom.domain.SeriesId;
import dev.headroom.domain.Service;
import dev.headroom.domain.Slo;
import dev.headroom.domain.UpdateOutcome;
import dev.headroom.domain.UpdateRecord;
import dev.headroom.persistence.SqliteStore;
import dev.headroom.providers.Inventory;
import dev.headroom.providers.Provider;
import dev.headroom.providers.ProviderRegistry;
import dev.headroom.rollout.RolloutProvider;
import dev.headroom.testing.SteppingClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Adding, testing, syncing and removing connected accounts on a real SQLite file. The provider
 * here is a scripted one (the real Prometheus and Kubernetes providers have their own tests against
 * a real server and the mock API server); what is under test is what the engine stores.
 */
class AccountServiceTest {
    private static final Instant NOW = Instant.parse("2026-11-23T06:00:00Z");

    @TempDir
    Path dir;
    private SqliteStore store;
    private final SteppingClock clock = new SteppingClock(NOW);
    private final MapSecretStore secrets = new MapSecretStore();
    private final Scripted scripted = new Scripted();
    private AccountService accounts;

    @BeforeEach
    void open() {
        store = SqliteStore.open(dir.resolve("headroom.db"));
        ProviderRegistry registry = new ProviderRegistry(store, Optional.empty(), Map.of(AccountKind.PROMETHEUS,
                a -> {
                    if (a.setting("url", "").isEmpty()) {
                        throw new HeadroomException("Setting url is missing: give the Prometheus URL.");
                    }
                    scripted.account = a;
                    return scripted;
                }));
        accounts = new AccountService(store, registry, () -> secrets, clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void anAccountIsAddedWithItsSecretInTheSecretStoreAndNotInTheDatabase() throws Exception {
        accounts.add(AccountKind.PROMETHEUS, "prod", Map.of("url", "http://prom:9090"),
                Map.of("prometheus_secret", "canary-7f3a".toCharArray()));

        assertThat(secrets.contents()).containsEntry("headroom/prod/prometheus_secret", "canary-7f3a");
        assertThat(store.account("prod").orElseThrow().settings()).containsOnlyKeys("url");
        store.close();
        assertThat(new String(java.nio.file.Files.readAllBytes(dir.resolve("headroom.db")),
                java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("canary-7f3a");
        store = SqliteStore.open(dir.resolve("headroom.db"));
    }

    @Test
    void badAddsAreRefusedWithTheReasonAndLeaveNothingBehind() {
        assertThat(refusal(() -> accounts.add(AccountKind.PROMETHEUS, "prod", Map.of(), Map.of("prometheus_secret",
                "s".toCharArray())))).contains("Setting url is missing");
        assertThat(store.account("prod")).isEmpty();
        assertThat(secrets.contents()).as("the secret stored first is taken back").isEmpty();
        assertThat(refusal(() -> accounts.add(AccountKind.PROMETHEUS, "prod", Map.of("url", "http://p",
                "prometheus_secret", "s"), Map.of()))).contains("it is a secret");
        assertThat(refusal(() -> accounts.add(AccountKind.PROMETHEUS, "bad name!", Map.of("url", "http://p"), Map.of())))
                .contains("cannot be used");
        accounts.add(AccountKind.PROMETHEUS, "prod", Map.of("url", "http://p"), Map.of());
        assertThat(refusal(() -> accounts.add(AccountKind.PROMETHEUS, "prod", Map.of("url", "http://q"), Map.of())))
                .contains("already an account named \"prod\"");
        assertThat(store.account("prod").orElseThrow().setting("url", "")).isEqualTo("http://p");
    }

    @Test
    void aSyncStoresInventoryAndHistoryAndTheStatusSaysWhat() {
        accounts.add(AccountKind.PROMETHEUS, "prod", Map.of("url", "http://p", AccountService.HISTORY_RANGE, "1d"),
                Map.of());
        List<Double> progress = new ArrayList<>();

        AccountService.SyncResult result = accounts.sync("prod", (f, m) -> progress.add(f));

        assertThat(result.hosts()).isEqualTo(2);
        assertThat(result.series()).isEqualTo(4);
        assertThat(result.samples()).isEqualTo(4L * 288);
        AccountSnapshot stored = store.load("prod", true).orElseThrow();
        assertThat(stored.hosts()).extracting(Host::id).containsExactly("node-a", "node-b");
        assertThat(stored.dependencies()).extracting(Dependency::from).containsExactly("web");
        MetricSeries cpu = stored.metrics().stream().filter(m -> m.id().equals(new SeriesId("node-a", Metric.CPU)))
                .findFirst().orElseThrow();
        assertThat(cpu.start()).isEqualTo(NOW.minus(Duration.ofDays(1)));
        assertThat(cpu.step()).isEqualTo(Duration.ofMinutes(5));
        assertThat(cpu.value(0)).isEqualTo(scripted.value(cpu.start()));
        assertThat(AccountService.status(stored.account())).containsKeys(AccountService.LAST_SYNC,
                AccountService.LAST_SYNC_SUMMARY).doesNotContainKey(AccountService.LAST_ERROR);
        assertThat(stored.account().setting(AccountService.LAST_SYNC_SUMMARY, "")).startsWith("2 hosts, 2 services, "
                + "1 dependencies, 4 series (1152 samples");
        assertThat(progress).isNotEmpty().isSorted().last().isEqualTo(1.0);
    }

    @Test
    void aFailedSyncKeepsWhatWasStoredAndNamesTheErrorUntilTheNextSuccess() {
        accounts.add(AccountKind.PROMETHEUS, "prod", Map.of("url", "http://p", AccountService.HISTORY_RANGE, "1d"),
                Map.of());
        accounts.sync("prod", ProgressListener.NONE);
        AccountSnapshot before = store.load("prod", true).orElseThrow();
        scripted.failure = new HeadroomException("Prometheus at http://p refused the credentials (401). Check the "
                + "bearer token.");

        assertThat(refusal(() -> accounts.sync("prod", ProgressListener.NONE))).contains("401");

        AccountSnapshot after = store.load("prod", true).orElseThrow();
        assertThat(after.hosts()).isEqualTo(before.hosts());
        assertThat(after.metrics()).isEqualTo(before.metrics());
        assertThat(after.account().setting(AccountService.LAST_ERROR, "")).contains("401");
        scripted.failure = null;
        accounts.sync("prod", ProgressListener.NONE);
        assertThat(store.account("prod").orElseThrow().settings()).doesNotContainKey(AccountService.LAST_ERROR);
    }

    @Test
    void aSyncKeepsTheUpdateHistoryOfHostsStillThereAndSaysWhatItDropped() {
        accounts.add(AccountKind.PROMETHEUS, "prod", Map.of("url", "http://p", AccountService.HISTORY_RANGE, "1d"),
                Map.of());
        accounts.sync("prod", ProgressListener.NONE);
        AccountSnapshot s = store.load("prod", true).orElseThrow();
        UpdateRecord a = new UpdateRecord("node-a", "web", "1.0", "1.1", NOW.minusSeconds(7200), NOW.minusSeconds(6900),
                40, UpdateOutcome.SUCCEEDED);
        UpdateRecord b = new UpdateRecord("node-b", "db", "1.0", "1.1", NOW.minusSeconds(7200), NOW.minusSeconds(6900),
                40, UpdateOutcome.SUCCEEDED);
        store.replace(new AccountSnapshot(s.account(), s.instanceTypes(), s.hosts(), s.services(), s.dependencies(),
                s.metrics(), s.releases(), List.of(a, b), s.events(), s.policy()));
        scripted.hosts = List.of("node-a");

        AccountService.SyncResult result = accounts.sync("prod", ProgressListener.NONE);

        assertThat(store.load("prod", false).orElseThrow().updateHistory()).containsExactly(a);
        assertThat(result.notes()).anyMatch(n -> n.startsWith("1 update record(s) dropped"));
    }

    @Test
    void aConnectionTestIsRecordedAndAFailedOneNamesTheError() {
        accounts.add(AccountKind.PROMETHEUS, "prod", Map.of("url", "http://p"), Map.of());
        assertThat(accounts.test("prod")).isEqualTo("Scripted Prometheus: 2 targets up");
        assertThat(store.account("prod").orElseThrow().setting(AccountService.LAST_CHECK, ""))
                .endsWith("Scripted Prometheus: 2 targets up");
        scripted.failure = new HeadroomException("Prometheus at http://p cannot be reached (connection refused).");
        assertThat(refusal(() -> accounts.test("prod"))).contains("connection refused");
        assertThat(store.account("prod").orElseThrow().setting(AccountService.LAST_ERROR, ""))
                .contains("connection refused");
    }

    @Test
    void wrongSettingsAreRefusedAndTheStoredOnesStay() {
        accounts.add(AccountKind.PROMETHEUS, "prod", Map.of("url", "http://p"), Map.of());
        java.util.Map<String, String> removeUrl = new HashMap<>();
        removeUrl.put("url", null);
        assertThat(refusal(() -> accounts.updateSettings("prod", removeUrl))).contains("url is missing");
        assertThat(store.account("prod").orElseThrow().setting("url", "")).isEqualTo("http://p");
        accounts.updateSettings("prod", Map.of("mapping", "{\"host_label\":\"node\"}"));
        assertThat(store.account("prod").orElseThrow().settings()).containsEntry("mapping", "{\"host_label\":\"node\"}");
        assertThat(refusal(() -> accounts.updateSettings("prod", Map.of(AccountService.LAST_SYNC, "x"))))
                .contains("keeps it itself");
    }

    @Test
    void removingAnAccountRemovesItsSecretsToo() {
        accounts.add(AccountKind.PROMETHEUS, "prod", Map.of("url", "http://p"), Map.of("prometheus_secret",
                "t".toCharArray()));
        accounts.remove("prod");
        assertThat(store.account("prod")).isEmpty();
        assertThat(secrets.contents()).isEmpty();
        assertThat(refusal(() -> accounts.remove("prod"))).contains("no account named \"prod\"");
    }

    /** The operator message of the HeadroomException {@code call} throws. */
    private static String refusal(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(call);
        assertThat(t).isInstanceOf(HeadroomException.class);
        return ((HeadroomException) t).operatorMessage();
    }

    /** A Prometheus-like provider with two nodes whose CPU is a known function of time. */
    private static final class Scripted implements Provider {
        Account account;
        HeadroomException failure;
        List<String> hosts = List.of("node-a", "node-b");

        double value(Instant t) {
            return 20 + (t.getEpochSecond() / 300) % 50;
        }

        private void maybeFail() {
            if (failure != null) {
                throw failure;
            }
        }

        @Override
        public Account account() {
            return account;
        }

        @Override
        public Clock clock() {
            return Clock.fixed(NOW, ZoneOffset.UTC);
        }

        @Override
        public Map<String, Double> currentLoad(Metric metric) {
            return Map.of();
        }

        @Override
        public Set<Capability> capabilities() {
            return EnumSet.of(Capability.METRIC_HISTORY);
        }

        @Override
        public String check() {
            maybeFail();
            return "Scripted Prometheus: " + hosts.size() + " targets up";
        }

        @Override
        public Inventory inventory(ProgressListener progress) {
            maybeFail();
            Capacity c = new Capacity(4, 16, 10, 500);
            List<Host> list = new ArrayList<>();
            for (String h : hosts) {
                list.add(new Host(h, List.of(h.equals("node-a") ? "web" : "db"), "default", "default-a", "node-4c-16g",
                        c, 0, "unknown", Criticality.MEDIUM, ""));
            }
            return new Inventory(List.of(new InstanceType("node-4c-16g", "default", c, 0.1, 0.05)), list,
                    List.of(new Service("web", Criticality.MEDIUM, Slo.DEFAULT), new Service("db", Criticality.MEDIUM,
                            Slo.DEFAULT)), List.of(new Dependency("web", "db", 12.5, "istio_requests_total"),
                    new Dependency("web", "gone", 1, "istio_requests_total")), List.of());
        }

        @Override
        public List<MetricSeries> history(Collection<String> asked, Metric metric, Instant from, Instant to,
                                          Duration step, ProgressListener progress) {
            maybeFail();
            List<MetricSeries> out = new ArrayList<>();
            int n = (int) Duration.between(from, to).dividedBy(step);
            for (String h : asked) {
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    v[i] = value(from.plus(step.multipliedBy(i)));
                }
                out.add(new MetricSeries(new SeriesId(h, metric), from, step, v));
                progress.progress(out.size() / (double) asked.size(), h);
            }
            return out;
        }

        @Override
        public Optional<RolloutProvider> rollouts() {
            return Optional.empty();
        }
    }
}
