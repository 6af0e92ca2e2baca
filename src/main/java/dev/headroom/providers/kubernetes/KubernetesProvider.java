package dev.headroom.providers.kubernetes;

import dev.headroom.credentials.SecretStore;
import dev.headroom.domain.Account;
import dev.headroom.domain.AccountKind;
import dev.headroom.domain.Capacity;
import dev.headroom.domain.Criticality;
import dev.headroom.domain.DomainException;
import dev.headroom.domain.HeadroomException;
import dev.headroom.domain.Host;
import dev.headroom.domain.InstanceType;
import dev.headroom.domain.Metric;
import dev.headroom.domain.MetricSeries;
import dev.headroom.domain.ProgressListener;
import dev.headroom.domain.Service;
import dev.headroom.providers.Inventory;
import dev.headroom.providers.Provider;
import dev.headroom.rollout.RolloutProvider;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.NodeMetrics;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A Kubernetes cluster reached through a kubeconfig context (see docs/kubernetes.md). Nodes are
 * hosts; Deployments, StatefulSets and DaemonSets in the namespaces in scope are services; a host
 * runs the services that have pods on it. PodDisruptionBudgets are read into the inventory's notes
 * and honoured by the Eviction API during a drain ({@link KubernetesRolloutProvider}).
 *
 * <p>No metric history: the API server keeps none (Prometheus accounts give it), so
 * {@link #history} is empty and the capabilities say so. Live load only from metrics-server, when
 * the operator sets {@code live_load=metrics_api}: requests are not load.
 */
public final class KubernetesProvider implements Provider, AutoCloseable {
    /** Workload annotation an operator may set to tell Headroom how much a service matters. */
    public static final String CRITICALITY_ANNOTATION = "headroom.dev/criticality";
    /** The service of a node that runs no workload pod in scope (a host must run a service). */
    public static final String IDLE_SERVICE = "idle";

    private final Account account;
    private final KubernetesSettings settings;
    private final KubernetesClient client;
    private final String context;
    private final KubernetesRolloutProvider rollouts;
    private final Clock clock;

    /** Over an already connected client (tests use fabric8's mock API server). */
    public KubernetesProvider(Account account, KubernetesClient client) {
        this(account, KubernetesSettings.parse(account), client,
                KubernetesSettings.parse(account).context().orElse("(given client)"), Clock.systemUTC());
    }

    KubernetesProvider(Account account, KubernetesSettings settings, KubernetesClient client, String context,
                       Clock clock) {
        if (account.kind() != AccountKind.KUBERNETES) {
            throw new HeadroomException("Account \"" + account.name() + "\" is of kind " + account.kind().label()
                    + ", not kubernetes; it cannot be read as a Kubernetes cluster.");
        }
        this.account = account;
        this.settings = settings;
        this.client = client;
        this.context = context;
        this.clock = clock;
        this.rollouts = new KubernetesRolloutProvider(account.name(), settings, client, context);
    }

    /**
     * Connects to the cluster of the account's kubeconfig context. The kubeconfig is read where it
     * is, each time; a bearer token comes from {@code secrets} when the account's {@code token}
     * setting is {@code secret_store}.
     *
     * @throws HeadroomException naming the setting that is wrong: a missing or unreadable kubeconfig,
     *                           an unknown context, a token that is not in the secret store
     */
    public static KubernetesProvider open(Account account, SecretStore secrets) {
        KubernetesSettings settings = KubernetesSettings.parse(account);
        Path path = settings.kubeconfigPath();
        if (!Files.isRegularFile(path)) {
            throw new HeadroomException("Kubernetes account \"" + account.name() + "\": the kubeconfig file " + path
                    + " (setting " + KubernetesSettings.KUBECONFIG + ") does not exist or is not a file. Give the path "
                    + "of the kubeconfig that kubectl uses for this cluster.");
        }
        io.fabric8.kubernetes.api.model.Config parsed;
        try {
            parsed = KubeConfigUtils.parseConfig(path.toFile());
        } catch (RuntimeException e) {
            throw new HeadroomException("Kubernetes account \"" + account.name() + "\": the kubeconfig file " + path
                    + " (setting " + KubernetesSettings.KUBECONFIG + ") cannot be read as a kubeconfig (" + e.getMessage()
                    + "). Check it with \"kubectl config view --kubeconfig " + path + "\".", e);
        }
        List<String> contexts = parsed.getContexts() == null ? List.of()
                : parsed.getContexts().stream().map(NamedContext::getName).toList();
        String context = settings.context().orElse(parsed.getCurrentContext() == null ? "" : parsed.getCurrentContext());
        if (context.isEmpty()) {
            throw new HeadroomException("Kubernetes account \"" + account.name() + "\": the kubeconfig " + path
                    + " has no current context and setting " + KubernetesSettings.CONTEXT + " is empty. Set "
                    + KubernetesSettings.CONTEXT + " to one of: " + String.join(", ", contexts) + ".");
        }
        if (!contexts.contains(context)) {
            throw new HeadroomException("Kubernetes account \"" + account.name() + "\": the kubeconfig " + path
                    + " has no context \"" + context + "\" (setting " + KubernetesSettings.CONTEXT + "). Its contexts: "
                    + (contexts.isEmpty() ? "none" : String.join(", ", contexts)) + ".");
        }
        Config config;
        try {
            config = Config.fromKubeconfig(context, path.toFile());
        } catch (RuntimeException e) {
            throw new HeadroomException("Kubernetes account \"" + account.name() + "\": context \"" + context
                    + "\" of " + path + " cannot be used (" + e.getMessage() + "). Check it with \"kubectl --context "
                    + context + " get nodes\".", e);
        }
        if (settings.token() == KubernetesSettings.TokenSource.SECRET_STORE) {
            String reference = SecretStore.reference(account.name(), KubernetesSettings.TOKEN_FIELD);
            char[] token = secrets.get(reference).orElseThrow(() -> new HeadroomException("Kubernetes account \""
                    + account.name() + "\": setting " + KubernetesSettings.TOKEN + " is secret_store but "
                    + secrets.describe() + " holds no token under " + reference + ". Store the token again (or set "
                    + KubernetesSettings.TOKEN + " to kubeconfig to use the kubeconfig's own credentials)."));
            try {
                config.setOauthToken(new String(token));
            } finally {
                Arrays.fill(token, '\0');
            }
        }
        // fail fast instead of the client's own long retries: the engine retries a failed step itself
        config.setRequestRetryBackoffLimit(0);
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
        return new KubernetesProvider(account, settings, client, context, Clock.systemUTC());
    }

    @Override
    public Account account() {
        return account;
    }

    public KubernetesSettings settings() {
        return settings;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    /**
     * With {@code live_load=metrics_api}: each node's CPU or memory use as metrics-server last
     * sampled it (metrics.k8s.io), in percent of its allocatable. Empty otherwise, and for network
     * and disk, which metrics-server does not give: requests are not load.
     */
    @Override
    public Map<String, Double> currentLoad(Metric metric) {
        if (settings.liveLoad() != KubernetesSettings.LiveLoad.METRICS_API
                || (metric != Metric.CPU && metric != Metric.MEMORY)) {
            return Map.of();
        }
        List<NodeMetrics> samples;
        List<Node> nodes;
        try {
            samples = client.top().nodes().metrics().getItems();
            nodes = client.nodes().list().getItems();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404 || e.getCode() == 503) {
                throw new HeadroomException("Kubernetes account " + account.name() + ": the metrics API "
                        + "(metrics.k8s.io) is not served by the cluster of context " + context + " (" + e.getCode()
                        + "). Install metrics-server, or set " + KubernetesSettings.LIVE_LOAD + " to none.", e);
            }
            throw Kube.error(context, "reading live load of account " + account.name(), e);
        }
        Map<String, Node> byName = new HashMap<>();
        for (Node n : nodes) {
            byName.put(n.getMetadata().getName(), n);
        }
        Map<String, Double> load = new TreeMap<>();
        for (NodeMetrics m : samples) {
            Node n = byName.get(m.getMetadata().getName());
            if (n == null || n.getStatus() == null || !validId(n.getMetadata().getName())) {
                continue;
            }
            double used = metric == Metric.CPU ? Kube.cores(m.getUsage()) : Kube.gib(m.getUsage());
            double of = metric == Metric.CPU ? Kube.cores(n.getStatus().getAllocatable())
                    : Kube.gib(n.getStatus().getAllocatable());
            if (of > 0) {
                load.put(n.getMetadata().getName(), Math.min(100, Math.max(0, 100 * used / of)));
            }
        }
        return load;
    }

    @Override
    public Set<Capability> capabilities() {
        Set<Capability> c = EnumSet.of(Capability.UPDATE);
        if (!settings.surge().isEmpty()) {
            c.add(Capability.RESERVE);
        }
        if (settings.liveLoad() == KubernetesSettings.LiveLoad.METRICS_API) {
            c.add(Capability.LIVE_LOAD);
        }
        return c;
    }

    @Override
    public String check() {
        VersionInfo version;
        int nodes;
        try {
            version = client.getKubernetesVersion();
            nodes = client.nodes().list().getItems().size();
        } catch (KubernetesClientException e) {
            throw Kube.error(context, "the connection check of account " + account.name(), e);
        }
        String server = String.valueOf(client.getMasterUrl());
        return "Kubernetes " + (version == null ? "(version not given)" : version.getGitVersion()) + " at " + server
                + " (context " + context + "): " + nodes + " node" + (nodes == 1 ? "" : "s")
                + (settings.namespaces().isEmpty() ? ", all namespaces" : ", namespaces "
                + String.join(", ", settings.namespaces()));
    }

    @Override
    public Inventory inventory(ProgressListener progress) {
        try {
            return read(progress);
        } catch (KubernetesClientException e) {
            throw Kube.error(context, "reading the inventory of account " + account.name(), e);
        }
    }

    private Inventory read(ProgressListener progress) {
        List<String> notes = new ArrayList<>();
        progress.progress(0, "reading nodes");
        List<Node> nodes = client.nodes().list().getItems();
        progress.progress(0.2, "reading workloads");
        List<Deployment> deployments = inScope(ns -> client.apps().deployments().inNamespace(ns).list().getItems(),
                () -> client.apps().deployments().inAnyNamespace().list().getItems());
        List<StatefulSet> statefulSets = inScope(ns -> client.apps().statefulSets().inNamespace(ns).list().getItems(),
                () -> client.apps().statefulSets().inAnyNamespace().list().getItems());
        List<DaemonSet> daemonSets = inScope(ns -> client.apps().daemonSets().inNamespace(ns).list().getItems(),
                () -> client.apps().daemonSets().inAnyNamespace().list().getItems());
        List<ReplicaSet> replicaSets = inScope(ns -> client.apps().replicaSets().inNamespace(ns).list().getItems(),
                () -> client.apps().replicaSets().inAnyNamespace().list().getItems());
        progress.progress(0.5, "reading pods");
        List<Pod> pods = inScope(ns -> client.pods().inNamespace(ns).list().getItems(),
                () -> client.pods().inAnyNamespace().list().getItems());
        progress.progress(0.7, "reading disruption budgets");
        List<PodDisruptionBudget> budgets = inScope(
                ns -> client.policy().v1().podDisruptionBudget().inNamespace(ns).list().getItems(),
                () -> client.policy().v1().podDisruptionBudget().inAnyNamespace().list().getItems());

        // a workload's service name is its own name, qualified by namespace only where two namespaces share it
        Map<String, Workload> workloads = new LinkedHashMap<>();
        Map<String, Integer> nameCount = new HashMap<>();
        List<HasMetadata> all = new ArrayList<>();
        all.addAll(deployments);
        all.addAll(statefulSets);
        all.addAll(daemonSets);
        for (HasMetadata w : all) {
            nameCount.merge(w.getMetadata().getName(), 1, Integer::sum);
        }
        for (HasMetadata w : all) {
            String ns = w.getMetadata().getNamespace();
            String name = w.getMetadata().getName();
            String service = nameCount.get(name) > 1 ? name + "@" + ns : name;
            try {
                dev.headroom.domain.Check.id("service", service);
            } catch (DomainException e) {
                notes.add(w.getKind() + " " + ns + "/" + name + " is left out: its name cannot be a Headroom service "
                        + "name (" + e.getMessage() + ").");
                continue;
            }
            if (nameCount.get(name) > 1) {
                notes.add(w.getKind() + " " + ns + "/" + name + " is service " + service + ": another namespace in scope "
                        + "has a workload of the same name.");
            }
            workloads.put(w.getKind() + "/" + ns + "/" + name, new Workload(w.getKind(), ns, name, service,
                    criticality(w, notes)));
        }
        Map<String, String> rsOwner = new HashMap<>();
        for (ReplicaSet rs : replicaSets) {
            for (OwnerReference o : Optional.ofNullable(rs.getMetadata().getOwnerReferences()).orElse(List.of())) {
                if (Boolean.TRUE.equals(o.getController()) && "Deployment".equals(o.getKind())) {
                    rsOwner.put(rs.getMetadata().getNamespace() + "/" + rs.getMetadata().getName(), o.getName());
                }
            }
        }

        // services per node, the pods' workloads other than DaemonSets first: a host's first service is its main one
        Map<String, Set<Workload>> onNode = new HashMap<>();
        for (Pod pod : pods) {
            if (Kube.finished(pod) || Kube.nodeOf(pod).isEmpty()) {
                continue;
            }
            Optional<Workload> w = workloadOf(pod, rsOwner, workloads);
            w.ifPresent(x -> onNode.computeIfAbsent(Kube.nodeOf(pod), n -> new LinkedHashSet<>()).add(x));
        }

        Map<String, Service> services = new TreeMap<>();
        Map<String, InstanceType> types = new LinkedHashMap<>();
        Set<String> unpriced = new java.util.TreeSet<>();
        List<Host> hosts = new ArrayList<>();
        boolean idleUsed = false;
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            progress.progress(0.7 + 0.3 * i / Math.max(1, nodes.size()), "node " + node.getMetadata().getName());
            String id = node.getMetadata().getName();
            try {
                dev.headroom.domain.Check.id("host_id", id);
            } catch (DomainException e) {
                notes.add("Node " + id + " is left out: its name cannot be a Headroom host id (" + e.getMessage() + ").");
                continue;
            }
            Map<String, String> labels = node.getMetadata().getLabels();
            double cpu = Kube.cores(node.getStatus() == null ? null : node.getStatus().getAllocatable());
            double mem = Kube.gib(node.getStatus() == null ? null : node.getStatus().getAllocatable());
            if (cpu <= 0 || mem <= 0) {
                cpu = Kube.cores(node.getStatus() == null ? null : node.getStatus().getCapacity());
                mem = Kube.gib(node.getStatus() == null ? null : node.getStatus().getCapacity());
                if (cpu > 0 && mem > 0) {
                    notes.add("Node " + id + " reports no allocatable CPU and memory; its capacity is used instead.");
                }
            }
            if (cpu <= 0 || mem <= 0) {
                notes.add("Node " + id + " is left out: it reports neither allocatable nor capacity CPU and memory.");
                continue;
            }
            String region = idOr(Kube.label(labels, Kube.REGION, Kube.BETA_REGION), "unknown");
            String zone = idOr(Kube.label(labels, Kube.ZONE, Kube.BETA_ZONE), "unknown");
            String type = idOr(Kube.label(labels, Kube.INSTANCE_TYPE, Kube.BETA_INSTANCE_TYPE), "unknown");
            if (region.equals("unknown") || zone.equals("unknown")) {
                notes.add("Node " + id + " has no " + (region.equals("unknown") ? Kube.REGION : Kube.ZONE)
                        + " label; its " + (region.equals("unknown") ? "region" : "zone") + " is \"unknown\".");
            }
            if (type.equals("unknown")) {
                notes.add("Node " + id + " has no " + Kube.INSTANCE_TYPE + " label; its instance type is \"unknown\".");
            }
            Capacity capacity = new Capacity(cpu, mem, 0, 0);
            KubernetesSettings.Price price = settings.prices().get(type);
            if (price != null) {
                types.putIfAbsent(type + "@" + region, new InstanceType(type, region, capacity, price.onDemand(),
                        price.spot()));
            } else {
                unpriced.add(type);
            }
            List<Workload> ws = new ArrayList<>(onNode.getOrDefault(id, Set.of()));
            ws.sort(Comparator.comparing((Workload w) -> w.kind().equals("DaemonSet")).thenComparing(Workload::service));
            List<String> serviceNames = new ArrayList<>();
            for (Workload w : ws) {
                serviceNames.add(w.service());
                services.putIfAbsent(w.service(), new Service(w.service(), w.criticality(), null));
            }
            if (serviceNames.isEmpty()) {
                serviceNames.add(IDLE_SERVICE);
                idleUsed = true;
                notes.add("Node " + id + " runs no workload pod in the namespaces in scope; it is listed under service "
                        + IDLE_SERVICE + ".");
            }
            String role = labels == null ? "" : String.join(",", labels.keySet().stream()
                    .filter(k -> k.startsWith(Kube.ROLE_PREFIX)).map(k -> k.substring(Kube.ROLE_PREFIX.length()))
                    .filter(r -> !r.isEmpty()).sorted().toList());
            hosts.add(new Host(id, serviceNames, region, zone, type, capacity, price == null ? 0 : price.onDemand(),
                    KubernetesRolloutProvider.version(node, settings), Criticality.MEDIUM, role));
            conditions(node, notes);
        }
        if (idleUsed) {
            services.putIfAbsent(IDLE_SERVICE, new Service(IDLE_SERVICE, Criticality.LOW, null));
        }
        if (!unpriced.isEmpty()) {
            notes.add("No price for instance type" + (unpriced.size() == 1 ? " " : "s ") + String.join(", ", unpriced)
                    + ": Kubernetes does not know prices, so host cost is 0 and no surge of " + (unpriced.size() == 1
                    ? "it" : "them") + " can be costed. Set " + KubernetesSettings.INSTANCE_PRICES + " (type=on_demand/spot).");
        }
        for (PodDisruptionBudget b : budgets) {
            notes.add(budget(b, pods));
        }
        progress.progress(1, "read " + hosts.size() + " nodes, " + services.size() + " services");
        return new Inventory(new ArrayList<>(types.values()), hosts, new ArrayList<>(services.values()), List.of(),
                notes);
    }

    /** The history is not the API server's to give: none, as the capabilities say. */
    @Override
    public List<MetricSeries> history(Collection<String> hosts, Metric metric, Instant from, Instant to, Duration step,
                                      ProgressListener progress) {
        return List.of();
    }

    @Override
    public Optional<RolloutProvider> rollouts() {
        return Optional.of(rollouts);
    }

    /** The execution side with its concrete type (tests and tools read its settings). */
    public KubernetesRolloutProvider kubernetesRollouts() {
        return rollouts;
    }

    @Override
    public void close() {
        client.close();
    }

    private <T> List<T> inScope(Function<String, List<T>> perNamespace, java.util.function.Supplier<List<T>> all) {
        if (settings.namespaces().isEmpty()) {
            return all.get();
        }
        List<T> out = new ArrayList<>();
        for (String ns : settings.namespaces()) {
            out.addAll(perNamespace.apply(ns));
        }
        return out;
    }

    private static Optional<Workload> workloadOf(Pod pod, Map<String, String> rsOwner, Map<String, Workload> workloads) {
        Optional<OwnerReference> owner = Kube.controller(pod);
        if (owner.isEmpty()) {
            return Optional.empty();
        }
        String ns = pod.getMetadata().getNamespace();
        String kind = owner.get().getKind();
        String name = owner.get().getName();
        if ("ReplicaSet".equals(kind)) {
            String deployment = rsOwner.get(ns + "/" + name);
            if (deployment == null) {
                return Optional.empty();
            }
            kind = "Deployment";
            name = deployment;
        }
        return Optional.ofNullable(workloads.get(kind + "/" + ns + "/" + name));
    }

    private static Criticality criticality(HasMetadata w, List<String> notes) {
        Map<String, String> a = w.getMetadata().getAnnotations();
        String text = a == null ? null : a.get(CRITICALITY_ANNOTATION);
        if (text == null) {
            return Criticality.MEDIUM;
        }
        try {
            return Criticality.parse(CRITICALITY_ANNOTATION, text);
        } catch (DomainException e) {
            notes.add(w.getKind() + " " + w.getMetadata().getNamespace() + "/" + w.getMetadata().getName() + ": "
                    + CRITICALITY_ANNOTATION + " \"" + text + "\" is not low, medium, high or critical; medium is used.");
            return Criticality.MEDIUM;
        }
    }

    private static void conditions(Node node, List<String> notes) {
        String id = node.getMetadata().getName();
        if (!Kube.ready(node)) {
            String why = Kube.condition(node, "Ready").map(c -> c.getStatus() + (c.getReason() == null ? ""
                    : " (" + c.getReason() + ")")).orElse("not reported");
            notes.add("Node " + id + " is not Ready: Ready is " + why + ".");
        }
        if (node.getStatus() != null && node.getStatus().getConditions() != null) {
            for (NodeCondition c : node.getStatus().getConditions()) {
                if (!"Ready".equals(c.getType()) && "True".equals(c.getStatus())) {
                    notes.add("Node " + id + " reports " + c.getType() + (c.getMessage() == null ? "" : ": "
                            + c.getMessage()) + ".");
                }
            }
        }
        if (Kube.cordoned(node)) {
            notes.add("Node " + id + " is cordoned (unschedulable).");
        }
    }

    private static String budget(PodDisruptionBudget b, List<Pod> pods) {
        String ns = b.getMetadata().getNamespace();
        String rule = b.getSpec() == null ? "no rule" : b.getSpec().getMinAvailable() != null
                ? "minAvailable " + intOrString(b.getSpec().getMinAvailable())
                : b.getSpec().getMaxUnavailable() != null ? "maxUnavailable " + intOrString(b.getSpec().getMaxUnavailable())
                : "no rule";
        long covered = pods.stream().filter(p -> ns.equals(p.getMetadata().getNamespace()))
                .filter(p -> KubernetesRolloutProvider.selects(b.getSpec() == null ? null : b.getSpec().getSelector(), p))
                .count();
        String allowed = b.getStatus() == null || b.getStatus().getDisruptionsAllowed() == null ? ""
                : ", " + b.getStatus().getDisruptionsAllowed() + " disruption(s) allowed now";
        return "PodDisruptionBudget " + ns + "/" + b.getMetadata().getName() + ": " + rule + " over " + covered
                + " pod" + (covered == 1 ? "" : "s") + allowed + "; drains evict through the Eviction API, which "
                + "honours it.";
    }

    private static String intOrString(io.fabric8.kubernetes.api.model.IntOrString v) {
        return v.getIntVal() != null ? v.getIntVal().toString() : v.getStrVal();
    }

    private static boolean validId(String id) {
        try {
            dev.headroom.domain.Check.id("host_id", id);
            return true;
        } catch (DomainException e) {
            return false;
        }
    }

    private static String idOr(String value, String fallback) {
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            return dev.headroom.domain.Check.id("label", value);
        } catch (DomainException e) {
            return fallback;
        }
    }

    private record Workload(String kind, String namespace, String name, String service, Criticality criticality) {
    }
}
