package dev.headroom.providers.kubernetes;

import dev.headroom.domain.HeadroomException;
import dev.headroom.rollout.AllocatedResources;
import dev.headroom.rollout.ProviderThrottledException;
import dev.headroom.rollout.RolloutProvider;
import dev.headroom.rollout.UpdateReply;
import dev.headroom.rollout.VersionTrigger;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Node maintenance on fabric8's mock API server (CRUD mode) with the disruption budgets, the
 * controllers and the conflicts the mock lacks scripted by {@link ScriptedCluster}: a node batch
 * within budgets, a budget that blocks an eviction until a replica elsewhere is Ready, 409s on the
 * cordon, idempotency per key across a crash and a new provider instance, surge once per key, a
 * deferral when the pods would not fit, and the handoff hook.
 */
class KubernetesMaintenanceTest {
    private static final Instant AT = Instant.parse("2026-11-22T00:00:00Z");
    private ScriptedCluster cluster;

    @BeforeEach
    void open() {
        cluster = new ScriptedCluster();
        ShopCluster.create(cluster.client);
    }

    @AfterEach
    void close() {
        cluster.close();
    }

    private RolloutProvider provider(Map<String, String> settings) {
        return new KubernetesProvider(ShopCluster.account(settings), cluster.client).rollouts().orElseThrow();
    }

    private RolloutProvider provider() {
        return provider(ShopCluster.fastSettings());
    }

    private static VersionTrigger trigger(String node, String version, String key) {
        return trigger(node, version, key, AllocatedResources.NONE);
    }

    private static VersionTrigger trigger(String node, String version, String key, AllocatedResources allocated) {
        return new VersionTrigger(version, VersionTrigger.ResourceStatus.SUCCESS, allocated, AT, node, key);
    }

    private Node node(String name) {
        return cluster.client.nodes().withName(name).get();
    }

    private Pod pod(String ns, String name) {
        return cluster.client.pods().inNamespace(ns).withName(name).get();
    }

    private int webReplicas() {
        return cluster.client.apps().deployments().inNamespace("shop").withName("web").get().getSpec().getReplicas();
    }

    private long count(String methodAndPathPrefix) {
        return cluster.requests().stream().filter(r -> r.startsWith(methodAndPathPrefix)).count();
    }

    private void assertNoPodDeletedDirectly() {
        assertThat(cluster.requests()).as("no pod deleted but through the Eviction API")
                .noneMatch(r -> r.startsWith("DELETE") && r.contains("/pods"));
        assertThat(cluster.evictionApiVersions()).as("Evictions of policy/v1").containsOnly("policy/v1");
    }

    /** The surge replica of web on n3, Ready: what the scheduler and kubelet do after a scale-up. */
    private void surgeReplicaReady() {
        cluster.createPod(ShopCluster.pod("shop", "web-3", "n3", "web", ShopCluster.owner("ReplicaSet", "web-6d5f8")));
    }

