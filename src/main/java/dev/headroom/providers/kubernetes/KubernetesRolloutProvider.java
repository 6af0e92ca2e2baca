package dev.headroom.providers.kubernetes;

import dev.headroom.domain.HeadroomException;
import dev.headroom.rollout.AllocatedResources;
import dev.headroom.rollout.ProviderThrottledException;
import dev.headroom.rollout.RolloutProvider;
import dev.headroom.rollout.ServiceObservation;
import dev.headroom.rollout.ShadowReport;
import dev.headroom.rollout.UpdateReply;
import dev.headroom.rollout.VersionTrigger;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.EvictionBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Node maintenance on a Kubernetes cluster (see docs/kubernetes.md). A version trigger for a
 * node: verify that the pods to evict fit on the other nodes or in what the trigger allocates
 * (else defer, nothing changed); cordon; evict every pod but DaemonSet and mirror pods through the
 * Eviction API (policy/v1), never deleting a pod, backing off while a disruption budget refuses
 * (429); wait until the evicted workloads are Ready again on other nodes; hand the update to the
 * operator's tooling (a node label or annotation, or a hook command). {@code restoreTraffic}
 * uncordons. Surge scales the Deployment the settings name for a service.
 *
 * <p>Each idempotency key is recorded in the cluster, on the object it changed, in the same write
 * as the change ({@link KeyRecord}): a re-issued key, from this process or another after a crash,
 * changes nothing already done and answers as the first call did.
 */
public final class KubernetesRolloutProvider implements RolloutProvider {
    static final String UPDATE = "update";
    static final String RESERVE = "reserve";
    static final String CORDONED = "cordoned";
    static final String APPLIED = "applied";
    private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");

    private final String account;
    private final KubernetesSettings settings;
    private final KubernetesClient client;
    private final String context;
    private final Clock clock;

    public KubernetesRolloutProvider(String account, KubernetesSettings settings, KubernetesClient client,
                                     String context) {
        this(account, settings, client, context, Clock.systemUTC());
    }

    KubernetesRolloutProvider(String account, KubernetesSettings settings, KubernetesClient client, String context,
                              Clock clock) {
        this.account = account;
        this.settings = settings;
        this.client = client;
        this.context = context;
        this.clock = clock;
    }

    /**
     * Scales the service's surge Deployment (setting {@code surge}) up by {@code count} replicas,
     * recording the key on the Deployment in the same write. A service without a surge Deployment
     * is granted 0. Region and instance type are not Kubernetes' to choose (the scheduler places
     * the replicas), and the replicas are granted when the Deployment is scaled, before they run.
     */
    @Override
    public int reserve(String key, String account, String service, String region, String instanceType, int count) {
        same(account);
        KubernetesSettings.SurgeTarget target = settings.surge().get(service);
        if (target == null || count <= 0) {
            return 0;
        }
        Deployment d = writeDeployment(target, "reserving " + count + " replicas for " + service + " (" + key + ")", x -> {
            if (KeyRecord.read(x.getMetadata().getAnnotations(), RESERVE, key).isPresent()) {
                return null;
            }
            int before = replicas(x);
            x.getSpec().setReplicas(before + count);
            Map<String, String> rec = new LinkedHashMap<>();
            rec.put("key", key);
            rec.put("service", service);
            rec.put("granted", Integer.toString(count));
            rec.put("before", Integer.toString(before));
            rec.put("at", clock.instant().toString());
            annotate(x, KeyRecord.name(RESERVE, key), KeyRecord.encode(rec));
            return x;
        });
        return KeyRecord.read(d.getMetadata().getAnnotations(), RESERVE, key).map(r -> Integer.parseInt(r.get("granted")))
                .orElseThrow(() -> new HeadroomException("Kubernetes: the reservation " + key + " on Deployment "
                        + target + " was written but is not there when read back; check the Deployment's annotations."));
    }

