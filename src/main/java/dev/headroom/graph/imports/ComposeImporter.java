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
import org.snakeyaml.engine.v2.nodes.SequenceNode;

import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docker-compose files: each service with {@code deploy.replicas} and
 * {@code deploy.resources} reservations and limits; edges from {@code depends_on} (list or map),
 * {@code links} ({@code svc} or {@code svc:alias}) and environment values (list {@code K=V} or
 * map) that name another service, its {@code container_name} or a link alias as a host,
 * {@code host:port} or URL host.
 */
public final class ComposeImporter implements GraphImporter {
    private static final Pattern FILE_NAME = Pattern.compile(".*compose.*\\.ya?ml");
    private static final Pattern SERVICES = Pattern.compile("(?m)^services:\\s*(#.*)?$");
    /** Docker's byte units are binary: 512m is 512 MiB. */
    private static final Pattern MEMORY = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([bkmgt]?)b?");
    private static final Pattern CPUS = Pattern.compile("\\d+(?:\\.\\d+)?|\\.\\d+");

    @Override
    public String name() {
        return "compose";
    }

    @Override
    public boolean accepts(Path file) {
        if (!FILE_NAME.matcher(file.getFileName().toString().toLowerCase(Locale.ROOT)).matches()) {
            return false;
        }
        try {
            return SERVICES.matcher(YamlFile.text(file)).find();
        } catch (GraphImportException e) {
            return false;
        }
    }

    @Override
    public GraphImport read(Path file) {
        YamlFile yaml = YamlFile.parse(file, YamlFile.text(file));
        if (yaml.documents.size() != 1) {
            throw new GraphImportException(yaml.file, yaml.documents.isEmpty() ? 0 : YamlFile.line(yaml.documents.get(1)),
                    "a compose file holds one YAML document, not " + yaml.documents.size());
        }
        Node root = yaml.documents.get(0);
        if (!(root instanceof MappingNode)) {
            throw new GraphImportException(yaml.file, YamlFile.line(root), "a compose file must be a mapping with "
                    + "services:, not " + YamlFile.describe(root));
        }
        Node services = YamlFile.get(root, "services").orElseThrow(() ->
                new GraphImportException(yaml.file, YamlFile.line(root), "no services: mapping"));
        if (!(services instanceof MappingNode)) {
            throw new GraphImportException(yaml.file, YamlFile.line(services),
                    "services must be a mapping of service names, not " + YamlFile.describe(services));
        }
        return new Project(yaml, services).read();
    }

    private static final class Project {
        private final YamlFile yaml;
        private final Node services;
        private final Map<String, Node> byName = new LinkedHashMap<>();
        private final Map<String, String> containerNames = new LinkedHashMap<>();
        private final Map<String, Dependency> edges = new LinkedHashMap<>();
        private final List<String> notes = new ArrayList<>();

        Project(YamlFile yaml, Node services) {
            this.yaml = yaml;
            this.services = services;
        }

        GraphImport read() {
            for (NodeTuple t : YamlFile.entries(services)) {
                String name = YamlFile.scalar(t.getKeyNode());
                if (name == null || name.isBlank()) {
                    throw error(t.getKeyNode(), "service without a name");
                }
                byName.put(name, t.getValueNode());
                YamlFile.string(t.getValueNode(), "container_name").ifPresent(c -> containerNames.put(c, name));
            }
            List<DiscoveredService> found = new ArrayList<>();
            for (NodeTuple t : YamlFile.entries(services)) {
                String name = YamlFile.scalar(t.getKeyNode());
                found.add(service(name, t.getKeyNode(), t.getValueNode()));
            }
            return new GraphImport(yaml.file, found, new ArrayList<>(edges.values()), notes);
        }