    @Test
    void aNodeBatchIsMaintainedWithinItsBudgetsAndABlockedEvictionWaitsForAReplicaElsewhere() {
        RolloutProvider r = provider();
        cluster.readyAfterPolls(2);
        // web's budget (minAvailable 2 of its 2 pods) refuses web-1's eviction until the surge replica is Ready,
        // which the test lets happen on the third attempt
        cluster.beforeEviction((pod, attempt) -> {
            if (pod.equals("shop/web-1") && attempt == 3) {
                surgeReplicaReady();
            }
        });
        assertThat(r.reserve("b1/reserve/web", ShopCluster.ACCOUNT, "web", "us-east-1", "m5.xlarge", 1)).isEqualTo(1);
        assertThat(webReplicas()).isEqualTo(3);

        UpdateReply n1 = r.update(ShopCluster.ACCOUNT, trigger("n1", "2.0.0", "b1/n1/trigger"));

        assertThat(n1.isDeferred()).as("deferral: %s", n1.deferral()).isFalse();
        assertThat(n1.previousVersion()).isEqualTo(ShopCluster.KUBELET);
        assertThat(cluster.evictionAttempts("shop/web-1")).as("two 429s, then allowed").isEqualTo(3);
        assertThat(cluster.evicted()).containsExactlyInAnyOrder("shop/web-1", "shop/api-1");
        assertThat(pod("shop", "web-1-r")).as("rescheduled").isNotNull();
        assertThat(Kube.ready(pod("shop", "web-1-r"))).as("the drain waited until the replica was Ready").isTrue();
        assertThat(Kube.ready(pod("shop", "api-1-r"))).isTrue();
        assertThat(pod("kube-system", "node-agent-n1")).as("DaemonSet pod left").isNotNull();
        assertThat(pod("kube-system", "kube-proxy-n1")).as("mirror pod left").isNotNull();
        Node after = node("n1");
        assertThat(Kube.cordoned(after)).isTrue();
        assertThat(after.getMetadata().getLabels()).containsEntry(KubernetesSettings.DEFAULT_HANDOFF_KEY, "2.0.0");
        // the handoff came after the last eviction and after the replicas were Ready again
        List<String> log = cluster.requests();
        int lastEviction = -1;
        int lastPut = -1;
        for (int i = 0; i < log.size(); i++) {
            if (log.get(i).startsWith("POST") && log.get(i).endsWith("/eviction")) {
                lastEviction = i;
            }
            if (log.get(i).startsWith("PUT /api/v1/nodes/n1")) {
                lastPut = i;
            }
        }
        assertThat(lastPut).isGreaterThan(lastEviction);

        r.restoreTraffic("b1/n1/restore", ShopCluster.ACCOUNT, "n1");
        assertThat(Kube.cordoned(node("n1"))).isFalse();

        UpdateReply n3 = r.update(ShopCluster.ACCOUNT, trigger("n3", "2.0.0", "b1/n3/trigger"));
        assertThat(n3.isDeferred()).isFalse();
        r.restoreTraffic("b1/n3/restore", ShopCluster.ACCOUNT, "n3");
        assertThat(cluster.evicted()).containsExactlyInAnyOrder("shop/web-1", "shop/api-1", "shop/api-2",
                "shop/web-3");
        assertThat(r.healthy(ShopCluster.ACCOUNT, "n1")).isTrue();
        assertThat(r.healthy(ShopCluster.ACCOUNT, "n3")).isTrue();

        r.release("b1/release/web", ShopCluster.ACCOUNT, "b1/reserve/web");
        assertThat(webReplicas()).isEqualTo(2);
        assertThat(r.appliedUpdate(ShopCluster.ACCOUNT, "b1/n1/trigger")).hasValue(ShopCluster.KUBELET);
        assertThat(r.appliedUpdate(ShopCluster.ACCOUNT, "b1/n3/trigger")).hasValue(ShopCluster.KUBELET);
        assertThat(cluster.evicted()).noneMatch(p -> p.contains("node-agent") || p.contains("kube-proxy"));
        assertThat(cluster.requests()).noneMatch(p -> p.contains("node-agent") && p.endsWith("/eviction"));
        assertNoPodDeletedDirectly();
    }

    @Test
    void aBudgetThatNeverAllowsTheEvictionEndsThrottledWithTheNodeCordoned() {
        Map<String, String> settings = ShopCluster.fastSettings();
        settings.put(KubernetesSettings.EVICTION_TIMEOUT, "1");
        settings.put(KubernetesSettings.BACKOFF_MAX, "100");
        RolloutProvider r = provider(settings);

        assertThatThrownBy(() -> r.update(ShopCluster.ACCOUNT, trigger("n2", "2.0.0", "b1/n2/trigger")))
                .isInstanceOf(ProviderThrottledException.class)
                .satisfies(e -> assertThat(((HeadroomException) e).operatorMessage())
                        .contains("shop/web-2").contains("PodDisruptionBudget shop/web-pdb").contains("stays cordoned")
                        .contains(KubernetesSettings.EVICTION_TIMEOUT));
        assertThat(cluster.evictionAttempts("shop/web-2")).as("backed off, not hammered").isBetween(5, 20);
        assertThat(Kube.cordoned(node("n2"))).isTrue();
        assertThat(r.appliedUpdate(ShopCluster.ACCOUNT, "b1/n2/trigger")).as("not handed off").isEmpty();
        assertThat(node("n2").getMetadata().getLabels()).doesNotContainKey(KubernetesSettings.DEFAULT_HANDOFF_KEY);
        assertNoPodDeletedDirectly();
    }