    /**
     * Scales the surge Deployment back down by what reservation {@code reservationKey} granted, once:
     * the record is marked released in the same write. An unknown or released reservation is no error.
     */
    @Override
    public void release(String key, String account, String reservationKey) {
        same(account);
        for (KubernetesSettings.SurgeTarget target : new LinkedHashSet<>(settings.surge().values())) {
            Deployment d = deployment(target, "releasing " + reservationKey);
            if (d == null || KeyRecord.read(d.getMetadata().getAnnotations(), RESERVE, reservationKey).isEmpty()) {
                continue;
            }
            writeDeployment(target, "releasing " + reservationKey + " (" + key + ")", x -> {
                Optional<Map<String, String>> rec = KeyRecord.read(x.getMetadata().getAnnotations(), RESERVE,
                        reservationKey);
                if (rec.isEmpty() || rec.get().containsKey("released")) {
                    return null;
                }
                int granted = Integer.parseInt(rec.get().get("granted"));
                x.getSpec().setReplicas(Math.max(0, replicas(x) - granted));
                Map<String, String> updated = new LinkedHashMap<>(rec.get());
                updated.put("released", key);
                annotate(x, KeyRecord.name(RESERVE, reservationKey), KeyRecord.encode(updated));
                return x;
            });
            return;
        }
    }

    @Override
    public UpdateReply update(String account, VersionTrigger trigger) {
        same(account);
        String key = trigger.idempotencyKey();
        String nodeName = trigger.host();
        Node node = node(nodeName);
        Optional<Map<String, String>> rec = KeyRecord.read(node.getMetadata().getAnnotations(), UPDATE, key);
        if (rec.isPresent() && APPLIED.equals(rec.get().get("state"))) {
            return reply(rec.get().get("previous"));
        }
        String previous;
        String recorded;
        if (rec.isEmpty()) {
            if (settings.handoff() == KubernetesSettings.Handoff.LABEL
                    && !LABEL_VALUE.matcher(trigger.versionId()).matches()) {
                throw new HeadroomException("Kubernetes: version " + trigger.versionId() + " cannot be a node label "
                        + "value (at most 63 letters, digits, '-', '_' or '.'), so it cannot be handed off through label "
                        + settings.handoffKey() + ". Nothing was changed. Set " + KubernetesSettings.HANDOFF
                        + " to annotation, or use such a version id.");
            }
            Drain drain = drain(node);
            if (!drain.unmanaged().isEmpty() && !settings.evictUnmanaged()) {
                throw new HeadroomException("Kubernetes: node " + nodeName + " runs pods no controller recreates ("
                        + String.join(", ", drain.unmanaged()) + "); evicting them loses them. Nothing was changed. "
                        + "Move them, or set " + KubernetesSettings.EVICT_UNMANAGED + " to true.");
            }
            Need need = need(node, drain);
            // the start time is plan time, which a rollout may run faster than the wall clock (docs/rollouts.md):
            // as in the sandbox, the driver sends the trigger when it is due, so its own time is taken as now
            VersionTrigger.Decision decision = trigger.verify(nodeName, need.resources(), trigger.updateStart());
            if (!decision.start()) {
                return UpdateReply.deferred(version(node, settings), decision.reason().replaceFirst("^deferred: ", "")
                        + need.because());
            }
            // the workloads to wait for, kept with the record: a re-issue after a crash must still wait for
            // those whose pods were evicted before it
            List<String> owners = new ArrayList<>();
            for (Pod p : drain.evict()) {
                owner(p).map(Owner::encode).filter(o -> !owners.contains(o)).ifPresent(owners::add);
            }
            Node cordoned = writeNode(nodeName, "cordoning node " + nodeName + " (" + key + ")", n -> {
                if (KeyRecord.read(n.getMetadata().getAnnotations(), UPDATE, key).isPresent()) {
                    return null;
                }
                Map<String, String> r = new LinkedHashMap<>();
                r.put("key", key);
                r.put("state", CORDONED);
                r.put("previous", version(n, settings));
                r.put("version", trigger.versionId());
                r.put("cordoned_before", Boolean.toString(Kube.cordoned(n)));
                r.put("owners", String.join(",", owners));
                r.put("at", clock.instant().toString());
                n.getSpec().setUnschedulable(true);
                annotate(n, KeyRecord.name(UPDATE, key), KeyRecord.encode(r));
                return n;
            });
            Map<String, String> written = KeyRecord.read(cordoned.getMetadata().getAnnotations(), UPDATE, key)
                    .orElseThrow();
            if (APPLIED.equals(written.get("state"))) {
                return reply(written.get("previous"));
            }
            previous = written.get("previous");
            recorded = written.getOrDefault("owners", "");
        } else {
            // a re-issue after a failure or crash past the cordon: the drain goes on where it stopped
            previous = rec.get().get("previous");
            recorded = rec.get().getOrDefault("owners", "");
        }
        evictAndWait(nodeName, recorded);
        handoff(nodeName, trigger.versionId());
        Node done = writeNode(nodeName, "recording the update of " + nodeName + " (" + key + ")", n -> {
            Optional<Map<String, String>> r = KeyRecord.read(n.getMetadata().getAnnotations(), UPDATE, key);
            if (r.isPresent() && APPLIED.equals(r.get().get("state"))) {
                return null;
            }
            Map<String, String> updated = new LinkedHashMap<>(r.orElseGet(LinkedHashMap::new));
            updated.put("key", key);
            updated.put("state", APPLIED);
            updated.putIfAbsent("previous", previous);
            updated.put("version", trigger.versionId());
            updated.put("handed_off", clock.instant().toString());
            if (settings.handoff() == KubernetesSettings.Handoff.LABEL) {
                if (n.getMetadata().getLabels() == null) {
                    n.getMetadata().setLabels(new HashMap<>());
                }
                n.getMetadata().getLabels().put(settings.handoffKey(), trigger.versionId());
            } else {
                // with a hook, the annotation is still where the node's version is read from afterwards
                annotate(n, settings.handoffKey(), trigger.versionId());
            }
            annotate(n, KeyRecord.name(UPDATE, key), KeyRecord.encode(updated));
            return n;
        });
        return reply(KeyRecord.read(done.getMetadata().getAnnotations(), UPDATE, key).map(r -> r.get("previous"))
                .orElse(previous));
    }

