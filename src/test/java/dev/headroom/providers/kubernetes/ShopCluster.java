package dev.headroom.providers.kubernetes;

import dev.headroom.domain.Account;
import dev.headroom.domain.AccountKind;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small cluster in the mock API server: three nodes in three zones; in namespace {@code shop}
 * Deployments web (pods on n1, n2; budget minAvailable 2) and api (n1, n3; budget maxUnavailable
 * 1), StatefulSet db (n2); a DaemonSet's pod and a mirror pod on every node in {@code kube-system}.
 * Requests are small, so any node's pods fit on the others.
 */
final class ShopCluster {
    static final String ACCOUNT = "k8s-shop";
    static final String KUBELET = "v1.29.3";

    private ShopCluster() {
    }

    /** Settings that make the tests' waits short; the rest defaults. */
    static Map<String, String> fastSettings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put(KubernetesSettings.KUBECONFIG, "/nonexistent/kubeconfig");
        s.put(KubernetesSettings.CONTEXT, "mock");
        s.put(KubernetesSettings.SURGE, "web=shop/web");
        s.put(KubernetesSettings.HANDOFF, "label");
        s.put(KubernetesSettings.EVICTION_TIMEOUT, "5");
        s.put(KubernetesSettings.BACKOFF_INITIAL, "5");
        s.put(KubernetesSettings.BACKOFF_MAX, "20");
        s.put(KubernetesSettings.RESCHEDULE_TIMEOUT, "5");
        s.put(KubernetesSettings.POLL_INTERVAL, "10");
        s.put(KubernetesSettings.INSTANCE_PRICES, "m5.xlarge=0.192/0.07");
        return s;
    }

    static Account account(Map<String, String> settings) {
        return new Account(ACCOUNT, AccountKind.KUBERNETES, Instant.parse("2026-11-20T00:00:00Z"), settings);
    }

    static void create(KubernetesClient client) {
        for (String[] n : new String[][] {{"n1", "us-east-1a"}, {"n2", "us-east-1b"}, {"n3", "us-east-1c"}}) {
            client.nodes().resource(node(n[0], n[1], "4", "16Gi")).create();
        }
        deployment(client, "web", 2);
        deployment(client, "api", 2);
        client.apps().statefulSets().resource(new StatefulSetBuilder().withNewMetadata().withName("db")
                .withNamespace("shop").endMetadata().withNewSpec().withReplicas(1)
                .withSelector(new LabelSelectorBuilder().addToMatchLabels("app", "db").build()).endSpec().build()).create();
        client.apps().daemonSets().resource(new DaemonSetBuilder().withNewMetadata().withName("node-agent")
                .withNamespace("kube-system").endMetadata().withNewSpec()
                .withSelector(new LabelSelectorBuilder().addToMatchLabels("app", "node-agent").build()).endSpec().build())
                .create();
        pod(client, "shop", "web-1", "n1", "web", owner("ReplicaSet", "web-6d5f8"));
        pod(client, "shop", "web-2", "n2", "web", owner("ReplicaSet", "web-6d5f8"));
        pod(client, "shop", "api-1", "n1", "api", owner("ReplicaSet", "api-7c9b2"));
        pod(client, "shop", "api-2", "n3", "api", owner("ReplicaSet", "api-7c9b2"));
        pod(client, "shop", "db-0", "n2", "db", owner("StatefulSet", "db"));
        for (String n : List.of("n1", "n2", "n3")) {
            pod(client, "kube-system", "node-agent-" + n, n, "node-agent", owner("DaemonSet", "node-agent"));
            Pod mirror = pod("kube-system", "kube-proxy-" + n, n, "kube-proxy", owner("Node", n));
            mirror.getMetadata().setAnnotations(Map.of(Kube.MIRROR, "a1b2c3"));
            client.pods().resource(mirror).create();
        }
        client.policy().v1().podDisruptionBudget().resource(new PodDisruptionBudgetBuilder().withNewMetadata()
                .withName("web-pdb").withNamespace("shop").endMetadata().withNewSpec()
                .withMinAvailable(new IntOrString(2))
                .withSelector(new LabelSelectorBuilder().addToMatchLabels("app", "web").build()).endSpec().build())
                .create();
        client.policy().v1().podDisruptionBudget().resource(new PodDisruptionBudgetBuilder().withNewMetadata()
                .withName("api-pdb").withNamespace("shop").endMetadata().withNewSpec()
                .withMaxUnavailable(new IntOrString(1))
                .withSelector(new LabelSelectorBuilder().addToMatchLabels("app", "api").build()).endSpec().build())
                .create();
    }

    static Node node(String name, String zone, String cpu, String memory) {
        return new NodeBuilder().withNewMetadata().withName(name)
                .addToLabels(Kube.ZONE, zone).addToLabels(Kube.REGION, "us-east-1")
                .addToLabels(Kube.INSTANCE_TYPE, "m5.xlarge").addToLabels(Kube.ROLE_PREFIX + "worker", "")
                .endMetadata()
                .withNewSpec().endSpec()
                .withNewStatus()
                .addToAllocatable("cpu", new Quantity(cpu)).addToAllocatable("memory", new Quantity(memory))
                .addToCapacity("cpu", new Quantity(cpu)).addToCapacity("memory", new Quantity(memory))
                .addNewCondition().withType("Ready").withStatus("True").endCondition()
                .addNewCondition().withType("MemoryPressure").withStatus("False").endCondition()
                .withNewNodeInfo().withKubeletVersion(KUBELET).endNodeInfo()
                .endStatus().build();
    }

    static void deployment(KubernetesClient client, String name, int replicas) {
        client.apps().deployments().resource(new DeploymentBuilder().withNewMetadata().withName(name)
                .withNamespace("shop").endMetadata().withNewSpec().withReplicas(replicas)
                .withSelector(new LabelSelectorBuilder().addToMatchLabels("app", name).build()).endSpec().build())
                .create();
        String rs = name.equals("web") ? "web-6d5f8" : name + "-7c9b2";
        client.apps().replicaSets().resource(new ReplicaSetBuilder().withNewMetadata().withName(rs)
                .withNamespace("shop").withOwnerReferences(owner("Deployment", name)).endMetadata().withNewSpec()
                .withReplicas(replicas)
                .withSelector(new LabelSelectorBuilder().addToMatchLabels("app", name).build()).endSpec().build())
                .create();
    }

    static OwnerReference owner(String kind, String name) {
        return new OwnerReferenceBuilder().withKind(kind).withName(name).withController(true)
                .withApiVersion(kind.equals("Node") ? "v1" : "apps/v1").withUid("uid-" + name).build();
    }

    static void pod(KubernetesClient client, String ns, String name, String node, String app, OwnerReference owner) {
        client.pods().resource(pod(ns, name, node, app, owner)).create();
    }

    static Pod pod(String ns, String name, String node, String app, OwnerReference owner) {
        Pod p = new PodBuilder().withNewMetadata().withName(name).withNamespace(ns).addToLabels("app", app)
                .withOwnerReferences(owner == null ? List.of() : List.of(owner)).endMetadata()
                .withNewSpec().withNodeName(node).withContainers(new ContainerBuilder().withName("main")
                        .withNewResources().addToRequests("cpu", new Quantity("500m"))
                        .addToRequests("memory", new Quantity("1Gi")).endResources().build())
                .endSpec().build();
        ScriptedCluster.setReady(p, true);
        return p;
    }
}
