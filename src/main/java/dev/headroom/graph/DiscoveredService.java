package dev.headroom.graph;

import dev.headroom.domain.Check;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * A service (workload or datastore) an importer found, with what the file says about its size.
 *
 * @param name           the workload name (a Deployment's name; a compose service's name)
 * @param kind           where it came from: Deployment, StatefulSet, DaemonSet, compose, traffic, …
 * @param replicas       the declared replica count, or empty when the file does not say (Kubernetes then runs 1)
 * @param cpuRequestMillicores sum of the containers' CPU requests; empty when none is declared
 * @param memoryRequestMib     sum of the containers' memory requests; empty when none is declared
 * @param evidence       file and line where it was found
 */
public record DiscoveredService(String name, String kind, OptionalInt replicas, Optional<Double> cpuRequestMillicores,
                                Optional<Double> memoryRequestMib, String evidence) {
    public DiscoveredService {
        Check.id("name", name);
        Check.notBlank("kind", kind);
        replicas = replicas == null ? OptionalInt.empty() : replicas;
        cpuRequestMillicores = cpuRequestMillicores == null ? Optional.empty() : cpuRequestMillicores;
        memoryRequestMib = memoryRequestMib == null ? Optional.empty() : memoryRequestMib;
        evidence = evidence == null ? "" : evidence;
    }

    /** Replicas as Kubernetes runs them: the declared count, else 1. */
    public int effectiveReplicas() {
        return replicas.orElse(1);
    }
}