        private DiscoveredService service(String name, Node key, Node body) {
            OptionalInt replicas = OptionalInt.empty();
            Optional<Node> r = YamlFile.path(body, "deploy", "replicas");
            if (r.isPresent()) {
                try {
                    replicas = OptionalInt.of(Integer.parseUnsignedInt(String.valueOf(YamlFile.scalar(r.get()))));
                } catch (NumberFormatException e) {
                    throw error(r.get(), "service " + name + ": deploy.replicas must be a whole number >= 0");
                }
            }
            Optional<Double> cpu = YamlFile.path(body, "deploy", "resources", "reservations", "cpus")
                    .map(n -> cpus(name, "reservations", n));
            Optional<Double> memory = YamlFile.path(body, "deploy", "resources", "reservations", "memory")
                    .map(n -> memory(name, "reservations", n));
            Optional<Double> cpuLimit = YamlFile.path(body, "deploy", "resources", "limits", "cpus")
                    .map(n -> cpus(name, "limits", n));
            Optional<Double> memoryLimit = YamlFile.path(body, "deploy", "resources", "limits", "memory")
                    .map(n -> memory(name, "limits", n));
            Optional<Node> dependsOn = YamlFile.get(body, "depends_on");
            if (dependsOn.isPresent()) {
                if (dependsOn.get() instanceof SequenceNode s) {
                    s.getValue().forEach(d -> edge(name, String.valueOf(YamlFile.scalar(d)), d, "depends_on", true));
                } else {
                    YamlFile.entries(dependsOn.get()).forEach(t ->
                            edge(name, YamlFile.scalar(t.getKeyNode()), t.getKeyNode(), "depends_on", true));
                }
            }
            Map<String, String> aliases = new LinkedHashMap<>();
            for (Node link : YamlFile.get(body, "links").map(YamlFile::items).orElse(List.of())) {
                String text = String.valueOf(YamlFile.scalar(link));
                String target = text.contains(":") ? text.substring(0, text.indexOf(':')) : text;
                aliases.put(text.contains(":") ? text.substring(text.indexOf(':') + 1) : text, target);
                edge(name, target, link, "links", true);
            }
            Optional<Node> environment = YamlFile.get(body, "environment");
            if (environment.isPresent()) {
                if (environment.get() instanceof SequenceNode s) {
                    for (Node item : s.getValue()) {
                        String text = String.valueOf(YamlFile.scalar(item));
                        int eq = text.indexOf('=');
                        if (eq > 0) {
                            environment(name, aliases, text.substring(0, eq), text.substring(eq + 1), item);
                        }
                    }
                } else {
                    for (NodeTuple t : YamlFile.entries(environment.get())) {
                        environment(name, aliases, YamlFile.scalar(t.getKeyNode()),
                                YamlFile.scalar(t.getValueNode()), t.getValueNode());
                    }
                }
            }
            try {
                return new DiscoveredService(name, "compose", replicas, cpu, memory, cpuLimit, memoryLimit,
                        Optional.empty(), yaml.at(key));
            } catch (DomainException e) {
                throw error(key, e.getMessage());
            }
        }

        private void environment(String service, Map<String, String> aliases, String variable, String value, Node at) {
            for (HostRef ref : YamlValueReferences.find(value)) {
                if (ref.labels().size() != 1 || ref.local()) {
                    continue;
                }
                String host = ref.first();
                String target = aliases.getOrDefault(host, containerNames.getOrDefault(host, host));
                if (byName.containsKey(target)) {
                    edge(service, target, at, "environment " + variable, false);
                } else if (ref.hasPort() || ref.inUrl()) {
                    notes.add("unresolved reference " + ref.text() + " in " + service + " environment " + variable
                            + ", " + yaml.file + " line " + YamlFile.line(at)
                            + ": no service of that name in this file, so no edge");
                }
            }
        }

        private void edge(String from, String to, Node at, String what, boolean named) {
            if (to == null || !byName.containsKey(to)) {
                if (named) {
                    notes.add("unresolved reference " + to + " in " + from + " " + what + ", " + yaml.file + " line "
                            + YamlFile.line(at) + ": no service of that name in this file, so no edge");
                }
                return;
            }
            if (!to.equals(from)) {
                edges.putIfAbsent(from + "\n" + to, new Dependency(from, to, 0, yaml.at(at) + " " + what));
            }
        }

        /** {@code section} is reservations or limits. */
        private double cpus(String service, String section, Node node) {
            String text = String.valueOf(YamlFile.scalar(node)).trim();
            if (!CPUS.matcher(text).matches()) {
                throw error(node, "service " + service + ": " + section + ".cpus must be a number of CPUs such as 0.5, "
                        + "not " + YamlFile.describe(node));
            }
            return new BigDecimal(text).scaleByPowerOfTen(3).doubleValue();
        }

        private double memory(String service, String section, Node node) {
            Matcher m = MEMORY.matcher(String.valueOf(YamlFile.scalar(node)).trim().toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw error(node, "service " + service + ": " + section + ".memory must be a byte size such as 512m "
                        + "or 1gb, not " + YamlFile.describe(node));
            }
            int power = "bkmgt".indexOf(m.group(2).isEmpty() ? "b" : m.group(2));
            return new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(1024).pow(power))
                    .divide(BigDecimal.valueOf(1L << 20), MathContext.DECIMAL64).doubleValue();
        }

        private GraphImportException error(Node node, String problem) {
            return new GraphImportException(yaml.file, YamlFile.line(node), problem);
        }
    }
}