    /** The version the node had before the update with {@code updateKey}, when that update was handed off. */
    @Override
    public Optional<String> appliedUpdate(String account, String updateKey) {
        same(account);
        List<Node> nodes;
        try {
            nodes = client.nodes().list().getItems();
        } catch (KubernetesClientException e) {
            throw Kube.error(context, "looking up update " + updateKey, e);
        }
        for (Node n : nodes) {
            Optional<Map<String, String>> r = KeyRecord.read(n.getMetadata().getAnnotations(), UPDATE, updateKey);
            if (r.isPresent() && APPLIED.equals(r.get().get("state"))) {
                return Optional.of(r.get().get("previous"));
            }
        }
        return Optional.empty();
    }

    /** Uncordons each node; one not cordoned is left as it is. */
    @Override
    public void restoreTraffic(String key, String account, String hosts) {
        same(account);
        for (String h : hosts.split(",")) {
            String name = h.strip();
            if (name.isEmpty()) {
                continue;
            }
            writeNode(name, "uncordoning node " + name + " (" + key + ")", n -> {
                if (!Kube.cordoned(n)) {
                    return null;
                }
                n.getSpec().setUnschedulable(false);
                return n;
            });
        }
    }

    /** Whether the node's Ready condition is True. */
    @Override
    public boolean healthy(String account, String host) {
        same(account);
        return Kube.ready(node(host));
    }

    /**
     * Empty: what Kubernetes knows of a service is what its pods request, not the load they carry,
     * and an observation built from requests would tell the monitor the service is exactly as busy
     * as it asked to be. A Prometheus account gives the real load.
     */
    @Override
    public Optional<ServiceObservation> observe(String account, String service, Instant at) {
        same(account);
        return Optional.empty();
    }

