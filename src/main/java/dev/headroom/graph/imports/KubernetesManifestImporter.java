package dev.headroom.graph.imports;

import dev.headroom.domain.Dependency;
import dev.headroom.domain.DomainException;
import dev.headroom.graph.DiscoveredService;
import dev.headroom.graph.GraphImport;
import dev.headroom.graph.GraphImportException;
import dev.headroom.graph.GraphImporter;
import dev.headroom.graph.imports.YamlValueReferences.HostRef;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Kubernetes manifests (multi-document YAML): Deployments, StatefulSets and DaemonSets become
 * services with their replicas and summed container requests and limits; an edge joins a workload to every
 * workload behind a Service that one of its env values, arguments or referenced ConfigMap values
 * names in any DNS form ({@code svc}, {@code svc:port}, {@code svc.ns}, {@code svc.ns.svc},
 * {@code svc.ns.svc.cluster.local}, URL hosts). Env variable names alone are no evidence: a name
 * like {@code CART_SERVICE_ADDR} counts only through a value that names a Service. A DaemonSet's
 * replicas are left empty: it runs one pod per eligible node, which the manifest does not say.
 * Files imported together are one set of objects ({@link #readBatch}), as {@code kubectl apply -f}
 * of a folder would see them.
 */
public final class KubernetesManifestImporter implements GraphImporter {
    private static final Pattern API_VERSION = Pattern.compile("(?m)^apiVersion:\\s*\\S");
    private static final Pattern KIND = Pattern.compile("(?m)^kind:\\s*\\S");

    @Override
    public String name() {
        return "kubernetes";
    }

    @Override
    public boolean accepts(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!n.endsWith(".yaml") && !n.endsWith(".yml")) {
            return false;
        }
        try {
            String text = YamlFile.text(file);
            return API_VERSION.matcher(text).find() && KIND.matcher(text).find();
        } catch (GraphImportException e) {
            return false;
        }
    }

    @Override
    public GraphImport read(Path file) {
        return readBatch(List.of(file)).get(0);
    }

    /**
     * Reads the files as one set of objects: a reference in one file resolves to a Service,
     * ConfigMap or Secret in any file of the batch, and each edge belongs to the file of the
     * calling workload, with its evidence at the file and line of the reference.
     */
    @Override
    public List<GraphImport> readBatch(List<Path> files) {
        List<YamlFile> parsed = new ArrayList<>();
        for (Path file : files) {
            parsed.add(parse(file));
        }
        return new Batch(parsed).read();
    }

    private static YamlFile parse(Path file) {
        String text = YamlFile.text(file);
        try {
            return YamlFile.parse(file, text);
        } catch (GraphImportException e) {
            int helm = YamlFile.helmTemplateLine(text);
            if (helm > 0) {
                throw helm(file.toString(), helm);
            }
            throw e;
        }
    }

    private static GraphImportException helm(String file, int line) {
        return new GraphImportException(file, line, "looks like a Helm template ({{ ... }}); render it with "
                + "`helm template` first and import the output");
    }

    private record Workload(YamlFile yaml, String kind, String name, String namespace, Node node,
                            Map<String, String> labels, Node podSpec, OptionalInt replicas, Resources resources) {
    }

    /** Sums over a pod's containers; a limit only when every container declares one. */
    private record Resources(Optional<Double> cpuRequest, Optional<Double> memoryRequest, Optional<Double> cpuLimit,
                             Optional<Double> memoryLimit) {
    }

    private record Svc(YamlFile yaml, String name, String namespace, Node node, Map<String, String> selector) {
    }

    private record ConfigMap(YamlFile yaml, String name, String namespace, Map<String, Node> data) {
    }

    private record Secret(String name, String namespace, Set<String> keys) {
    }

    /** The state of one read of a batch, so that nothing is kept when a file fails. */
    private static final class Batch {
        private final List<YamlFile> files;
        private final List<Workload> workloads = new ArrayList<>();
        private final Map<String, List<Svc>> services = new LinkedHashMap<>();
        private final List<ConfigMap> configMaps = new ArrayList<>();
        private final List<Secret> secrets = new ArrayList<>();
        private final Set<String> namespaces = new HashSet<>();
        /** Per file, the edges of the workloads it defines. */
        private final Map<YamlFile, Map<String, Dependency>> edges = new LinkedHashMap<>();
        private final Map<YamlFile, List<String>> notes = new LinkedHashMap<>();

        Batch(List<YamlFile> files) {
            this.files = files;
            for (YamlFile f : files) {
                edges.put(f, new LinkedHashMap<>());
                notes.put(f, new ArrayList<>());
            }
        }

        List<GraphImport> read() {
            for (YamlFile yaml : files) {
                for (Node doc : yaml.documents) {
                    object(yaml, doc);
                }
            }
            Map<String, Workload> byName = new LinkedHashMap<>();
            for (Workload w : workloads) {
                Workload before = byName.putIfAbsent(w.name, w);
                if (before != null) {
                    boolean sameFile = before.yaml == w.yaml;
                    throw error(w.yaml, w.node, "workload name " + w.name + " is used twice (also at "
                            + (sameFile ? "" : before.yaml.file + " ") + "line " + YamlFile.line(before.node)
                            + "); the graph names services by workload name"
                            + (sameFile ? "" : ". Import files that define the same workload in separate commands"));
                }
            }
            for (Workload w : workloads) {
                references(w);
            }
            Map<YamlFile, List<DiscoveredService>> found = new LinkedHashMap<>();
            files.forEach(f -> found.put(f, new ArrayList<>()));
            for (Workload w : workloads) {
                try {
                    Resources r = w.resources;
                    found.get(w.yaml).add(new DiscoveredService(w.name, w.kind, w.replicas, r.cpuRequest,
                            r.memoryRequest, r.cpuLimit, r.memoryLimit, Optional.empty(), w.yaml.at(w.node)));
                } catch (DomainException e) {
                    throw error(w.yaml, w.node, e.getMessage());
                }
            }
            return files.stream().map(f -> new GraphImport(f.file, found.get(f), new ArrayList<>(edges.get(f).values()),
                    notes.get(f))).toList();
        }

        /** How notes name the files a reference was looked for in. */
        private String scope() {
            return files.size() == 1 ? "this file" : "the files imported with it";
        }

        private void object(YamlFile yaml, Node doc) {
            if (!(doc instanceof MappingNode)) {
                throw error(yaml, doc, "a manifest document must be a mapping with apiVersion and kind, not "
                        + YamlFile.describe(doc));
            }
            String kind = YamlFile.string(doc, "kind").orElseThrow(() ->
                    error(yaml, doc, "document has no kind (every Kubernetes object needs apiVersion and kind)"));
            if (YamlFile.string(doc, "apiVersion").isEmpty()) {
                throw error(yaml, doc, kind + " has no apiVersion");
            }
            templates(yaml, doc, kind);
            YamlFile.string(doc, "metadata", "namespace").ifPresent(namespaces::add);
            switch (kind) {
                case "List" -> YamlFile.get(doc, "items").map(YamlFile::items).orElse(List.of())
                        .forEach(item -> object(yaml, item));
                case "Deployment", "StatefulSet", "DaemonSet" -> workloads.add(workload(yaml, doc, kind));
                case "Service" -> {
                    Svc s = new Svc(yaml, name(yaml, doc, kind), namespace(doc), doc,
                            labels(YamlFile.path(doc, "spec", "selector")));
                    services.computeIfAbsent(s.name, k -> new ArrayList<>()).add(s);
                }
                case "ConfigMap" -> {
                    Map<String, Node> data = new LinkedHashMap<>();
                    for (NodeTuple t : YamlFile.entries(YamlFile.get(doc, "data").orElse(null))) {
                        data.put(YamlFile.scalar(t.getKeyNode()), t.getValueNode());
                    }
                    configMaps.add(new ConfigMap(yaml, name(yaml, doc, kind), namespace(doc), data));
                }
                case "Secret" -> {
                    Set<String> keys = new HashSet<>();
                    for (String field : List.of("data", "stringData")) {
                        YamlFile.entries(YamlFile.get(doc, field).orElse(null))
                                .forEach(t -> keys.add(YamlFile.scalar(t.getKeyNode())));
                    }
                    secrets.add(new Secret(name(yaml, doc, kind), namespace(doc), keys));
                }
                case "Namespace" -> {
                    namespaces.add(name(yaml, doc, kind));
                    skipped(yaml, doc, kind);
                }
                default -> skipped(yaml, doc, kind);
            }
        }

        private void skipped(YamlFile yaml, Node doc, String kind) {
            String name = YamlFile.string(doc, "metadata", "name").orElse("(unnamed)");
            notes.get(yaml).add("skipped " + kind + " " + name + " at " + yaml.file + " line " + YamlFile.line(doc)
                    + ": only Deployment, StatefulSet, DaemonSet, Service, ConfigMap and Secret are read");
        }

        /** Template actions anywhere but in ConfigMap and Secret data, where they may be the application's own. */
        private static void templates(YamlFile yaml, Node doc, String kind) {
            for (NodeTuple t : YamlFile.entries(doc)) {
                String key = YamlFile.scalar(t.getKeyNode());
                boolean data = ("ConfigMap".equals(kind) || "Secret".equals(kind))
                        && ("data".equals(key) || "stringData".equals(key) || "binaryData".equals(key));
                if (!data && !"List".equals(kind)) {
                    templated(yaml, t.getKeyNode());
                    templated(yaml, t.getValueNode());
                }
            }
        }

        private static void templated(YamlFile yaml, Node node) {
            if (YamlFile.isTemplated(YamlFile.scalar(node))) {
                throw helm(yaml.file, YamlFile.line(node));
            }
            for (Node item : YamlFile.items(node)) {
                templated(yaml, item);
            }
            for (NodeTuple t : YamlFile.entries(node)) {
                // an unquoted {{ .Values.x }} parses as a flow mapping used as a key
                if (t.getKeyNode() instanceof MappingNode key && yaml.sourceLine(key).contains("{{")) {
                    throw helm(yaml.file, YamlFile.line(key));
                }
                templated(yaml, t.getKeyNode());
                templated(yaml, t.getValueNode());
            }
        }

        private Workload workload(YamlFile yaml, Node doc, String kind) {
            String name = name(yaml, doc, kind);
            OptionalInt replicas = OptionalInt.empty();
            Optional<Node> r = YamlFile.path(doc, "spec", "replicas");
            if (r.isPresent() && !"DaemonSet".equals(kind)) {
                try {
                    int n = Integer.parseInt(String.valueOf(YamlFile.scalar(r.get())));
                    if (n < 0) {
                        throw new NumberFormatException();
                    }
                    replicas = OptionalInt.of(n);
                } catch (NumberFormatException e) {
                    throw error(yaml, r.get(), kind + " " + name + ": replicas must be a whole number >= 0, not "
                            + YamlFile.describe(r.get()));
                }
            }
            Node template = YamlFile.path(doc, "spec", "template").orElse(null);
            Node podSpec = template == null ? null : YamlFile.get(template, "spec").orElse(null);
            Map<String, String> labels = template == null ? Map.of()
                    : labels(YamlFile.path(template, "metadata", "labels"));
            return new Workload(yaml, kind, name, namespace(doc), doc, labels, podSpec, replicas,
                    resources(yaml, kind + " " + name, containers(podSpec, "containers")));
        }

        /**
         * Requests are summed over the containers that declare them. A limit is summed only when
         * every container declares it: a container without a limit may use what the node has, so
         * the other containers' limits are not the workload's (said in a note).
         */
        private Resources resources(YamlFile yaml, String workload, List<Node> containers) {
            Double[] sums = new Double[4];
            int[] limited = new int[2];
            for (Node c : containers) {
                sums[0] = add(sums[0], quantity(yaml, c, "requests", "cpu"));
                sums[1] = add(sums[1], quantity(yaml, c, "requests", "memory"));
                for (int i = 0; i < 2; i++) {
                    Double limit = quantity(yaml, c, "limits", i == 0 ? "cpu" : "memory");
                    sums[2 + i] = add(sums[2 + i], limit);
                    limited[i] += limit == null ? 0 : 1;
                }
            }
            for (int i = 0; i < 2; i++) {
                if (limited[i] > 0 && limited[i] < containers.size()) {
                    String resource = i == 0 ? "cpu" : "memory";
                    notes.get(yaml).add(workload + " (" + yaml.file + "): " + (containers.size() - limited[i]) + " of "
                            + containers.size() + " containers declare no " + resource + " limit, so the workload has "
                            + "no " + resource + " limit; none was stored");
                    sums[2 + i] = null;
                }
            }
            return new Resources(Optional.ofNullable(sums[0]), Optional.ofNullable(sums[1]),
                    Optional.ofNullable(sums[2]), Optional.ofNullable(sums[3]));
        }

        private static Double add(Double sum, Double value) {
            if (value == null || sum == null) {
                return value == null ? sum : value;
            }
            return sum + value;
        }

        /** A container's cpu (millicores) or memory (MiB) request or limit; null when not declared. */
        private static Double quantity(YamlFile yaml, Node container, String section, String resource) {
            Optional<Node> q = YamlFile.path(container, "resources", section, resource);
            if (q.isEmpty()) {
                return null;
            }
            try {
                String text = YamlFile.scalar(q.get());
                return "cpu".equals(resource) ? KubernetesQuantity.millicores(text) : KubernetesQuantity.mebibytes(text);
            } catch (IllegalArgumentException e) {
                throw error(yaml, q.get(), resource + " " + section.substring(0, section.length() - 1) + ": "
                        + e.getMessage());
            }
        }

        private static List<Node> containers(Node podSpec, String field) {
            return podSpec == null ? List.of() : YamlFile.get(podSpec, field).map(YamlFile::items).orElse(List.of());
        }

        private void references(Workload w) {
            List<Node> all = new ArrayList<>(containers(w.podSpec, "containers"));
            all.addAll(containers(w.podSpec, "initContainers"));
            for (Node c : all) {
                for (Node e : YamlFile.get(c, "env").map(YamlFile::items).orElse(List.of())) {
                    env(w, e);
                }
                for (Node from : YamlFile.get(c, "envFrom").map(YamlFile::items).orElse(List.of())) {
                    YamlFile.string(from, "configMapRef", "name").ifPresent(cm ->
                            configMap(w, cm, YamlFile.get(from, "configMapRef").orElseThrow())
                                    .ifPresent(m -> m.data.forEach((k, v) -> configMapValue(w, m, k, v))));
                }
                for (String field : List.of("command", "args")) {
                    Optional<Node> list = YamlFile.get(c, field);
                    List<Node> items = list.map(YamlFile::items).filter(l -> !l.isEmpty())
                            .orElse(list.map(List::of).orElse(List.of()));
                    for (Node item : items) {
                        scan(w, YamlFile.scalar(item), w.yaml, item, field);
                    }
                }
            }
        }

        private void env(Workload w, Node entry) {
            String name = YamlFile.string(entry, "name")
                    .orElseThrow(() -> error(w.yaml, entry, w.kind + " " + w.name + ": env entry without a name"));
            Optional<Node> value = YamlFile.get(entry, "value");
            if (value.isPresent()) {
                scan(w, YamlFile.scalar(value.get()), w.yaml, value.get(), "env " + name);
            }
            Optional<Node> cmRef = YamlFile.path(entry, "valueFrom", "configMapKeyRef");
            if (cmRef.isPresent()) {
                String cm = YamlFile.string(cmRef.get(), "name").orElseThrow(() ->
                        error(w.yaml, cmRef.get(), "env " + name + ": configMapKeyRef without a name"));
                String key = YamlFile.string(cmRef.get(), "key").orElseThrow(() ->
                        error(w.yaml, cmRef.get(), "env " + name + ": configMapKeyRef without a key"));
                configMap(w, cm, cmRef.get()).ifPresent(m -> {
                    Node v = m.data.get(key);
                    if (v == null) {
                        notes.get(w.yaml).add("ConfigMap " + cm + " has no key " + key + " (env " + name + " of "
                                + w.name + ", " + w.yaml.file + " line " + YamlFile.line(cmRef.get()) + ")");
                    } else {
                        configMapValue(w, m, key, v);
                    }
                });
            }
            Optional<Node> secretRef = YamlFile.path(entry, "valueFrom", "secretKeyRef");
            if (secretRef.isPresent()) {
                String secret = YamlFile.string(secretRef.get(), "name").orElse("");
                String key = YamlFile.string(secretRef.get(), "key").orElse("");
                boolean known = secrets.stream().anyMatch(s -> s.name.equals(secret)
                        && sameNamespace(s.namespace, w.namespace) && s.keys.contains(key));
                if (!known) {
                    notes.get(w.yaml).add("Secret " + secret + " key " + key + " (env " + name + " of " + w.name
                            + ", " + w.yaml.file + " line " + YamlFile.line(secretRef.get()) + ") is not in "
                            + scope() + "; it must be supplied separately");
                }
            }
        }

        private Optional<ConfigMap> configMap(Workload w, String name, Node ref) {
            Optional<ConfigMap> m = configMaps.stream()
                    .filter(c -> c.name.equals(name) && sameNamespace(c.namespace, w.namespace)).findFirst();
            if (m.isEmpty()) {
                notes.get(w.yaml).add("ConfigMap " + name + " referenced by " + w.name + " at " + w.yaml.file
                        + " line " + YamlFile.line(ref) + " is not in " + scope()
                        + "; its values were not searched for references");
            }
            return m;
        }

        /** The reference is the ConfigMap's value, so the evidence points into the ConfigMap's file. */
        private void configMapValue(Workload w, ConfigMap m, String key, Node value) {
            scan(w, YamlFile.scalar(value), m.yaml, value, "configmap " + m.name + " key " + key);
        }

        /** Edges from {@code w} to the workloads behind the Services that {@code text} (at {@code at} in {@code in}) names. */
        private void scan(Workload w, String text, YamlFile in, Node at, String what) {
            for (HostRef ref : YamlValueReferences.find(text)) {
                if (ref.local()) {
                    continue;
                }
                List<String> l = ref.labels();
                int n = l.size();
                boolean clusterName = n == 1 || n == 2 && namespaces.contains(l.get(1))
                        || n == 3 && l.get(2).equals("svc")
                        || n == 5 && l.subList(2, 5).equals(List.of("svc", "cluster", "local"));
                if (!clusterName) {
                    continue;
                }
                List<Svc> targets = services.getOrDefault(ref.first(), List.of()).stream()
                        .filter(s -> n == 1 ? sameNamespace(s.namespace, w.namespace)
                                : l.get(1).equals(s.namespace != null ? s.namespace
                                : w.namespace != null ? w.namespace : "default"))
                        .toList();
                boolean referenceLike = n > 1 || ref.hasPort() || ref.inUrl();
                if (targets.isEmpty()) {
                    if (referenceLike) {
                        notes.get(w.yaml).add("unresolved reference " + ref.text() + " in " + w.name + " " + what
                                + ", " + in.file + " line " + YamlFile.line(at) + ": no Service of that name in "
                                + scope() + ", so no edge");
                    }
                    continue;
                }
                for (Svc s : targets) {
                    List<Workload> behind = workloads.stream().filter(x -> selects(s, x)).toList();
                    if (behind.isEmpty()) {
                        notes.get(w.yaml).add("Service " + s.name + " (" + (s.yaml == in ? "" : s.yaml.file + " ")
                                + "line " + YamlFile.line(s.node) + "), referenced by " + w.name + " " + what + " at "
                                + in.file + " line " + YamlFile.line(at) + ", selects no workload in " + scope()
                                + ", so no edge");
                    }
                    for (Workload target : behind) {
                        if (!target.name.equals(w.name)) {
                            edges.get(w.yaml).putIfAbsent(w.name + "\n" + target.name,
                                    new Dependency(w.name, target.name, 0, in.at(at) + " " + what));
                        }
                    }
                }
            }
        }

        private static boolean selects(Svc s, Workload w) {
            return !s.selector.isEmpty() && sameNamespace(s.namespace, w.namespace)
                    && w.labels.entrySet().containsAll(s.selector.entrySet());
        }

        /** An object without a namespace is applied to whichever namespace the operator names. */
        private static boolean sameNamespace(String a, String b) {
            return a == null || b == null || a.equals(b);
        }

        private static String name(YamlFile yaml, Node doc, String kind) {
            return YamlFile.string(doc, "metadata", "name").filter(s -> !s.isBlank())
                    .orElseThrow(() -> error(yaml, doc, kind + " has no metadata.name"));
        }

        private static String namespace(Node doc) {
            return YamlFile.string(doc, "metadata", "namespace").orElse(null);
        }

        private static Map<String, String> labels(Optional<Node> mapping) {
            Map<String, String> out = new LinkedHashMap<>();
            for (NodeTuple t : YamlFile.entries(mapping.orElse(null))) {
                out.put(YamlFile.scalar(t.getKeyNode()), YamlFile.scalar(t.getValueNode()));
            }
            return out;
        }

        private static GraphImportException error(YamlFile yaml, Node node, String problem) {
            return new GraphImportException(yaml.file, YamlFile.line(node), problem);
        }
    }
}
