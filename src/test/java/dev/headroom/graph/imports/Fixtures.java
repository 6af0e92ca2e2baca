package dev.headroom.graph.imports;

import dev.headroom.domain.Dependency;
import dev.headroom.graph.DiscoveredService;
import dev.headroom.graph.GraphImport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The hand-written manifests under src/test/resources/graph and lookups into what was imported from them. */
final class Fixtures {
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