    @Override
    public ShadowReport shadow(String key, String account, String host, String version, Instant from, Instant to) {
        throw new HeadroomException("Kubernetes account " + this.account + " cannot run shadow comparisons: a node "
                + "runs one kubelet version, and Headroom does not start a second copy of workloads beside it. Plan "
                + "this rollout without shadow mode.");
    }

    /** The node's version: the handoff label or annotation when set, else its kubelet's version. */
    static String version(Node node, KubernetesSettings settings) {
        Map<String, String> where = settings.handoff() == KubernetesSettings.Handoff.LABEL
                ? node.getMetadata().getLabels() : node.getMetadata().getAnnotations();
        String v = where == null ? null : where.get(settings.handoffKey());
        if (v == null || v.isBlank()) {
            v = node.getStatus() == null || node.getStatus().getNodeInfo() == null ? null
                    : node.getStatus().getNodeInfo().getKubeletVersion();
        }
        return v == null || v.isBlank() ? "unknown" : v.strip();
    }

    /** Whether a label selector (as a PodDisruptionBudget's, policy/v1) selects the pod; null selects none. */
    static boolean selects(LabelSelector selector, Pod pod) {
        if (selector == null) {
            return false;
        }
        Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
        if (selector.getMatchLabels() != null) {
            for (Map.Entry<String, String> e : selector.getMatchLabels().entrySet()) {
                if (!e.getValue().equals(labels.get(e.getKey()))) {
                    return false;
                }
            }
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
                String v = labels.get(r.getKey());
                List<String> values = r.getValues() == null ? List.of() : r.getValues();
                boolean ok = switch (r.getOperator()) {
                    case "In" -> v != null && values.contains(v);
                    case "NotIn" -> v == null || !values.contains(v);
                    case "Exists" -> v != null;
                    case "DoesNotExist" -> v == null;
                    default -> false;
                };
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }

    // --- the drain ---

    /** The pods a drain of the node evicts, and those among them no controller recreates. */
    record Drain(List<Pod> evict, List<String> unmanaged) {
    }

    /** What the trigger must allocate for the node's pods, and why, in operator words. */
    record Need(AllocatedResources resources, String because) {
    }

    private Drain drain(Node node) {
        List<Pod> evict = new ArrayList<>();
        List<String> unmanaged = new ArrayList<>();
        for (Pod p : podsOn(node.getMetadata().getName())) {
            if (Kube.daemon(p) || Kube.mirror(p) || Kube.terminating(p)) {
                continue;
            }
            evict.add(p);
            if (Kube.controller(p).isEmpty()) {
                unmanaged.add(Kube.name(p));
            }
        }
        return new Drain(evict, unmanaged);
    }

    /**
     * The part of the evicted pods' requests that the other schedulable, Ready nodes cannot take in
     * their free allocatable (allocatable minus the requests of the pods on them). Summed over the
     * nodes, so a pod too large for any single node's free space is not caught here; the wait for
     * rescheduling then times out and says so.
     */
    private Need need(Node node, Drain drain) {
        double cpu = 0;
        double mem = 0;
        for (Pod p : drain.evict()) {
            double[] r = Kube.requests(p);
            cpu += r[0];
            mem += r[1];
        }
        if (cpu <= 0 && mem <= 0) {
            return new Need(AllocatedResources.NONE, "");
        }
        List<Node> nodes;
        List<Pod> pods;
        try {
            nodes = client.nodes().list().getItems();
            pods = client.pods().inAnyNamespace().list().getItems();
        } catch (KubernetesClientException e) {
            throw Kube.error(context, "reading free capacity for node " + node.getMetadata().getName(), e);
        }
        Map<String, double[]> used = new HashMap<>();
        for (Pod p : pods) {
            if (!Kube.finished(p) && !Kube.nodeOf(p).isEmpty()) {
                double[] r = Kube.requests(p);
                double[] u = used.computeIfAbsent(Kube.nodeOf(p), n -> new double[2]);
                u[0] += r[0];
                u[1] += r[1];
            }
        }
        double freeCpu = 0;
        double freeMem = 0;
        for (Node n : nodes) {
            String name = n.getMetadata().getName();
            if (name.equals(node.getMetadata().getName()) || !Kube.ready(n) || Kube.cordoned(n)) {
                continue;
            }
            double[] u = used.getOrDefault(name, new double[2]);
            freeCpu += Math.max(0, Kube.cores(n.getStatus().getAllocatable()) - u[0]);
            freeMem += Math.max(0, Kube.gib(n.getStatus().getAllocatable()) - u[1]);
        }
        double needCpu = round3(Math.max(0, cpu - freeCpu));
        double needMem = round3(Math.max(0, mem - freeMem));
        String because = " (needed: the pods to evict from " + node.getMetadata().getName() + " request "
                + num(cpu) + " cores and " + num(mem) + " GiB; the other schedulable Ready nodes have " + num(freeCpu)
                + " cores and " + num(freeMem) + " GiB free)";
        return new Need(new AllocatedResources(needCpu, needMem, 0, 0), because);
    }

    private void evictAndWait(String nodeName, String recordedOwners) {
        List<Pod> evict = drain(node(nodeName)).evict();
        // the workloads to wait for: those recorded at the cordon, and those of the pods still here
        Map<String, Owner> owners = new LinkedHashMap<>();
        for (String o : recordedOwners.split(",")) {
            Owner.decode(o).ifPresent(x -> owners.putIfAbsent(x.describe(), x));
        }
        for (Pod p : evict) {
            owner(p).ifPresent(o -> owners.putIfAbsent(o.describe(), o));
        }
        for (Pod p : evict) {
            evict(p, nodeName);
        }
        waitRescheduled(nodeName, evict, owners.values());
    }

    private void evict(Pod pod, String nodeName) {
        String ns = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        long deadline = System.nanoTime() + settings.evictionTimeout().toNanos();
        Duration delay = settings.backoffInitial();
        int refusals = 0;
        while (true) {
            boolean evicted;
            try {
                // policy/v1 explicitly: fabric8's evict() without an argument still sends policy/v1beta1
                evicted = client.pods().inNamespace(ns).withName(name).evict(new EvictionBuilder().withNewMetadata()
                        .withName(name).withNamespace(ns).endMetadata().build());
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404) {
                    return;
                }
                throw Kube.error(context, "evicting pod " + Kube.name(pod) + " from node " + nodeName + " (the node "
                        + "stays cordoned; re-issue the update to go on)", e);
            }
            if (evicted) {
                return;
            }
            refusals++;
            if (System.nanoTime() + delay.toNanos() > deadline) {
                throw new ProviderThrottledException("Kubernetes: the eviction of pod " + Kube.name(pod) + " from node "
                        + nodeName + " was refused " + refusals + " time" + (refusals == 1 ? "" : "s") + " over "
                        + settings.evictionTimeout().toSeconds() + " s (429: " + budgets(pod) + " allows no disruption "
                        + "now). Node " + nodeName + " stays cordoned and the pods already evicted stay evicted. Wait "
                        + "until the workload's other replicas are Ready (or add surge), then re-issue the update; "
                        + "setting " + KubernetesSettings.EVICTION_TIMEOUT + " bounds this wait.", Optional.of(delay));
            }
            sleep(delay);
            long doubled = Math.min(settings.backoffMax().toMillis(), delay.toMillis() * 2);
            delay = Duration.ofMillis(doubled);
        }
    }

