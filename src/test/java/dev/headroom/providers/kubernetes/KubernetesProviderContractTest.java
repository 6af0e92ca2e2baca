package dev.headroom.providers.kubernetes;

import dev.headroom.domain.HeadroomException;
import dev.headroom.domain.Host;
import dev.headroom.domain.Metric;
import dev.headroom.domain.ProgressListener;
import dev.headroom.providers.Inventory;
import dev.headroom.providers.Provider;
import dev.headroom.providers.ProviderContractTest;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.NodeMetricsListBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/**
 * The Kubernetes provider passes the provider contract on fabric8's mock API server in CRUD mode
 * (a three-node cluster, {@link ShopCluster}); evictions go through {@link ScriptedCluster}, which
 * enforces the disruption budgets the mock itself does not.
 */
class KubernetesProviderContractTest extends ProviderContractTest {
    private ScriptedCluster cluster;
    private KubernetesProvider provider;

    @BeforeEach
    void open() {
        cluster = new ScriptedCluster();
        ShopCluster.create(cluster.client);
        // metrics-server's last samples: n1 uses 1 of its 4 cores and 4 of its 16 GiB
        cluster.serve("GET /apis/metrics.k8s.io/v1beta1/nodes", new NodeMetricsListBuilder()
                .addNewItem().withNewMetadata().withName("n1").endMetadata()
                .addToUsage("cpu", new Quantity("1")).addToUsage("memory", new Quantity("4Gi")).endItem()
                .addNewItem().withNewMetadata().withName("n2").endMetadata()
                .addToUsage("cpu", new Quantity("250m")).addToUsage("memory", new Quantity("2Gi")).endItem()
                .addNewItem().withNewMetadata().withName("gone").endMetadata()
                .addToUsage("cpu", new Quantity("1")).addToUsage("memory", new Quantity("1Gi")).endItem().build());
        Map<String, String> settings = ShopCluster.fastSettings();
        settings.put(KubernetesSettings.LIVE_LOAD, "metrics_api");
        provider = new KubernetesProvider(ShopCluster.account(settings), cluster.client);
    }

    @AfterEach
    void close() {
        cluster.close();
    }

    @Override
    protected Provider provider() {
        return provider;
    }

    @Override
    protected Instant historyFrom() {
        return Instant.parse("2026-11-22T00:00:00Z");
    }

    @Override
    protected Instant historyTo() {
        return historyFrom().plus(Duration.ofHours(1));
    }

    @Override
    protected Optional<Execution> execution() {
        return Optional.of(new Execution("n3", "2.0.0", "web", "us-east-1", "m5.xlarge", 1,
                Instant.parse("2026-11-22T00:00:00Z")));
    }

    @Test
    void theInventoryReadsNodesWorkloadsAndBudgets() {
        Inventory inventory = provider.inventory(ProgressListener.NONE);
        assertThat(inventory.hosts()).extracting(Host::id).containsExactly("n1", "n2", "n3");
        Host n1 = inventory.hosts().get(0);
        assertThat(n1.zone()).isEqualTo("us-east-1a");
        assertThat(n1.region()).isEqualTo("us-east-1");
        assertThat(n1.instanceType()).isEqualTo("m5.xlarge");
        assertThat(n1.capacity().cpuCores()).isEqualTo(4.0);
        assertThat(n1.capacity().memoryGib()).isEqualTo(16.0);
        assertThat(n1.version()).isEqualTo(ShopCluster.KUBELET);
        assertThat(n1.role()).isEqualTo("worker");
        assertThat(n1.hourlyCostUsd()).isEqualTo(0.192);
        // the DaemonSet comes last: a host's first service is its main workload
        assertThat(n1.services()).containsExactly("api", "web", "node-agent");
        assertThat(inventory.hosts().get(1).services()).containsExactly("db", "web", "node-agent");
        assertThat(inventory.instanceTypes()).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo("m5.xlarge");
            assertThat(t.onDemandHourlyUsd()).isEqualTo(0.192);
        });
        assertThat(inventory.notes()).anySatisfy(n -> assertThat(n).contains("PodDisruptionBudget shop/web-pdb")
                .contains("minAvailable 2 over 2 pods"));
        assertThat(inventory.notes()).anySatisfy(n -> assertThat(n).contains("PodDisruptionBudget shop/api-pdb")
                .contains("maxUnavailable 1"));
        assertThat(provider.capabilities()).containsExactlyInAnyOrder(Provider.Capability.UPDATE,
                Provider.Capability.RESERVE, Provider.Capability.LIVE_LOAD);
    }

    @Test
    void liveLoadIsMetricsServersUsageOverAllocatable() {
        assertThat(provider.currentLoad(Metric.CPU)).containsExactly(entry("n1", 25.0), entry("n2", 6.25));
        assertThat(provider.currentLoad(Metric.MEMORY)).containsExactly(entry("n1", 25.0), entry("n2", 12.5));
        assertThat(provider.currentLoad(Metric.NETWORK)).as("metrics-server gives no network").isEmpty();
    }

    @Test
    void withoutMetricsServerLiveLoadSaysWhatToDo() {
        ScriptedCluster bare = new ScriptedCluster();
        try (bare) {
            ShopCluster.create(bare.client);
            // what an API server without metrics-server answers (the CRUD mock would serve an empty list)
            bare.script("GET /apis/metrics.k8s.io/v1beta1/nodes", 404);
            Map<String, String> settings = ShopCluster.fastSettings();
            settings.put(KubernetesSettings.LIVE_LOAD, "metrics_api");
            KubernetesProvider p = new KubernetesProvider(ShopCluster.account(settings), bare.client);
            assertThatThrownBy(() -> p.currentLoad(Metric.CPU)).isInstanceOf(HeadroomException.class)
                    .satisfies(e -> assertThat(((HeadroomException) e).operatorMessage())
                            .contains("metrics API").contains("Install metrics-server").contains("live_load"));
            KubernetesProvider off = new KubernetesProvider(ShopCluster.account(ShopCluster.fastSettings()), bare.client);
            assertThat(off.capabilities()).doesNotContain(Provider.Capability.LIVE_LOAD);
            assertThat(off.currentLoad(Metric.CPU)).isEmpty();
        }
    }

    @Test
    void theCheckSaysVersionServerContextAndNodes() {
        assertThat(provider.check()).contains("Kubernetes").contains("context mock").contains("3 nodes");
    }
}
