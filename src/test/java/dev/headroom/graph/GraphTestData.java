package dev.headroom.graph;

import dev.headroom.domain.Account;
import dev.headroom.domain.AccountKind;
import dev.headroom.domain.AccountSnapshot;
import dev.headroom.domain.Capacity;
import dev.headroom.domain.Criticality;
import dev.headroom.domain.Dependency;
import dev.headroom.domain.Host;
import dev.headroom.domain.Release;
import dev.headroom.domain.Service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Small fixtures for graph tests. */
final class GraphTestData {
    static final Instant T0 = Instant.parse("2026-11-20T00:00:00Z");

    private GraphTestData() {
    }

    /**
     * Account "demo": web (high) calls api (critical) per the fleet's own dependencies; cache is
     * a known service without edges; host h1 runs api and cache.
     */
    static AccountSnapshot fleet() {
        Host h1 = new Host("h1", List.of("api", "cache"), "eu-west-1", "eu-west-1a", "m5.xlarge",
                new Capacity(4, 16, 10, 500), 0.192, "v1", Criticality.HIGH, "api");
        return new AccountSnapshot(new Account("demo", AccountKind.FILES, T0, Map.of()), List.of(), List.of(h1),
                List.of(new Service("web", Criticality.HIGH, null), new Service("api", Criticality.CRITICAL, null),
                        new Service("cache", Criticality.MEDIUM, null)),
                List.of(new Dependency("web", "api", 10, "fleet file")), List.of(),
                List.of(new Release("api", "v2", List.of("cache>=7"), false)), List.of(), List.of(), Optional.empty());
    }

    static Path file(Path dir, String name, String... lines) {
        try {
            return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A graph of "from->to" pairs, each with weight 1 and no criticality. */
    static DependencyGraph graph(String... edges) {
        DependencyGraph.Builder b = DependencyGraph.builder();
        Arrays.stream(edges).map(e -> e.split("->")).forEach(p -> b.edge(new Dependency(p[0], p[1], 1, "test")));
        return b.build();
    }
}