    private String budgets(Pod pod) {
        try {
            List<String> names = new ArrayList<>();
            for (PodDisruptionBudget b : client.policy().v1().podDisruptionBudget()
                    .inNamespace(pod.getMetadata().getNamespace()).list().getItems()) {
                if (selects(b.getSpec() == null ? null : b.getSpec().getSelector(), pod)) {
                    names.add("PodDisruptionBudget " + b.getMetadata().getNamespace() + "/" + b.getMetadata().getName());
                }
            }
            return names.isEmpty() ? "a disruption budget" : String.join(", ", names);
        } catch (KubernetesClientException e) {
            return "a disruption budget";
        }
    }

    /** A workload whose evicted replicas must be Ready elsewhere before the node is handed off. */
    private record Owner(String kind, String namespace, String name) {
        String describe() {
            return kind + " " + namespace + "/" + name;
        }

        String encode() {
            return kind + "/" + namespace + "/" + name;
        }

        static Optional<Owner> decode(String text) {
            String[] p = text.strip().split("/");
            return p.length == 3 ? Optional.of(new Owner(p[0], p[1], p[2])) : Optional.empty();
        }
    }

    private Optional<Owner> owner(Pod pod) {
        Optional<OwnerReference> ref = Kube.controller(pod);
        if (ref.isEmpty()) {
            return Optional.empty();
        }
        String ns = pod.getMetadata().getNamespace();
        String kind = ref.get().getKind();
        try {
            if ("ReplicaSet".equals(kind)) {
                ReplicaSet rs = client.apps().replicaSets().inNamespace(ns).withName(ref.get().getName()).get();
                if (rs == null) {
                    return Optional.empty();
                }
                Optional<OwnerReference> deployment = Optional.ofNullable(rs.getMetadata().getOwnerReferences())
                        .orElse(List.of()).stream().filter(o -> Boolean.TRUE.equals(o.getController())
                                && "Deployment".equals(o.getKind())).findFirst();
                return Optional.of(deployment.map(d -> new Owner("Deployment", ns, d.getName()))
                        .orElse(new Owner("ReplicaSet", ns, rs.getMetadata().getName())));
            }
            if ("StatefulSet".equals(kind)) {
                return Optional.of(new Owner(kind, ns, ref.get().getName()));
            }
        } catch (KubernetesClientException e) {
            throw Kube.error(context, "reading the owner of pod " + Kube.name(pod), e);
        }
        // Jobs and other controllers: their pods are not counted back; the eviction itself is the wait
        return Optional.empty();
    }

