package dev.headroom.graph;

import dev.headroom.domain.Check;
import dev.headroom.domain.Criticality;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * A service (workload or datastore) an importer found, with what the file says about its size
 * and importance. Every optional field is empty when the file does not say.
 *
 * @param name                 the workload name (a Deployment's name; a compose service's name)
 * @param kind                 where it came from: Deployment, StatefulSet, DaemonSet, compose, traffic, …
 * @param replicas             the declared replica count, or empty when the file does not say (Kubernetes then runs 1)
 * @param cpuRequestMillicores sum of the containers' CPU requests; empty when none is declared
 * @param memoryRequestMib     sum of the containers' memory requests; empty when none is declared
 * @param cpuLimitMillicores   sum of the containers' CPU limits; empty unless every container declares one
 *                             (a container without a limit leaves the workload unlimited)
 * @param memoryLimitMib       sum of the containers' memory limits; empty unless every container declares one
 * @param criticality          the criticality the source declares (dependencies.json); empty when it does not
 * @param evidence             file and line where it was found
 */
public record DiscoveredService(String name, String kind, OptionalInt replicas, Optional<Double> cpuRequestMillicores,
                                Optional<Double> memoryRequestMib, Optional<Double> cpuLimitMillicores,
                                Optional<Double> memoryLimitMib, Optional<Criticality> criticality, String evidence) {
    public DiscoveredService {
        Check.id("name", name);
        Check.notBlank("kind", kind);
        replicas = replicas == null ? OptionalInt.empty() : replicas;
        cpuRequestMillicores = cpuRequestMillicores == null ? Optional.empty() : cpuRequestMillicores;
        memoryRequestMib = memoryRequestMib == null ? Optional.empty() : memoryRequestMib;
        cpuLimitMillicores = cpuLimitMillicores == null ? Optional.empty() : cpuLimitMillicores;
        memoryLimitMib = memoryLimitMib == null ? Optional.empty() : memoryLimitMib;
        criticality = criticality == null ? Optional.empty() : criticality;
        evidence = evidence == null ? "" : evidence;
    }

    /** A service known by name only: the source says nothing about its size or criticality. */
    public static DiscoveredService named(String name, String kind, String evidence) {
        return new DiscoveredService(name, kind, OptionalInt.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), evidence);
    }

    /** Replicas as Kubernetes runs them: the declared count, else 1. */
    public int effectiveReplicas() {
        return replicas.orElse(1);
    }
}