    @Test
    void aCrashBetweenCordonAndHandoffFinishesOnReissueWithoutRepeating() {
        // web scaled to 3 with its surge replica Ready, so web-1 may go
        cluster.client.apps().deployments().inNamespace("shop").withName("web").edit(d -> {
            d.getSpec().setReplicas(3);
            return d;
        });
        surgeReplicaReady();
        // web-1's replacement takes longer than api-1's: only a wait for web itself sees it Ready
        cluster.readyAfterPolls("shop/web-1", 12);
        // the drain of n1 fails on api-1's eviction: the process "crashes" with n1 cordoned and web-1 gone
        cluster.script("POST /api/v1/namespaces/shop/pods/api-1/eviction", 422);
        RolloutProvider first = provider();
        assertThatThrownBy(() -> first.update(ShopCluster.ACCOUNT, trigger("n1", "2.0.0", "b1/n1/trigger")))
                .isInstanceOf(HeadroomException.class)
                .satisfies(e -> assertThat(((HeadroomException) e).operatorMessage()).contains("api-1")
                        .contains("stays cordoned"));
        assertThat(Kube.cordoned(node("n1"))).isTrue();
        assertThat(first.appliedUpdate(ShopCluster.ACCOUNT, "b1/n1/trigger")).isEmpty();
        long cordons = count("PUT /api/v1/nodes/n1");
        assertThat(cordons).isEqualTo(1);
        assertThat(cluster.evicted()).contains("shop/web-1");

        // web-1's replacement is not Ready yet: the re-issue must still wait for web, whose pod left in the first run
        assertThat(Kube.ready(pod("shop", "web-1-r"))).isFalse();

        // a new process: another client and provider on the same cluster, the same key
        try (KubernetesClient other = cluster.newClient()) {
            RolloutProvider second = new KubernetesProvider(ShopCluster.account(ShopCluster.fastSettings()), other)
                    .rollouts().orElseThrow();
            UpdateReply reply = second.update(ShopCluster.ACCOUNT, trigger("n1", "2.0.0", "b1/n1/trigger"));
            assertThat(reply.isDeferred()).isFalse();
            assertThat(reply.previousVersion()).isEqualTo(ShopCluster.KUBELET);
            assertThat(second.appliedUpdate(ShopCluster.ACCOUNT, "b1/n1/trigger")).hasValue(ShopCluster.KUBELET);
        }
        assertThat(count("PUT /api/v1/nodes/n1")).as("the handoff only: no second cordon").isEqualTo(cordons + 1);
        assertThat(Kube.ready(pod("shop", "web-1-r"))).as("waited for web's replica evicted before the crash").isTrue();
        assertThat(cluster.evictionAttempts("shop/web-1")).as("web-1 evicted once").isEqualTo(1);
        assertThat(cluster.evicted()).containsExactlyInAnyOrder("shop/web-1", "shop/api-1");
        assertThat(node("n1").getMetadata().getLabels()).containsEntry(KubernetesSettings.DEFAULT_HANDOFF_KEY, "2.0.0");
        assertNoPodDeletedDirectly();
    }

    @Test
    void theSameTriggerTwiceEvictsAndWritesOnce() {
        RolloutProvider r = provider();
        UpdateReply first = r.update(ShopCluster.ACCOUNT, trigger("n3", "2.0.0", "b1/n3/trigger"));
        long evictions = count("POST");
        long puts = count("PUT");
        UpdateReply again = r.update(ShopCluster.ACCOUNT, trigger("n3", "2.0.0", "b1/n3/trigger"));
        assertThat(again).isEqualTo(first);
        assertThat(count("POST")).isEqualTo(evictions);
        assertThat(count("PUT")).isEqualTo(puts);
        assertThat(cluster.evictionAttempts("shop/api-2")).isEqualTo(1);
        // a rollback is another key: it hands off the old version and answers with the new one as previous
        UpdateReply back = r.update(ShopCluster.ACCOUNT, trigger("n3", ShopCluster.KUBELET, "b1/n3/rollback"));
        assertThat(back.previousVersion()).isEqualTo("2.0.0");
        assertThat(node("n3").getMetadata().getLabels()).containsEntry(KubernetesSettings.DEFAULT_HANDOFF_KEY,
                ShopCluster.KUBELET);
    }

