package dev.headroom.providers.prometheus;

import dev.headroom.testing.MapSecretStore;
import dev.headroom.credentials.SecretStore;
import dev.headroom.domain.Account;
import dev.headroom.domain.AccountKind;
import dev.headroom.domain.Dependency;
import dev.headroom.domain.HeadroomException;
import dev.headroom.domain.Host;
import dev.headroom.domain.InstanceType;
import dev.headroom.domain.Metric;
import dev.headroom.domain.MetricSeries;
import dev.headroom.domain.ProgressListener;
import dev.headroom.providers.Inventory;
import dev.headroom.providers.Provider;
import dev.headroom.providers.prometheus.FakePrometheus.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

/**
 * The provider's reading of replies (from a local fake server): which instant a history sample is
 * asked at, hosts left out or defaulted with a note, the Kubernetes preset's pods per node, the
 * OpenTelemetry service graph, and the secret's path from the store to the header.
 */
class PrometheusProviderTest {
    private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

    private FakePrometheus server;
    private final MapSecretStore secrets = new MapSecretStore();

    @BeforeEach
    void start() {
        server = new FakePrometheus();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private PrometheusProvider provider(String... kv) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put(PrometheusSettings.URL, server.url().toString());
        for (int i = 0; i < kv.length; i += 2) {
            s.put(kv[i], kv[i + 1]);
        }
        return PrometheusProvider.open(new Account("prod", AccountKind.PROMETHEUS, NOW, s), secrets,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static String sample(String labels, double value) {
        return "{\"metric\":{" + labels + "},\"value\":[" + NOW.getEpochSecond() + ",\"" + value + "\"]}";
    }

    @Test
    void itReadsAndDoesNotExecute() {
        PrometheusProvider p = provider();
        assertThat(p.capabilities()).containsExactlyInAnyOrder(Provider.Capability.METRIC_HISTORY,
                Provider.Capability.LIVE_LOAD);
        assertThat(p.rollouts()).isEmpty();
        assertThat(p.clock().instant()).isEqualTo(NOW);
    }

    @Test
    void anAccountOfAnotherKindIsRefused() {
        Account k8s = new Account("k", AccountKind.KUBERNETES, NOW, Map.of());
        assertThat(catchThrowableOfType(() -> PrometheusProvider.open(k8s, secrets), HeadroomException.class)
                .operatorMessage()).isEqualTo("Account \"k\" is of kind kubernetes, not prometheus.");
    }

    @Test
    void theSecretComesFromTheStoreUnderTheAccountsReference() {
        secrets.put(SecretStore.reference("prod", PrometheusSettings.SECRET_FIELD), "tok-123".toCharArray());
        provider(PrometheusSettings.AUTH, "bearer").currentLoad(Metric.CPU);
        assertThat(server.requests().get(0).headers()).containsEntry("Authorization", "Bearer tok-123");
    }

    /**
     * Sample k covers [from + k·step, from + (k+1)·step) and is asked at its end; times Prometheus
     * gives that are not on that grid are ignored, values are kept within 0–100, hosts not asked
     * for are left out.
     */
    @Test
    void historyAsksAtTheEndOfEachStepAndPutsEachAnswerOnItsStep() {
        Instant from = NOW.minus(Duration.ofHours(1));
        server.answer(r -> {
            long start = new BigDecimal(r.form().get("start")).longValueExact();
            return Reply.success("{\"resultType\":\"matrix\",\"result\":["
                    + "{\"metric\":{\"instance\":\"a:9100\"},\"values\":[[" + start + ",\"10\"],[" + (start + 600)
                    + ",\"101.5\"],[" + (start + 630) + ",\"7\"],[" + (start + 3300) + ",\"-0.2\"]]},"
                    + "{\"metric\":{\"instance\":\"z:9100\"},\"values\":[[" + start + ",\"50\"]]}]}");
        });
        List<MetricSeries> read = provider().history(List.of("a", "b"), Metric.CPU, from, NOW, Duration.ofMinutes(5),
                ProgressListener.NONE);
        FakePrometheus.Request r = server.requests().get(0);
        assertThat(r.path()).isEqualTo("/api/v1/query_range");
        assertThat(new BigDecimal(r.form().get("start")).longValueExact()).isEqualTo(from.getEpochSecond() + 300);
        assertThat(new BigDecimal(r.form().get("end")).longValueExact()).isEqualTo(NOW.getEpochSecond());
        assertThat(r.form()).containsEntry("step", "300").containsEntry("query", DefaultQueries.NODE_CPU
                .replace("${host}", "instance").replace("${selector}", "").replace("${window}", "5m"));
        assertThat(read).hasSize(1);
        MetricSeries a = read.get(0);
        assertThat(a.id().hostId()).isEqualTo("a");
        assertThat(a.start()).isEqualTo(from);
        assertThat(a.size()).isEqualTo(12);
        assertThat(a.value(0)).isEqualTo(10);
        assertThat(a.value(2)).as("101.5 % kept at 100").isEqualTo(100);
        assertThat(a.value(11)).as("-0.2 % kept at 0").isEqualTo(0);
        assertThat(a.gaps()).as("off-grid time ignored, the rest missing").isEqualTo(9);
    }

    @Test
    void aStepLongerThanTheRateWindowWidensTheWindowSoNoTimeIsSkipped() {
        server.answer(r -> Reply.success("{\"resultType\":\"matrix\",\"result\":[]}"));
        provider().history(List.of("a"), Metric.DISK, NOW.minus(Duration.ofDays(1)), NOW, Duration.ofHours(1),
                ProgressListener.NONE);
        assertThat(server.requests().get(0).form().get("query")).contains("[1h]");
    }

    @Test
    void aMetricWithoutAQueryHasNoHistory() {
        List<MetricSeries> read = provider(PrometheusSettings.PRESET, "kubernetes").history(List.of("a"), Metric.DISK,
                NOW.minus(Duration.ofHours(1)), NOW, Duration.ofMinutes(5), ProgressListener.NONE);
        assertThat(read).isEmpty();
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void unlabelledHostsGetTheDefaultRegionASynthesisedTypeAndNotesSayingSo() {
        server.answer(r -> {
            String q = r.form().get("query");
            if (q.startsWith("group by")) {
                return Reply.vector(sample("\"instance\":\"10.0.0.7:9100\",\"job\":\"node\"", 1) + ","
                        + sample("\"instance\":\"10.0.0.8:9100\"", 1) + ","
                        + sample("\"instance\":\"bad host:9100\",\"job\":\"node\"", 1));
            }
            if (q.startsWith("count by")) {
                return Reply.vector(sample("\"instance\":\"10.0.0.7:9100\"", 4) + ","
                        + sample("\"instance\":\"10.0.0.8:9100\"", 2));
            }
            if (q.contains("MemTotal")) {
                return Reply.vector(sample("\"instance\":\"10.0.0.7:9100\"", 16 * 1024.0 * 1024 * 1024));
            }
            return Reply.vector("");
        });
        Inventory inv = provider(PrometheusSettings.DEFAULT_REGION, "dc1").inventory(ProgressListener.NONE);
        assertThat(inv.hosts()).hasSize(1);
        Host h = inv.hosts().get(0);
        assertThat(h.id()).isEqualTo("10.0.0.7");
        assertThat(h.region()).isEqualTo("dc1");
        assertThat(h.zone()).isEqualTo("default");
        assertThat(h.services()).containsExactly("node");
        assertThat(h.instanceType()).isEqualTo("prom-4c-16g");
        assertThat(h.version()).isEqualTo(PrometheusProvider.UNKNOWN_VERSION);
        assertThat(h.capacity().networkGbps()).isZero();
        InstanceType t = inv.instanceTypes().get(0);
        assertThat(t.name()).isEqualTo("prom-4c-16g");
        assertThat(t.onDemandHourlyUsd()).isCloseTo(4 * 0.04 + 16 * 0.005, within(1e-12));
        assertThat(h.hourlyCostUsd()).isEqualTo(t.onDemandHourlyUsd());
        assertThat(inv.notes()).anySatisfy(n -> assertThat(n).contains("1 series left out").contains("bad host:9100"))
                .anySatisfy(n -> assertThat(n).contains("1 hosts left out for want of a CPU count or total memory (10.0.0.8)"))
                .anySatisfy(n -> assertThat(n).contains("no region label and were placed in region dc1"))
                .anySatisfy(n -> assertThat(n).contains("named from measured cores and memory"))
                .anySatisfy(n -> assertThat(n).contains("service_graph is none"));
    }

    @Test
    void noHostSeriesAtAllIsAnOperatorMessageWithTheQuery() {
        HeadroomException e = catchThrowableOfType(() -> provider().inventory(ProgressListener.NONE),
                HeadroomException.class);
        assertThat(e.operatorMessage()).contains("has no host series at " + NOW)
                .contains("Query: group by (instance, region, zone, instance_type, job) (node_cpu_seconds_total{mode=\"idle\"})")
                .contains("Check that node exporter is scraped");
    }

    @Test
    void theKubernetesPresetReadsNodesAndThePodsOnThem() {
        server.answer(r -> {
            String q = r.form().get("query");
            if (q.contains("kube_node_labels")) {
                return Reply.vector(sample("\"node\":\"n1\",\"label_topology_kubernetes_io_region\":\"eu-west-1\","
                        + "\"label_topology_kubernetes_io_zone\":\"eu-west-1a\","
                        + "\"label_node_kubernetes_io_instance_type\":\"m5.xlarge\"", 1));
            }
            if (q.contains("kube_pod_info")) {
                return Reply.vector(sample("\"node\":\"n1\",\"created_by_name\":\"checkout-7d9f8c6b5\"", 1) + ","
                        + sample("\"node\":\"n1\",\"created_by_name\":\"checkout-7d9f8c6b5\"", 1) + ","
                        + sample("\"node\":\"n1\",\"created_by_name\":\"redis-cart\"", 1) + ","
                        + sample("\"node\":\"n9\",\"created_by_name\":\"elsewhere\"", 1));
            }
            if (q.contains("resource=\"cpu\"")) {
                return Reply.vector(sample("\"node\":\"n1\"", 4));
            }
            if (q.contains("resource=\"memory\"")) {
                return Reply.vector(sample("\"node\":\"n1\"", 16 * 1024.0 * 1024 * 1024));
            }
            return Reply.vector("");
        });
        Inventory inv = provider(PrometheusSettings.PRESET, "kubernetes").inventory(ProgressListener.NONE);
        Host n1 = inv.hosts().get(0);
        assertThat(n1.id()).isEqualTo("n1");
        assertThat(n1.region()).isEqualTo("eu-west-1");
        assertThat(n1.zone()).isEqualTo("eu-west-1a");
        assertThat(n1.instanceType()).isEqualTo("m5.xlarge");
        assertThat(n1.services()).containsExactly("checkout", "redis-cart");
        assertThat(n1.capacity().memoryGib()).isEqualTo(16);
        assertThat(server.requests()).anySatisfy(r -> assertThat(r.form().get("query"))
                .isEqualTo("group by (node, created_by_name) (kube_pod_info{node!=\"\"})"));
    }

    @Test
    void theOpenTelemetryServiceGraphGivesClientToServerEdges() {
        server.answer(r -> {
            String q = r.form().get("query");
            if (q.contains("traces_service_graph_request_total")) {
                return Reply.vector(sample("\"client\":\"web\",\"server\":\"cart\"", 12.5) + ","
                        + sample("\"client\":\"cart\",\"server\":\"cart\"", 3) + ","
                        + sample("\"client\":\"web\",\"server\":\"payments\"", 0.25));
            }
            if (q.startsWith("group by")) {
                return Reply.vector(sample("\"instance\":\"h1:9100\",\"job\":\"web\"", 1));
            }
            if (q.startsWith("count by")) {
                return Reply.vector(sample("\"instance\":\"h1:9100\"", 2));
            }
            if (q.contains("MemTotal")) {
                return Reply.vector(sample("\"instance\":\"h1:9100\"", 4 * 1024.0 * 1024 * 1024));
            }
            return Reply.vector("");
        });
        Inventory inv = provider(PrometheusSettings.SERVICE_GRAPH, "otel", PrometheusSettings.SERVICE_GRAPH_WINDOW, "30m")
                .inventory(ProgressListener.NONE);
        assertThat(inv.dependencies()).extracting(Dependency::from, Dependency::to, Dependency::weight).containsExactly(
                org.assertj.core.groups.Tuple.tuple("web", "cart", 12.5),
                org.assertj.core.groups.Tuple.tuple("web", "payments", 0.25));
        assertThat(inv.dependencies().get(0).evidence()).isEqualTo(
                "traces_service_graph_request_total (otel service graph), request rate over 30m");
        assertThat(inv.services()).extracting(s -> s.name()).containsExactly("web", "cart", "payments");
        assertThat(inv.notes()).anySatisfy(n -> assertThat(n).contains("2 services appear only in the service graph"))
                .anySatisfy(n -> assertThat(n).contains("1 service-graph series left out"));
        assertThat(server.requests()).anySatisfy(r -> assertThat(r.form().get("query"))
                .isEqualTo("sum by (client, server) (rate(traces_service_graph_request_total[30m]))"));
    }

    @Test
    void theCheckSaysWhatItReachedEvenWithoutBuildInformation() {
        server.answer(r -> r.path().equals("/api/v1/query") ? Reply.vector(sample("", 1)) : Reply.json(404, ""));
        assertThat(provider().check()).isEqualTo("A Prometheus-compatible API at " + server.url()
                + ": targets not listed");
    }
}