    /** The owner's selector and wanted replicas now; empty when it is gone. */
    private Optional<Object[]> wanted(Owner o) {
        HasMetadata w = switch (o.kind()) {
            case "Deployment" -> client.apps().deployments().inNamespace(o.namespace()).withName(o.name()).get();
            case "StatefulSet" -> client.apps().statefulSets().inNamespace(o.namespace()).withName(o.name()).get();
            default -> client.apps().replicaSets().inNamespace(o.namespace()).withName(o.name()).get();
        };
        if (w == null) {
            return Optional.empty();
        }
        if (w instanceof Deployment d) {
            return Optional.of(new Object[] {d.getSpec().getSelector(), replicas(d)});
        }
        if (w instanceof StatefulSet s) {
            return Optional.of(new Object[] {s.getSpec().getSelector(), s.getSpec().getReplicas() == null ? 1
                    : s.getSpec().getReplicas()});
        }
        ReplicaSet rs = (ReplicaSet) w;
        return Optional.of(new Object[] {rs.getSpec().getSelector(), rs.getSpec().getReplicas() == null ? 1
                : rs.getSpec().getReplicas()});
    }

    /**
     * Waits until no evicted pod is still on the node and every owner has as many Ready pods on
     * other nodes as it wants replicas, polling every {@code poll_interval_ms} up to
     * {@code reschedule_timeout_seconds}.
     */
    private void waitRescheduled(String nodeName, List<Pod> evicted, java.util.Collection<Owner> owners) {
        long deadline = System.nanoTime() + settings.rescheduleTimeout().toNanos();
        while (true) {
            List<String> pending = new ArrayList<>();
            try {
                for (Pod p : evicted) {
                    Pod now = client.pods().inNamespace(p.getMetadata().getNamespace()).withName(p.getMetadata().getName())
                            .get();
                    if (now != null && nodeName.equals(Kube.nodeOf(now))
                            && p.getMetadata().getUid() != null && p.getMetadata().getUid().equals(now.getMetadata().getUid())) {
                        pending.add("pod " + Kube.name(p) + " is still on the node");
                    }
                }
                for (Owner o : owners) {
                    Optional<Object[]> w = wanted(o);
                    if (w.isEmpty()) {
                        continue;
                    }
                    LabelSelector selector = (LabelSelector) w.get()[0];
                    int replicas = (Integer) w.get()[1];
                    long ready = client.pods().inNamespace(o.namespace()).list().getItems().stream()
                            .filter(p -> selects(selector, p)).filter(Kube::ready)
                            .filter(p -> !nodeName.equals(Kube.nodeOf(p))).count();
                    if (ready < replicas) {
                        pending.add(o.describe() + " has " + ready + " of " + replicas + " replicas Ready on other nodes");
                    }
                }
            } catch (KubernetesClientException e) {
                throw Kube.error(context, "waiting for the pods of node " + nodeName + " to be rescheduled", e);
            }
            if (pending.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new HeadroomException("Kubernetes: after draining node " + nodeName + ", "
                        + String.join("; ", pending) + " after " + settings.rescheduleTimeout().toSeconds() + " s. The "
                        + "node stays cordoned and not yet handed off. Check for Pending pods (\"kubectl get pods -A "
                        + "--field-selector status.phase=Pending\"), add capacity or surge, then re-issue the update; "
                        + "setting " + KubernetesSettings.RESCHEDULE_TIMEOUT + " bounds this wait.");
            }
            sleep(settings.pollInterval());
        }
    }