    @Test
    void conflictsOnTheCordonAreRetriedWithAFreshRead() {
        cluster.script("PUT /api/v1/nodes/n3", 409, 409);
        RolloutProvider r = provider();
        UpdateReply reply = r.update(ShopCluster.ACCOUNT, trigger("n3", "2.0.0", "b1/n3/trigger"));
        assertThat(reply.isDeferred()).isFalse();
        assertThat(count("PUT /api/v1/nodes/n3")).as("two conflicts, the cordon, the handoff").isEqualTo(4);
        // each retry read the node afresh
        assertThat(count("GET /api/v1/nodes/n3")).isGreaterThanOrEqualTo(3);
        assertThat(node("n3").getMetadata().getLabels()).containsEntry(KubernetesSettings.DEFAULT_HANDOFF_KEY, "2.0.0");
    }

    @Test
    void conflictsBeyondTheBoundFailWithNothingApplied() {
        Map<String, String> settings = ShopCluster.fastSettings();
        settings.put(KubernetesSettings.CONFLICT_RETRIES, "2");
        cluster.script("PUT /api/v1/nodes/n3", 409, 409, 409);
        RolloutProvider r = provider(settings);
        assertThatThrownBy(() -> r.update(ShopCluster.ACCOUNT, trigger("n3", "2.0.0", "b1/n3/trigger")))
                .isInstanceOf(HeadroomException.class)
                .satisfies(e -> assertThat(((HeadroomException) e).operatorMessage()).contains("409")
                        .contains("3 times").contains(KubernetesSettings.CONFLICT_RETRIES));
        assertThat(Kube.cordoned(node("n3"))).isFalse();
        assertThat(cluster.evicted()).isEmpty();
    }

    @Test
    void surgeScalesTheDeploymentOncePerKeyAndBackOncePerReservation() {
        RolloutProvider r = provider();
        String account = ShopCluster.ACCOUNT;
        assertThat(r.reserve("k1", account, "web", "us-east-1", "m5.xlarge", 2)).isEqualTo(2);
        assertThat(r.reserve("k1", account, "web", "us-east-1", "m5.xlarge", 2)).isEqualTo(2);
        assertThat(webReplicas()).isEqualTo(4);
        cluster.script("PUT /apis/apps/v1/namespaces/shop/deployments/web", 409);
        assertThat(r.reserve("k2", account, "web", "us-east-1", "m5.xlarge", 1)).isEqualTo(1);
        assertThat(webReplicas()).isEqualTo(5);
        // a new provider (after a crash) recognises the key from the Deployment's annotation
        assertThat(provider().reserve("k1", account, "web", "us-east-1", "m5.xlarge", 2)).isEqualTo(2);
        assertThat(webReplicas()).isEqualTo(5);

        r.release("k1/release", account, "k1");
        r.release("k1/release", account, "k1");
        r.release("k1/release-again", account, "k1");
        assertThat(webReplicas()).isEqualTo(3);
        r.release("k2/release", account, "k2");
        assertThat(webReplicas()).isEqualTo(2);
        r.release("unknown/release", account, "never-reserved");
        assertThat(webReplicas()).isEqualTo(2);

        long puts = count("PUT");
        assertThat(r.reserve("k3", account, "api", "us-east-1", "m5.xlarge", 1)).as("no surge Deployment for api")
                .isZero();
        assertThat(count("PUT")).isEqualTo(puts);
    }

