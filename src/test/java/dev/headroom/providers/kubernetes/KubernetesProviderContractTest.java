package dev.headroom.providers.kubernetes;

import dev.headroom.domain.Host;
import dev.headroom.domain.ProgressListener;
import dev.headroom.providers.Inventory;
import dev.headroom.providers.Provider;
import dev.headroom.providers.ProviderContractTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

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
        provider = new KubernetesProvider(ShopCluster.account(ShopCluster.fastSettings()), cluster.client);
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
                Provider.Capability.RESERVE);
    }

    @Test
    void theCheckSaysVersionServerContextAndNodes() {
        assertThat(provider.check()).contains("Kubernetes").contains("context mock").contains("3 nodes");
    }
}
