package dev.headroom.graph.imports;

import dev.headroom.domain.Dependency;
import dev.headroom.graph.DiscoveredService;
import dev.headroom.graph.GraphImport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The hand-written manifests under src/test/resources/graph and lookups into what was imported from them. */
final class Fixtures {
    private static final Pattern KIND = Pattern.compile("(?m)^kind:\\s*(\\w+)");
    private static final Pattern EVIDENCE = Pattern.compile("(.+?):(\\d+) (.+)");

    private Fixtures() {
    }

    static Path resource(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/graph/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** 1-based line of the only line of the file that contains {@code needle}. */
    static int lineOf(Path file, String needle) {
        try {
            List<String> lines = Files.readAllLines(file);
            int found = 0;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains(needle)) {
                    if (found != 0) {
                        throw new IllegalArgumentException(needle + " is on more than one line of " + file);
                    }
                    found = i + 1;
                }
            }
            if (found == 0) {
                throw new IllegalArgumentException(needle + " is not in " + file);
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Splits a multi-document manifest the way repositories often hold it: workloads in
     * {@code deployments.yaml}, Services in {@code services.yaml}, everything else (ConfigMaps,
     * Secrets, the header comment) in {@code config.yaml}; each document keeps its text.
     *
     * @return the three files, in that order
     */
    static List<Path> split(Path manifest, Path dir) {
        try {
            Map<String, List<String>> parts = new LinkedHashMap<>();
            for (String name : List.of("deployments.yaml", "services.yaml", "config.yaml")) {
                parts.put(name, new ArrayList<>());
            }
            for (String doc : Files.readString(manifest).split("(?m)^---\\n")) {
                Matcher kind = KIND.matcher(doc);
                String k = kind.find() ? kind.group(1) : "";
                String part = switch (k) {
                    case "Deployment", "StatefulSet", "DaemonSet" -> "deployments.yaml";
                    case "Service" -> "services.yaml";
                    default -> "config.yaml";
                };
                parts.get(part).add(doc);
            }
            List<Path> out = new ArrayList<>();
            for (Map.Entry<String, List<String>> part : parts.entrySet()) {
                out.add(Files.writeString(Files.createDirectories(dir).resolve(part.getKey()),
                        String.join("---\n", part.getValue())));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text of the line an evidence ({@code file:line what}) points at, trimmed, then what it says. */
    static String evidenceText(String evidence) {
        Matcher m = EVIDENCE.matcher(evidence);
        if (!m.matches()) {
            throw new IllegalArgumentException("not file:line evidence: " + evidence);
        }
        try {
            List<String> lines = Files.readAllLines(Path.of(m.group(1)));
            return lines.get(Integer.parseInt(m.group(2)) - 1).trim() + " | " + m.group(3);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> edges(GraphImport g) {
        return g.edges().stream().map(e -> e.from() + " -> " + e.to()).toList();
    }

    static Dependency edge(GraphImport g, String from, String to) {
        return g.edges().stream().filter(e -> e.from().equals(from) && e.to().equals(to)).findFirst()
                .orElseThrow(() -> new AssertionError("no edge " + from + " -> " + to + " in " + edges(g)));
    }

    static DiscoveredService service(GraphImport g, String name) {
        Optional<DiscoveredService> s = g.services().stream().filter(x -> x.name().equals(name)).findFirst();
        return s.orElseThrow(() -> new AssertionError("no service " + name));
    }
}
