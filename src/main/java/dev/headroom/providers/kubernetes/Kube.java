package dev.headroom.providers.kubernetes;

import dev.headroom.domain.HeadroomException;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.util.Map;
import java.util.Optional;

/** What the provider and its execution side read the same way from Kubernetes objects. */
final class Kube {
    /** Annotation a kubelet puts on the API server's copy of a static pod; such pods cannot be evicted. */
    static final String MIRROR = "kubernetes.io/config.mirror";
    static final String ZONE = "topology.kubernetes.io/zone";
    static final String REGION = "topology.kubernetes.io/region";
    static final String INSTANCE_TYPE = "node.kubernetes.io/instance-type";
    // the labels older clusters still set
    static final String BETA_ZONE = "failure-domain.beta.kubernetes.io/zone";
    static final String BETA_REGION = "failure-domain.beta.kubernetes.io/region";
    static final String BETA_INSTANCE_TYPE = "beta.kubernetes.io/instance-type";
    static final String ROLE_PREFIX = "node-role.kubernetes.io/";
    private static final BigDecimal GIB = BigDecimal.valueOf(1024L * 1024 * 1024);

    private Kube() {
    }

    static double cores(Map<String, Quantity> resources) {
        Quantity q = resources == null ? null : resources.get("cpu");
        return q == null ? 0 : Quantity.getAmountInBytes(q).doubleValue();
    }

    static double gib(Map<String, Quantity> resources) {
        Quantity q = resources == null ? null : resources.get("memory");
        return q == null ? 0 : Quantity.getAmountInBytes(q).divide(GIB, 6, java.math.RoundingMode.HALF_UP).doubleValue();
    }

    /** The pod's requests: the sum over its containers (what the scheduler reserves for it, init containers aside). */
    static double[] requests(Pod pod) {
        double cpu = 0;
        double mem = 0;
        if (pod.getSpec() != null && pod.getSpec().getContainers() != null) {
            for (Container c : pod.getSpec().getContainers()) {
                ResourceRequirements r = c.getResources();
                if (r != null) {
                    cpu += cores(r.getRequests());
                    mem += gib(r.getRequests());
                }
            }
        }
        return new double[] {cpu, mem};
    }

    static String nodeOf(Pod pod) {
        return pod.getSpec() == null || pod.getSpec().getNodeName() == null ? "" : pod.getSpec().getNodeName();
    }

    static boolean finished(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    static boolean terminating(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() != null;
    }

    static boolean ready(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null || terminating(pod)) {
            return false;
        }
        for (PodCondition c : pod.getStatus().getConditions()) {
            if ("Ready".equals(c.getType())) {
                return "True".equals(c.getStatus());
            }
        }
        return false;
    }

    static boolean mirror(Pod pod) {
        Map<String, String> a = pod.getMetadata().getAnnotations();
        return a != null && a.containsKey(MIRROR);
    }

    static Optional<OwnerReference> controller(Pod pod) {
        if (pod.getMetadata().getOwnerReferences() == null) {
            return Optional.empty();
        }
        return pod.getMetadata().getOwnerReferences().stream()
                .filter(o -> Boolean.TRUE.equals(o.getController())).findFirst();
    }

    static boolean daemon(Pod pod) {
        return controller(pod).map(o -> "DaemonSet".equals(o.getKind())).orElse(false);
    }

    static Optional<NodeCondition> condition(Node node, String type) {
        if (node.getStatus() == null || node.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return node.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    static boolean ready(Node node) {
        return condition(node, "Ready").map(c -> "True".equals(c.getStatus())).orElse(false);
    }

    static boolean cordoned(Node node) {
        return node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
    }

    static String label(Map<String, String> labels, String key, String fallbackKey) {
        if (labels == null) {
            return "";
        }
        String v = labels.get(key);
        if (v == null || v.isBlank()) {
            v = labels.get(fallbackKey);
        }
        return v == null ? "" : v.strip();
    }

    static String name(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }

    /**
     * An API error as an operator message: what Headroom was doing, what the cluster said, and what
     * to do. Connection failures, refused credentials and missing rights each get their own advice.
     */
    static HeadroomException error(String context, String doing, KubernetesClientException e) {
        int code = e.getCode();
        String said = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
                : String.valueOf(e.getMessage());
        String what;
        if (code == 401) {
            what = "the API server refused the credentials of context " + context + " (401). Renew them in the "
                    + "kubeconfig (e.g. log in again) or, with token=secret_store, store a fresh token";
        } else if (code == 403) {
            what = "the user of context " + context + " is not allowed to do this (403: " + said + "). Grant it "
                    + "the rights listed in docs/kubernetes.md (nodes: get, list, update; pods: list; "
                    + "pods/eviction: create; deployments: get, update; …)";
        } else if (code == 0 || cause(e, ConnectException.class) || cause(e, IOException.class)) {
            what = "the API server of context " + context + " could not be reached (" + said + "). Check that the "
                    + "cluster is up, that this machine can reach the server named in the kubeconfig, and try again";
        } else {
            what = "the API server answered " + code + ": " + said;
        }
        return new HeadroomException("Kubernetes: " + doing + " failed: " + what + ".", e);
    }

    private static boolean cause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