    /** Runs the handoff hook when there is one; label and annotation handoffs are written with the record. */
    private void handoff(String nodeName, String version) {
        if (settings.handoff() != KubernetesSettings.Handoff.HOOK) {
            return;
        }
        List<String> command = settings.handoffHook().stream()
                .map(a -> a.replace("{node}", nodeName).replace("{version}", version)).toList();
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new HeadroomException("Kubernetes: the handoff hook " + command.get(0) + " (setting "
                    + KubernetesSettings.HANDOFF_HOOK + ") could not be started: " + e.getMessage() + ". Node " + nodeName
                    + " stays cordoned; fix the hook and re-issue the update.", e);
        }
        try (InputStream out = process.getInputStream()) {
            boolean done = process.waitFor(settings.hookTimeout().toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                process.destroyForcibly();
                throw new HeadroomException("Kubernetes: the handoff hook for node " + nodeName + " ran longer than "
                        + settings.hookTimeout().toSeconds() + " s (setting " + KubernetesSettings.HOOK_TIMEOUT + ") and "
                        + "was stopped. Node " + nodeName + " stays cordoned; re-issue the update when the hook works.");
            }
            String text = new String(out.readAllBytes(), StandardCharsets.UTF_8).strip();
            if (process.exitValue() != 0) {
                String last = text.isEmpty() ? "" : text.substring(text.lastIndexOf('\n') + 1);
                throw new HeadroomException("Kubernetes: the handoff hook for node " + nodeName + " to " + version
                        + " failed with exit code " + process.exitValue() + (last.isEmpty() ? "" : " (" + last + ")")
                        + ". Node " + nodeName + " stays cordoned; re-issue the update when the hook works.");
            }
        } catch (IOException e) {
            throw new HeadroomException("Kubernetes: the output of the handoff hook for node " + nodeName
                    + " could not be read: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new HeadroomException("Kubernetes: the handoff of node " + nodeName + " was interrupted; the node "
                    + "stays cordoned. Re-issue the update.", e);
        }
    }

    // --- reading and writing with conflict retries ---

    private Node node(String name) {
        try {
            Node n = client.nodes().withName(name).get();
            if (n == null) {
                throw new HeadroomException("Kubernetes: the cluster of context " + context + " has no node " + name
                        + "; nothing was changed. Sync the account and plan again on the nodes it has now.");
            }
            return n;
        } catch (KubernetesClientException e) {
            throw Kube.error(context, "reading node " + name, e);
        }
    }

    private List<Pod> podsOn(String nodeName) {
        try {
            // filtered here, not by a field selector: fabric8's mock API server, the only server these
            // lines were tested against, ignores field selectors
            return client.pods().inAnyNamespace().list().getItems().stream()
                    .filter(p -> nodeName.equals(Kube.nodeOf(p)) && !Kube.finished(p)).toList();
        } catch (KubernetesClientException e) {
            throw Kube.error(context, "listing the pods of node " + nodeName, e);
        }
    }

    /**
     * Reads the node, lets {@code change} edit it (null: nothing to change) and writes it with its
     * resource version; a 409 (someone changed it since the read) reads it afresh and tries again,
     * up to {@code conflict_retries} times.
     */
    private Node writeNode(String name, String doing, UnaryOperator<Node> change) {
        for (int attempt = 0; ; attempt++) {
            Node n = node(name);
            if (n.getSpec() == null) {
                n.setSpec(new io.fabric8.kubernetes.api.model.NodeSpec());
            }
            Node changed = change.apply(n);
            if (changed == null) {
                return n;
            }
            try {
                return client.nodes().resource(changed).update();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw Kube.error(context, doing, e);
                }
                if (attempt >= settings.conflictRetries()) {
                    throw new HeadroomException("Kubernetes: " + doing + " failed: node " + name + " was changed by "
                            + "someone else " + (attempt + 1) + " times while Headroom wrote it (409). Nothing of this "
                            + "write was applied; retry the step, or raise " + KubernetesSettings.CONFLICT_RETRIES + ".", e);
                }
            }
        }
    }

    private Deployment deployment(KubernetesSettings.SurgeTarget target, String doing) {
        try {
            return client.apps().deployments().inNamespace(target.namespace()).withName(target.deployment()).get();
        } catch (KubernetesClientException e) {
            throw Kube.error(context, doing, e);
        }
    }

    private Deployment writeDeployment(KubernetesSettings.SurgeTarget target, String doing,
                                       UnaryOperator<Deployment> change) {
        for (int attempt = 0; ; attempt++) {
            Deployment d = deployment(target, doing);
            if (d == null) {
                throw new HeadroomException("Kubernetes: " + doing + " failed: there is no Deployment " + target
                        + " (setting " + KubernetesSettings.SURGE + "). Nothing was changed; correct the setting.");
            }
            Deployment changed = change.apply(d);
            if (changed == null) {
                return d;
            }
            try {
                return client.apps().deployments().resource(changed).update();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw Kube.error(context, doing, e);
                }
                if (attempt >= settings.conflictRetries()) {
                    throw new HeadroomException("Kubernetes: " + doing + " failed: Deployment " + target + " was changed "
                            + "by someone else " + (attempt + 1) + " times while Headroom wrote it (409). Nothing of "
                            + "this write was applied; retry the step.", e);
                }
            }
        }
    }

    private UpdateReply reply(String previous) {
        return settings.updateTakes().map(t -> UpdateReply.applied(previous, t)).orElseGet(() -> UpdateReply.applied(previous));
    }

    private void same(String account) {
        if (!this.account.equals(account)) {
            throw new HeadroomException("Kubernetes account " + this.account + " was asked to act for account " + account
                    + "; nothing was changed. This is a bug in how the rollout found its provider: report it.");
        }
    }

    private static int replicas(Deployment d) {
        return d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    }

    private static void annotate(HasMetadata o, String name, String value) {
        if (o.getMetadata().getAnnotations() == null) {
            o.getMetadata().setAnnotations(new HashMap<>());
        }
        o.getMetadata().getAnnotations().put(name, value);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(Math.max(1, d.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HeadroomException("Kubernetes: a drain was interrupted while waiting; the node stays cordoned. "
                    + "Re-issue the update to go on.", e);
        }
    }

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static String num(double v) {
        double r = round3(v);
        return r == Math.rint(r) ? Long.toString((long) r) : String.format(Locale.ROOT, "%.3f", r).replaceAll("0+$", "");
    }
}