    @Test
    void aTriggerWhosePodsDoNotFitElsewhereIsDeferredAndChangesNothing() {
        // n1 and n2 keep 1 core allocatable, already requested by their pods: n3's pod has nowhere to go
        for (String n : List.of("n1", "n2")) {
            cluster.client.nodes().withName(n).edit(x -> {
                x.getStatus().getAllocatable().put("cpu", new Quantity("1"));
                return x;
            });
        }
        RolloutProvider r = provider();
        long writes = count("PUT") + count("POST");
        UpdateReply deferred = r.update(ShopCluster.ACCOUNT, trigger("n3", "2.0.0", "b1/n3/trigger"));
        assertThat(deferred.isDeferred()).isTrue();
        assertThat(deferred.deferral().orElseThrow()).contains("CPU 0 cores allocated, 0.5 needed")
                .contains("request 0.5 cores");
        assertThat(deferred.previousVersion()).isEqualTo(ShopCluster.KUBELET);
        assertThat(count("PUT") + count("POST")).as("nothing written").isEqualTo(writes);
        assertThat(Kube.cordoned(node("n3"))).isFalse();
        assertThat(r.appliedUpdate(ShopCluster.ACCOUNT, "b1/n3/trigger")).isEmpty();

        // the same trigger re-sent with the CPU allocated goes ahead
        UpdateReply applied = r.update(ShopCluster.ACCOUNT, trigger("n3", "2.0.0", "b1/n3/trigger",
                new AllocatedResources(0.5, 1, 0, 0)));
        assertThat(applied.isDeferred()).isFalse();
        assertThat(cluster.evicted()).containsExactly("shop/api-2");
    }

    @Test
    void aPodNoControllerRecreatesStopsTheDrainBeforeItStarts() {
        cluster.client.pods().resource(ShopCluster.pod("shop", "debug", "n3", "debug", null)).create();
        RolloutProvider r = provider();
        assertThatThrownBy(() -> r.update(ShopCluster.ACCOUNT, trigger("n3", "2.0.0", "b1/n3/trigger")))
                .isInstanceOf(HeadroomException.class)
                .satisfies(e -> assertThat(((HeadroomException) e).operatorMessage()).contains("shop/debug")
                        .contains(KubernetesSettings.EVICT_UNMANAGED));
        assertThat(Kube.cordoned(node("n3"))).isFalse();
        assertThat(cluster.evicted()).isEmpty();
    }

    @Test
    void theHookHandsOffOncePerKeyAndAFailingHookLeavesTheNodeCordoned(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("handoffs.txt");
        Path hook = dir.resolve("hook.sh");
        Files.writeString(hook, "#!/bin/sh\nif [ \"$2\" = bad ]; then echo \"no image for $2\"; exit 3; fi\n"
                + "echo \"$1 $2\" >> " + out + "\n");
        assertThat(hook.toFile().setExecutable(true)).isTrue();
        Map<String, String> settings = ShopCluster.fastSettings();
        settings.put(KubernetesSettings.HANDOFF, "hook");
        settings.put(KubernetesSettings.HANDOFF_HOOK, hook + " {node} {version}");
        RolloutProvider r = provider(settings);

        r.update(ShopCluster.ACCOUNT, trigger("n3", "2.0.0", "b1/n3/trigger"));
        r.update(ShopCluster.ACCOUNT, trigger("n3", "2.0.0", "b1/n3/trigger"));
        assertThat(Files.readAllLines(out)).containsExactly("n3 2.0.0");
        assertThat(node("n3").getMetadata().getAnnotations()).containsEntry(KubernetesSettings.DEFAULT_HANDOFF_KEY,
                "2.0.0");

        r.restoreTraffic("b1/n3/restore", ShopCluster.ACCOUNT, "n3");
        assertThatThrownBy(() -> r.update(ShopCluster.ACCOUNT, trigger("n3", "bad", "b2/n3/trigger")))
                .isInstanceOf(HeadroomException.class)
                .satisfies(e -> assertThat(((HeadroomException) e).operatorMessage()).contains("exit code 3")
                        .contains("no image for bad").contains("stays cordoned"));
        assertThat(Kube.cordoned(node("n3"))).isTrue();
        assertThat(r.appliedUpdate(ShopCluster.ACCOUNT, "b2/n3/trigger")).isEmpty();
    }

    @Test
    void shadowIsRefusedAndObserveHasNoSample() {
        RolloutProvider r = provider();
        assertThatThrownBy(() -> r.shadow("s1", ShopCluster.ACCOUNT, "n1", "2.0.0", AT, AT.plusSeconds(600)))
                .isInstanceOf(HeadroomException.class).hasMessageContaining("cannot run shadow");
        assertThat(r.observe(ShopCluster.ACCOUNT, "web", AT)).isEmpty();
        assertThatThrownBy(() -> r.healthy(ShopCluster.ACCOUNT, "n9")).isInstanceOf(HeadroomException.class)
                .hasMessageContaining("no node n9");
    }
}
